//! Who may read and change roles and role mappings, as Keycloak decides it, and the error
//! answers for missing things and bad input.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::mappings::token_roles;
use super::{client_uuid, expect, get_json, names, send};
use crate::both_stores;
use crate::support::{self, Srv};

#[allow(non_snake_case)]
fn FORBIDDEN() -> Value {
    json!({"error": "HTTP 403 Forbidden"})
}

both_stores!(permissions, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("roles-perm");
    let user = |name: &str, mgmt: &[&str]| {
        json!({"username": name, "enabled": true,
        "credentials": [{"type": "password", "value": "pw"}],
        "clientRoles": {"realm-management": mgmt}})
    };
    let rep = json!({"realm": realm, "enabled": true,
        "clients": [{"clientId": "app", "publicClient": true}],
        "roles": {"realm": [{"name": "base"}], "client": {"app": [{"name": "tool"}]}},
        "users": [user("plain", &[]), user("viewer", &["view-users"]), user("manager", &["manage-users"]),
                  user("realmmgr", &["manage-realm"]), user("clientmgr", &["manage-clients"]),
                  user("target", &[])]});
    srv.create_realm(&admin, rep).await;
    let app = client_uuid(&srv, &admin, &realm, "app").await;
    let roles = format!("/admin/realms/{realm}/roles");
    let app_roles = format!("/admin/realms/{realm}/clients/{app}/roles");
    let target = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/users?username=target&exact=true"),
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mappings = format!("/admin/realms/{realm}/users/{target}/role-mappings");
    let base = get_json(&srv, &admin, &format!("{roles}/base")).await;
    let token = |name: &'static str| {
        let srv = &srv;
        let realm = realm.clone();
        async move {
            let t = srv.password_token(&realm, "admin-cli", name, "pw").await;
            t["access_token"].as_str().unwrap().to_string()
        }
    };

    // A user without management roles: 403 everywhere.
    let plain = token("plain").await;
    for path in [
        roles.clone(),
        format!("{roles}/base"),
        app_roles.clone(),
        mappings.clone(),
        format!("{roles}/base/users"),
        format!("{roles}/base/composites"),
    ] {
        expect(
            srv.get(&plain, &path).await,
            StatusCode::FORBIDDEN,
            FORBIDDEN(),
        )
        .await;
    }
    expect(
        srv.post(&plain, &roles, &json!({"name": "x"})).await,
        StatusCode::FORBIDDEN,
        FORBIDDEN(),
    )
    .await;
    let r = srv
        .post(
            &plain,
            &format!("{mappings}/realm"),
            &json!([{"id": base["id"], "name": "base"}]),
        )
        .await;
    expect(r, StatusCode::FORBIDDEN, FORBIDDEN()).await;
    let r = srv
        .get(
            &plain,
            &format!("/admin/realms/{realm}/users/nope/role-mappings"),
        )
        .await;
    expect(r, StatusCode::FORBIDDEN, FORBIDDEN()).await;

    // view-users: reads roles and mappings, maps nothing.
    let viewer = token("viewer").await;
    assert!(names(&get_json(&srv, &viewer, &roles).await).contains(&"base".to_string()));
    get_json(&srv, &viewer, &mappings).await;
    assert_eq!(
        get_json(&srv, &viewer, &format!("{mappings}/realm/available")).await,
        json!([])
    );
    let r = srv
        .post(
            &viewer,
            &format!("{mappings}/realm"),
            &json!([{"id": base["id"], "name": "base"}]),
        )
        .await;
    expect(r, StatusCode::FORBIDDEN, FORBIDDEN()).await;
    expect(
        srv.post(&viewer, &roles, &json!({"name": "x"})).await,
        StatusCode::FORBIDDEN,
        FORBIDDEN(),
    )
    .await;

    // manage-users: maps ordinary roles, not admin powers it lacks.
    let manager = token("manager").await;
    let r = srv
        .post(
            &manager,
            &format!("{mappings}/realm"),
            &json!([{"id": base["id"], "name": "base"}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let mgmt = client_uuid(&srv, &admin, &realm, "realm-management").await;
    let mgmt_roles = format!("/admin/realms/{realm}/clients/{mgmt}/roles");
    let role = |name: &'static str| {
        let (srv, admin, mgmt_roles) = (&srv, &admin, &mgmt_roles);
        async move {
            let r = get_json(srv, admin, &format!("{mgmt_roles}/{name}")).await;
            json!([{"id": r["id"], "name": name}])
        }
    };
    let to_mgmt = format!("{mappings}/clients/{mgmt}");
    assert_eq!(
        srv.post(&manager, &to_mgmt, &role("view-users").await)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        srv.post(&manager, &to_mgmt, &role("query-clients").await)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    for name in [
        "manage-realm",
        "realm-admin",
        "manage-clients",
        "view-events",
    ] {
        let r = srv.post(&manager, &to_mgmt, &role(name).await).await;
        expect(r, StatusCode::FORBIDDEN, FORBIDDEN()).await;
    }
    let available = names(&get_json(&srv, &manager, &format!("{to_mgmt}/available")).await);
    assert!(
        available.contains(&"manage-users".to_string())
            && available.contains(&"query-users".to_string())
    );
    assert!(
        !available.contains(&"manage-realm".to_string())
            && !available.contains(&"realm-admin".to_string())
    );
    expect(
        srv.post(&manager, &roles, &json!({"name": "x"})).await,
        StatusCode::FORBIDDEN,
        FORBIDDEN(),
    )
    .await;

    // manage-realm writes realm roles only; manage-clients client roles only.
    let realmmgr = token("realmmgr").await;
    assert_eq!(
        srv.post(&realmmgr, &roles, &json!({"name": "made-by-realmmgr"}))
            .await
            .status(),
        StatusCode::CREATED
    );
    expect(
        srv.post(&realmmgr, &app_roles, &json!({"name": "x"})).await,
        StatusCode::FORBIDDEN,
        FORBIDDEN(),
    )
    .await;
    let r = srv
        .post(
            &realmmgr,
            &format!("{roles}/made-by-realmmgr/composites"),
            &json!([{"id": base["id"]}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let tool = get_json(&srv, &admin, &format!("{app_roles}/tool")).await;
    let r = srv
        .post(
            &realmmgr,
            &format!("{roles}/made-by-realmmgr/composites"),
            &json!([{"id": tool["id"]}]),
        )
        .await;
    expect(r, StatusCode::FORBIDDEN, FORBIDDEN()).await;
    let clientmgr = token("clientmgr").await;
    assert_eq!(
        srv.post(&clientmgr, &app_roles, &json!({"name": "made"}))
            .await
            .status(),
        StatusCode::CREATED
    );
    expect(
        srv.post(&clientmgr, &roles, &json!({"name": "x"})).await,
        StatusCode::FORBIDDEN,
        FORBIDDEN(),
    )
    .await;
    expect(
        srv.delete(&clientmgr, &format!("{roles}/base")).await,
        StatusCode::FORBIDDEN,
        FORBIDDEN(),
    )
    .await;
    let r = srv.get(&clientmgr, &format!("{app_roles}/nope")).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find role"}),
    )
    .await;

    // Another realm's admin has no say here.
    let other = support::realm_name("roles-perm-other");
    srv.create_realm(
        &admin,
        json!({"realm": other, "enabled": true, "users": [{
        "username": "boss", "enabled": true, "credentials": [{"type": "password", "value": "pw"}],
        "clientRoles": {"realm-management": ["realm-admin"]}}]}),
    )
    .await;
    let t = srv.password_token(&other, "admin-cli", "boss", "pw").await;
    let boss = t["access_token"].as_str().unwrap().to_string();
    expect(
        srv.get(&boss, &roles).await,
        StatusCode::FORBIDDEN,
        FORBIDDEN(),
    )
    .await;
    expect(
        srv.post(&boss, &roles, &json!({"name": "x"})).await,
        StatusCode::FORBIDDEN,
        FORBIDDEN(),
    )
    .await;

    // Master's admin hands on realm-admin; its composite then grants every right.
    let r = srv.post(&admin, &to_mgmt, &role("realm-admin").await).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (_, clients) = token_roles(&srv, &realm, "target").await;
    assert!(clients["realm-management"]["roles"]
        .as_array()
        .unwrap()
        .contains(&json!("manage-realm")));
    let t = srv
        .password_token(&realm, "admin-cli", "target", "pw")
        .await;
    let target_token = t["access_token"].as_str().unwrap().to_string();
    assert_eq!(
        srv.post(&target_token, &roles, &json!({"name": "by-realm-admin"}))
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        srv.post(
            &target_token,
            &app_roles,
            &json!({"name": "by-realm-admin"})
        )
        .await
        .status(),
        StatusCode::CREATED
    );

    // Master's admin role is still the composite it was, and still works.
    let master_admin = get_json(&srv, &admin, "/admin/realms/master/roles/admin").await;
    assert_eq!(master_admin["composite"], true);
    let children =
        names(&get_json(&srv, &admin, "/admin/realms/master/roles/admin/composites").await);
    assert!(
        children.contains(&"create-realm".to_string())
            && children.contains(&"manage-users".to_string())
    );
    let fresh = srv.admin_token().await;
    get_json(&srv, &fresh, &roles).await;
});

both_stores!(missing_things_and_bad_input, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("roles-errors");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let roles = format!("/admin/realms/{realm}/roles");
    srv.post(&admin, &roles, &json!({"name": "known"})).await;
    let nf = |msg: &str| json!({"error": msg});

    let r = srv.get(&admin, "/admin/realms/no-such-realm/roles").await;
    expect(r, StatusCode::NOT_FOUND, nf("Realm not found.")).await;
    for path in [
        format!("{roles}/nope"),
        format!("{roles}/nope/composites"),
        format!("{roles}/nope/users"),
        format!("{roles}/nope/groups"),
        format!("{roles}/nope/composites/realm"),
    ] {
        expect(
            srv.get(&admin, &path).await,
            StatusCode::NOT_FOUND,
            nf("Could not find role"),
        )
        .await;
    }
    expect(
        srv.put(&admin, &format!("{roles}/nope"), &json!({"name": "x"}))
            .await,
        StatusCode::NOT_FOUND,
        nf("Could not find role"),
    )
    .await;
    expect(
        srv.delete(&admin, &format!("{roles}/nope")).await,
        StatusCode::NOT_FOUND,
        nf("Could not find role"),
    )
    .await;
    let by_id = format!("/admin/realms/{realm}/roles-by-id/nope");
    for path in [by_id.clone(), format!("{by_id}/composites")] {
        expect(
            srv.get(&admin, &path).await,
            StatusCode::NOT_FOUND,
            nf("Could not find role with id"),
        )
        .await;
    }
    // A role of another realm is not found by id here.
    let master_admin = get_json(&srv, &admin, "/admin/realms/master/roles/admin").await;
    let path = format!(
        "/admin/realms/{realm}/roles-by-id/{}",
        master_admin["id"].as_str().unwrap()
    );
    expect(
        srv.get(&admin, &path).await,
        StatusCode::NOT_FOUND,
        nf("Could not find role with id"),
    )
    .await;
    let r = srv
        .post(
            &admin,
            &format!("{roles}/known/composites"),
            &json!([{"id": master_admin["id"]}]),
        )
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        nf("Could not find composite role"),
    )
    .await;

    // Bodies that are not what the endpoint takes: 400, never a 500.
    let composites = format!("{roles}/known/composites");
    for body in [json!({"id": "x"}), json!("text"), json!(42), json!([1, 2])] {
        let r = srv.post(&admin, &composites, &body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        // Keycloak's Jackson failure: `unknown_error` / "Cannot parse the JSON".
        assert_eq!(r.json::<Value>().await.unwrap()["error"], "unknown_error");
    }
    let r = send(&srv, Method::POST, &admin, &composites, None).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv
        .http
        .post(srv.url(&roles))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv
        .post(
            &admin,
            &roles,
            &json!({"name": "bad-attrs", "attributes": {"k": "not a list"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv.post(&admin, &roles, &json!({"name": ""})).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let user = srv.create_user(&admin, &realm, "someone", "pw").await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/users/{user}/role-mappings/realm"),
            &json!([null]),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, nf("Role not found")).await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/users/{user}/role-mappings/realm"),
            &json!("x"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Empty batches are fine.
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/users/{user}/role-mappings/realm"),
            &json!([]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        srv.post(&admin, &composites, &json!([])).await.status(),
        StatusCode::NO_CONTENT
    );
});
