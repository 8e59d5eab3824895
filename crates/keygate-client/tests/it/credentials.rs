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

/// Stores an extra credential for the user straight in the database: Keygate has no API
/// that creates OTP credentials, and reordering needs more than the password.
async fn add_credential(srv: &Srv, user: &str, priority: i64) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO credentials (id, user_id, type, user_label, created, secret_data,
                                  credential_data, priority)
         VALUES ($1, $2, 'otp', NULL, $3, '{\"value\":\"s\"}', '{\"digits\":6}', $4)",
    )
    .bind(&id)
    .bind(user)
    .bind(srv.state.clock.now_ms())
    .bind(priority)
    .execute(&srv.state.db.pool)
    .await
    .expect("insert credential");
    id
}

both_stores!(credentials_move_after, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-cred-move").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let uid = fx.user("eve").await;
    let u = uid.as_str();
    let order = || async move {
        kc.get_credentials(t, r, u)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id.unwrap())
            .collect::<Vec<_>>()
    };
    let pw = order().await.remove(0);
    let a = add_credential(&srv, &uid, 20).await;
    let b = add_credential(&srv, &uid, 30).await;
    assert_eq!(order().await, [pw.clone(), a.clone(), b.clone()]);

    kc.move_credential_after(t, r, &uid, &pw, &b).await.unwrap();
    assert_eq!(order().await, [a.clone(), b.clone(), pw.clone()]);
    kc.move_credential_after(t, r, &uid, &b, &pw).await.unwrap();
    assert_eq!(order().await, [a.clone(), pw.clone(), b.clone()]);
    assert!(matches!(
        kc.move_credential_after(t, r, &uid, "nope", &a).await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(brute_force_status_and_registrators, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-brute").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let uid = fx.user("mallory").await;
    let u = uid.as_str();
    let regs = kc.get_credential_registrators(t, r).await.unwrap();
    assert!(regs.iter().any(|a| a == "CONFIGURE_TOTP"), "{regs:?}");

    let fail_and_status = |times: usize| async move {
        for _ in 0..times {
            assert!(kc
                .login(APP, APP_SECRET, r, "mallory", "bad")
                .await
                .is_err());
        }
        kc.get_user_brute_force_detection_status(t, r, u)
            .await
            .unwrap()
    };
    // Protection off: failures are not counted.
    let s = fail_and_status(1).await;
    assert_eq!((s.num_failures, s.disabled), (0, false));
    assert_eq!(s.last_ip_failure.as_deref(), Some("n/a"));

    let mut rep = kc.get_realm(t, r).await.unwrap();
    rep.extra
        .insert("bruteForceProtected".into(), serde_json::json!(true));
    rep.extra
        .insert("failureFactor".into(), serde_json::json!(2));
    kc.update_realm(t, r, &rep).await.unwrap();
    let s = fail_and_status(2).await;
    assert_eq!(s.num_failures, 2);
    assert!(s.disabled, "two failures reach the failure factor");
    assert!(s.last_failure > 0);
    // Keygate's token endpoint takes the address only from X-Forwarded-For, so a direct
    // caller's failures carry no IP (Keycloak records the peer): only presence is checked.
    assert!(s.last_ip_failure.is_some());
});
