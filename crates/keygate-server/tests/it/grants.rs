//! The device authorization grant (RFC 8628) and standard token exchange (RFC 8693), as
//! Keycloak 26 answers them.

mod device;
mod token_exchange;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::Srv;

/// Creates a client in `realm` from `rep`; asserts 201.
pub async fn client(srv: &Srv, realm: &str, rep: Value) {
    let admin = srv.admin_token().await;
    let r = srv
        .post(&admin, &format!("/admin/realms/{realm}/clients"), &rep)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
}

/// A public client `tv` that may use the device grant.
pub async fn device_client(srv: &Srv, realm: &str) {
    let rep = json!({
        "clientId": "tv", "publicClient": true,
        "attributes": {"oauth2.device.authorization.grant.enabled": true}
    });
    client(srv, realm, rep).await;
}

/// POSTs `form` to the token endpoint; status and JSON body.
pub async fn token(srv: &Srv, realm: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = srv.oidc_form(realm, "token", form).await;
    let status = r.status();
    (status, r.json().await.expect("json"))
}
