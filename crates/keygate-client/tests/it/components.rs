//! Components, keys, server info and cache clears through the client.

use std::collections::BTreeMap;

use keygate_client::model::ComponentRepresentation;

use crate::both_stores;
use crate::fixtures::{admin, bare_realm};
use crate::support::Srv;

const KEYS: &str = "org.keycloak.keys.KeyProvider";

both_stores!(components_and_keys, |srv: Srv| async move {
    let (kc, token) = admin(&srv).await;
    let realm = bare_realm(&kc, &token, "cl-comp").await;
    let before = kc
        .get_components(&token, &realm, None, Some(KEYS), None)
        .await
        .unwrap();
    assert_eq!(before.len(), 4, "RS256, RSA-OAEP, HS512, AES");

    let config = BTreeMap::from([
        ("priority".to_string(), vec!["300".to_string()]),
        ("algorithm".to_string(), vec!["HS384".to_string()]),
    ]);
    let mut comp = ComponentRepresentation {
        name: Some("hs384".into()),
        provider_id: Some("hmac-generated".into()),
        provider_type: Some(KEYS.into()),
        config: Some(config),
        ..Default::default()
    };
    let id = kc.create_component(&token, &realm, &comp).await.unwrap();
    let got = kc.get_component(&token, &realm, &id).await.unwrap();
    assert_eq!(got.name.as_deref(), Some("hs384"));
    let keys = kc.get_keys(&token, &realm).await.unwrap();
    let key = keys
        .keys
        .iter()
        .find(|k| k.provider_id.as_deref() == Some(id.as_str()))
        .unwrap();
    assert_eq!(key.algorithm.as_deref(), Some("HS384"));
    assert_eq!(keys.active.get("HS384"), key.kid.as_ref());

    comp.id = Some(id.clone());
    comp.name = Some("renamed".into());
    kc.update_component(&token, &realm, &comp).await.unwrap();
    let named = kc
        .get_components(&token, &realm, None, None, Some("renamed"))
        .await
        .unwrap();
    assert_eq!(named.len(), 1);
    kc.delete_component(&token, &realm, &id).await.unwrap();
    assert!(kc.get_component(&token, &realm, &id).await.is_err());

    let info = kc.get_server_info(&token).await.unwrap();
    assert!(info.system_info.unwrap().version.is_some());
    assert!(info.extra.contains_key("componentTypes"));
    kc.clear_realm_cache(&token, &realm).await.unwrap();
    kc.clear_user_cache(&token, &realm).await.unwrap();
    kc.clear_keys_cache(&token, &realm).await.unwrap();
});
