//! Every failure is a typed error a caller can branch on; no answer panics.

use keygate_client::model::RealmRepresentation;
use keygate_client::{Error, KeygateClient};

use crate::both_stores;
use crate::support::Srv;

both_stores!(errors_are_typed, |srv: Srv| async move {
    let kc = KeygateClient::new(&srv.base);
    match kc.login_admin("admin", "wrong", "master").await {
        Err(Error::Unauthorized(e)) => {
            assert_eq!(e.status, 401);
            assert_eq!(e.error.as_deref(), Some("invalid_grant"));
            assert_eq!(
                e.error_description.as_deref(),
                Some("Invalid user credentials")
            );
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    let token = kc
        .login_admin("admin", "admin", "master")
        .await
        .unwrap()
        .access_token;
    assert!(matches!(
        kc.get_realm(&token, "missing-realm").await,
        Err(Error::NotFound(_))
    ));
    let dup = kc
        .create_realm(
            &token,
            &RealmRepresentation {
                realm: Some("master".into()),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(dup, Err(Error::Conflict(_))), "{dup:?}");
    assert_eq!(dup.unwrap_err().status(), Some(409));
    assert!(matches!(
        kc.get_realms("not-a-token").await,
        Err(Error::Unauthorized(_))
    ));
    // A user without admin roles is forbidden.
    let realm = crate::support::realm_name("cl-forbid");
    let rep = serde_json::from_value(serde_json::json!({
        "realm": realm,
        "users": [{"username": "pat", "enabled": true, "credentials": [{"value": "pw"}]}]
    }))
    .unwrap();
    kc.create_realm(&token, &rep).await.unwrap();
    let user_token = kc
        .login_admin("pat", "pw", &realm)
        .await
        .unwrap()
        .access_token;
    assert!(matches!(
        kc.get_users(&user_token, &realm, &Default::default()).await,
        Err(Error::Forbidden(_))
    ));
    // Nothing listens here: a transport error, not a panic.
    let dead = KeygateClient::new("http://127.0.0.1:1");
    assert!(matches!(
        dead.get_issuer("master").await,
        Err(Error::Transport(_))
    ));
});
