//! Components and keys: a new key provider's key becomes the active one and signs
//! tokens; server info and cache clears answer.

use std::collections::BTreeMap;

use keygate_client::model::ComponentRepresentation;
use keygate_client::{Error, GetComponentsParams};

use crate::both_stores;
use crate::fixtures::Fx;
use crate::support::Srv;

const KEY_PROVIDER: &str = "org.keycloak.keys.KeyProvider";

both_stores!(key_provider_components, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-comp").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let realm_id = kc.get_realm(t, r).await.unwrap().id.unwrap();
    let keys_only = GetComponentsParams {
        type_: Some(KEY_PROVIDER.into()),
        ..Default::default()
    };
    let before = kc
        .get_components_with_params(t, r, &keys_only)
        .await
        .unwrap();
    assert!(!before.is_empty(), "a realm starts with key providers");

    let rep = ComponentRepresentation {
        name: Some("rotated".into()),
        provider_id: Some("rsa-generated".into()),
        provider_type: Some(KEY_PROVIDER.into()),
        parent_id: Some(realm_id),
        config: Some(BTreeMap::from([
            ("priority".to_string(), vec!["500".to_string()]),
            ("keySize".to_string(), vec!["2048".to_string()]),
        ])),
        ..Default::default()
    };
    let id = kc.create_component(t, r, &rep).await.unwrap();
    let read = kc.get_component(t, r, &id).await.unwrap();
    assert_eq!(read.name.as_deref(), Some("rotated"));
    assert_eq!(read.config.as_ref().unwrap()["priority"], vec!["500"]);
    let named = GetComponentsParams {
        name: Some("rotated".into()),
        ..Default::default()
    };
    assert_eq!(
        kc.get_components_with_params(t, r, &named)
            .await
            .unwrap()
            .len(),
        1
    );

    let keys = kc.get_key_store_config(t, r).await.unwrap();
    let mine = keys
        .keys
        .iter()
        .find(|k| k.provider_id.as_deref() == Some(id.as_str()))
        .expect("the new provider's key");
    assert_eq!(mine.provider_priority, Some(500));
    assert_eq!(keys.active["RS256"], mine.kid.clone().unwrap());
    fx.user("eve").await;
    fx.claims("eve").await;

    let mut update = read.clone();
    update.name = Some("renamed".into());
    kc.update_component(t, r, &update).await.unwrap();
    assert_eq!(
        kc.get_component(t, r, &id).await.unwrap().name.as_deref(),
        Some("renamed")
    );
    kc.delete_component(t, r, &id).await.unwrap();
    assert!(matches!(
        kc.get_component(t, r, &id).await,
        Err(Error::NotFound(_))
    ));
    fx.claims("eve").await;
});

both_stores!(server_info_and_cache_clears, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-info").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let info = kc.get_server_info(t).await.unwrap();
    assert!(info.system_info.unwrap().version.is_some());
    kc.clear_realm_cache(t, r).await.unwrap();
    kc.clear_user_cache(t, r).await.unwrap();
    kc.clear_keys_cache(t, r).await.unwrap();
    assert!(matches!(
        kc.clear_realm_cache(t, "no-such-realm").await,
        Err(Error::NotFound(_))
    ));
});
