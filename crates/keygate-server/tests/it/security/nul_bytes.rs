//! NUL characters, which PostgreSQL refuses in text, are turned away at the edge with a
//! Keycloak-shaped 400 on both stores: in the path, the query, form bodies and JSON bodies.

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

async fn assert_admin_400(r: Response, what: &str) {
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{what}");
    let body: Value = r.json().await.expect("json");
    assert!(body["errorMessage"].is_string(), "{what}: {body}");
}

async fn assert_oauth_400(r: Response, what: &str) {
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{what}");
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["error"], "invalid_request", "{what}: {body}");
    assert!(body["error_description"].is_string(), "{what}: {body}");
}

both_stores!(nul_is_a_bad_request_everywhere, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("nul");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;

    // Realm names in paths, unauthenticated.
    let r = srv
        .http
        .get(srv.url("/realms/a%00b/.well-known/openid-configuration"))
        .send()
        .await
        .expect("request");
    assert_oauth_400(r, "realm path").await;
    let r = srv
        .oidc_form(
            "a\u{0}b",
            "token",
            &[("grant_type", "password"), ("client_id", "admin-cli")],
        )
        .await;
    assert_oauth_400(r, "realm path at the token endpoint").await;

    // A username at the token endpoint, unauthenticated.
    let r = srv
        .oidc_form(
            "master",
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "admin-cli"),
                ("username", "ad\u{0}min"),
                ("password", "admin"),
            ],
        )
        .await;
    assert_oauth_400(r, "token username").await;

    // Admin JSON bodies: a username, an attribute value.
    let users = format!("/admin/realms/{realm}/users");
    let r = srv
        .post(&admin, &users, &json!({"username": "a\u{0}b"}))
        .await;
    assert_admin_400(r, "json username").await;
    let r = srv
        .post(
            &admin,
            &users,
            &json!({"username": "okay", "attributes": {"dept": ["x\u{0}y"]}}),
        )
        .await;
    assert_admin_400(r, "json attribute").await;

    // Admin query strings and paths.
    let r = srv.get(&admin, &format!("{users}?search=a%00b")).await;
    assert_admin_400(r, "query").await;
    let r = srv.get(&admin, &format!("{users}?username=a%00b")).await;
    assert_admin_400(r, "query username").await;
    let r = srv.get(&admin, &format!("{users}/a%00b")).await;
    assert_admin_400(r, "user id path").await;
    let r = srv.get(&admin, "/admin/realms/a%00b/users").await;
    assert_admin_400(r, "admin realm path").await;

    // Nothing was stored and the server still answers the same requests without the NUL.
    let r = srv.get(&admin, &format!("{users}?search=ok")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let found: Value = r.json().await.expect("json");
    assert_eq!(found, json!([]));
    srv.create_user(&admin, &realm, "okay", "pw-Secret-1").await;
    // A literal backslash-u in a JSON string is text, not a NUL.
    let r = srv
        .post(&admin, &users, &json!({"username": "lit\\u0000eral"}))
        .await;
    assert_ne!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
});
