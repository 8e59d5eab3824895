//! Pages without a user's input: errors, information, the logout confirmation and the
//! `form_post` response.

use super::{alert, escape, layout, Alert, Theme};

/// Keycloak's error page: "We are sorry..." and the reason.
pub fn error(theme: &Theme, message: &str) -> String {
    layout(theme, "We are sorry...", &alert(Alert::Error, message))
}

/// An information page, with an optional link onwards.
pub fn info(theme: &Theme, message: &str, link: Option<(&str, &str)>) -> String {
    let mut body = format!(
        r#"<p id="kc-info-message" role="status">{}</p>"#,
        escape(message)
    );
    if let Some((href, text)) = link {
        body.push_str(&format!(
            r#"<p><a href="{}">{}</a></p>"#,
            escape(href),
            escape(text)
        ));
    }
    layout(theme, message, &body)
}

/// The hidden fields a page re-posts, in order.
fn hidden(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape(k),
                escape(v)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "Do you want to log out?" with a button that posts the request back, confirmed.
pub fn logout_confirm(theme: &Theme, action: &str, fields: &[(&str, &str)]) -> String {
    let body = format!(
        r#"<p id="kc-logout-confirm">Do you want to log out?</p>
<form id="kc-logout-form" action="{action}" method="post">
{fields}
<button type="submit" id="kc-logout" name="confirmLogout">Logout</button>
</form>"#,
        action = escape(action),
        fields = hidden(fields),
    );
    layout(theme, "Logging out", &body)
}

/// The `form_post` response mode: the browser posts the result to the client. It submits
/// itself where scripts run and shows a button where they do not.
pub fn form_post(action: &str, fields: &[(&str, &str)]) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Submit This Form</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{action}">
{fields}
<noscript><p>JavaScript is disabled. Click the button below to continue.</p>
<button type="submit">Continue</button></noscript>
</form>
</body>
</html>
"#,
        action = escape(action),
        fields = hidden(fields),
    )
}
