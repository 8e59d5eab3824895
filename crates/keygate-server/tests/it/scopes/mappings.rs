//! Role scope mappings of clients and client scopes, and `fullScopeAllowed=false`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{names, realm_roles, Fixture};
use crate::both_stores;
use crate::support::Srv;

async fn role(f: &Fixture, srv: &Srv, path: &str) -> Value {
    f.expect(srv, Method::GET, path, None, StatusCode::OK).await
}

both_stores!(scope_mapping_crud, |srv: Srv| async move {
    let f = Fixture::new(&srv, "map-crud").await;
    let base = format!("/clients/{}/scope-mappings", f.app);
    let extra = role(&f, &srv, "/roles/extra").await;
    let read = role(&f, &srv, &format!("/clients/{}/roles/read", f.api)).await;

    f.expect(
        &srv,
        Method::POST,
        &format!("{base}/realm"),
        Some(json!([extra])),
        StatusCode::NO_CONTENT,
    )
    .await;
    f.expect(
        &srv,
        Method::POST,
        &format!("{base}/clients/{}", f.api),
        Some(json!([{"name": "read"}])),
        StatusCode::NO_CONTENT,
    )
    .await;

    let realm = f
        .expect(
            &srv,
            Method::GET,
            &format!("{base}/realm"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&realm), ["extra"]);
    assert_eq!(realm[0]["id"], extra["id"]);
    let available = f
        .expect(
            &srv,
            Method::GET,
            &format!("{base}/realm/available"),
            None,
            StatusCode::OK,
        )
        .await;
    let available = names(&available);
    assert!(available.contains(&"base".to_string()) && !available.contains(&"extra".to_string()));
    let all = f
        .expect(&srv, Method::GET, &base, None, StatusCode::OK)
        .await;
    assert_eq!(names(&all["realmMappings"]), ["extra"]);
    assert_eq!(all["clientMappings"]["api"]["id"], json!(f.api));
    assert_eq!(all["clientMappings"]["api"]["client"], "api");
    assert_eq!(names(&all["clientMappings"]["api"]["mappings"]), ["read"]);
    let api = f
        .expect(
            &srv,
            Method::GET,
            &format!("{base}/clients/{}", f.api),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(api[0]["id"], read["id"]);
    let avail = f
        .expect(
            &srv,
            Method::GET,
            &format!("{base}/clients/{}/available", f.api),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&avail), ["write"]);

    // `app` has full scope: composite views list every role.
    let comp = f
        .expect(
            &srv,
            Method::GET,
            &format!("{base}/realm/composite"),
            None,
            StatusCode::OK,
        )
        .await;
    assert!(names(&comp).contains(&"base".to_string()));
    // A client scope's composite view expands composites of what is mapped.
    let scope = f
        .scope(&srv, json!({"name": "s", "protocol": "openid-connect"}))
        .await;
    let sbase = format!("/client-scopes/{scope}/scope-mappings");
    f.expect(
        &srv,
        Method::POST,
        &format!("{sbase}/realm"),
        Some(json!([extra])),
        StatusCode::NO_CONTENT,
    )
    .await;
    let comp = f
        .expect(
            &srv,
            Method::GET,
            &format!("{sbase}/realm/composite"),
            None,
            StatusCode::OK,
        )
        .await;
    let mut got = names(&comp);
    got.sort();
    assert_eq!(got, ["child", "extra"]);

    f.expect(
        &srv,
        Method::DELETE,
        &format!("{base}/realm"),
        Some(json!([extra])),
        StatusCode::NO_CONTENT,
    )
    .await;
    let realm = f
        .expect(
            &srv,
            Method::GET,
            &format!("{base}/realm"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(realm, json!([]));
    // An empty body removes all of a container's mappings.
    let r = srv
        .http
        .delete(srv.url(&f.path(&format!("{base}/clients/{}", f.api))))
        .bearer_auth(&f.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let all = f
        .expect(&srv, Method::GET, &base, None, StatusCode::OK)
        .await;
    assert_eq!(all, json!({}));

    let missing = f
        .expect(
            &srv,
            Method::POST,
            &format!("{base}/realm"),
            Some(json!([{"id": "nope"}])),
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(missing["error"], "Role not found");
    let missing = f
        .expect(
            &srv,
            Method::GET,
            &format!("{base}/clients/nope"),
            None,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(missing["error"], "Could not find client");
    let missing = f
        .expect(
            &srv,
            Method::GET,
            "/client-scopes/nope/scope-mappings/realm",
            None,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(missing["error"], "Could not find client scope");
});

both_stores!(full_scope_off_limits_token_roles, |srv: Srv| async move {
    let f = Fixture::with(&srv, "map-limit", json!({"fullScopeAllowed": false})).await;
    let t = f.token(&srv, None).await;
    let at = crate::support::claims(t["access_token"].as_str().unwrap());
    assert!(realm_roles(&at).is_empty(), "no realm roles in scope: {at}");
    assert!(at["resource_access"]["api"].is_null());
    assert_eq!(
        at["resource_access"]["app"]["roles"],
        json!(["own"]),
        "the client's own roles stay"
    );

    // Mapping a composite brings it and its children; a client role mapping its client.
    let extra = role(&f, &srv, "/roles/extra").await;
    let base = format!("/clients/{}/scope-mappings", f.app);
    f.expect(
        &srv,
        Method::POST,
        &format!("{base}/realm"),
        Some(json!([extra])),
        StatusCode::NO_CONTENT,
    )
    .await;
    f.expect(
        &srv,
        Method::POST,
        &format!("{base}/clients/{}", f.api),
        Some(json!([{"name": "read"}, {"name": "write"}])),
        StatusCode::NO_CONTENT,
    )
    .await;
    let t = f.token(&srv, None).await;
    let at = crate::support::claims(t["access_token"].as_str().unwrap());
    let mut roles = realm_roles(&at);
    roles.sort();
    assert_eq!(roles, ["child", "extra"]);
    assert_eq!(
        at["resource_access"]["api"]["roles"],
        json!(["read"]),
        "only roles the user has"
    );
    assert_eq!(at["aud"], "api");
    let comp = f
        .expect(
            &srv,
            Method::GET,
            &format!("{base}/realm/composite"),
            None,
            StatusCode::OK,
        )
        .await;
    let mut got = names(&comp);
    got.sort();
    assert_eq!(got, ["child", "extra"]);
});

both_stores!(
    client_scope_role_mappings_apply_with_the_scope,
    |srv: Srv| async move {
        let f = Fixture::with(&srv, "map-scope", json!({"fullScopeAllowed": false})).await;
        let scope = f
            .scope(
                &srv,
                json!({"name": "basic-role", "protocol": "openid-connect"}),
            )
            .await;
        let base_role = role(&f, &srv, "/roles/base").await;
        f.expect(
            &srv,
            Method::POST,
            &format!("/client-scopes/{scope}/scope-mappings/realm"),
            Some(json!([base_role])),
            StatusCode::NO_CONTENT,
        )
        .await;
        f.expect(
            &srv,
            Method::PUT,
            &format!("/clients/{}/optional-client-scopes/{scope}", f.app),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;

        let t = f.token(&srv, None).await;
        let at = crate::support::claims(t["access_token"].as_str().unwrap());
        assert!(realm_roles(&at).is_empty());
        let t = f.token(&srv, Some("basic-role")).await;
        let at = crate::support::claims(t["access_token"].as_str().unwrap());
        assert_eq!(realm_roles(&at), ["base"]);

        // offline_access comes with Keycloak's offline_access scope, which maps that role.
        let offline = f.scope_id(&srv, "offline_access").await;
        let mapped = f
            .expect(
                &srv,
                Method::GET,
                &format!("/client-scopes/{offline}/scope-mappings/realm"),
                None,
                StatusCode::OK,
            )
            .await;
        assert_eq!(names(&mapped), ["offline_access"]);
    }
);

both_stores!(
    import_lands_scopes_mappers_and_mappings,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = crate::support::realm_name("map-import");
        let rep = json!({"realm": realm, "enabled": true,
        "clientScopes": [
            {"name": "profile", "protocol": "openid-connect", "protocolMappers": [
                {"name": "username", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-attribute-mapper",
                 "config": {"user.attribute": "username", "claim.name": "preferred_username", "access.token.claim": "true"}}]},
            {"name": "roles", "protocol": "openid-connect", "protocolMappers": [
                {"name": "realm roles", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-realm-role-mapper",
                 "config": {"claim.name": "realm_access.roles", "multivalued": "true", "access.token.claim": "true"}}]},
            {"name": "team", "protocol": "openid-connect"}],
        "defaultDefaultClientScopes": ["profile", "roles", "team"],
        "defaultOptionalClientScopes": [],
        "clients": [{"clientId": "app", "publicClient": true, "directAccessGrantsEnabled": true,
            "fullScopeAllowed": false,
            "protocolMappers": [{"name": "k", "protocol": "openid-connect", "protocolMapper": "oidc-hardcoded-claim-mapper",
                "config": {"claim.name": "kind", "claim.value": "imported", "access.token.claim": "true"}}]}],
        "roles": {"realm": [{"name": "r1"}, {"name": "r2"}, {"name": "r3"}]},
        "scopeMappings": [{"client": "app", "roles": ["r1"]}, {"clientScope": "team", "roles": ["r2"]}],
        "users": [{"username": "bob", "enabled": true, "credentials": [{"type": "password", "value": "pw"}],
                   "realmRoles": ["r1", "r2", "r3"]}]});
        srv.create_realm(&admin, rep).await;
        let app = crate::scopes::client_uuid(&srv, &admin, &realm, "app").await;
        let (s, mapped) = crate::scopes::send(
            &srv,
            &admin,
            Method::GET,
            &format!("/admin/realms/{realm}/clients/{app}/scope-mappings/realm"),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(names(&mapped), ["r1"]);
        let (_, defaults) = crate::scopes::send(
            &srv,
            &admin,
            Method::GET,
            &format!("/admin/realms/{realm}/clients/{app}/default-client-scopes"),
            None,
        )
        .await;
        let mut got = names(&defaults);
        got.sort();
        assert_eq!(got, ["profile", "roles", "team"]);

        let t = srv.password_token(&realm, "app", "bob", "pw").await;
        let at = crate::support::claims(t["access_token"].as_str().unwrap());
        let mut roles = realm_roles(&at);
        roles.sort();
        assert_eq!(
            roles,
            ["r1", "r2"],
            "client and team scope mappings, not r3"
        );
        assert_eq!(at["kind"], "imported");
        assert_eq!(at["preferred_username"], "bob");
        assert!(at["email"].is_null(), "no email scope in this realm");
    }
);

both_stores!(
    a_scope_with_role_mappings_needs_one_of_its_roles,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "map-permit").await;
        let scope = f
            .scope(
                &srv,
                json!({"name": "vip", "protocol": "openid-connect",
        "protocolMappers": [crate::scopes::mapper("vip", "oidc-hardcoded-claim-mapper",
            json!({"claim.name": "vip", "claim.value": "yes", "access.token.claim": "true"}))]}),
            )
            .await;
        f.expect(
            &srv,
            Method::PUT,
            &format!("/clients/{}/optional-client-scopes/{scope}", f.app),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;
        f.expect(
            &srv,
            Method::POST,
            &format!("/client-scopes/{scope}/scope-mappings/clients/{}", f.api),
            Some(json!([{"name": "write"}])),
            StatusCode::NO_CONTENT,
        )
        .await;

        // alice lacks api's `write`: the scope is left out, mappers and `scope` claim alike.
        let t = f.token(&srv, Some("vip")).await;
        let at = crate::support::claims(t["access_token"].as_str().unwrap());
        assert!(at["vip"].is_null());
        assert!(!at["scope"].as_str().unwrap().contains("vip"));

        let users = f
            .expect(
                &srv,
                Method::GET,
                "/users?username=alice&exact=true",
                None,
                StatusCode::OK,
            )
            .await;
        let alice = users[0]["id"].as_str().unwrap().to_string();
        f.expect(
            &srv,
            Method::POST,
            &format!("/users/{alice}/role-mappings/clients/{}", f.api),
            Some(json!([{"name": "write"}])),
            StatusCode::NO_CONTENT,
        )
        .await;
        let t = f.token(&srv, Some("vip")).await;
        let at = crate::support::claims(t["access_token"].as_str().unwrap());
        assert_eq!(at["vip"], "yes");
        assert!(at["scope"].as_str().unwrap().split(' ').any(|s| s == "vip"));
    }
);
