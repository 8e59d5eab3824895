//! Duplicate emails under concurrency: a realm that disallows duplicate emails once stored
//! up to six users with one email when eight creates raced on PostgreSQL; the unique index
//! now lets exactly one through, for creates and for updates, in any letter case.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

/// Sends every `(method, path, body)` at once; returns the statuses and bodies.
async fn race(srv: &Srv, token: &str, reqs: Vec<(Method, String, Value)>) -> Vec<(u16, String)> {
    let mut set = tokio::task::JoinSet::new();
    for (method, path, body) in reqs {
        let req = srv
            .http
            .request(method, srv.url(&path))
            .bearer_auth(token)
            .json(&body);
        set.spawn(async move {
            let r = req.send().await.expect("request");
            (r.status().as_u16(), r.text().await.unwrap_or_default())
        });
    }
    let mut out = Vec::new();
    while let Some(r) = set.join_next().await {
        out.push(r.expect("task"));
    }
    out
}

/// Exactly one request succeeded with `ok`; every other one is Keycloak's email 409.
fn one_winner(results: &[(u16, String)], ok: u16) {
    let wins = results.iter().filter(|(s, _)| *s == ok).count();
    assert_eq!(wins, 1, "exactly one success: {results:?}");
    for (s, body) in results.iter().filter(|(s, _)| *s != ok) {
        assert_eq!(*s, 409, "{results:?}");
        let body: Value = serde_json::from_str(body).expect("json body");
        assert_eq!(body, json!({"errorMessage": "User exists with same email"}));
    }
}

async fn with_email(srv: &Srv, token: &str, realm: &str, email: &str) -> usize {
    let r = srv
        .get(
            token,
            &format!("/admin/realms/{realm}/users?email={email}&exact=true"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Vec<Value>>().await.expect("users").len()
}

/// Eight parallel creates with one email, spelled in two letter cases.
fn creates(realm: &str, tag: &str, email: &str) -> Vec<(Method, String, Value)> {
    (0..8)
        .map(|i| {
            let email = if i % 2 == 0 {
                email.to_string()
            } else {
                email.to_uppercase()
            };
            let body =
                json!({"username": format!("{tag}-user{i}"), "enabled": true, "email": email});
            (Method::POST, format!("/admin/realms/{realm}/users"), body)
        })
        .collect()
}

both_stores!(parallel_creates_and_updates, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("dupmail");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;

    let results = race(&srv, &admin, creates(&realm, "c", "dup@example.com")).await;
    one_winner(&results, 201);
    assert_eq!(with_email(&srv, &admin, &realm, "dup@example.com").await, 1);

    // Eight users with their own emails all take one new email at once.
    let mut ids = Vec::new();
    for i in 0..8 {
        ids.push(
            srv.create_user(&admin, &realm, &format!("user{i}"), "pw")
                .await,
        );
    }
    let updates = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let email = if i % 2 == 0 {
                "Shared@Example.com"
            } else {
                "shared@example.com"
            };
            let path = format!("/admin/realms/{realm}/users/{id}");
            (Method::PUT, path, json!({"email": email}))
        })
        .collect();
    let results = race(&srv, &admin, updates).await;
    one_winner(&results, 204);
    assert_eq!(
        with_email(&srv, &admin, &realm, "shared@example.com").await,
        1
    );
});

both_stores!(the_rule_follows_the_realm_setting, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("dupflip");
    srv.create_realm(
        &admin,
        json!({"realm": realm, "enabled": true, "duplicateEmailsAllowed": true}),
    )
    .await;
    // Allowed: every create succeeds.
    let results = race(&srv, &admin, creates(&realm, "a", "same@example.com")).await;
    assert!(results.iter().all(|(s, _)| *s == 201), "{results:?}");

    // Turning duplicates off keeps the users who share an email (Keycloak refuses
    // nothing), but no one new may join them.
    let path = format!("/admin/realms/{realm}");
    let r = srv
        .put(&admin, &path, &json!({"duplicateEmailsAllowed": false}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        with_email(&srv, &admin, &realm, "same@example.com").await,
        8
    );
    let results = race(&srv, &admin, creates(&realm, "b", "same@example.com")).await;
    assert!(results.iter().all(|(s, _)| *s == 409), "{results:?}");
    let results = race(&srv, &admin, creates(&realm, "n", "new@example.com")).await;
    one_winner(&results, 201);

    // And on again.
    let r = srv
        .put(&admin, &path, &json!({"duplicateEmailsAllowed": true}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let results = race(&srv, &admin, creates(&realm, "m", "new@example.com")).await;
    assert!(results.iter().all(|(s, _)| *s == 201), "{results:?}");
});

both_stores!(imports_keep_the_rule, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    // A realm import with two users sharing an email is refused as a whole.
    let realm = realm_name("dupimp");
    let users = json!([
        {"username": "x1", "email": "twin@example.com"},
        {"username": "x2", "email": "TWIN@example.com"}
    ]);
    let r = srv
        .post(
            &admin,
            "/admin/realms",
            &json!({"realm": realm, "enabled": true, "users": users}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // A partial import cannot add a second holder of an email either.
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    srv.create_user(&admin, &realm, "first", "pw").await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/partialImport"),
            &json!({"ifResourceExists": "SKIP", "users": [
                {"username": "p1", "email": "pair@example.com"},
                {"username": "p2", "email": "pair@example.com"}
            ]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        with_email(&srv, &admin, &realm, "pair@example.com").await,
        0
    );
    // An imported user may not take an email an existing user holds: SKIP skips it.
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/partialImport"),
            &json!({"ifResourceExists": "SKIP", "users": [
                {"username": "p3", "email": "FIRST@example.com"}
            ]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        with_email(&srv, &admin, &realm, "first@example.com").await,
        1
    );
});
