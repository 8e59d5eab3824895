//! Two Keygate nodes on one PostgreSQL schema, as the README's cluster setup runs them.
//! A change committed through one node is honoured by the other on its next request;
//! for what the nodes cache (realms, keys, clients) within one second. PostgreSQL only:
//! SQLite is one node.

mod listener;
mod realm_data;
mod user_data;

use std::future::Future;
use std::time::{Duration, Instant};

use keygate_server::Config;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{realm_name, Srv};

/// Node A and node B on one fresh schema, or `None` without a test database.
pub async fn pair() -> Option<(Srv, Srv)> {
    let a = Srv::postgres().await?;
    let b = Srv::start(Config::for_url(a.db_url.clone()), None).await;
    Some((a, b))
}

/// Waits up to `limit` for `check` to hold; panics with `what` if it never does.
pub async fn within<F, Fut>(limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return;
        }
        assert!(start.elapsed() < limit, "{what}: not seen within {limit:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

pub const SECOND: Duration = Duration::from_secs(1);

/// A realm with user `alice` (password `Pa55word!`) and confidential client `svc`
/// (secret `svc-secret`, direct grants, service account) made through node A.
pub async fn fixture(a: &Srv) -> (String, String, String, String) {
    let admin = a.admin_token().await;
    let realm = realm_name("cluster");
    a.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let user = a.create_user(&admin, &realm, "alice", "Pa55word!").await;
    let client = a.create_client(&admin, &realm, "svc", "svc-secret").await;
    (admin, realm, user, client)
}

/// A client-credentials request for `svc` with `secret` on `srv`.
pub async fn client_token(srv: &Srv, realm: &str, secret: &str) -> (StatusCode, Value) {
    let r = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "svc"),
                ("client_secret", secret),
            ],
        )
        .await;
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A password-grant request for `alice` through `svc` on `srv`.
pub async fn password(srv: &Srv, realm: &str, pw: &str) -> (StatusCode, Value) {
    let r = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "svc"),
                ("client_secret", "svc-secret"),
                ("username", "alice"),
                ("password", pw),
            ],
        )
        .await;
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Whether `token` is active by introspection on `srv`.
pub async fn active(srv: &Srv, realm: &str, token: &str) -> bool {
    let r = srv
        .oidc_form(
            realm,
            "token/introspect",
            &[
                ("client_id", "svc"),
                ("client_secret", "svc-secret"),
                ("token", token),
            ],
        )
        .await;
    let v: Value = r.json().await.unwrap_or(Value::Null);
    v["active"] == true
}
