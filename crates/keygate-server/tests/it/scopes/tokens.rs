//! What mappers put in the access token, the id token and userinfo, and how the client's
//! default and optional scopes decide which mappers run.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{mapper, realm_roles, Fixture};
use crate::both_stores;
use crate::support::Srv;

/// Adds a mapper to `app` directly.
async fn add(f: &Fixture, srv: &Srv, m: Value) {
    f.expect(
        srv,
        Method::POST,
        &format!("/clients/{}/protocol-mappers/models", f.app),
        Some(m),
        StatusCode::CREATED,
    )
    .await;
}

fn tokens(access: bool, id: bool, userinfo: bool) -> Value {
    json!({"access.token.claim": access.to_string(), "id.token.claim": id.to_string(),
           "userinfo.token.claim": userinfo.to_string()})
}

fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

both_stores!(
    hardcoded_claim_obeys_token_flags_and_nesting,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "tok-hard").await;
        add(&f, &srv, mapper("n", "oidc-hardcoded-claim-mapper", with(tokens(true, false, false),
        json!({"claim.name": "org.dept\\.id", "claim.value": "42", "jsonType.label": "long"})))).await;
        add(&f, &srv, mapper("j", "oidc-hardcoded-claim-mapper", with(tokens(false, true, true),
        json!({"claim.name": "cfg", "claim.value": "{\"a\":[1,2]}", "jsonType.label": "JSON"})))).await;
        add(&f, &srv, mapper("b", "oidc-hardcoded-claim-mapper", with(tokens(true, true, true),
        json!({"claim.name": "flag", "claim.value": "true", "jsonType.label": "boolean"})))).await;
        let (at, id, info) = f.all_claims(&srv, "openid").await;
        assert_eq!(at["org"], json!({"dept.id": 42}));
        assert!(id["org"].is_null() && info["org"].is_null());
        assert_eq!(id["cfg"], json!({"a": [1, 2]}));
        assert_eq!(info["cfg"], json!({"a": [1, 2]}));
        assert!(at["cfg"].is_null());
        assert_eq!(
            (at["flag"].clone(), id["flag"].clone(), info["flag"].clone()),
            (json!(true), json!(true), json!(true))
        );
    }
);

both_stores!(
    userinfo_flag_defaults_to_the_id_token_flag,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "tok-uidef").await;
        add(
            &f,
            &srv,
            mapper(
                "x",
                "oidc-hardcoded-claim-mapper",
                json!({"claim.name": "x", "claim.value": "v", "id.token.claim": "true"}),
            ),
        )
        .await;
        let (at, id, info) = f.all_claims(&srv, "openid").await;
        assert!(at["x"].is_null());
        assert_eq!(id["x"], "v");
        assert_eq!(info["x"], "v");
    }
);

both_stores!(user_attribute_and_property_mappers, |srv: Srv| async move {
    let f = Fixture::new(&srv, "tok-attr").await;
    let all = tokens(true, true, true);
    add(
        &f,
        &srv,
        mapper(
            "colors",
            "oidc-usermodel-attribute-mapper",
            with(
                all.clone(),
                json!({"user.attribute": "colors", "claim.name": "colors", "multivalued": "true"}),
            ),
        ),
    )
    .await;
    add(
        &f,
        &srv,
        mapper(
            "color",
            "oidc-usermodel-attribute-mapper",
            with(
                all.clone(),
                json!({"user.attribute": "colors", "claim.name": "favourite"}),
            ),
        ),
    )
    .await;
    add(
        &f,
        &srv,
        mapper(
            "level",
            "oidc-usermodel-attribute-mapper",
            with(
                all.clone(),
                json!({"user.attribute": "level", "claim.name": "lvl", "jsonType.label": "int"}),
            ),
        ),
    )
    .await;
    add(
        &f,
        &srv,
        mapper(
            "none",
            "oidc-usermodel-attribute-mapper",
            with(
                all.clone(),
                json!({"user.attribute": "missing", "claim.name": "nothing"}),
            ),
        ),
    )
    .await;
    add(
        &f,
        &srv,
        mapper(
            "uid",
            "oidc-usermodel-property-mapper",
            with(
                all.clone(),
                json!({"user.attribute": "id", "claim.name": "uid"}),
            ),
        ),
    )
    .await;
    add(&f, &srv, mapper("ev", "oidc-usermodel-property-mapper", with(all.clone(),
        json!({"user.attribute": "emailVerified", "claim.name": "ev", "jsonType.label": "boolean"})))).await;
    let (at, id, info) = f.all_claims(&srv, "openid").await;
    for c in [&at, &id, &info] {
        assert_eq!(c["colors"], json!(["red", "blue"]));
        assert_eq!(c["favourite"], "red");
        assert_eq!(c["lvl"], 7);
        assert!(c.get("nothing").is_none());
        assert_eq!(c["uid"], at["sub"]);
        assert_eq!(c["ev"], true);
    }
});

