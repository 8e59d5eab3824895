//! Email actions through a real SMTP conversation (a small SMTP server on loopback, with
//! AUTH and STARTTLS), the action-token page followed like a browser would, and the rest
//! of the user surface: user profile configuration, consents, federated identities.

mod consents;
mod federated;
mod page;
mod permissions;
mod profile;
mod send;
mod smtp;

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::support::{realm_name, Srv};
use smtp::{Options, SmtpServer};

pub const APP_REDIRECT: &str = "http://app.example/*";
pub const BACK: &str = "http://app.example/home";

/// A realm whose `smtpServer` points at `smtp` (plain, with AUTH when it wants
/// credentials), a public client `app` with direct grants and a user `dora` (password
/// `old-Pw-1`, email dora@example.com). Returns (realm, user id).
pub async fn setup(srv: &Srv, smtp: Option<Value>) -> (String, String) {
    let admin = srv.admin_token().await;
    let realm = realm_name("mail");
    let mut rep = json!({"realm": realm, "enabled": true});
    if let Some(s) = smtp {
        rep["smtpServer"] = s;
    }
    srv.create_realm(&admin, rep).await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/clients"),
            &json!({"clientId": "app", "publicClient": true, "directAccessGrantsEnabled": true,
                    "redirectUris": [APP_REDIRECT]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = srv.create_user(&admin, &realm, "dora", "old-Pw-1").await;
    (realm, id)
}

/// SMTP settings for a test server, as Keycloak's admin console writes them (strings).
pub fn smtp_settings(server: &SmtpServer, opts: &Options) -> Value {
    let mut s = json!({
        "host": "127.0.0.1", "port": server.port.to_string(),
        "from": "noreply@keygate.test", "fromDisplayName": "Keygate Test",
        "replyTo": "help@keygate.test", "envelopeFrom": "bounces@keygate.test",
        "ssl": "false", "starttls": if opts.starttls { "true" } else { "false" },
        "auth": "false"
    });
    if let Some((u, p)) = &opts.credentials {
        s["auth"] = json!("true");
        s["user"] = json!(u);
        s["password"] = json!(p);
    }
    s
}

/// `PUT .../execute-actions-email` with a query and the actions.
pub async fn execute_actions(
    srv: &Srv,
    realm: &str,
    user: &str,
    query: &str,
    actions: Value,
) -> Response {
    let admin = srv.admin_token().await;
    srv.put(
        &admin,
        &format!("/admin/realms/{realm}/users/{user}/execute-actions-email{query}"),
        &actions,
    )
    .await
}

/// The value of a hidden input in a page.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// A page fetched like a browser: status, HTML and the CSRF cookie it set.
pub struct Page {
    pub status: StatusCode,
    pub html: String,
    pub cookie: Option<String>,
}

pub async fn get_page(srv: &Srv, url: &str) -> Page {
    let r = srv.http.get(url).send().await.expect("request");
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("KC_ACTION_CSRF="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string());
    Page {
        status: r.status(),
        html: r.text().await.expect("body"),
        cookie,
    }
}

/// Posts the action form of `page` with `fields` (plus its key and csrf).
pub async fn post_form(srv: &Srv, realm: &str, page: &Page, fields: &[(&str, &str)]) -> Page {
    let key = hidden(&page.html, "key").expect("key field");
    let csrf = hidden(&page.html, "csrf").expect("csrf field");
    let mut form: Vec<(&str, &str)> = vec![("key", &key), ("csrf", &csrf)];
    form.extend_from_slice(fields);
    let mut req = srv
        .http
        .post(srv.url(&format!("/realms/{realm}/login-actions/action-token")))
        .form(&form);
    if let Some(c) = &page.cookie {
        req = req.header("cookie", c);
    }
    let r = req.send().await.expect("request");
    Page {
        status: r.status(),
        html: r.text().await.expect("body"),
        cookie: None,
    }
}

/// The user's representation.
pub async fn user(srv: &Srv, realm: &str, id: &str) -> Value {
    let admin = srv.admin_token().await;
    srv.get(&admin, &format!("/admin/realms/{realm}/users/{id}"))
        .await
        .json()
        .await
        .expect("user json")
}

/// The status of a password grant for `dora` through `app`.
pub async fn password_grant(srv: &Srv, realm: &str, pw: &str) -> StatusCode {
    srv.oidc_form(
        realm,
        "token",
        &[
            ("grant_type", "password"),
            ("client_id", "app"),
            ("username", "dora"),
            ("password", pw),
        ],
    )
    .await
    .status()
}
