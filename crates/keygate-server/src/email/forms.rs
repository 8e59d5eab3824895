//! The action-token form: the fields of the actions the link asks for, in one page.
//! Field names follow Keycloak's login theme.

use crate::login::templates::{alert, escape, layout, Alert, Theme};

/// What the page shows.
#[derive(Debug, Clone, Default)]
pub struct ActionForm<'a> {
    pub action: &'a str,
    pub key: &'a str,
    pub csrf: &'a str,
    pub update_password: bool,
    pub update_profile: bool,
    pub verify_email: bool,
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub error: Option<&'a str>,
}

fn password_fields() -> &'static str {
    r#"<label for="password-new">New Password</label>
<input type="password" id="password-new" name="password-new" autocomplete="new-password" required>
<label for="password-confirm">Confirm password</label>
<input type="password" id="password-confirm" name="password-confirm" autocomplete="new-password" required>
<label class="check" for="logout-sessions"><input type="checkbox" id="logout-sessions" name="logout-sessions" value="on" checked> Sign out from other devices</label>
"#
}

fn profile_fields(f: &ActionForm<'_>) -> String {
    format!(
        r#"<label for="email">Email</label>
<input type="email" id="email" name="email" value="{}" autocomplete="email" required>
<label for="firstName">First name</label>
<input type="text" id="firstName" name="firstName" value="{}" autocomplete="given-name" required>
<label for="lastName">Last name</label>
<input type="text" id="lastName" name="lastName" value="{}" autocomplete="family-name" required>
"#,
        escape(f.email),
        escape(f.first_name),
        escape(f.last_name)
    )
}

pub fn page(theme: &Theme, f: &ActionForm<'_>) -> String {
    let mut fields = String::new();
    if f.verify_email {
        fields.push_str(&format!(
            r#"<p id="kc-verify-email">Confirm validity of e-mail address {}.</p>
"#,
            escape(f.email)
        ));
    }
    if f.update_profile {
        fields.push_str(&profile_fields(f));
    }
    if f.update_password {
        fields.push_str(password_fields());
    }
    let banner = f.error.map(|e| alert(Alert::Error, e)).unwrap_or_default();
    let title = match (f.update_password, f.update_profile, f.verify_email) {
        (true, false, false) => "Update password",
        (false, true, false) => "Update Account Information",
        (false, false, true) => "Email verification",
        _ => "Update your account",
    };
    let body = format!(
        r#"{banner}<form id="kc-action-token-form" action="{action}" method="post" novalidate>
<input type="hidden" name="key" value="{key}">
<input type="hidden" name="csrf" value="{csrf}">
{fields}<button type="submit" id="kc-submit">Submit</button>
</form>"#,
        action = escape(f.action),
        key = escape(f.key),
        csrf = escape(f.csrf),
    );
    layout(theme, title, &body)
}
