//! `GET /users/count` without filters reads the realm's maintained count; every way users
//! come and go (create, delete, import, partial import, service accounts, realm removal)
//! must keep it equal to what a listing of the realm shows.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

async fn count(srv: &Srv, token: &str, realm: &str) -> i64 {
    let r = srv
        .get(token, &format!("/admin/realms/{realm}/users/count"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap().trim().parse().unwrap()
}

/// The count and the number of users a full listing returns, which must agree.
async fn both(srv: &Srv, token: &str, realm: &str) -> (i64, usize) {
    let r = srv
        .get(token, &format!("/admin/realms/{realm}/users?max=1000"))
        .await;
    let listed: Vec<Value> = r.json().await.unwrap();
    (count(srv, token, realm).await, listed.len())
}

fn user(name: &str) -> Value {
    json!({"username": name, "enabled": true})
}

both_stores!(
    unfiltered_count_follows_every_write,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let realm = realm_name("ucount");
        srv.create_realm(
            &token,
            json!({"realm": realm, "enabled": true, "users": [user("imp1"), user("imp2")]}),
        )
        .await;
        assert_eq!(both(&srv, &token, &realm).await, (2, 2), "realm import");

        let base = format!("/admin/realms/{realm}/users");
        let mut ids = Vec::new();
        for name in ["usr-a", "usr-b", "usr-c"] {
            let r = srv.post(&token, &base, &user(name)).await;
            assert_eq!(r.status(), StatusCode::CREATED);
            ids.push(crate::support::location_id(&r));
        }
        let r = srv.post(&token, &base, &user("usr-a")).await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert_eq!(both(&srv, &token, &realm).await, (5, 5), "creates");

        // A service account is a user row, but neither listed nor counted.
        let client = srv.create_client(&token, &realm, "svc", "s").await;
        assert_eq!(both(&srv, &token, &realm).await, (5, 5), "service account");

        let r = srv.delete(&token, &format!("{base}/{}", ids[0])).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let r = srv.delete(&token, &format!("{base}/{}", ids[0])).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = srv
            .delete(&token, &format!("/admin/realms/{realm}/clients/{client}"))
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(both(&srv, &token, &realm).await, (4, 4), "deletes");

        let partial = format!("/admin/realms/{realm}/partialImport");
        for policy in ["SKIP", "OVERWRITE"] {
            let body = json!({"ifResourceExists": policy, "users": [user("usr-b"), user("p1")]});
            let r = srv.post(&token, &partial, &body).await;
            assert_eq!(r.status(), StatusCode::OK, "{policy}");
        }
        assert_eq!(both(&srv, &token, &realm).await, (5, 5), "partial import");

        // Another realm's users never count here; a re-created realm starts from zero.
        let other = realm_name("ucount-other");
        srv.create_realm(&token, json!({"realm": other, "enabled": true}))
            .await;
        srv.post(
            &token,
            &format!("/admin/realms/{other}/users"),
            &user("usr-x"),
        )
        .await;
        assert_eq!(count(&srv, &token, &other).await, 1);
        let r = srv.delete(&token, &format!("/admin/realms/{realm}")).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        srv.create_realm(&token, json!({"realm": realm, "enabled": true}))
            .await;
        assert_eq!(both(&srv, &token, &realm).await, (0, 0), "re-created realm");
        assert_eq!(count(&srv, &token, &other).await, 1);
    }
);
