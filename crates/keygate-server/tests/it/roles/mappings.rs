//! Role mappings of users and groups, and that what `/composite` reports is what the next
//! access token carries in `realm_access` and `resource_access`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{client_uuid, create_role, expect, get_json, names, send};
use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(user_mappings_and_tokens, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("map-user");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let app = srv.create_client(&admin, &realm, "app", "secret").await;
    let roles = format!("/admin/realms/{realm}/roles");
    let r1 = create_role(&srv, &admin, &roles, "r1").await;
    let r2 = create_role(&srv, &admin, &roles, "r2").await;
    create_role(&srv, &admin, &roles, "r3").await;
    let cr = create_role(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/clients/{app}/roles"),
        "cr",
    )
    .await;
    let r = srv
        .post(
            &admin,
            &format!("{roles}/r1/composites"),
            &json!([{"name": "r3"}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "composite by name");
    let user = srv.create_user(&admin, &realm, "mapped", "pw").await;
    let base = format!("/admin/realms/{realm}/users/{user}/role-mappings");
    let default = format!("default-roles-{realm}");

    let all = get_json(&srv, &admin, &base).await;
    assert_eq!(names(&all["realmMappings"]), [default.as_str()]);
    assert!(all.get("clientMappings").is_none());

    let r = srv
        .post(
            &admin,
            &format!("{base}/realm"),
            &json!([{"id": r1["id"], "name": "r1"}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{base}/realm")).await),
        [default.clone(), "r1".into()]
    );
    let effective = names(&get_json(&srv, &admin, &format!("{base}/realm/composite")).await);
    assert_eq!(
        effective,
        [
            default.clone(),
            "offline_access".into(),
            "r1".into(),
            "r3".into(),
            "uma_authorization".into()
        ]
    );
    let full = get_json(
        &srv,
        &admin,
        &format!("{base}/realm/composite?briefRepresentation=false"),
    )
    .await;
    assert!(full[0]["attributes"].is_object());
    let available = names(&get_json(&srv, &admin, &format!("{base}/realm/available")).await);
    assert_eq!(
        available,
        ["offline_access", "r2", "r3", "uma_authorization"]
    );

    let r = srv
        .post(
            &admin,
            &format!("{base}/clients/{app}"),
            &json!([{"id": cr["id"], "name": "cr"}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let all = get_json(&srv, &admin, &base).await;
    assert_eq!(all["clientMappings"]["app"]["id"], app);
    assert_eq!(all["clientMappings"]["app"]["client"], "app");
    assert_eq!(names(&all["clientMappings"]["app"]["mappings"]), ["cr"]);
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{base}/clients/{app}")).await),
        ["cr"]
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{base}/clients/{app}/composite")).await),
        ["cr"]
    );
    assert_eq!(
        get_json(&srv, &admin, &format!("{base}/clients/{app}/available")).await,
        json!([])
    );
    // The default role brings the account client's roles, through its composites.
    let account = client_uuid(&srv, &admin, &realm, "account").await;
    let account_roles =
        names(&get_json(&srv, &admin, &format!("{base}/clients/{account}/composite")).await);
    assert_eq!(
        account_roles,
        ["manage-account", "manage-account-links", "view-profile"]
    );

    // The token carries exactly the effective roles.
    let (realm_roles, clients) = token_roles(&srv, &realm, "mapped").await;
    assert_eq!(realm_roles, effective);
    assert_eq!(clients["app"]["roles"], json!(["cr"]));
    assert_eq!(clients["account"]["roles"].as_array().unwrap().len(), 3);

    // Bad bodies: unknown names, mismatched ids, not an array; nothing of the batch applies.
    let r = srv
        .post(
            &admin,
            &format!("{base}/realm"),
            &json!([{"id": r2["id"], "name": "r2"}, {"name": "nope"}]),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "Role not found"})).await;
    let r = srv
        .post(
            &admin,
            &format!("{base}/realm"),
            &json!([{"id": r1["id"], "name": "r2"}]),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "Role not found"})).await;
    let r = srv
        .post(
            &admin,
            &format!("{base}/realm"),
            &json!([{"id": cr["id"], "name": "cr"}]),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "Role not found"})).await;
    let r = srv
        .post(&admin, &format!("{base}/realm"), &json!({"name": "r2"}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        !names(&get_json(&srv, &admin, &format!("{base}/realm")).await).contains(&"r2".to_string())
    );

    // Removing a mapping removes the role from the next token.
    let r = send(
        &srv,
        Method::DELETE,
        &admin,
        &format!("{base}/realm"),
        Some(&json!([{"id": r1["id"], "name": "r1"}])),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (realm_roles, _) = token_roles(&srv, &realm, "mapped").await;
    assert!(!realm_roles.contains(&"r1".to_string()) && !realm_roles.contains(&"r3".to_string()));
    assert!(realm_roles.contains(&default));
    // DELETE without a body removes all of the client's mappings.
    let r = send(
        &srv,
        Method::DELETE,
        &admin,
        &format!("{base}/clients/{app}"),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (_, clients) = token_roles(&srv, &realm, "mapped").await;
    assert!(clients.get("app").is_none(), "{clients}");
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{base}/clients/{app}/available")).await),
        ["cr"]
    );

    // 404s for the user and the client.
    let r = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/users/nope/role-mappings"),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "User not found"})).await;
    let r = srv.get(&admin, &format!("{base}/clients/nope")).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Client not found"}),
    )
    .await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/users/nope/role-mappings/realm"),
            &json!([]),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "User not found"})).await;
});

