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

/// A one-message SMTP sink: answers just enough of plain SMTP and hands back the
/// message data once the final `.` arrives.
async fn smtp_sink() -> (u16, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let (rd, mut wr) = sock.into_split();
        let mut lines = BufReader::new(rd).lines();
        wr.write_all(b"220 sink ESMTP\r\n").await.unwrap();
        let (mut data, mut in_data) = (String::new(), false);
        while let Some(line) = lines.next_line().await.unwrap() {
            if in_data {
                if line == "." {
                    wr.write_all(b"250 queued\r\n").await.unwrap();
                    break;
                }
                data.push_str(&line);
                data.push('\n');
                continue;
            }
            let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" => b"250 sink\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 go ahead\r\n"
                }
                _ => b"250 ok\r\n",
            };
            wr.write_all(reply).await.unwrap();
        }
        data
    });
    (port, task)
}

both_stores!(
    smtp_connection_test_mails_the_admin,
    |srv: Srv| async move {
        let fx = Fx::new(&srv, "cl-smtp").await;
        let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
        let (port, sink) = smtp_sink().await;
        let settings = std::collections::BTreeMap::from([
            ("host".to_string(), "127.0.0.1".to_string()),
            ("port".to_string(), port.to_string()),
            ("from".to_string(), "keygate@example.com".to_string()),
        ]);
        // The test message goes to the calling admin, who has no address yet.
        assert_eq!(
            status(kc.test_smtp_connection(t, r, &settings).await),
            (500, Some("Logged in user does not have an e-mail.".into()))
        );
        let find = keygate_client::GetUsersParams {
            username: Some("admin".into()),
            exact: Some(true),
            ..Default::default()
        };
        let me = kc.get_users(t, "master", &find).await.unwrap().remove(0);
        let with_mail = UserRepresentation {
            id: me.id.clone(),
            email: Some("root@example.com".into()),
            ..Default::default()
        };
        kc.update_user(t, "master", &with_mail).await.unwrap();
        kc.test_smtp_connection(t, r, &settings).await.unwrap();
        let mail = sink.await.unwrap();
        assert!(mail.contains("SMTP test message"), "{mail}");
        assert!(mail.contains("root@example.com"), "{mail}");
    }
);
