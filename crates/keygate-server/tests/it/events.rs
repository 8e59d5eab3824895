//! Login events and admin events: what is recorded under which realm settings, the
//! `/events`, `/admin-events` and `/events/config` endpoints, filters, paging, expiry and
//! permissions.

mod admin_events;
mod api;
mod browser;
mod login_events;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{realm_name, Srv};

pub const PW: &str = "Pw-events-1";

/// A realm with the given settings, user `alice` (password `PW`) and a confidential
/// client `app` (secret `app-secret`, direct grants, service account).
pub async fn events_realm(srv: &Srv, admin: &str, settings: Value) -> String {
    let realm = realm_name("ev");
    let mut rep = json!({"realm": realm, "enabled": true});
    if let (Some(r), Some(s)) = (rep.as_object_mut(), settings.as_object()) {
        r.extend(s.clone());
    }
    srv.create_realm(admin, rep).await;
    srv.create_user(admin, &realm, "alice", PW).await;
    srv.create_client(admin, &realm, "app", "app-secret").await;
    // Tests start from no admin events, whatever the setup above recorded.
    let r = srv
        .delete(admin, &format!("/admin/realms/{realm}/admin-events"))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    realm
}

/// A password grant for `app`, from `ip` (sent as `X-Forwarded-For`) when given.
pub async fn password_login(
    srv: &Srv,
    realm: &str,
    user: &str,
    pw: &str,
    ip: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = srv.http.post(srv.token_url(realm)).form(&[
        ("grant_type", "password"),
        ("client_id", "app"),
        ("client_secret", "app-secret"),
        ("username", user),
        ("password", pw),
    ]);
    if let Some(ip) = ip {
        req = req.header("x-forwarded-for", ip);
    }
    let r = req.send().await.expect("request");
    let status = r.status();
    (status, r.json().await.expect("json"))
}

/// `GET /admin/realms/{realm}/events{query}` as a list, asserting 200.
pub async fn events(srv: &Srv, token: &str, realm: &str, query: &str) -> Vec<Value> {
    list(srv, token, &format!("/admin/realms/{realm}/events{query}")).await
}

/// `GET /admin/realms/{realm}/admin-events{query}` as a list, asserting 200.
pub async fn admin_events(srv: &Srv, token: &str, realm: &str, query: &str) -> Vec<Value> {
    list(
        srv,
        token,
        &format!("/admin/realms/{realm}/admin-events{query}"),
    )
    .await
}

async fn list(srv: &Srv, token: &str, path: &str) -> Vec<Value> {
    let r = srv.get(token, path).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    let v: Value = r.json().await.expect("json");
    v.as_array().expect("array").clone()
}

/// The `type` of each event, in order.
pub fn types(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["type"].as_str().unwrap_or_default().to_string())
        .collect()
}
