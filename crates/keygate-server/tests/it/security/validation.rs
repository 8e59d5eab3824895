//! Validation and error shapes (issue 12, item 10): realm names that break URLs, usernames
//! Keycloak refuses, and the refusals made below the handlers (413, 414, bad query values,
//! wrong media type, repeated OAuth parameters, unknown mapper types) in Keycloak's JSON.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

async fn json_of(r: reqwest::Response) -> Value {
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(ct.starts_with("application/json"), "content-type {ct}");
    r.json().await.expect("json body")
}

both_stores!(realm_names_that_break_urls, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    for bad in ["..", ".", "?x", "#x", "a\\b", "a/b", "a\u{0}b", "<b>x</b>"] {
        let r = srv
            .post(
                &admin,
                "/admin/realms",
                &json!({"realm": bad, "enabled": true}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "realm {bad:?}");
        let body = json_of(r).await;
        assert!(body["errorMessage"].is_string(), "{bad:?}: {body}");
    }
    // Nothing was created: the issuer of no realm is `/realms/../`.
    let r = srv.get(&admin, "/admin/realms").await;
    let realms: Vec<Value> = r.json().await.unwrap();
    assert!(realms.iter().all(|x| !x["realm"]
        .as_str()
        .unwrap_or_default()
        .contains(['.', '?', '<'])
        || x["realm"] == "master"));

    // Renaming into a bad name is refused too; a good rename still works.
    let name = support::realm_name("valid-rename");
    srv.create_realm(&admin, json!({"realm": name, "enabled": true}))
        .await;
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{name}"),
            &json!({"realm": ".."}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv.get(&admin, &format!("/admin/realms/{name}")).await;
    assert_eq!(r.status(), StatusCode::OK, "the realm kept its name");
});

both_stores!(usernames_keycloak_refuses, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("valid-user");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let users = format!("/admin/realms/{realm}/users");

    let long = "a".repeat(10_000);
    let r = srv.post(&admin, &users, &json!({"username": long})).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        json_of(r).await,
        json!({"field": "username", "errorMessage": "error-invalid-length",
               "params": ["username", 3, 255]})
    );

    for bad in ["bad\nname", "bad\u{7}name", "<img src=x>", "a b"] {
        let r = srv.post(&admin, &users, &json!({"username": bad})).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "username {bad:?}");
        let body = json_of(r).await;
        assert_eq!(body["field"], "username", "{bad:?}: {body}");
        assert_eq!(body["errorMessage"], "error-username-invalid-character");
    }

    // A good name is created, and renaming it into a bad one is refused.
    let id = srv.create_user(&admin, &realm, "good.name", "pw").await;
    srv.put(
        &admin,
        &format!("/admin/realms/{realm}"),
        &json!({"editUsernameAllowed": true}),
    )
    .await;
    let r = srv
        .put(
            &admin,
            &format!("{users}/{id}"),
            &json!({"username": "x\ty"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv
        .get(&admin, &format!("{users}?username=good.name&exact=true"))
        .await;
    let found: Vec<Value> = r.json().await.unwrap();
    assert_eq!(found.len(), 1, "the user kept its name");
});

both_stores!(
    refusals_below_the_handlers_are_json,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = support::realm_name("valid-edge");
        srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
            .await;
        let users = srv.url(&format!("/admin/realms/{realm}/users"));

        // 413: a body over the limit. The server answers before the client has sent it
        // all, so the client may see the connection close instead; it must see the 413
        // within a few tries, and never another answer.
        let huge = json!({"username": "big", "attributes": {"x": ["y".repeat(3 << 20)]}});
        let mut seen = None;
        for _ in 0..5 {
            let sent = srv
                .http
                .post(&users)
                .bearer_auth(&admin)
                .json(&huge)
                .send()
                .await;
            if let Ok(r) = sent {
                seen = Some(r);
                break;
            }
        }
        let r = seen.expect("a 413 answer");
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(json_of(r).await["error"].as_str().unwrap().contains("413"));

        // 414: a request target over the limit.
        let r = srv
            .get(&admin, &format!("/realms/{realm}?x={}", "a".repeat(20_000)))
            .await;
        assert_eq!(r.status(), StatusCode::URI_TOO_LONG);
        assert!(json_of(r).await["error"].as_str().unwrap().contains("414"));

        // 415: a JSON admin post without application/json.
        let r = srv
            .http
            .post(&users)
            .bearer_auth(&admin)
            .header("content-type", "text/plain")
            .body(r#"{"username":"plain"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(json_of(r).await["error"], "HTTP 415 Unsupported Media Type");
        let r = srv
            .http
            .post(&users)
            .bearer_auth(&admin)
            .body(r#"{"username":"nothing"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

        // A bad query value: Keycloak's shape, not serde's text; booleans in any case.
        let r = srv
            .get(&admin, &format!("/admin/realms/{realm}/users?first=abc"))
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(json_of(r).await["errorMessage"].is_string());
        srv.create_user(&admin, &realm, "casey", "pw").await;
        let r = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/users?username=casey&exact=True&briefRepresentation=False"),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        let found: Vec<Value> = r.json().await.unwrap();
        assert_eq!(found.len(), 1);

        // A path segment that does not decode: JSON too.
        let r = srv
            .get(&admin, &format!("/admin/realms/{realm}/users/%FF%FE"))
            .await;
        assert!(r.status().is_client_error());
        json_of(r).await;
    }
);

both_stores!(repeated_oauth_parameters, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("valid-dup");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    srv.create_client(&admin, &realm, "dup", "dup-secret").await;
    let form = [
        ("grant_type", "client_credentials"),
        ("grant_type", "password"),
        ("client_id", "dup"),
        ("client_secret", "dup-secret"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body = json_of(r).await;
    assert_eq!(body["error"], "invalid_request");
    assert_eq!(body["error_description"], "duplicated parameter");

    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "dup"),
        ("client_id", "other"),
        ("client_secret", "dup-secret"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Without the repetition the same request succeeds.
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "dup"),
        ("client_secret", "dup-secret"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    let token: Value = r.json().await.unwrap();
    let at = token["access_token"].as_str().unwrap();
    let r = srv
        .oidc_form(
            &realm,
            "token/introspect",
            &[
                ("token", at),
                ("token", "x"),
                ("client_id", "dup"),
                ("client_secret", "dup-secret"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
});

both_stores!(unknown_protocol_mapper_types, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("valid-mapper");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let id = srv.create_client(&admin, &realm, "mapped", "s").await;
    let path = format!("/admin/realms/{realm}/clients/{id}/protocol-mappers/models");
    let r = srv
        .post(
            &admin,
            &path,
            &json!({"name": "evil", "protocol": "openid-connect",
                    "protocolMapper": "no-such-mapper", "config": {}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_of(r).await,
        json!({"error": "ProtocolMapper provider not found"})
    );
    let r = srv
        .post(
            &admin,
            &path,
            &json!({"name": "ok", "protocol": "openid-connect",
                    "protocolMapper": "oidc-hardcoded-claim-mapper",
                    "config": {"claim.name": "c", "claim.value": "v"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let list: Vec<Value> = srv.get(&admin, &path).await.json().await.unwrap();
    assert!(list.iter().all(|m| m["name"] != "evil"));
});
