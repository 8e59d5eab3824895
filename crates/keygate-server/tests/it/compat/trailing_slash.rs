//! @keycloak/keycloak-admin-client posts to `/admin/realms/{r}/users/` (trailing slash);
//! Keycloak routes it as without.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(trailing_slash_routes_as_without, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("slash");
    let r = srv
        .post(
            &admin,
            "/admin/realms/",
            &json!({"realm": realm, "enabled": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let users = format!("/admin/realms/{realm}/users/");
    let r = srv
        .post(&admin, &users, &json!({"username": "slashed"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = srv.get(&admin, &format!("{users}?username=slashed")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let list: Vec<Value> = r.json().await.unwrap();
    assert_eq!(list.len(), 1);

    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/groups/"),
            &json!({"name": "g"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = srv
        .post(
            &admin,
            &format!("/auth/admin/realms/{realm}/clients/"),
            &json!({"clientId": "slash-client"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "under /auth too");

    let r = srv
        .http
        .get(srv.url(&format!(
            "/realms/{realm}/.well-known/openid-configuration/"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // An unknown path still answers Keycloak's 404, slash or not.
    let r = srv.get(&admin, "/admin/realms/nowhere/").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});
