//! A user's credentials: listed without secrets, relabelled, deleted.

use keygate_client::Error;

use crate::both_stores;
use crate::fixtures::{Fx, APP, APP_SECRET};
use crate::support::Srv;

both_stores!(credentials_round_trip, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-creds").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let uid = fx.user("dan").await;
    let creds = kc.get_credentials(t, r, &uid).await.unwrap();
    assert_eq!(creds.len(), 1);
    let c = &creds[0];
    assert_eq!(c.type_.as_deref(), Some("password"));
    assert!(c.secret_data.is_none() && c.value.is_none(), "no secrets");
    let cid = c.id.clone().unwrap();

    kc.update_credential_user_label(t, r, &uid, &cid, "laptop")
        .await
        .unwrap();
    let creds = kc.get_credentials(t, r, &uid).await.unwrap();
    assert_eq!(creds[0].user_label.as_deref(), Some("laptop"));
    kc.move_credential_to_first(t, r, &uid, &cid).await.unwrap();
    assert!(kc
        .get_configured_user_storage_credential_types(t, r, &uid)
        .await
        .unwrap()
        .is_empty());
    kc.disable_all_credentials_by_type(t, r, &uid, &["otp".to_string()])
        .await
        .unwrap();
    assert_eq!(kc.get_credentials(t, r, &uid).await.unwrap().len(), 1);

    kc.delete_credentials(t, r, &uid, &cid).await.unwrap();
    assert!(kc.get_credentials(t, r, &uid).await.unwrap().is_empty());
    assert!(matches!(
        kc.login(APP, APP_SECRET, r, "dan", "pw").await,
        Err(Error::Unauthorized(_))
    ));
    assert!(matches!(
        kc.delete_credentials(t, r, &uid, &cid).await,
        Err(Error::NotFound(_))
    ));
});
