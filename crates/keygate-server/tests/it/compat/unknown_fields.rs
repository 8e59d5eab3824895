//! Bodies Keycloak refuses: a property its representation does not declare (400 naming
//! the field, which python-keycloak's suite matches on "Unrecognized field") and a body
//! that does not bind (400 `unknown_error` / "Cannot parse the JSON"). Keycloak fields
//! Keygate keeps verbatim are still accepted. Unknown required actions are dropped.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

async fn refused(r: reqwest::Response, class: &str, field: &str) {
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    let error = body["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with(&format!("Invalid json representation for {class}."))
            && error.contains(&format!("Unrecognized field \"{field}\"")),
        "{body}"
    );
}

async fn unparsable(r: reqwest::Response) {
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"error": "unknown_error", "error_description": "Cannot parse the JSON"})
    );
}

both_stores!(unrecognized_fields_are_refused, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("unknown-fields");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let base = format!("/admin/realms/{realm}");

    let r = srv.put(&admin, &base, &json!({"wrong": "payload"})).await;
    refused(r, "RealmRepresentation", "wrong").await;
    // Keycloak settings Keygate does not act on are still accepted and kept.
    let r = srv
        .put(
            &admin,
            &base,
            &json!({"accountTheme": "test", "otpPolicyDigits": 8}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let rep: Value = srv.get(&admin, &base).await.json().await.unwrap();
    assert_eq!(rep["accountTheme"], "test");
    assert_eq!(rep["otpPolicyDigits"], 8);
    let r = srv
        .post(
            &admin,
            "/admin/realms",
            &json!({"realm": "typo-realm", "enabeld": true}),
        )
        .await;
    refused(r, "RealmRepresentation", "enabeld").await;
    assert_eq!(
        srv.get(&admin, "/admin/realms/typo-realm").await.status(),
        StatusCode::NOT_FOUND
    );

    let users = format!("{base}/users");
    let r = srv
        .post(
            &admin,
            &users,
            &json!({"username": "ghost", "usrname": "x"}),
        )
        .await;
    refused(r, "UserRepresentation", "usrname").await;
    let found: Vec<Value> = srv
        .get(&admin, &format!("{users}?username=ghost&exact=true"))
        .await
        .json()
        .await
        .unwrap();
    assert!(found.is_empty(), "a refused create wrote nothing");
    let id = srv
        .create_user(&admin, &realm, "someone", "Pa55word!")
        .await;
    let r = srv
        .put(
            &admin,
            &format!("{users}/{id}"),
            &json!({"wrong": "payload"}),
        )
        .await;
    refused(r, "UserRepresentation", "wrong").await;

    let r = srv
        .put(
            &admin,
            &format!("{base}/events/config"),
            &json!({"bad": "conf"}),
        )
        .await;
    refused(r, "RealmEventsConfigRepresentation", "bad").await;
    let r = srv
        .post(
            &admin,
            &format!("{base}/components"),
            &json!({"bad": "dict"}),
        )
        .await;
    refused(r, "ComponentRepresentation", "bad").await;
});

both_stores!(
    unparsable_bodies_and_required_actions,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = support::realm_name("unparsable");
        srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
            .await;
        let base = format!("/admin/realms/{realm}");
        let id = srv.create_user(&admin, &realm, "mapped", "Pa55word!").await;

        // python-keycloak passes role names where Keycloak wants role representations.
        let r = srv
            .post(
                &admin,
                &format!("{base}/users/{id}/role-mappings/realm"),
                &json!(["bad"]),
            )
            .await;
        unparsable(r).await;
        let r = srv
            .http
            .post(srv.url(&format!("{base}/users")))
            .bearer_auth(&admin)
            .header("content-type", "application/json")
            .body("{\"username\": ")
            .send()
            .await
            .unwrap();
        unparsable(r).await;
        let r = srv
            .post(
                &admin,
                &format!("{base}/users"),
                &json!({"username": ["not", "text"]}),
            )
            .await;
        unparsable(r).await;

        // Only Keycloak's required actions are kept, each once.
        let r = srv
        .put(
            &admin,
            &format!("{base}/users/{id}"),
            &json!({"requiredActions": ["UPDATE_PASSWORD", "NOT_AN_ACTION", "UPDATE_PASSWORD", "VERIFY_EMAIL"]}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let user: Value = srv
            .get(&admin, &format!("{base}/users/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            user["requiredActions"],
            json!(["UPDATE_PASSWORD", "VERIFY_EMAIL"])
        );
    }
);
