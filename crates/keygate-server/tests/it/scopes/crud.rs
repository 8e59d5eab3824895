//! Client scopes and the realm's and clients' default and optional scopes.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{mapper, names, Fixture};
use crate::both_stores;
use crate::support::Srv;

both_stores!(scope_crud_round_trip, |srv: Srv| async move {
    let f = Fixture::new(&srv, "scope-crud").await;
    let body = json!({"name": "billing", "description": "Billing data", "protocol": "openid-connect",
        "attributes": {"include.in.token.scope": "true"},
        "protocolMappers": [mapper("tier", "oidc-hardcoded-claim-mapper",
            json!({"claim.name": "tier", "claim.value": "gold", "access.token.claim": "true"}))]});
    let r = srv.post(&f.admin, &f.path("/client-scopes"), &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let id = loc.rsplit('/').next().unwrap().to_string();
    assert_eq!(loc, srv.url(&f.path(&format!("/client-scopes/{id}"))));

    let got = f
        .expect(
            &srv,
            Method::GET,
            &format!("/client-scopes/{id}"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(got["id"], json!(id));
    assert_eq!(got["name"], "billing");
    assert_eq!(got["description"], "Billing data");
    assert_eq!(got["protocolMappers"][0]["name"], "tier");
    assert!(got["protocolMappers"][0]["id"].is_string());

    let list = f
        .expect(&srv, Method::GET, "/client-scopes", None, StatusCode::OK)
        .await;
    let all = names(&list);
    for n in [
        "billing",
        "profile",
        "email",
        "roles",
        "web-origins",
        "acr",
        "basic",
        "offline_access",
        "phone",
        "address",
        "microprofile-jwt",
    ] {
        assert!(all.contains(&n.to_string()), "{n} in {all:?}");
    }

    // An update overlays fields; mappers stay.
    f.expect(
        &srv,
        Method::PUT,
        &format!("/client-scopes/{id}"),
        Some(json!({"name": "billing2", "description": "New", "protocolMappers": []})),
        StatusCode::NO_CONTENT,
    )
    .await;
    let got = f
        .expect(
            &srv,
            Method::GET,
            &format!("/client-scopes/{id}"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(got["name"], "billing2");
    assert_eq!(got["description"], "New");
    assert_eq!(got["protocol"], "openid-connect");
    assert_eq!(got["protocolMappers"].as_array().unwrap().len(), 1);

    f.expect(
        &srv,
        Method::DELETE,
        &format!("/client-scopes/{id}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let missing = f
        .expect(
            &srv,
            Method::GET,
            &format!("/client-scopes/{id}"),
            None,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(missing["error"], "Could not find client scope");
    let missing = f
        .expect(
            &srv,
            Method::DELETE,
            &format!("/client-scopes/{id}"),
            None,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(missing["error"], "Could not find client scope");
});

both_stores!(scope_conflicts_and_bad_input, |srv: Srv| async move {
    let f = Fixture::new(&srv, "scope-bad").await;
    let dup = f
        .expect(
            &srv,
            Method::POST,
            "/client-scopes",
            Some(json!({"name": "profile", "protocol": "openid-connect"})),
            StatusCode::CONFLICT,
        )
        .await;
    assert_eq!(
        dup,
        json!({"errorMessage": "Client Scope profile already exists"})
    );

    let id = f
        .scope(&srv, json!({"name": "other", "protocol": "openid-connect"}))
        .await;
    let dup = f
        .expect(
            &srv,
            Method::PUT,
            &format!("/client-scopes/{id}"),
            Some(json!({"name": "email"})),
            StatusCode::CONFLICT,
        )
        .await;
    assert_eq!(dup["errorMessage"], "Client Scope email already exists");

    let bad = f
        .expect(
            &srv,
            Method::POST,
            "/client-scopes",
            Some(json!({"name": "a b", "protocol": "openid-connect"})),
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(
        bad["errorMessage"],
        "Unexpected name \"a b\" for ClientScope"
    );
    let bad = f
        .expect(
            &srv,
            Method::POST,
            "/client-scopes",
            Some(json!({"name": "noproto"})),
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(bad["errorMessage"], "Unexpected protocol");
    let bad = f
        .expect(
            &srv,
            Method::POST,
            "/client-scopes",
            Some(
                json!({"name": "x", "protocol": "openid-connect", "protocolMappers": [
            mapper("m", "oidc-hardcoded-claim-mapper", json!({})),
            mapper("m", "oidc-hardcoded-claim-mapper", json!({}))]}),
            ),
            StatusCode::CONFLICT,
        )
        .await;
    assert_eq!(bad["errorMessage"], "Protocol mapper exists with same name");
});

both_stores!(deleting_a_scope_in_use_is_refused, |srv: Srv| async move {
    let f = Fixture::new(&srv, "scope-inuse").await;
    let id = f
        .scope(&srv, json!({"name": "used", "protocol": "openid-connect"}))
        .await;
    f.expect(
        &srv,
        Method::PUT,
        &format!("/clients/{}/optional-client-scopes/{id}", f.app),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let r = f
        .expect(
            &srv,
            Method::DELETE,
            &format!("/client-scopes/{id}"),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(
        r,
        json!({"errorMessage": "Cannot remove client scope, it is currently in use"})
    );
    f.expect(
        &srv,
        Method::DELETE,
        &format!("/clients/{}/optional-client-scopes/{id}", f.app),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;

    // A realm default alone does not hold a scope; deleting it leaves the realm's list.
    f.expect(
        &srv,
        Method::PUT,
        &format!("/default-default-client-scopes/{id}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    f.expect(
        &srv,
        Method::DELETE,
        &format!("/client-scopes/{id}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let defaults = f
        .expect(
            &srv,
            Method::GET,
            "/default-default-client-scopes",
            None,
            StatusCode::OK,
        )
        .await;
    assert!(!names(&defaults).contains(&"used".to_string()));
    let realm = f.expect(&srv, Method::GET, "", None, StatusCode::OK).await;
    assert!(!realm["defaultDefaultClientScopes"]
        .as_array()
        .unwrap()
        .contains(&json!("used")));
});

both_stores!(
    realm_default_scopes_reach_new_clients,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "scope-realmdef").await;
        let defaults = f
            .expect(
                &srv,
                Method::GET,
                "/default-default-client-scopes",
                None,
                StatusCode::OK,
            )
            .await;
        let mut got = names(&defaults);
        got.sort();
        assert_eq!(
            got,
            ["acr", "basic", "email", "profile", "roles", "web-origins"]
        );
        assert!(defaults[0]["id"].is_string());
        assert_eq!(
            defaults[0].as_object().unwrap().len(),
            2,
            "only id and name: {}",
            defaults[0]
        );
        let optional = f
            .expect(
                &srv,
                Method::GET,
                "/default-optional-client-scopes",
                None,
                StatusCode::OK,
            )
            .await;
        let mut got = names(&optional);
        got.sort();
        assert_eq!(
            got,
            ["address", "microprofile-jwt", "offline_access", "phone"]
        );

        let id = f
            .scope(&srv, json!({"name": "house", "protocol": "openid-connect"}))
            .await;
        f.expect(
            &srv,
            Method::PUT,
            &format!("/default-default-client-scopes/{id}"),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;
        let defaults = f
            .expect(
                &srv,
                Method::GET,
                "/default-default-client-scopes",
                None,
                StatusCode::OK,
            )
            .await;
        assert!(names(&defaults).contains(&"house".to_string()));
        let r = srv
            .post(&f.admin, &f.path("/clients"), &json!({"clientId": "fresh"}))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let fresh = crate::support::location_id(&r);
        let rep = f
            .expect(
                &srv,
                Method::GET,
                &format!("/clients/{fresh}"),
                None,
                StatusCode::OK,
            )
            .await;
        assert!(rep["defaultClientScopes"]
            .as_array()
            .unwrap()
            .contains(&json!("house")));
        assert!(rep["optionalClientScopes"]
            .as_array()
            .unwrap()
            .contains(&json!("phone")));

        // Moving it to the optional list takes it out of the default one.
        f.expect(
            &srv,
            Method::PUT,
            &format!("/default-optional-client-scopes/{id}"),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;
        let defaults = f
            .expect(
                &srv,
                Method::GET,
                "/default-default-client-scopes",
                None,
                StatusCode::OK,
            )
            .await;
        assert!(!names(&defaults).contains(&"house".to_string()));
        let optional = f
            .expect(
                &srv,
                Method::GET,
                "/default-optional-client-scopes",
                None,
                StatusCode::OK,
            )
            .await;
        assert!(names(&optional).contains(&"house".to_string()));
        f.expect(
            &srv,
            Method::DELETE,
            &format!("/default-optional-client-scopes/{id}"),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;
        let optional = f
            .expect(
                &srv,
                Method::GET,
                "/default-optional-client-scopes",
                None,
                StatusCode::OK,
            )
            .await;
        assert!(!names(&optional).contains(&"house".to_string()));

        let missing = f
            .expect(
                &srv,
                Method::PUT,
                "/default-default-client-scopes/nope",
                None,
                StatusCode::NOT_FOUND,
            )
            .await;
        assert_eq!(missing["error"], "Client scope not found");
    }
);

both_stores!(
    client_scopes_stay_in_sync_with_the_representation,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "scope-client").await;
        let path = |kind: &str| format!("/clients/{}/{kind}-client-scopes", f.app);
        let defaults = f
            .expect(&srv, Method::GET, &path("default"), None, StatusCode::OK)
            .await;
        assert!(names(&defaults).contains(&"profile".to_string()));
        let id = f
            .scope(
                &srv,
                json!({"name": "extra-scope", "protocol": "openid-connect"}),
            )
            .await;

        f.expect(
            &srv,
            Method::PUT,
            &format!("{}/{id}", path("optional")),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;
        let rep = f
            .expect(
                &srv,
                Method::GET,
                &format!("/clients/{}", f.app),
                None,
                StatusCode::OK,
            )
            .await;
        assert!(rep["optionalClientScopes"]
            .as_array()
            .unwrap()
            .contains(&json!("extra-scope")));
        let optional = f
            .expect(&srv, Method::GET, &path("optional"), None, StatusCode::OK)
            .await;
        assert!(optional
            .as_array()
            .unwrap()
            .contains(&json!({"id": id, "name": "extra-scope"})));

        let profile = f.scope_id(&srv, "profile").await;
        f.expect(
            &srv,
            Method::DELETE,
            &format!("{}/{profile}", path("default")),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;
        let rep = f
            .expect(
                &srv,
                Method::GET,
                &format!("/clients/{}", f.app),
                None,
                StatusCode::OK,
            )
            .await;
        assert!(!rep["defaultClientScopes"]
            .as_array()
            .unwrap()
            .contains(&json!("profile")));

        // A rename follows into the client's lists.
        f.expect(
            &srv,
            Method::PUT,
            &format!("/client-scopes/{id}"),
            Some(json!({"name": "renamed"})),
            StatusCode::NO_CONTENT,
        )
        .await;
        let rep = f
            .expect(
                &srv,
                Method::GET,
                &format!("/clients/{}", f.app),
                None,
                StatusCode::OK,
            )
            .await;
        let optional = rep["optionalClientScopes"].as_array().unwrap();
        assert!(optional.contains(&json!("renamed")) && !optional.contains(&json!("extra-scope")));

        let missing = f
            .expect(
                &srv,
                Method::PUT,
                &format!("/clients/nope/default-client-scopes/{id}"),
                None,
                StatusCode::NOT_FOUND,
            )
            .await;
        assert_eq!(missing["error"], "Could not find client");
        let missing = f
            .expect(
                &srv,
                Method::PUT,
                &format!("{}/nope", path("default")),
                None,
                StatusCode::NOT_FOUND,
            )
            .await;
        assert_eq!(missing["error"], "Client scope not found");
    }
);

both_stores!(scope_endpoints_check_permissions, |srv: Srv| async move {
    let f = Fixture::new(&srv, "scope-perm").await;
    let user = |name: &str, roles: &[&str]| {
        json!({"username": name, "enabled": true,
        "credentials": [{"type": "password", "value": "pw"}],
        "clientRoles": {"realm-management": roles}})
    };
    for (name, roles) in [
        ("viewer", vec!["view-clients"]),
        ("querier", vec!["query-clients"]),
        ("plain", vec![]),
    ] {
        let r = srv
            .post(&f.admin, &f.path("/users"), &user(name, &roles))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let id = crate::support::location_id(&r);
        if !roles.is_empty() {
            let mgmt =
                crate::scopes::client_uuid(&srv, &f.admin, &f.realm, "realm-management").await;
            let role = f
                .expect(
                    &srv,
                    Method::GET,
                    &format!("/clients/{mgmt}/roles/{}", roles[0]),
                    None,
                    StatusCode::OK,
                )
                .await;
            f.expect(
                &srv,
                Method::POST,
                &format!("/users/{id}/role-mappings/clients/{mgmt}"),
                Some(json!([role])),
                StatusCode::NO_CONTENT,
            )
            .await;
        }
    }
    let token = |name: &'static str| {
        let srv = &srv;
        let realm = f.realm.clone();
        async move {
            srv.password_token(&realm, "admin-cli", name, "pw").await["access_token"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let viewer = token("viewer").await;
    let querier = token("querier").await;
    let plain = token("plain").await;
    let list = f.path("/client-scopes");
    let (s, body) = crate::scopes::send(&srv, &viewer, Method::GET, &list, None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(names(&body).contains(&"profile".to_string()));
    // query-clients may list but sees nothing, as in Keycloak.
    let (s, body) = crate::scopes::send(&srv, &querier, Method::GET, &list, None).await;
    assert_eq!((s, body), (StatusCode::OK, json!([])));
    let (s, _) = crate::scopes::send(
        &srv,
        &viewer,
        Method::GET,
        &f.path(&format!("/clients/{}/protocol-mappers/models", f.app)),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, body) = crate::scopes::send(
        &srv,
        &viewer,
        Method::POST,
        &list,
        Some(json!({"name": "v", "protocol": "openid-connect"})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(body, json!({"error": "HTTP 403 Forbidden"}));
    let (s, _) = crate::scopes::send(&srv, &plain, Method::GET, &list, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _): (StatusCode, Value) = crate::scopes::send(
        &srv,
        &viewer,
        Method::POST,
        &f.path(&format!("/clients/{}/scope-mappings/realm", f.app)),
        Some(json!([])),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});
