//! `query-users` alone lets an admin search, not read: Keycloak's `UsersResource` lists
//! only the users the caller may view, so without `view-users` (and without fine-grained
//! permissions, which Keygate does not have) the list is empty and the count 0. Keygate
//! once returned every full user record.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

/// A user of `realm` holding the given `realm-management` roles; returns its token.
async fn admin_with(srv: &Srv, admin: &str, realm: &str, name: &str, roles: &[&str]) -> String {
    let uid = srv.create_user(admin, realm, name, "pw").await;
    let clients: Value = srv
        .get(
            admin,
            &format!("/admin/realms/{realm}/clients?clientId=realm-management"),
        )
        .await
        .json()
        .await
        .unwrap();
    let cid = clients[0]["id"].as_str().unwrap();
    let mut reps = Vec::new();
    for role in roles {
        let r: Value = srv
            .get(
                admin,
                &format!("/admin/realms/{realm}/clients/{cid}/roles/{role}"),
            )
            .await
            .json()
            .await
            .unwrap();
        reps.push(r);
    }
    let r = srv
        .post(
            admin,
            &format!("/admin/realms/{realm}/users/{uid}/role-mappings/clients/{cid}"),
            &Value::Array(reps),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let t = srv.password_token(realm, "admin-cli", name, "pw").await;
    t["access_token"].as_str().unwrap().to_string()
}

async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.unwrap()
}

both_stores!(query_users_alone_sees_no_user, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("qusers");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let bob = srv.create_user(&admin, &realm, "bob", "pw").await;
    let query = admin_with(&srv, &admin, &realm, "querier", &["query-users"]).await;
    let viewer = admin_with(&srv, &admin, &realm, "viewer", &["view-users"]).await;

    let users = format!("/admin/realms/{realm}/users");
    for path in [
        users.clone(),
        format!("{users}?search=bob"),
        format!("{users}?username=bob&exact=true"),
        format!("{users}?briefRepresentation=true"),
    ] {
        assert_eq!(get_json(&srv, &query, &path).await, json!([]), "{path}");
    }
    for path in [
        format!("{users}/count"),
        format!("{users}/count?search=bob"),
    ] {
        assert_eq!(get_json(&srv, &query, &path).await, json!(0), "{path}");
    }
    assert_eq!(
        srv.get(&query, &format!("{users}/{bob}")).await.status(),
        StatusCode::FORBIDDEN
    );

    // view-users sees them all.
    let seen = get_json(&srv, &viewer, &format!("{users}?search=bob")).await;
    assert_eq!(seen[0]["id"], json!(bob));
    assert_eq!(
        get_json(&srv, &viewer, &format!("{users}/count")).await,
        json!(3)
    );
});
