//! The user profile, consents and federated identities.

use keygate_client::model::{FederatedIdentityRepresentation, UPAttribute};
use keygate_client::Error;

use crate::both_stores;
use crate::fixtures::{Fx, APP};
use crate::support::Srv;

both_stores!(user_profile_round_trip, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-upc").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let mut config = kc.get_users_profile(t, r).await.unwrap();
    let attrs = config.attributes.get_or_insert_with(Vec::new);
    assert!(attrs.iter().any(|a| a.name.as_deref() == Some("username")));
    assert!(attrs.iter().any(|a| a.name.as_deref() == Some("email")));
    attrs.push(UPAttribute {
        name: Some("dept".into()),
        display_name: Some("Department".into()),
        permissions: Some(serde_json::json!({"view": ["admin"], "edit": ["admin"]})),
        ..Default::default()
    });
    let stored = kc.update_users_profile(t, r, &config).await.unwrap();
    let has_dept = |c: &keygate_client::model::UPConfig| {
        c.attributes
            .iter()
            .flatten()
            .any(|a| a.name.as_deref() == Some("dept"))
    };
    assert!(has_dept(&stored));
    assert!(has_dept(&kc.get_users_profile(t, r).await.unwrap()));
    let meta = kc.get_users_profile_metadata(t, r).await.unwrap();
    assert!(meta
        .attributes
        .unwrap_or_default()
        .iter()
        .any(|a| a.name.as_deref() == Some("dept")));
});

both_stores!(consents_and_federated_identities, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-consent").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let uid = fx.user("gil").await;
    assert!(kc.get_user_consents(t, r, &uid).await.unwrap().is_empty());
    assert!(matches!(
        kc.revoke_user_consents(t, r, &uid, APP).await,
        Err(Error::NotFound(_))
    ));
    assert!(kc
        .get_user_federated_identities(t, r, &uid)
        .await
        .unwrap()
        .is_empty());
    let link = FederatedIdentityRepresentation {
        identity_provider: Some("nowhere".into()),
        user_id: Some("123".into()),
        user_name: Some("gil".into()),
    };
    // Keycloak refuses a provider the realm lacks; Keygate may keep the link for later.
    match kc
        .create_user_federated_identity(t, r, &uid, "nowhere", &link)
        .await
    {
        Ok(()) => {
            kc.delete_user_federated_identity(t, r, &uid, "nowhere")
                .await
                .unwrap();
            assert!(matches!(
                kc.delete_user_federated_identity(t, r, &uid, "nowhere")
                    .await,
                Err(Error::NotFound(_))
            ));
        }
        Err(e) => assert!(matches!(e, Error::NotFound(_) | Error::Api(_)), "{e:?}"),
    }
    assert!(matches!(
        kc.get_user_consents(t, r, "no-such-user").await,
        Err(Error::NotFound(_))
    ));
});
