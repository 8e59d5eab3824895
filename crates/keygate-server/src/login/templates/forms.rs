//! The forms: sign in, and the required actions (update password, update profile, verify
//! email). Field names and ids follow Keycloak's login theme so scripts written against
//! Keycloak's pages find them.

use super::{alert, escape, layout, Alert, Theme};

/// What the sign-in form shows.
#[derive(Debug, Clone, Default)]
pub struct LoginForm<'a> {
    pub action: &'a str,
    pub csrf: &'a str,
    pub username: &'a str,
    pub login_with_email: bool,
    pub remember_me_allowed: bool,
    pub remember_me: bool,
    pub error: Option<&'a str>,
    pub info: Option<&'a str>,
}

fn invalid_attrs(error: bool) -> &'static str {
    if error {
        r#" aria-invalid="true" aria-describedby="input-error""#
    } else {
        ""
    }
}

fn banner(error: Option<&str>, info: Option<&str>) -> String {
    match (error, info) {
        (Some(e), _) => alert(Alert::Error, e),
        (None, Some(i)) => alert(Alert::Info, i),
        (None, None) => String::new(),
    }
}

pub fn login(theme: &Theme, f: &LoginForm<'_>) -> String {
    let user_label = if f.login_with_email {
        "Username or email"
    } else {
        "Username"
    };
    let remember = if f.remember_me_allowed {
        format!(
            r#"<label class="check" for="rememberMe"><input type="checkbox" id="rememberMe" name="rememberMe" value="on"{}> Remember me</label>"#,
            if f.remember_me { " checked" } else { "" }
        )
    } else {
        String::new()
    };
    let invalid = invalid_attrs(f.error.is_some());
    let body = format!(
        r#"{banner}<form id="kc-form-login" action="{action}" method="post" novalidate>
<input type="hidden" name="csrf" value="{csrf}">
<label for="username">{user_label}</label>
<input type="text" id="username" name="username" value="{username}" autocomplete="username" autocapitalize="none" spellcheck="false" autofocus required{invalid}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required{invalid}>
{remember}
<button type="submit" id="kc-login" name="login">Sign In</button>
</form>"#,
        banner = banner(f.error, f.info),
        action = escape(f.action),
        csrf = escape(f.csrf),
        username = escape(f.username),
    );
    layout(theme, "Sign in to your account", &body)
}

/// The update-password form.
pub fn update_password(theme: &Theme, action: &str, csrf: &str, error: Option<&str>) -> String {
    let invalid = invalid_attrs(error.is_some());
    let body = format!(
        r#"{banner}<form id="kc-passwd-update-form" action="{action}" method="post" novalidate>
<input type="hidden" name="csrf" value="{csrf}">
<label for="password-new">New Password</label>
<input type="password" id="password-new" name="password-new" autocomplete="new-password" autofocus required{invalid}>
<label for="password-confirm">Confirm password</label>
<input type="password" id="password-confirm" name="password-confirm" autocomplete="new-password" required{invalid}>
<button type="submit" id="kc-submit">Submit</button>
</form>"#,
        banner = banner(
            error,
            Some("You need to change your password to activate your account.")
        ),
        action = escape(action),
        csrf = escape(csrf),
    );
    layout(theme, "Update password", &body)
}

/// The values the update-profile form shows.
#[derive(Debug, Clone, Default)]
pub struct Profile<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

pub fn update_profile(
    theme: &Theme,
    action: &str,
    csrf: &str,
    p: &Profile<'_>,
    error: Option<&str>,
) -> String {
    let invalid = invalid_attrs(error.is_some());
    let body = format!(
        r#"{banner}<form id="kc-update-profile-form" action="{action}" method="post" novalidate>
<input type="hidden" name="csrf" value="{csrf}">
<label for="username">Username</label>
<input type="text" id="username" name="username" value="{username}" readonly aria-readonly="true">
<label for="email">Email</label>
<input type="email" id="email" name="email" value="{email}" autocomplete="email" autofocus required{invalid}>
<label for="firstName">First name</label>
<input type="text" id="firstName" name="firstName" value="{first}" autocomplete="given-name" required{invalid}>
<label for="lastName">Last name</label>
<input type="text" id="lastName" name="lastName" value="{last}" autocomplete="family-name" required{invalid}>
<button type="submit" id="kc-submit">Submit</button>
</form>"#,
        banner = banner(
            error,
            Some("You need to update your user profile to activate your account.")
        ),
        action = escape(action),
        csrf = escape(csrf),
        username = escape(p.username),
        email = escape(p.email),
        first = escape(p.first_name),
        last = escape(p.last_name),
    );
    layout(theme, "Update Account Information", &body)
}

/// The verify-email page: Keygate sends no mail itself, so the user continues once an
/// administrator (or another channel) has marked the address verified.
pub fn verify_email(
    theme: &Theme,
    action: &str,
    csrf: &str,
    email: &str,
    error: Option<&str>,
) -> String {
    let info = format!(
        "You need to verify your email address to activate your account. Your address is {email}; once it is verified, continue here."
    );
    let body = format!(
        r#"{banner}<form id="kc-verify-email-form" action="{action}" method="post">
<input type="hidden" name="csrf" value="{csrf}">
<button type="submit" id="kc-submit">Continue</button>
</form>"#,
        banner = banner(error, Some(&info)),
        action = escape(action),
        csrf = escape(csrf),
    );
    layout(theme, "Email verification", &body)
}
