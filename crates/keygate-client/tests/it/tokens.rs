//! gocloak's generic token helpers: `get_token`, `request_permission`, custom claims,
//! attribute checks.

use std::collections::BTreeMap;

use keygate_client::{Error, KeygateClient, TokenOptions};
use serde::Deserialize;

use crate::both_stores;
use crate::fixtures::{Fx, APP, APP_SECRET};
use crate::support::Srv;

/// The caller's own view of the claims.
#[derive(Deserialize)]
struct Mine {
    preferred_username: String,
    azp: String,
    realm_access: Roles,
}

#[derive(Deserialize)]
struct Roles {
    roles: Vec<String>,
}

both_stores!(generic_token_requests, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-tok").await;
    let (kc, r) = (&fx.kc, fx.realm.as_str());
    fx.user("amy").await;
    let password = TokenOptions {
        grant_type: "password".into(),
        client_id: APP.into(),
        client_secret: Some(APP_SECRET.into()),
        username: Some("amy".into()),
        password: Some("pw".into()),
        scopes: vec!["openid".into()],
        ..Default::default()
    };
    let t = kc.get_token(r, &password).await.unwrap();
    assert!(t.id_token.is_some(), "openid scope brings an ID token");
    let mine: Mine = kc
        .decode_access_token_custom_claims(&t.access_token, r)
        .await
        .unwrap();
    assert_eq!(mine.preferred_username, "amy");
    assert_eq!(mine.azp, APP);
    assert!(mine
        .realm_access
        .roles
        .iter()
        .any(|r| r == "offline_access"));

    let refresh = TokenOptions {
        grant_type: "refresh_token".into(),
        client_id: APP.into(),
        client_secret: Some(APP_SECRET.into()),
        refresh_token: t.refresh_token.clone(),
        ..Default::default()
    };
    kc.get_token(r, &refresh).await.unwrap();
    let client = TokenOptions {
        grant_type: "client_credentials".into(),
        client_id: APP.into(),
        client_secret: Some("wrong".into()),
        ..Default::default()
    };
    assert!(matches!(
        kc.get_token(r, &client).await,
        Err(Error::Unauthorized(_))
    ));

    let p = kc
        .request_permission(APP, APP_SECRET, r, "amy", "pw", "orders#read")
        .await
        .unwrap();
    assert!(!p.access_token.is_empty());
    // Claims of the wrong shape are a decode error, not a panic.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Wrong {
        no_such_claim: String,
    }
    assert!(matches!(
        kc.decode_access_token_custom_claims::<Wrong>(&t.access_token, r)
            .await,
        Err(Error::Decode(_))
    ));
});

#[test]
fn user_attribute_contains() {
    let attrs = BTreeMap::from([("dept".to_string(), vec!["ops".to_string(), "dev".into()])]);
    assert!(KeygateClient::user_attribute_contains(
        &attrs, "dept", "dev"
    ));
    assert!(!KeygateClient::user_attribute_contains(
        &attrs, "dept", "hr"
    ));
    assert!(!KeygateClient::user_attribute_contains(
        &attrs, "site", "dev"
    ));
}