both_stores!(
    role_mappers_prefix_and_client_filter,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "tok-roles").await;
        add(
            &f,
            &srv,
            mapper(
                "rr",
                "oidc-usermodel-realm-role-mapper",
                with(
                    tokens(true, true, false),
                    json!({"claim.name": "my.roles", "multivalued": "true",
               "usermodel.realmRoleMapping.rolePrefix": "r_"}),
                ),
            ),
        )
        .await;
        add(
            &f,
            &srv,
            mapper(
                "cr",
                "oidc-usermodel-client-role-mapper",
                with(
                    tokens(true, false, false),
                    json!({"claim.name": "api_roles", "multivalued": "true",
               "usermodel.clientRoleMapping.clientId": "api"}),
                ),
            ),
        )
        .await;
        let (at, id, _) = f.all_claims(&srv, "openid").await;
        let mine = at["my"]["roles"].as_array().unwrap();
        for r in ["r_base", "r_extra", "r_child"] {
            assert!(mine.contains(&json!(r)), "{r} in {mine:?}");
        }
        assert_eq!(id["my"], at["my"]);
        assert_eq!(at["api_roles"], json!(["read"]));
        // The roles scope's own mappers keep Keycloak's shape alongside.
        assert!(realm_roles(&at).contains(&"base".to_string()));
        assert_eq!(at["resource_access"]["api"]["roles"], json!(["read"]));
        assert_eq!(at["resource_access"]["app"]["roles"], json!(["own"]));
        assert!(id["realm_access"].is_null());
    }
);

both_stores!(group_membership_mapper_paths, |srv: Srv| async move {
    let f = Fixture::new(&srv, "tok-groups").await;
    add(
        &f,
        &srv,
        mapper(
            "full",
            "oidc-group-membership-mapper",
            with(
                tokens(true, true, true),
                json!({"claim.name": "groups_full", "full.path": "true"}),
            ),
        ),
    )
    .await;
    add(
        &f,
        &srv,
        mapper(
            "short",
            "oidc-group-membership-mapper",
            with(
                tokens(true, false, false),
                json!({"claim.name": "groups_short", "full.path": "false"}),
            ),
        ),
    )
    .await;
    let (at, id, info) = f.all_claims(&srv, "openid").await;
    assert_eq!(at["groups_full"], json!(["/team/dev"]));
    assert_eq!(id["groups_full"], json!(["/team/dev"]));
    assert_eq!(info["groups_full"], json!(["/team/dev"]));
    assert_eq!(at["groups_short"], json!(["dev"]));
});

both_stores!(audience_and_hardcoded_role_mappers, |srv: Srv| async move {
    let f = Fixture::new(&srv, "tok-aud").await;
    add(
        &f,
        &srv,
        mapper(
            "aud",
            "oidc-audience-mapper",
            json!({"included.client.audience": "api",
        "access.token.claim": "true", "id.token.claim": "true"}),
        ),
    )
    .await;
    add(
        &f,
        &srv,
        mapper(
            "aud2",
            "oidc-audience-mapper",
            json!({"included.custom.audience": "https://api.example",
        "access.token.claim": "true"}),
        ),
    )
    .await;
    add(
        &f,
        &srv,
        mapper(
            "hard",
            "oidc-hardcoded-role-mapper",
            json!({"role": "granted"}),
        ),
    )
    .await;
    add(
        &f,
        &srv,
        mapper(
            "hardc",
            "oidc-hardcoded-role-mapper",
            json!({"role": "api.write"}),
        ),
    )
    .await;
    let (at, id, _) = f.all_claims(&srv, "openid").await;
    let aud = at["aud"].as_array().unwrap();
    assert!(
        aud.contains(&json!("api")) && aud.contains(&json!("https://api.example")),
        "{aud:?}"
    );
    assert_eq!(id["aud"], json!(["app", "api"]));
    assert!(realm_roles(&at).contains(&"granted".to_string()));
    let api = at["resource_access"]["api"]["roles"].as_array().unwrap();
    assert!(api.contains(&json!("write")) && api.contains(&json!("read")));
});

