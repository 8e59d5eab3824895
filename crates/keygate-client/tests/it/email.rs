//! Action and verification emails: the checks Keycloak makes before sending answer
//! with typed errors.

use keygate_client::model::UserRepresentation;
use keygate_client::{Error, ExecuteActionsEmail, SendVerifyEmailParams};

use crate::both_stores;
use crate::fixtures::Fx;
use crate::support::Srv;

fn status(r: Result<(), Error>) -> (u16, Option<String>) {
    match r {
        Err(Error::Api(e)) => (e.status, e.error_message),
        Err(Error::NotFound(e)) => (e.status, e.error_message),
        other => panic!("expected an error answer, got {other:?}"),
    }
}

both_stores!(email_preconditions, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-email").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let no_mail = kc
        .create_user(
            t,
            r,
            &UserRepresentation {
                username: Some("nomail".into()),
                enabled: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let params = ExecuteActionsEmail {
        user_id: no_mail.clone(),
        actions: vec!["UPDATE_PASSWORD".into()],
        lifespan: Some(600),
        ..Default::default()
    };
    assert_eq!(
        status(kc.execute_actions_email(t, r, &params).await),
        (400, Some("User email missing".into()))
    );
    let verify = SendVerifyEmailParams::default();
    assert_eq!(
        status(kc.send_verify_email(t, r, &no_mail, &verify).await),
        (400, Some("User email missing".into()))
    );

    let off = fx.user("off").await;
    let disable = UserRepresentation {
        id: Some(off.clone()),
        enabled: Some(false),
        ..Default::default()
    };
    kc.update_user(t, r, &disable).await.unwrap();
    let params = ExecuteActionsEmail {
        user_id: off,
        actions: vec!["UPDATE_PASSWORD".into()],
        ..Default::default()
    };
    assert_eq!(
        status(kc.execute_actions_email(t, r, &params).await),
        (400, Some("User is disabled".into()))
    );

    let missing = ExecuteActionsEmail {
        user_id: "no-such-user".into(),
        ..Default::default()
    };
    assert_eq!(
        status(kc.execute_actions_email(t, r, &missing).await).0,
        404
    );
});
