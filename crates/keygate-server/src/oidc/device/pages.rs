//! The device pages, in the login theme: enter the code, grant access, and the outcome.
//! Field names follow Keycloak's templates (`device_user_code`, `accept` / `cancel`).

use axum::http::StatusCode;
use axum::response::Response;

use crate::login::respond;
use crate::login::templates::{alert, escape, layout, Alert, Theme};

pub const INVALID_CODE: &str = "Invalid code, please try again.";
pub const EXPIRED_CODE: &str =
    "The code has expired. Please go back to your device and try connecting again.";
pub const CONSENT_DENIED: &str = "Consent denied for connecting the device.";
pub const FAILED: &str =
    "You may close this browser window and go back to your device and try connecting again.";

/// "Enter the code provided by your device".
pub fn enter_code(theme: &Theme, action: &str, error: Option<&str>) -> Response {
    let banner = error.map(|e| alert(Alert::Error, e)).unwrap_or_default();
    let body = format!(
        r#"{banner}<form id="kc-user-verify-device-user-code-form" action="{action}" method="post">
<label for="device-user-code">Enter the code provided by your device and click Submit</label>
<input type="text" id="device-user-code" name="device_user_code" autocomplete="off" autocapitalize="characters" spellcheck="false" autofocus required>
<button type="submit" id="kc-login" name="submit">Submit</button>
</form>"#,
        action = escape(action),
    );
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    respond::page(status, layout(theme, "Device Login", &body))
}

/// "Do you grant these access privileges?" for the device's client.
pub fn consent(theme: &Theme, action: &str, client: &str, token: &str) -> Response {
    let body = format!(
        r#"<p id="kc-oauth-grant">Do you grant these access privileges?</p>
<form id="kc-oauth" action="{action}" method="post">
<input type="hidden" name="code" value="{token}">
<button type="submit" id="kc-login" name="accept" value="Yes">Yes</button>
<button type="submit" class="secondary" id="kc-cancel" name="cancel" value="No">No</button>
</form>"#,
        action = escape(action),
        token = escape(token),
    );
    let title = format!("Grant Access to {client}");
    respond::page(StatusCode::OK, layout(theme, &title, &body))
}

/// The end of the user's part: success, or why it failed and where to start again.
pub fn outcome(theme: &Theme, error: Option<&str>, restart: &str) -> Response {
    let html = match error {
        None => layout(
            theme,
            "Device Login Successful",
            r#"<p id="kc-info-message" role="status">You may close this browser window and go back to your device.</p>"#,
        ),
        Some(message) => layout(
            theme,
            "Device Login Failed",
            &format!(
                r#"{}<p><a href="{}">Start again</a></p>"#,
                alert(Alert::Error, message),
                escape(restart)
            ),
        ),
    };
    respond::page(StatusCode::OK, html)
}