both_stores!(group_mappings_reach_members, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("map-group");
    let rep = json!({"realm": realm, "enabled": true,
        "clients": [{"clientId": "app", "publicClient": true}],
        "roles": {"realm": [{"name": "parent-role"}, {"name": "child-role"}, {"name": "extra"}],
                  "client": {"app": [{"name": "app-role"}]}},
        "groups": [{"name": "parent", "realmRoles": ["parent-role"], "clientRoles": {"app": ["app-role"]},
                    "subGroups": [{"name": "child", "realmRoles": ["child-role"]}]}],
        "users": [{"username": "kid", "enabled": true, "groups": ["/parent/child"],
                   "credentials": [{"type": "password", "value": "pw"}]}]});
    srv.create_realm(&admin, rep).await;
    let parent = group_id(&srv, &realm, "/parent").await;
    let child = group_id(&srv, &realm, "/parent/child").await;
    let app = client_uuid(&srv, &admin, &realm, "app").await;
    let groups = format!("/admin/realms/{realm}/groups");
    let default = format!("default-roles-{realm}");

    // The child group: its own role directly, the parent's through inheritance.
    let all = get_json(&srv, &admin, &format!("{groups}/{child}/role-mappings")).await;
    assert_eq!(
        all,
        json!({"realmMappings": [all["realmMappings"][0].clone()]})
    );
    assert_eq!(names(&all["realmMappings"]), ["child-role"]);
    let composite = names(
        &get_json(
            &srv,
            &admin,
            &format!("{groups}/{child}/role-mappings/realm/composite"),
        )
        .await,
    );
    assert_eq!(composite, ["child-role", "parent-role"]);
    let path = format!("{groups}/{parent}/role-mappings/clients/{app}");
    assert_eq!(names(&get_json(&srv, &admin, &path).await), ["app-role"]);
    let path = format!("{groups}/{child}/role-mappings/clients/{app}/composite");
    assert_eq!(names(&get_json(&srv, &admin, &path).await), ["app-role"]);
    let path = format!("{groups}/{child}/role-mappings/realm/available");
    assert_eq!(
        names(&get_json(&srv, &admin, &path).await),
        [
            default.clone(),
            "extra".into(),
            "offline_access".into(),
            "parent-role".into(),
            "uma_authorization".into()
        ]
    );

    // The member of the child group gets both, in /composite and in the token.
    let kid = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/users?username=kid&exact=true"),
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let users = format!("/admin/realms/{realm}/users/{kid}/role-mappings");
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{users}/realm")).await),
        [default.as_str()]
    );
    let effective = names(&get_json(&srv, &admin, &format!("{users}/realm/composite")).await);
    assert!(effective.contains(&"parent-role".into()) && effective.contains(&"child-role".into()));
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{users}/clients/{app}/composite")).await),
        ["app-role"]
    );
    let (realm_roles, clients) = token_roles(&srv, &realm, "kid").await;
    assert_eq!(realm_roles, effective);
    assert_eq!(clients["app"]["roles"], json!(["app-role"]));

    // Mapping a role to the parent reaches the member's next token; removing it takes it away.
    let extra = get_json(&srv, &admin, &format!("/admin/realms/{realm}/roles/extra")).await;
    let parent_realm = format!("{groups}/{parent}/role-mappings/realm");
    let r = srv
        .post(
            &admin,
            &parent_realm,
            &json!([{"id": extra["id"], "name": "extra"}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(token_roles(&srv, &realm, "kid")
        .await
        .0
        .contains(&"extra".to_string()));
    let roles_groups = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/roles/extra/groups"),
    )
    .await;
    assert_eq!(names(&roles_groups), ["parent"]);
    let body = json!([{"name": "extra"}, {"name": "parent-role"}]);
    let r = send(&srv, Method::DELETE, &admin, &parent_realm, Some(&body)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (realm_roles, _) = token_roles(&srv, &realm, "kid").await;
    assert!(
        !realm_roles.contains(&"extra".to_string())
            && !realm_roles.contains(&"parent-role".to_string())
    );
    assert!(realm_roles.contains(&"child-role".to_string()));
    let effective = names(&get_json(&srv, &admin, &format!("{users}/realm/composite")).await);
    assert_eq!(effective, realm_roles);
    let r = send(
        &srv,
        Method::DELETE,
        &admin,
        &format!("{groups}/{parent}/role-mappings/clients/{app}"),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(token_roles(&srv, &realm, "kid")
        .await
        .1
        .get("app")
        .is_none());

    let r = srv
        .get(&admin, &format!("{groups}/nope/role-mappings"))
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find group by id"}),
    )
    .await;
    let r = srv
        .post(
            &admin,
            &format!("{groups}/{child}/role-mappings/realm"),
            &json!([{"name": "nope"}]),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "Role not found"})).await;
});

/// The realm roles (sorted) and `resource_access` of a fresh password-grant token.
pub async fn token_roles(srv: &Srv, realm: &str, user: &str) -> (Vec<String>, Value) {
    let t = srv.password_token(realm, "admin-cli", user, "pw").await;
    let claims = support::claims(t["access_token"].as_str().unwrap());
    let mut roles: Vec<String> = claims["realm_access"]["roles"]
        .as_array()
        .map(|a| a.iter().map(|r| r.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    roles.sort();
    (
        roles,
        claims.get("resource_access").cloned().unwrap_or(json!({})),
    )
}

/// A group's id, from the store (the groups API is built elsewhere).
async fn group_id(srv: &Srv, realm: &str, path: &str) -> String {
    let mut conn = srv.state.db.conn().await.expect("conn");
    let realm = keygate_server::store::realms::by_name(&mut conn, realm)
        .await
        .unwrap()
        .expect("realm");
    let group = keygate_server::store::groups::by_path(&mut conn, &realm.id, path)
        .await
        .unwrap();
    group.expect("group").id
}
