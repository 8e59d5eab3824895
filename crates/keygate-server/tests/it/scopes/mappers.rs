//! Protocol mappers of clients and client scopes: the admin API.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{mapper, names, Fixture};
use crate::both_stores;
use crate::support::Srv;

both_stores!(client_mapper_crud, |srv: Srv| async move {
    let f = Fixture::new(&srv, "mapper-client").await;
    let base = f.path(&format!("/clients/{}/protocol-mappers", f.app));
    let m = mapper(
        "dept",
        "oidc-hardcoded-claim-mapper",
        json!({"claim.name": "dept", "claim.value": "r&d", "access.token.claim": "true"}),
    );
    let r = srv.post(&f.admin, &format!("{base}/models"), &m).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let id = loc.rsplit('/').next().unwrap().to_string();
    assert_eq!(loc, srv.url(&format!("{base}/models/{id}")));
    let rest = |s: &str| format!("/clients/{}/protocol-mappers{s}", f.app);

    let got = f
        .expect(
            &srv,
            Method::GET,
            &rest(&format!("/models/{id}")),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(got["id"], json!(id));
    assert_eq!(got["protocolMapper"], "oidc-hardcoded-claim-mapper");
    assert_eq!(got["config"]["claim.value"], "r&d");
    let dup = f
        .expect(
            &srv,
            Method::POST,
            &rest("/models"),
            Some(m.clone()),
            StatusCode::CONFLICT,
        )
        .await;
    assert_eq!(
        dup,
        json!({"errorMessage": "Protocol mapper exists with same name"})
    );

    let mut changed = m.clone();
    changed["config"]["claim.value"] = json!("ops");
    f.expect(
        &srv,
        Method::PUT,
        &rest(&format!("/models/{id}")),
        Some(changed),
        StatusCode::NO_CONTENT,
    )
    .await;
    let got = f
        .expect(
            &srv,
            Method::GET,
            &rest(&format!("/models/{id}")),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(got["config"]["claim.value"], "ops");
    assert_eq!(got["id"], json!(id));

    // The client representation carries the mapper too.
    let client = f
        .expect(
            &srv,
            Method::GET,
            &format!("/clients/{}", f.app),
            None,
            StatusCode::OK,
        )
        .await;
    assert!(names(&client["protocolMappers"]).contains(&"dept".to_string()));

    let oidc = f
        .expect(
            &srv,
            Method::GET,
            &rest("/protocol/openid-connect"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&oidc), ["dept"]);
    let saml = f
        .expect(
            &srv,
            Method::GET,
            &rest("/protocol/saml"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(saml, json!([]));

    f.expect(
        &srv,
        Method::DELETE,
        &rest(&format!("/models/{id}")),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let gone = f
        .expect(
            &srv,
            Method::GET,
            &rest(&format!("/models/{id}")),
            None,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(gone["error"], "Model not found");
    let gone = f
        .expect(
            &srv,
            Method::DELETE,
            &rest(&format!("/models/{id}")),
            None,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(gone["error"], "Model not found");
    let list = f
        .expect(&srv, Method::GET, &rest("/models"), None, StatusCode::OK)
        .await;
    assert_eq!(list, json!([]));
    let missing = f
        .expect(
            &srv,
            Method::GET,
            "/clients/nope/protocol-mappers/models",
            None,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(missing["error"], "Could not find client");
});

both_stores!(scope_mapper_crud_and_add_models, |srv: Srv| async move {
    let f = Fixture::new(&srv, "mapper-scope").await;
    let id = f
        .scope(
            &srv,
            json!({"name": "extras", "protocol": "openid-connect"}),
        )
        .await;
    let rest = |s: &str| format!("/client-scopes/{id}/protocol-mappers{s}");
    let many = json!([
        mapper(
            "a",
            "oidc-hardcoded-claim-mapper",
            json!({"claim.name": "a", "claim.value": "1"})
        ),
        mapper(
            "b",
            "oidc-hardcoded-claim-mapper",
            json!({"claim.name": "b", "claim.value": "2"})
        ),
    ]);
    f.expect(
        &srv,
        Method::POST,
        &rest("/add-models"),
        Some(many),
        StatusCode::NO_CONTENT,
    )
    .await;
    let list = f
        .expect(&srv, Method::GET, &rest("/models"), None, StatusCode::OK)
        .await;
    assert_eq!(names(&list), ["a", "b"]);
    let scope = f
        .expect(
            &srv,
            Method::GET,
            &format!("/client-scopes/{id}"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&scope["protocolMappers"]), ["a", "b"]);

    let again = json!([
        mapper("c", "oidc-hardcoded-claim-mapper", json!({})),
        mapper("a", "oidc-hardcoded-claim-mapper", json!({}))
    ]);
    f.expect(
        &srv,
        Method::POST,
        &rest("/add-models"),
        Some(again),
        StatusCode::CONFLICT,
    )
    .await;
    let list = f
        .expect(&srv, Method::GET, &rest("/models"), None, StatusCode::OK)
        .await;
    assert_eq!(names(&list), ["a", "b"], "a failed batch writes nothing");

    // Renaming onto another mapper's name is a conflict.
    let b = list[1]["id"].as_str().unwrap().to_string();
    let dup = f
        .expect(
            &srv,
            Method::PUT,
            &rest(&format!("/models/{b}")),
            Some(mapper("a", "oidc-hardcoded-claim-mapper", json!({}))),
            StatusCode::CONFLICT,
        )
        .await;
    assert_eq!(dup["errorMessage"], "Protocol mapper exists with same name");

    let r = srv
        .post(
            &f.admin,
            &f.path(&rest("/models")),
            &mapper("d", "oidc-hardcoded-claim-mapper", json!({})),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains(&format!("/client-scopes/{id}/protocol-mappers/models/")));
    let missing = f
        .expect(
            &srv,
            Method::GET,
            "/client-scopes/nope/protocol-mappers/models",
            None,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert_eq!(missing["error"], "Could not find client scope");
});

both_stores!(
    built_in_scopes_have_keycloaks_mappers,
    |srv: Srv| async move {
        let f = Fixture::new(&srv, "mapper-builtin").await;
        let profile = f.scope_id(&srv, "profile").await;
        let scope = f
            .expect(
                &srv,
                Method::GET,
                &format!("/client-scopes/{profile}"),
                None,
                StatusCode::OK,
            )
            .await;
        let mut got = names(&scope["protocolMappers"]);
        got.sort();
        let mut want = [
            "full name",
            "family name",
            "given name",
            "middle name",
            "nickname",
            "username",
            "profile",
            "picture",
            "website",
            "gender",
            "birthdate",
            "zoneinfo",
            "locale",
            "updated at",
        ];
        want.sort();
        assert_eq!(got, want);
        assert_eq!(
            scope["attributes"]["consent.screen.text"],
            "${profileScopeConsentText}"
        );
        let basic = f.scope_id(&srv, "basic").await;
        let scope = f
            .expect(
                &srv,
                Method::GET,
                &format!("/client-scopes/{basic}"),
                None,
                StatusCode::OK,
            )
            .await;
        let mut got = names(&scope["protocolMappers"]);
        got.sort();
        assert_eq!(got, ["auth_time", "sub"]);
        assert_eq!(scope["attributes"]["include.in.token.scope"], "false");
        let roles = f.scope_id(&srv, "roles").await;
        let scope = f
            .expect(
                &srv,
                Method::GET,
                &format!("/client-scopes/{roles}/protocol-mappers/models"),
                None,
                StatusCode::OK,
            )
            .await;
        let realm_roles = scope
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "realm roles")
            .unwrap();
        assert_eq!(realm_roles["config"]["claim.name"], "realm_access.roles");
        assert_eq!(realm_roles["config"]["multivalued"], "true");
    }
);
