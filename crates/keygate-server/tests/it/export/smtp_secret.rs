//! Keycloak masks the SMTP password in `GET /admin/realms/{realm}` (and the realm list) and
//! keeps the stored one when an update sends the mask back.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::{self, Srv};

const MASK: &str = "**********";

both_stores!(smtp_password_is_masked_and_kept, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let realm = support::realm_name("smtp-mask");
    srv.create_realm(
        &token,
        json!({"realm": realm, "enabled": true,
               "smtpServer": {"host": "mail.example.com", "user": "u", "password": "pw-1"}}),
    )
    .await;
    let path = format!("/admin/realms/{realm}");
    let shown = get_json(&srv, &token, &path).await;
    assert_eq!(shown["smtpServer"]["password"], MASK);
    assert_eq!(shown["smtpServer"]["host"], "mail.example.com");
    let list: Value = get_json(&srv, &token, "/admin/realms").await;
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["realm"] == json!(realm))
        .expect("listed");
    assert_eq!(listed["smtpServer"]["password"], MASK);
    let stored = |doc: Value| doc["smtpServer"]["password"].clone();
    assert_eq!(stored(export_json(&srv, &realm).await), "pw-1");

    // Sending the realm back as read keeps the stored password.
    let mut rep = shown.clone();
    rep["smtpServer"]["host"] = json!("smtp.example.com");
    let r = srv.put(&token, &path, &rep).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let doc = export_json(&srv, &realm).await;
    assert_eq!(stored(doc.clone()), "pw-1");
    assert_eq!(doc["smtpServer"]["host"], "smtp.example.com");

    // A new password replaces it; an smtpServer without one drops it.
    let body = json!({"smtpServer": {"host": "smtp.example.com", "password": "pw-2"}});
    assert_eq!(
        srv.put(&token, &path, &body).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(stored(export_json(&srv, &realm).await), "pw-2");
    let body = json!({"smtpServer": {"host": "smtp.example.com"}});
    assert_eq!(
        srv.put(&token, &path, &body).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(stored(export_json(&srv, &realm).await), Value::Null);
    let shown = get_json(&srv, &token, &path).await;
    assert_eq!(shown["smtpServer"], json!({"host": "smtp.example.com"}));
});
