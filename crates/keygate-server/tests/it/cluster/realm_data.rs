//! What nodes cache: a client's secret, its enabled flag, the client itself, the realm,
//! its signing keys and its not-before. Each change on A is in force on B within a second.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{active, client_token, fixture, pair, within, SECOND};
use crate::support::claims;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_disable_delete_reach_the_other_node() {
    let Some((a, b)) = pair().await else { return };
    let (admin, realm, _, client) = fixture(&a).await;
    // B has the client cached.
    assert_eq!(
        client_token(&b, &realm, "svc-secret").await.0,
        StatusCode::OK
    );

    let path = format!("/admin/realms/{realm}/clients/{client}");
    let r: Value = a
        .post(&admin, &format!("{path}/client-secret"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let new = r["value"].as_str().unwrap().to_string();
    within(SECOND, "old secret refused on B", || async {
        client_token(&b, &realm, "svc-secret").await.0 == StatusCode::UNAUTHORIZED
    })
    .await;
    assert_eq!(client_token(&b, &realm, &new).await.0, StatusCode::OK);

    let r = a.put(&admin, &path, &json!({"enabled": false})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    within(SECOND, "disabled client refused on B", || async {
        client_token(&b, &realm, &new).await.0 == StatusCode::UNAUTHORIZED
    })
    .await;
    let r = a.put(&admin, &path, &json!({"enabled": true})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    within(SECOND, "re-enabled client on B", || async {
        client_token(&b, &realm, &new).await.0 == StatusCode::OK
    })
    .await;

    assert_eq!(
        a.delete(&admin, &path).await.status(),
        StatusCode::NO_CONTENT
    );
    within(SECOND, "deleted client refused on B", || async {
        client_token(&b, &realm, &new).await.0 == StatusCode::UNAUTHORIZED
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_rotation_not_before_and_realm_delete() {
    let Some((a, b)) = pair().await else { return };
    let (admin, realm, _, _) = fixture(&a).await;
    let (_, before) = client_token(&b, &realm, "svc-secret").await;
    let old = before["access_token"].as_str().unwrap().to_string();
    assert!(active(&b, &realm, &old).await);

    // A new RSA key with a higher priority becomes the signing key on B too.
    let key = json!({"name": "rotated", "providerId": "rsa-generated",
        "providerType": "org.keycloak.keys.KeyProvider",
        "config": {"priority": ["500"], "keySize": ["2048"]}});
    let r = a
        .post(&admin, &format!("/admin/realms/{realm}/components"), &key)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let keys: Value = a
        .get(&admin, &format!("/admin/realms/{realm}/keys"))
        .await
        .json()
        .await
        .unwrap();
    let kid = keys["active"]["RS256"].as_str().unwrap().to_string();
    within(SECOND, "B signs with the rotated key", || async {
        let (_, t) = client_token(&b, &realm, "svc-secret").await;
        let header = t["access_token"]
            .as_str()
            .unwrap_or("")
            .split('.')
            .next()
            .unwrap_or("");
        let header = crate::support::claims(&format!("x.{header}.x"));
        header["kid"] == kid.as_str()
    })
    .await;

    // Not-before moved past the old token's issue time: B no longer accepts it.
    let iat = claims(&old)["iat"].as_i64().unwrap();
    let r = a
        .put(
            &admin,
            &format!("/admin/realms/{realm}"),
            &json!({"notBefore": iat + 1}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    within(SECOND, "not-before honoured on B", || async {
        !active(&b, &realm, &old).await
    })
    .await;

    let r = a.delete(&admin, &format!("/admin/realms/{realm}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    within(SECOND, "deleted realm gone on B", || async {
        b.http
            .get(b.url(&format!("/realms/{realm}")))
            .send()
            .await
            .unwrap()
            .status()
            == StatusCode::NOT_FOUND
    })
    .await;
}
