//! The OAuth 2.0 device authorization grant (RFC 8628) as Keycloak serves it: the device
//! asks for a code (`.../auth/device`), the user enters it at `/realms/{realm}/device`,
//! signs in through the ordinary browser login and consents; the device meanwhile polls the
//! token endpoint (`grants::device_code`). Pending codes live in the store
//! (`store::device_codes`), so any node answers any step.

pub mod authorize;
pub mod consent;
pub mod pages;
pub mod verify;

use axum::routing::{get, post};
use axum::Router;
use rand::Rng;

use crate::realm::model::{Client, Realm};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/realms/{realm}/protocol/openid-connect/auth/device",
            post(authorize::device_authorization),
        )
        .route(
            "/realms/{realm}/device",
            get(verify::enter_code).post(verify::submit_code),
        )
        .route("/realms/{realm}/device/login", get(consent::signed_in))
        .route("/realms/{realm}/device/consent", post(consent::consent))
        .route("/realms/{realm}/device/status", get(consent::status))
}

fn client_attr<'c>(client: &'c Client, key: &str) -> Option<&'c str> {
    client
        .rep
        .attributes
        .as_ref()
        .and_then(|a| a.get(key))
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// `oauth2.device.authorization.grant.enabled`, off unless set (Keycloak's default).
pub fn enabled(client: &Client) -> bool {
    client_attr(client, "oauth2.device.authorization.grant.enabled") == Some("true")
}

/// A client attribute in seconds, else the realm setting, else Keycloak's default.
fn seconds(realm: &Realm, client: &Client, attr: &str, setting: &str, default: i64) -> i64 {
    client_attr(client, attr)
        .and_then(|v| v.parse::<i64>().ok())
        .or_else(|| realm.rep.extra.get(setting).and_then(|v| v.as_i64()))
        .filter(|v| *v > 0)
        .unwrap_or(default)
}

/// How long a device code lives (`oauth2DeviceCodeLifespan`, 600 s).
pub fn lifespan(realm: &Realm, client: &Client) -> i64 {
    seconds(
        realm,
        client,
        "oauth2.device.code.lifespan",
        "oauth2DeviceCodeLifespan",
        600,
    )
}

/// The least time between two polls (`oauth2DevicePollingInterval`, 5 s).
pub fn interval(realm: &Realm, client: &Client) -> i64 {
    seconds(
        realm,
        client,
        "oauth2.device.polling.interval",
        "oauth2DevicePollingInterval",
        5,
    )
}

/// Consonants only, so a code never spells a word and never mixes up 0/O or 1/I.
const USER_CODE_CHARS: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

/// Eight random letters, stored without the separator users see.
pub fn new_user_code() -> String {
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| USER_CODE_CHARS[rng.gen_range(0..USER_CODE_CHARS.len())] as char)
        .collect()
}

/// `ABCDEFGH` as users read it: `ABCD-EFGH`.
pub fn display(code: &str) -> String {
    if code.len() == 8 && code.is_ascii() {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code.to_string()
    }
}

/// What a user typed, as stored: separators and spaces dropped, upper case.
pub fn normalize(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_codes_read_and_normalise() {
        let code = new_user_code();
        assert_eq!(code.len(), 8);
        let shown = display(&code);
        assert_eq!(shown.len(), 9);
        assert_eq!(&shown[4..5], "-");
        assert_eq!(normalize(&shown.to_lowercase()), code);
        assert_eq!(normalize(" bcdf-ghjk "), "BCDFGHJK");
    }
}
