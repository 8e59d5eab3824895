//! Brute-force protection under concurrency: twenty simultaneous wrong guesses once all
//! passed the lock check and reached the password check, so `failureFactor` 5 stopped
//! nothing. Attempts are now counted before the check, atomically, so exactly
//! `failureFactor` guesses are looked at and the rest are refused as locked. And a failed
//! sign-in on the login page records the client's address like the token endpoint does.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::login::{setup, Browser, CB, PW};
use crate::support::Srv;

const FACTOR: usize = 5;

async fn alice(srv: &Srv, admin: &str, realm: &str) -> String {
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

/// A password grant for alice at client `web`; returns the status and body.
async fn guess(http: reqwest::Client, url: String, pw: &str) -> (StatusCode, Value) {
    let r = http
        .post(url)
        .form(&[
            ("grant_type", "password"),
            ("client_id", "web"),
            ("client_secret", "web-secret"),
            ("username", "alice"),
            ("password", pw),
        ])
        .send()
        .await
        .expect("request");
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

both_stores!(
    concurrent_guesses_stop_at_the_factor,
    |srv: Srv| async move {
        let realm = setup(
            &srv,
            json!({"bruteForceProtected": true, "failureFactor": FACTOR,
               "waitIncrementSeconds": 60, "maxFailureWaitSeconds": 900,
               "quickLoginCheckMilliSeconds": 1}),
        )
        .await;
        let mut set = tokio::task::JoinSet::new();
        for i in 0..20 {
            let (http, url) = (srv.http.clone(), srv.token_url(&realm));
            set.spawn(async move { guess(http, url, &format!("wrong-{i}")).await });
        }
        let mut checked = 0;
        let mut locked = 0;
        while let Some(r) = set.join_next().await {
            let (s, body) = r.expect("task");
            // A wrong password is 401; a locked user 400, before any password check.
            match s {
                StatusCode::UNAUTHORIZED => checked += 1,
                StatusCode::BAD_REQUEST => locked += 1,
                other => panic!("unexpected {other}: {body}"),
            }
            assert_eq!(body["error"], "invalid_grant");
        }
        assert_eq!(checked, FACTOR, "guesses that reached the password check");
        assert_eq!(locked, 20 - FACTOR);

        let admin = srv.admin_token().await;
        let id = alice(&srv, &admin, &realm).await;
        let st = status(&srv, &admin, &realm, &id).await;
        assert_eq!(st["numFailures"], json!(checked));
        assert_eq!(st["disabled"], true);

        // Locked: the right password is refused too.
        let (s, body) = guess(srv.http.clone(), srv.token_url(&realm), PW).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(body["error_description"], "Invalid user credentials");
        assert_eq!(
            status(&srv, &admin, &realm, &id).await["numFailures"],
            json!(FACTOR)
        );
        // Once the lock runs out the right password works and clears the record.
        srv.state.clock.advance(61);
        let (s, _) = guess(srv.http.clone(), srv.token_url(&realm), PW).await;
        assert_eq!(s, StatusCode::OK);
        let admin = srv.admin_token().await;
        assert_eq!(
            status(&srv, &admin, &realm, &id).await["numFailures"],
            json!(0)
        );
    }
);

both_stores!(login_page_failures_record_the_ip, |srv: Srv| async move {
    let realm = setup(
        &srv,
        json!({"bruteForceProtected": true, "failureFactor": FACTOR,
               "quickLoginCheckMilliSeconds": 1}),
    )
    .await;
    let admin = srv.admin_token().await;
    let id = alice(&srv, &admin, &realm).await;
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
    let again = b.sign_in(&page, "alice", "bad").await;
    assert!(again.html.contains("Invalid username or password."));
    let st = status(&srv, &admin, &realm, &id).await;
    assert_eq!(st["numFailures"], 1);
    // No proxy in front: the TCP peer, as the token endpoint records it.
    assert_eq!(st["lastIPFailure"], "127.0.0.1");
});
