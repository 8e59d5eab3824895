//! A refresh moves the session's last access (written behind, once a second per node):
//! the admin listing shows it moved within the flush interval.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use super::{login, setup};
use crate::both_stores;
use crate::support::Srv;

async fn last_access(srv: &Srv, admin: &str, realm: &str, user: &str) -> i64 {
    let list: Vec<Value> = srv
        .get(
            admin,
            &format!("/admin/realms/{realm}/users/{user}/sessions"),
        )
        .await
        .json()
        .await
        .unwrap();
    list[0]["lastAccess"].as_i64().unwrap()
}

both_stores!(refresh_moves_last_access, |srv: Srv| async move {
    let fx = setup(&srv, "last-access").await;
    let t = login(&srv, &fx.realm, "app", "alice", "").await;
    let first = last_access(&srv, &fx.admin, &fx.realm, &fx.user).await;
    // Last access has second precision: refresh in a later second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = srv
        .oidc_form(
            &fx.realm,
            "token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", "app"),
                ("client_secret", "secret"),
                ("refresh_token", t["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let refreshed = claims_iat(&r.json::<Value>().await.unwrap());
    let start = Instant::now();
    loop {
        let now = last_access(&srv, &fx.admin, &fx.realm, &fx.user).await;
        if now >= refreshed * 1000 {
            assert!(now > first);
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "last access still {now}, refreshed at {refreshed}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
});

fn claims_iat(t: &Value) -> i64 {
    crate::support::claims(t["access_token"].as_str().unwrap())["iat"]
        .as_i64()
        .unwrap()
}
