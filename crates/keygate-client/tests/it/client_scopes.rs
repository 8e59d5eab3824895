//! Client scopes and protocol mappers: created ones read back, and a hardcoded-claim
//! mapper in a client's default scope (or on the client) shows in its tokens.

use std::collections::BTreeMap;

use keygate_client::model::{ClientScopeRepresentation, ProtocolMapperRepresentation};
use keygate_client::Error;

use crate::both_stores;
use crate::fixtures::{Fx, APP};
use crate::support::Srv;

pub fn claim_mapper(name: &str, claim: &str, value: &str) -> ProtocolMapperRepresentation {
    ProtocolMapperRepresentation {
        name: Some(name.into()),
        protocol: Some("openid-connect".into()),
        protocol_mapper: Some("oidc-hardcoded-claim-mapper".into()),
        config: Some(BTreeMap::from([
            ("claim.name".to_string(), claim.to_string()),
            ("claim.value".to_string(), value.to_string()),
            ("jsonType.label".to_string(), "String".to_string()),
            ("access.token.claim".to_string(), "true".to_string()),
            ("id.token.claim".to_string(), "true".to_string()),
            ("userinfo.token.claim".to_string(), "true".to_string()),
        ])),
        ..Default::default()
    }
}

fn scope(name: &str) -> ClientScopeRepresentation {
    ClientScopeRepresentation {
        name: Some(name.into()),
        protocol: Some("openid-connect".into()),
        ..Default::default()
    }
}