both_stores!(
    default_scopes_decide_the_builtin_claims,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "tok-defaults").await;
        let (at, id, info) = f.all_claims(&srv, "openid").await;
        assert_eq!(at["preferred_username"], "alice");
        assert_eq!(at["name"], "Alice Liddell");
        assert_eq!(at["email_verified"], true);
        assert_eq!(at["acr"], "1");
        assert!(at["auth_time"].is_i64() && id["auth_time"].is_i64());
        assert!(info["auth_time"].is_null());
        assert_eq!(at["allowed-origins"], json!(["https://app.example"]));
        assert!(id["allowed-origins"].is_null());
        // Imported with explicit realm roles, alice has no default roles: only `api`'s.
        assert_eq!(
            at["aud"], "api",
            "audience resolve adds clients whose roles the token has"
        );
        assert_eq!(info["email"], "alice@example.com");
        let scope = at["scope"].as_str().unwrap();
        assert!(scope.contains("openid") && scope.contains("profile") && scope.contains("email"));
        assert!(!scope.contains("roles") && !scope.contains("basic"));

        // Without the profile and roles scopes their claims go.
        for name in ["profile", "roles"] {
            let id = f.scope_id(&srv, name).await;
            f.expect(
                &srv,
                Method::DELETE,
                &format!("/clients/{}/default-client-scopes/{id}", f.app),
                None,
                StatusCode::NO_CONTENT,
            )
            .await;
        }
        let (at, id, info) = f.all_claims(&srv, "openid").await;
        assert!(at["preferred_username"].is_null() && at["name"].is_null());
        assert!(id["given_name"].is_null() && info["preferred_username"].is_null());
        assert!(
            at["realm_access"].is_null() && at["resource_access"].is_null() && at["aud"].is_null()
        );
        assert_eq!(at["email"], "alice@example.com");
        assert_eq!(info["email"], "alice@example.com");
    }
);

both_stores!(
    optional_scopes_apply_only_when_requested,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "tok-optional").await;
        let id = f
            .scope(
                &srv,
                json!({"name": "tier", "protocol": "openid-connect",
        "attributes": {"include.in.token.scope": "true"},
        "protocolMappers": [mapper("tier", "oidc-hardcoded-claim-mapper",
            json!({"claim.name": "tier", "claim.value": "gold", "access.token.claim": "true",
                   "userinfo.token.claim": "true"}))]}),
            )
            .await;
        f.expect(
            &srv,
            Method::PUT,
            &format!("/clients/{}/optional-client-scopes/{id}", f.app),
            None,
            StatusCode::NO_CONTENT,
        )
        .await;

        let (at, _, info) = f.all_claims(&srv, "openid").await;
        assert!(at["tier"].is_null() && at["phone_number"].is_null() && info["tier"].is_null());
        assert!(!at["scope"].as_str().unwrap().contains("tier"));

        let (at, _, info) = f
            .all_claims(&srv, "openid tier phone microprofile-jwt")
            .await;
        assert_eq!(at["tier"], "gold");
        assert_eq!(info["tier"], "gold");
        assert_eq!(at["phone_number"], "+123");
        assert_eq!(info["phone_number"], "+123");
        assert_eq!(at["upn"], "alice");
        assert!(info["groups"].as_array().unwrap().contains(&json!("base")));
        let scope = at["scope"].as_str().unwrap();
        for s in ["tier", "phone", "microprofile-jwt"] {
            assert!(scope.split(' ').any(|x| x == s), "{s} in {scope}");
        }
        // The same scopes carry over on refresh.
        let t = f.token(&srv, Some("openid tier")).await;
        let r = srv
            .oidc_form(
                &f.realm,
                "token",
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", "app"),
                    ("refresh_token", t["refresh_token"].as_str().unwrap()),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let t: Value = r.json().await.unwrap();
        assert_eq!(
            crate::support::claims(t["access_token"].as_str().unwrap())["tier"],
            "gold"
        );
    }
);
