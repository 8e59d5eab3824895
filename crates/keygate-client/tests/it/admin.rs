//! Admin methods: what they create can be read back, what they delete is gone.

use keygate_client::model::{ClientRepresentation, RealmRepresentation, UserRepresentation};
use keygate_client::{Error, GetClientsParams, GetUsersParams};
use std::collections::BTreeMap;

use crate::both_stores;
use crate::fixtures::{admin, bare_realm};
use crate::support::{realm_name, Srv};

both_stores!(realms_round_trip, |srv: Srv| async move {
    let (kc, token) = admin(&srv).await;
    let name = realm_name("cl-realm");
    let created = kc
        .create_realm(
            &token,
            &RealmRepresentation {
                realm: Some(name.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(created, name);
    assert_eq!(
        kc.get_realm(&token, &name).await.unwrap().realm.as_deref(),
        Some(name.as_str())
    );
    assert!(kc
        .get_realms(&token)
        .await
        .unwrap()
        .iter()
        .any(|r| r.realm.as_deref() == Some(&name)));
    let update = RealmRepresentation {
        access_token_lifespan: Some(77),
        ..Default::default()
    };
    kc.update_realm(&token, &name, &update).await.unwrap();
    let r = kc.get_realm(&token, &name).await.unwrap();
    assert_eq!(r.access_token_lifespan, Some(77));
    assert_eq!(
        r.realm.as_deref(),
        Some(name.as_str()),
        "partial update keeps the rest"
    );
    kc.delete_realm(&token, &name).await.unwrap();
    assert!(matches!(
        kc.get_issuer(&name).await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(users_round_trip, |srv: Srv| async move {
    let (kc, token) = admin(&srv).await;
    let realm = bare_realm(&kc, &token, "cl-users").await;
    let user = UserRepresentation {
        username: Some("Kim".into()),
        email: Some("kim@example.com".into()),
        enabled: Some(true),
        attributes: Some(BTreeMap::from([(
            "dept".to_string(),
            vec!["ops".to_string()],
        )])),
        ..Default::default()
    };
    let id = kc.create_user(&token, &realm, &user).await.unwrap();
    let read = kc.get_user_by_id(&token, &realm, &id).await.unwrap();
    assert_eq!(read.username.as_deref(), Some("kim"));
    assert_eq!(read.attributes.unwrap()["dept"], vec!["ops"]);
    let found = kc
        .get_users(
            &token,
            &realm,
            &GetUsersParams {
                q: Some("dept:ops".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        kc.get_user_count(&token, &realm, &GetUsersParams::default())
            .await
            .unwrap(),
        1
    );
    kc.update_user(
        &token,
        &realm,
        &UserRepresentation {
            id: Some(id.clone()),
            first_name: Some("Kim".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        kc.get_user_by_id(&token, &realm, &id)
            .await
            .unwrap()
            .first_name
            .as_deref(),
        Some("Kim")
    );
    kc.set_password(&token, &id, &realm, "n3w", false)
        .await
        .unwrap();
    let t = kc
        .login("admin-cli", "", &realm, "kim", "n3w")
        .await
        .unwrap();
    assert!(!t.access_token.is_empty());
    let dup = kc.create_user(&token, &realm, &user).await;
    assert!(
        matches!(dup, Err(Error::Conflict(ref e)) if e.error_message.as_deref() == Some("User exists with same username")),
        "{dup:?}"
    );
    kc.delete_user(&token, &realm, &id).await.unwrap();
    assert!(matches!(
        kc.get_user_by_id(&token, &realm, &id).await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(clients_round_trip, |srv: Srv| async move {
    let (kc, token) = admin(&srv).await;
    let realm = bare_realm(&kc, &token, "cl-clients").await;
    let client = ClientRepresentation {
        client_id: Some("svc".into()),
        secret: Some("first".into()),
        service_accounts_enabled: Some(true),
        ..Default::default()
    };
    let id = kc.create_client(&token, &realm, &client).await.unwrap();
    assert_eq!(
        kc.get_client(&token, &realm, &id)
            .await
            .unwrap()
            .client_id
            .as_deref(),
        Some("svc")
    );
    let listed = kc
        .get_clients(
            &token,
            &realm,
            &GetClientsParams {
                client_id: Some("svc".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        kc.get_client_secret(&token, &realm, &id)
            .await
            .unwrap()
            .value,
        "first"
    );
    let sa = kc
        .get_client_service_account(&token, &realm, &id)
        .await
        .unwrap();
    assert_eq!(sa.username.as_deref(), Some("service-account-svc"));
    kc.login_client("svc", "first", &realm).await.unwrap();
    let new = kc
        .regenerate_client_secret(&token, &realm, &id)
        .await
        .unwrap();
    assert!(matches!(
        kc.login_client("svc", "first", &realm).await,
        Err(Error::Unauthorized(_))
    ));
    kc.login_client("svc", &new.value, &realm).await.unwrap();
    kc.update_client(
        &token,
        &realm,
        &ClientRepresentation {
            id: Some(id.clone()),
            name: Some("Service".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        kc.get_client(&token, &realm, &id)
            .await
            .unwrap()
            .name
            .as_deref(),
        Some("Service")
    );
    kc.delete_client(&token, &realm, &id).await.unwrap();
    assert!(matches!(
        kc.get_client(&token, &realm, &id).await,
        Err(Error::NotFound(_))
    ));
});