both_stores!(client_scopes_round_trip, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-scopes").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let all = kc.get_client_scopes(t, r).await.unwrap();
    assert!(all.iter().any(|s| s.name.as_deref() == Some("profile")));
    let id = kc.create_client_scope(t, r, &scope("extra")).await.unwrap();
    let read = kc.get_client_scope(t, r, &id).await.unwrap();
    assert_eq!(read.name.as_deref(), Some("extra"));
    assert!(matches!(
        kc.create_client_scope(t, r, &scope("extra")).await,
        Err(Error::Conflict(_))
    ));
    let mut update = read.clone();
    update.description = Some("more claims".into());
    kc.update_client_scope(t, r, &update).await.unwrap();
    let read = kc.get_client_scope(t, r, &id).await.unwrap();
    assert_eq!(read.description.as_deref(), Some("more claims"));
    kc.delete_client_scope(t, r, &id).await.unwrap();
    assert!(matches!(
        kc.get_client_scope(t, r, &id).await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(client_default_and_optional_scopes, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-cscopes").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    fx.user("ivy").await;
    let id = kc.create_client_scope(t, r, &scope("team")).await.unwrap();
    kc.create_client_scope_protocol_mapper(t, r, &id, &claim_mapper("team", "team", "blue"))
        .await
        .unwrap();
    assert!(fx.claims("ivy").await.extra.get("team").is_none());

    kc.add_default_scope_to_client(t, r, &app, &id)
        .await
        .unwrap();
    let defaults = kc.get_clients_default_scopes(t, r, &app).await.unwrap();
    assert!(defaults
        .iter()
        .any(|s| s.id.as_deref() == Some(id.as_str())));
    assert_eq!(fx.claims("ivy").await.extra["team"], "blue");
    kc.remove_default_scope_from_client(t, r, &app, &id)
        .await
        .unwrap();
    assert!(fx.claims("ivy").await.extra.get("team").is_none());

    kc.add_optional_scope_to_client(t, r, &app, &id)
        .await
        .unwrap();
    let optional = kc.get_clients_optional_scopes(t, r, &app).await.unwrap();
    assert!(optional
        .iter()
        .any(|s| s.id.as_deref() == Some(id.as_str())));
    kc.remove_optional_scope_from_client(t, r, &app, &id)
        .await
        .unwrap();
    let optional = kc.get_clients_optional_scopes(t, r, &app).await.unwrap();
    assert!(!optional
        .iter()
        .any(|s| s.id.as_deref() == Some(id.as_str())));
    assert!(matches!(
        kc.add_default_scope_to_client(t, r, &app, "no-such-scope")
            .await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(realm_default_scopes, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-rscopes").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let id = kc.create_client_scope(t, r, &scope("house")).await.unwrap();
    let has = |v: &[ClientScopeRepresentation]| v.iter().any(|s| s.id.as_deref() == Some(&id));
    kc.add_default_default_client_scope(t, r, &id)
        .await
        .unwrap();
    assert!(has(&kc
        .get_default_default_client_scopes(t, r)
        .await
        .unwrap()));
    kc.remove_default_default_client_scope(t, r, &id)
        .await
        .unwrap();
    assert!(!has(&kc
        .get_default_default_client_scopes(t, r)
        .await
        .unwrap()));
    kc.add_default_optional_client_scope(t, r, &id)
        .await
        .unwrap();
    assert!(has(&kc
        .get_default_optional_client_scopes(t, r)
        .await
        .unwrap()));
    kc.remove_default_optional_client_scope(t, r, &id)
        .await
        .unwrap();
    assert!(!has(&kc
        .get_default_optional_client_scopes(t, r)
        .await
        .unwrap()));
});

both_stores!(client_protocol_mappers_in_tokens, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-cmap").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    fx.user("ula").await;
    let id = kc
        .create_client_protocol_mapper(t, r, &app, &claim_mapper("tier", "tier", "gold"))
        .await
        .unwrap();
    let read = kc
        .get_client_protocol_mapper(t, r, &app, &id)
        .await
        .unwrap();
    assert_eq!(
        read.protocol_mapper.as_deref(),
        Some("oidc-hardcoded-claim-mapper")
    );
    let all = kc.get_client_protocol_mappers(t, r, &app).await.unwrap();
    assert!(all.iter().any(|m| m.id.as_deref() == Some(id.as_str())));
    assert_eq!(fx.claims("ula").await.extra["tier"], "gold");

    let mut update = claim_mapper("tier", "tier", "silver");
    update.id = Some(id.clone());
    kc.update_client_protocol_mapper(t, r, &app, &update)
        .await
        .unwrap();
    assert_eq!(fx.claims("ula").await.extra["tier"], "silver");
    assert!(matches!(
        kc.create_client_protocol_mapper(t, r, &app, &claim_mapper("tier", "t2", "x"))
            .await,
        Err(Error::Conflict(_))
    ));
    kc.delete_client_protocol_mapper(t, r, &app, &id)
        .await
        .unwrap();
    assert!(fx.claims("ula").await.extra.get("tier").is_none());
    assert!(matches!(
        kc.get_client_protocol_mapper(t, r, &app, &id).await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(client_scope_protocol_mappers, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-smap").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let id = kc
        .create_client_scope(t, r, &scope("bundle"))
        .await
        .unwrap();
    let one = kc
        .create_client_scope_protocol_mapper(t, r, &id, &claim_mapper("a", "a", "1"))
        .await
        .unwrap();
    kc.add_client_scope_protocol_mappers(
        t,
        r,
        &id,
        &[claim_mapper("b", "b", "2"), claim_mapper("c", "c", "3")],
    )
    .await
    .unwrap();
    let all = kc
        .get_client_scope_protocol_mappers(t, r, &id)
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    let mut update = kc
        .get_client_scope_protocol_mapper(t, r, &id, &one)
        .await
        .unwrap();
    update
        .config
        .get_or_insert_with(BTreeMap::new)
        .insert("claim.value".into(), "9".into());
    kc.update_client_scope_protocol_mapper(t, r, &id, &update)
        .await
        .unwrap();
    let read = kc
        .get_client_scope_protocol_mapper(t, r, &id, &one)
        .await
        .unwrap();
    assert_eq!(read.config.unwrap()["claim.value"], "9");
    kc.delete_client_scope_protocol_mapper(t, r, &id, &one)
        .await
        .unwrap();
    assert_eq!(
        kc.get_client_scope_protocol_mappers(t, r, &id)
            .await
            .unwrap()
            .len(),
        2
    );
});
