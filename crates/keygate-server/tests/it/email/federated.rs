//! `/users/{id}/federated-identity`: links are stored whatever the provider (as Keycloak
//! does) but only listed when the realm defines the provider.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

async fn list(srv: &Srv, admin: &str, base: &str) -> Value {
    srv.get(admin, base).await.json().await.unwrap()
}

both_stores!(link_list_and_unlink, |srv: Srv| async move {
    let (realm, id) = setup(&srv, None).await;
    let admin = srv.admin_token().await;
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}"),
            &json!({"identityProviders": [{"alias": "github", "providerId": "github", "enabled": true}]}),
        )
        .await;
    assert!(r.status().is_success(), "{:?}", r.text().await);
    let base = format!("/admin/realms/{realm}/users/{id}/federated-identity");
    assert_eq!(list(&srv, &admin, &base).await, json!([]));

    let rep = json!({"identityProvider": "github", "userId": "gh-42", "userName": "dora-gh"});
    let r = srv.post(&admin, &format!("{base}/github"), &rep).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.post(&admin, &format!("{base}/github"), &rep).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errorMessage"],
        json!("User is already linked with provider")
    );
    // A provider the realm does not define: stored, but not listed.
    let r = srv
        .post(
            &admin,
            &format!("{base}/gitlab"),
            &json!({"userId": "gl-1", "userName": "d"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        list(&srv, &admin, &base).await,
        json!([{"identityProvider": "github", "userId": "gh-42", "userName": "dora-gh"}])
    );

    let r = srv.delete(&admin, &format!("{base}/github")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.delete(&admin, &format!("{base}/github")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        json!("Link not found")
    );
    assert_eq!(list(&srv, &admin, &base).await, json!([]));

    let r = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/users/nobody/federated-identity"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});
