//! Changes reaching the next token: mapper edits, deleted roles and scopes, and the
//! client-credentials grant obeying the same mappers and scope rules.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{mapper, names, realm_roles, Fixture};
use crate::both_stores;
use crate::support::{claims, Srv};

both_stores!(mapper_edits_reach_the_next_token, |srv: Srv| async move {
    let f = Fixture::new(&srv, "eff-edit").await;
    let profile = f.scope_id(&srv, "profile").await;
    let models = format!("/client-scopes/{profile}/protocol-mappers/models");
    let list = f
        .expect(&srv, Method::GET, &models, None, StatusCode::OK)
        .await;
    let username = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "username")
        .unwrap()
        .clone();
    let id = username["id"].as_str().unwrap().to_string();

    let mut changed = username.clone();
    changed["config"]["claim.name"] = json!("login");
    f.expect(
        &srv,
        Method::PUT,
        &format!("{models}/{id}"),
        Some(changed),
        StatusCode::NO_CONTENT,
    )
    .await;
    let (at, id_token, info) = f.all_claims(&srv, "openid").await;
    assert!(at["preferred_username"].is_null());
    assert_eq!(at["login"], "alice");
    assert_eq!(id_token["login"], "alice");
    assert_eq!(info["login"], "alice");

    f.expect(
        &srv,
        Method::DELETE,
        &format!("{models}/{id}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let (at, _, _) = f.all_claims(&srv, "openid").await;
    assert!(at["login"].is_null() && at["preferred_username"].is_null());
    assert_eq!(at["given_name"], "Alice", "the scope's other mappers stay");
});

both_stores!(address_and_full_name_mappers, |srv: Srv| async move {
    let f = Fixture::new(&srv, "eff-address").await;
    let models = format!("/clients/{}/protocol-mappers/models", f.app);
    let m = mapper(
        "addr",
        "oidc-address-mapper",
        json!({"user.attribute.street": "colors",
        "user.attribute.postal_code": "level", "access.token.claim": "true", "userinfo.token.claim": "true"}),
    );
    f.expect(&srv, Method::POST, &models, Some(m), StatusCode::CREATED)
        .await;
    let m = mapper(
        "fn",
        "oidc-full-name-mapper",
        json!({"id.token.claim": "true", "access.token.claim": "false"}),
    );
    f.expect(&srv, Method::POST, &models, Some(m), StatusCode::CREATED)
        .await;
    let profile = f.scope_id(&srv, "profile").await;
    f.expect(
        &srv,
        Method::DELETE,
        &format!("/clients/{}/default-client-scopes/{profile}", f.app),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;

    let (at, id, info) = f.all_claims(&srv, "openid").await;
    assert_eq!(
        at["address"],
        json!({"street_address": "red", "postal_code": "7"})
    );
    assert_eq!(info["address"], at["address"]);
    assert!(id["address"].is_null());
    assert!(at["name"].is_null());
    assert_eq!(id["name"], "Alice Liddell");
});

both_stores!(
    deleted_roles_and_scopes_leave_no_mappings,
    |srv: Srv| async move {
        let f = Fixture::with(&srv, "eff-delete", json!({"fullScopeAllowed": false})).await;
        let r = srv
            .post(&f.admin, &f.path("/roles"), &json!({"name": "temp"}))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let temp = f
            .expect(&srv, Method::GET, "/roles/temp", None, StatusCode::OK)
            .await;
        let base = f
            .expect(&srv, Method::GET, "/roles/base", None, StatusCode::OK)
            .await;
        let mappings = format!("/clients/{}/scope-mappings/realm", f.app);
        f.expect(
            &srv,
            Method::POST,
            &mappings,
            Some(json!([temp, base])),
            StatusCode::NO_CONTENT,
        )
        .await;
        f.expect(
            &srv,
            Method::DELETE,
            "/roles/temp",
            None,
            StatusCode::NO_CONTENT,
        )
        .await;
        let mapped = f
            .expect(&srv, Method::GET, &mappings, None, StatusCode::OK)
            .await;
        assert_eq!(names(&mapped), ["base"]);

        let scope = f
            .scope(&srv, json!({"name": "gone", "protocol": "openid-connect"}))
            .await;
        let sm = format!("/client-scopes/{scope}/scope-mappings/realm");
        f.expect(
            &srv,
            Method::POST,
            &sm,
            Some(json!([base])),
            StatusCode::NO_CONTENT,
        )
        .await;
        f.expect(
            &srv,
            Method::DELETE,
            &format!("/client-scopes/{scope}"),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;
        let again = f
            .scope(
                &srv,
                json!({"id": scope, "name": "gone", "protocol": "openid-connect"}),
            )
            .await;
        assert_eq!(again, scope, "a given id is kept");
        let mapped = f.expect(&srv, Method::GET, &sm, None, StatusCode::OK).await;
        assert_eq!(mapped, json!([]), "the old scope's mappings went with it");

        let t = f.token(&srv, None).await;
        assert_eq!(
            realm_roles(&claims(t["access_token"].as_str().unwrap())),
            ["base"]
        );
    }
);

both_stores!(
    client_credentials_tokens_obey_mappers_and_scope,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "eff-service").await;
        let svc = srv.create_client(&f.admin, &f.realm, "svc", "secret").await;
        f.expect(
            &srv,
            Method::PUT,
            &format!("/clients/{svc}"),
            Some(json!({"fullScopeAllowed": false})),
            StatusCode::NO_CONTENT,
        )
        .await;
        let m = mapper(
            "k",
            "oidc-hardcoded-claim-mapper",
            json!({"claim.name": "kind", "claim.value": "machine", "access.token.claim": "true"}),
        );
        f.expect(
            &srv,
            Method::POST,
            &format!("/clients/{svc}/protocol-mappers/models"),
            Some(m),
            StatusCode::CREATED,
        )
        .await;
        // The service account holds `base` and `extra`; only `base` is in scope.
        let user = f
            .expect(
                &srv,
                Method::GET,
                &format!("/clients/{svc}/service-account-user"),
                None,
                StatusCode::OK,
            )
            .await;
        let uid = user["id"].as_str().unwrap();
        let base = f
            .expect(&srv, Method::GET, "/roles/base", None, StatusCode::OK)
            .await;
        let extra = f
            .expect(&srv, Method::GET, "/roles/extra", None, StatusCode::OK)
            .await;
        f.expect(
            &srv,
            Method::POST,
            &format!("/users/{uid}/role-mappings/realm"),
            Some(json!([base, extra])),
            StatusCode::NO_CONTENT,
        )
        .await;
        f.expect(
            &srv,
            Method::POST,
            &format!("/clients/{svc}/scope-mappings/realm"),
            Some(json!([base])),
            StatusCode::NO_CONTENT,
        )
        .await;

        let r = srv
            .oidc_form(
                &f.realm,
                "token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", "svc"),
                    ("client_secret", "secret"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let t: Value = r.json().await.unwrap();
        let at = claims(t["access_token"].as_str().unwrap());
        assert_eq!(at["kind"], "machine");
        assert_eq!(realm_roles(&at), ["base"]);
        assert_eq!(at["preferred_username"], "service-account-svc");
        assert!(at["auth_time"].is_null(), "no session, no auth_time");
    }
);

both_stores!(
    service_account_scope_follows_the_service_account,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "eff-sascope").await;
        let svc = srv.create_client(&f.admin, &f.realm, "svc", "secret").await;
        let defaults = format!("/clients/{svc}/default-client-scopes");
        let has = |list: &Value| names(list).contains(&"service_account".to_string());
        assert!(has(&f
            .expect(&srv, Method::GET, &defaults, None, StatusCode::OK)
            .await));
        let r = srv
            .oidc_form(
                &f.realm,
                "token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", "svc"),
                    ("client_secret", "secret"),
                ],
            )
            .await;
        let t: Value = r.json().await.unwrap();
        assert_eq!(
            claims(t["access_token"].as_str().unwrap())["client_id"],
            "svc"
        );
        // Users' tokens through the same client carry no client_id claim.
        let (at, _, _) = f.all_claims(&srv, "openid").await;
        assert!(at["client_id"].is_null());

        f.expect(
            &srv,
            Method::PUT,
            &format!("/clients/{svc}"),
            Some(json!({"serviceAccountsEnabled": false})),
            StatusCode::NO_CONTENT,
        )
        .await;
        assert!(!has(&f
            .expect(&srv, Method::GET, &defaults, None, StatusCode::OK)
            .await));
        f.expect(
            &srv,
            Method::PUT,
            &format!("/clients/{svc}"),
            Some(json!({"serviceAccountsEnabled": true})),
            StatusCode::NO_CONTENT,
        )
        .await;
        assert!(has(&f
            .expect(&srv, Method::GET, &defaults, None, StatusCode::OK)
            .await));
        // `app` has no service account and never gets the scope.
        let app = f
            .expect(
                &srv,
                Method::GET,
                &format!("/clients/{}/default-client-scopes", f.app),
                None,
                StatusCode::OK,
            )
            .await;
        assert!(!has(&app));
    }
);

both_stores!(
    web_origins_plus_resolves_redirect_origins,
    |srv: Srv| async move {
        let f = Fixture::with(&srv, "eff-origins", json!({"webOrigins": ["+", "https://extra.example"],
        "redirectUris": ["https://app.example:8443/cb/*", "http://localhost:3000/x", "/relative/*"]})).await;
        let (at, id, _) = f.all_claims(&srv, "openid").await;
        assert_eq!(
            at["allowed-origins"],
            json!([
                "https://app.example:8443",
                "http://localhost:3000",
                "https://extra.example"
            ])
        );
        assert!(id["allowed-origins"].is_null());
    }
);
