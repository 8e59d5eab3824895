//! Brute-force protection, shared by the login page and the password grant, and the
//! admin API's attack-detection endpoints.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

async fn grant(srv: &Srv, realm: &str, pw: &str) -> (StatusCode, Value) {
    let r = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "web"),
                ("client_secret", "web-secret"),
                ("username", "alice"),
                ("password", pw),
            ],
        )
        .await;
    (r.status(), r.json().await.unwrap())
}

async fn status(srv: &Srv, admin: &str, realm: &str, user: &str) -> Value {
    let r = srv
        .get(
            admin,
            &format!("/admin/realms/{realm}/attack-detection/brute-force/users/{user}"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn alice_id(srv: &Srv, admin: &str, realm: &str) -> String {
    let users: Value = srv
        .get(
            admin,
            &format!("/admin/realms/{realm}/users?username=alice&exact=true"),
        )
        .await
        .json()
        .await
        .unwrap();
    users[0]["id"].as_str().unwrap().to_string()
}

both_stores!(temporary_lockout_on_page_and_grant, |srv: Srv| async move {
    let realm = setup(
        &srv,
        json!({"bruteForceProtected": true, "failureFactor": 2, "waitIncrementSeconds": 60,
               "maxFailureWaitSeconds": 900, "quickLoginCheckMilliSeconds": 1}),
    )
    .await;
    let admin = srv.admin_token().await;
    let alice = alice_id(&srv, &admin, &realm).await;
    assert_eq!(
        status(&srv, &admin, &realm, &alice).await,
        json!({"numFailures": 0, "disabled": false, "lastIPFailure": "n/a", "lastFailure": 0})
    );

    // One failure on the page, one through the password grant: locked.
    let mut b = Browser::new(&srv);
    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
            ],
        )
        .await;
    let csrf = page.hidden("csrf").unwrap();
    let r = srv
        .http
        .post(page.action())
        .header(
            "cookie",
            b.jar
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; "),
        )
        .header("x-forwarded-for", "203.0.113.7")
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "alice"),
            ("password", "bad"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Invalid username or password."));
    let (s, _) = grant(&srv, &realm, "bad").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    let st = status(&srv, &admin, &realm, &alice).await;
    assert_eq!(st["numFailures"], 2);
    assert_eq!(st["disabled"], true);
    assert!(
        st["lastFailure"].as_i64().unwrap() > 1_600_000_000_000,
        "milliseconds"
    );
    // The grant came straight from the test client: the TCP peer.
    assert_eq!(st["lastIPFailure"], "127.0.0.1");

    // The right password does not help while locked: the page and the grant refuse.
    let p = b
        .post(
            &page.action(),
            &[("csrf", &csrf), ("username", "alice"), ("password", PW)],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Invalid username or password."));
    let (s, body) = grant(&srv, &realm, PW).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Invalid user credentials"})
    );

    // The lock runs out after waitIncrementSeconds; a success clears the record.
    srv.state.clock.advance(61);
    let (s, _) = grant(&srv, &realm, PW).await;
    assert_eq!(s, StatusCode::OK);
    let admin = srv.admin_token().await;
    assert_eq!(status(&srv, &admin, &realm, &alice).await["numFailures"], 0);

    // Lock again, then an administrator clears it: one user, then the whole realm.
    grant(&srv, &realm, "bad").await;
    grant(&srv, &realm, "bad").await;
    assert_eq!(status(&srv, &admin, &realm, &alice).await["disabled"], true);
    let path = format!("/admin/realms/{realm}/attack-detection/brute-force/users/{alice}");
    assert_eq!(
        srv.delete(&admin, &path).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        status(&srv, &admin, &realm, &alice).await["disabled"],
        false
    );
    grant(&srv, &realm, "bad").await;
    grant(&srv, &realm, "bad").await;
    let all = format!("/admin/realms/{realm}/attack-detection/brute-force/users");
    assert_eq!(
        srv.delete(&admin, &all).await.status(),
        StatusCode::NO_CONTENT
    );
    let (s, _) = grant(&srv, &realm, PW).await;
    assert_eq!(s, StatusCode::OK);

    // The endpoints need a token with the right roles.
    let user_token = srv.password_token(&realm, "admin-cli", "alice", PW).await;
    let t = user_token["access_token"].as_str().unwrap();
    assert_eq!(srv.get(t, &path).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(srv.delete(t, &all).await.status(), StatusCode::FORBIDDEN);
    let r = srv.http.get(srv.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
});

both_stores!(permanent_lockout_disables_the_user, |srv: Srv| async move {
    let realm = setup(
        &srv,
        json!({"bruteForceProtected": true, "permanentLockout": true, "failureFactor": 2,
               "quickLoginCheckMilliSeconds": 1}),
    )
    .await;
    let admin = srv.admin_token().await;
    let alice = alice_id(&srv, &admin, &realm).await;
    grant(&srv, &realm, "bad").await;
    grant(&srv, &realm, "bad").await;
    let user: Value = srv
        .get(&admin, &format!("/admin/realms/{realm}/users/{alice}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["enabled"], false);
    srv.state.clock.advance(100_000);
    let admin = srv.admin_token().await;
    let (s, body) = grant(&srv, &realm, PW).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "Invalid user credentials");
    assert_eq!(status(&srv, &admin, &realm, &alice).await["disabled"], true);
    let path = format!("/admin/realms/{realm}/attack-detection/brute-force/users/{alice}");
    assert_eq!(
        srv.delete(&admin, &path).await.status(),
        StatusCode::NO_CONTENT
    );
    let (s, _) = grant(&srv, &realm, PW).await;
    assert_eq!(s, StatusCode::OK, "clearing lifts the permanent lockout");
});

both_stores!(unprotected_realm_never_locks, |srv: Srv| async move {
    let realm = setup(&srv, json!({"failureFactor": 1})).await;
    for _ in 0..3 {
        let (s, _) = grant(&srv, &realm, "bad").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    let (s, _) = grant(&srv, &realm, PW).await;
    assert_eq!(s, StatusCode::OK);
});

both_stores!(
    failure_ip_is_the_first_forwarded_hop,
    |srv: Srv| async move {
        let realm = setup(
            &srv,
            json!({"bruteForceProtected": true, "failureFactor": 5}),
        )
        .await;
        let admin = srv.admin_token().await;
        let alice = alice_id(&srv, &admin, &realm).await;
        let r = reqwest::Client::new()
            .post(srv.token_url(&realm))
            .header("x-forwarded-for", "10.0.0.1, 10.0.0.2")
            .form(&[
                ("grant_type", "password"),
                ("client_id", "web"),
                ("client_secret", "web-secret"),
                ("username", "alice"),
                ("password", "wrong"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let st = status(&srv, &admin, &realm, &alice).await;
        assert_eq!(st["numFailures"], 1);
        assert_eq!(st["lastIPFailure"], "10.0.0.1");
    }
);
