//! The mails themselves: a full execute-actions round trip over AUTH, STARTTLS, the
//! verify-email mail, and the checks Keycloak makes before sending.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::smtp::{action_link, Options, SmtpServer};
use super::*;
use crate::both_stores;
use crate::support::Srv;

fn with_auth() -> Options {
    Options {
        credentials: Some(("mailer".into(), "smtp-Pw".into())),
        starttls: false,
    }
}

both_stores!(execute_actions_round_trip, |srv: Srv| async move {
    let opts = with_auth();
    let mut smtp = SmtpServer::start(opts.clone()).await;
    let (realm, id) = setup(&srv, Some(smtp_settings(&smtp, &opts))).await;
    let query = format!("?client_id=app&redirect_uri={BACK}&lifespan=600");
    let r = execute_actions(
        &srv,
        &realm,
        &id,
        &query,
        json!(["UPDATE_PASSWORD", "VERIFY_EMAIL"]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "{:?}", r.text().await);

    let mail = smtp.next().await;
    assert_eq!(mail.user.as_deref(), Some("mailer"));
    assert!(!mail.tls);
    assert_eq!(mail.mail_from, "bounces@keygate.test");
    assert_eq!(mail.rcpt_to, vec!["dora@example.com".to_string()]);
    assert!(
        mail.data.contains("Subject: Update Your Account"),
        "{}",
        mail.data
    );
    assert!(
        mail.data
            .contains("From: \"Keygate Test\" <noreply@keygate.test>")
            || mail
                .data
                .contains("From: Keygate Test <noreply@keygate.test>"),
        "{}",
        mail.data
    );
    assert!(
        mail.data.contains("Reply-To: help@keygate.test"),
        "{}",
        mail.data
    );
    assert!(
        mail.data.contains("Update Password, Verify Email"),
        "{}",
        mail.data
    );
    assert!(mail
        .data
        .contains("This link will expire within 10 minutes."));

    let before = srv.password_token(&realm, "app", "dora", "old-Pw-1").await;
    let link = action_link(&mail.data);
    assert!(link.starts_with(&srv.url(&format!("/realms/{realm}/login-actions/action-token?key="))));
    let page = get_page(&srv, &link).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page.html.contains(r#"name="password-new""#));
    assert!(page
        .html
        .contains("Confirm validity of e-mail address dora@example.com"));
    assert!(page.cookie.is_some(), "CSRF cookie");

    let done = post_form(
        &srv,
        &realm,
        &page,
        &[
            ("password-new", "new-Pw-2"),
            ("password-confirm", "new-Pw-2"),
            ("logout-sessions", "on"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.html);
    let refresh = [
        ("grant_type", "refresh_token"),
        ("client_id", "app"),
        ("refresh_token", before["refresh_token"].as_str().unwrap()),
    ];
    let r = srv.oidc_form(&realm, "token", &refresh).await;
    assert_eq!(
        r.status(),
        StatusCode::BAD_REQUEST,
        "other devices signed out"
    );
    assert!(done.html.contains("Your account has been updated."));
    assert!(
        done.html.contains(&format!(r#"href="{BACK}""#)),
        "{}",
        done.html
    );
    assert!(done.html.contains("Back to Application"));

    assert_eq!(
        password_grant(&srv, &realm, "new-Pw-2").await,
        StatusCode::OK
    );
    assert_eq!(
        password_grant(&srv, &realm, "old-Pw-1").await,
        StatusCode::UNAUTHORIZED
    );
    let u = user(&srv, &realm, &id).await;
    assert_eq!(u["emailVerified"], json!(true));
    assert_eq!(u["requiredActions"], json!([]));
});

both_stores!(starttls_and_verify_email, |srv: Srv| async move {
    let opts = Options {
        credentials: Some(("tls-user".into(), "tls-Pw".into())),
        starttls: true,
    };
    let mut smtp = SmtpServer::start(opts.clone()).await;
    keygate_server::email::smtp::trust_root_pem(smtp.cert_pem.as_bytes()).expect("pem");
    let mut settings = smtp_settings(&smtp, &opts);
    settings["host"] = json!("localhost");
    let (realm, id) = setup(&srv, Some(settings)).await;
    let admin = srv.admin_token().await;
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}/users/{id}/send-verify-email?client_id=app&redirect_uri={BACK}"),
            &json!(null),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "{:?}", r.text().await);
    let mail = smtp.next().await;
    assert!(mail.tls, "mail went over STARTTLS");
    assert_eq!(mail.user.as_deref(), Some("tls-user"));
    assert!(mail.data.contains("Subject: Verify email"));
    assert!(mail.data.contains("This link will expire within 12 hours."));

    let page = get_page(&srv, &action_link(&mail.data)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.html.contains("password-new"));
    let done = post_form(&srv, &realm, &page, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.html);
    assert!(done.html.contains("Your email address has been verified."));
    assert_eq!(user(&srv, &realm, &id).await["emailVerified"], json!(true));
    // The password is untouched.
    assert_eq!(
        password_grant(&srv, &realm, "old-Pw-1").await,
        StatusCode::OK
    );
});

both_stores!(
    auth_plain_login_and_bad_credentials,
    |srv: Srv| async move {
        // The server accepts other credentials than the realm's: the send fails with 500.
        let server_opts = with_auth();
        let mut smtp = SmtpServer::start(server_opts.clone()).await;
        let mut settings = smtp_settings(&smtp, &server_opts);
        settings["password"] = json!("wrong");
        let (realm, id) = setup(&srv, Some(settings)).await;
        let r = execute_actions(&srv, &realm, &id, "", json!(["UPDATE_PASSWORD"])).await;
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body: Value = r.json().await.unwrap();
        let msg = body["errorMessage"].as_str().unwrap();
        assert!(
            msg.starts_with("Failed to send execute actions email"),
            "{msg}"
        );
        assert!(!msg.contains("wrong"), "no password in errors: {msg}");
        assert!(smtp.try_next().is_none());
    }
);

both_stores!(keycloak_checks_before_sending, |srv: Srv| async move {
    let (realm, id) = setup(&srv, None).await;
    let admin = srv.admin_token().await;
    let msg = |v: Value| v["errorMessage"].as_str().unwrap_or_default().to_string();

    // No SMTP configured: 500 with Keycloak's message, for both endpoints.
    let r = execute_actions(&srv, &realm, &id, "", json!(["UPDATE_PASSWORD"])).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(msg(r.json().await.unwrap()).starts_with("Failed to send execute actions email"));
    let verify = format!("/admin/realms/{realm}/users/{id}/send-verify-email");
    let r = srv.put(&admin, &verify, &json!(null)).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(msg(r.json().await.unwrap()), "Failed to send verify email");

    let cases: &[(&str, Value, &str)] = &[
        (
            "?redirect_uri=http://app.example/x",
            json!([]),
            "Client id missing",
        ),
        ("?client_id=nope", json!([]), "Client doesn't exist"),
        (
            "?client_id=app&redirect_uri=http://evil.example/",
            json!([]),
            "Invalid redirect uri.",
        ),
        (
            "",
            json!(["FLY_TO_THE_MOON"]),
            "Provided invalid required actions",
        ),
    ];
    for (query, actions, expected) in cases {
        let r = execute_actions(&srv, &realm, &id, query, actions.clone()).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(msg(r.json().await.unwrap()), *expected, "{query}");
    }

    let users = format!("/admin/realms/{realm}/users/{id}");
    let r = srv.put(&admin, &users, &json!({"email": ""})).await;
    assert!(r.status().is_success());
    let r = execute_actions(&srv, &realm, &id, "", json!(["UPDATE_PASSWORD"])).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(msg(r.json().await.unwrap()), "User email missing");

    let r = srv
        .put(
            &admin,
            &users,
            &json!({"email": "dora@example.com", "enabled": false}),
        )
        .await;
    assert!(r.status().is_success());
    let r = srv.put(&admin, &verify, &json!(null)).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(msg(r.json().await.unwrap()), "User is disabled");

    let r = execute_actions(&srv, &realm, "no-such-user", "", json!([])).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});

both_stores!(
    reset_password_email_is_update_password,
    |srv: Srv| async move {
        let opts = Options::default();
        let mut smtp = SmtpServer::start(opts.clone()).await;
        let (realm, id) = setup(&srv, Some(smtp_settings(&smtp, &opts))).await;
        let admin = srv.admin_token().await;
        let path = format!("/admin/realms/{realm}/users/{id}/reset-password-email");
        let r = srv.put(&admin, &path, &json!(null)).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let mail = smtp.next().await;
        assert!(mail.data.contains("following action(s): Update Password."));
        let page = get_page(&srv, &action_link(&mail.data)).await;
        assert!(page.html.contains(r#"name="password-new""#));
        assert!(!page.html.contains("Confirm validity"));
    }
);

both_stores!(test_smtp_connection, |srv: Srv| async move {
    let opts = with_auth();
    let mut smtp = SmtpServer::start(opts.clone()).await;
    let (realm, _) = setup(&srv, Some(smtp_settings(&smtp, &opts))).await;
    let admin = srv.admin_token().await;
    let path = format!("/admin/realms/{realm}/testSMTPConnection");
    let mut settings = smtp_settings(&smtp, &opts);
    settings["password"] = json!("**********");

    // master's admin has no address yet.
    let r = srv.post(&admin, &path, &settings).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["errorMessage"],
        json!("Logged in user does not have an e-mail.")
    );

    let found: Value = srv
        .get(
            &admin,
            "/admin/realms/master/users?username=admin&exact=true",
        )
        .await
        .json()
        .await
        .unwrap();
    let me = found[0]["id"].as_str().unwrap();
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/master/users/{me}"),
            &json!({"email": "root@keygate.test"}),
        )
        .await;
    assert!(r.status().is_success());

    // The masked password stands for the realm's stored one.
    let r = srv.post(&admin, &path, &settings).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "{:?}", r.text().await);
    let mail = smtp.next().await;
    assert_eq!(mail.rcpt_to, vec!["root@keygate.test".to_string()]);
    assert_eq!(mail.user.as_deref(), Some("mailer"));
    assert!(mail
        .data
        .contains("Subject: [KEYCLOAK] - SMTP test message"));

    settings["password"] = json!("not-it");
    let r = srv.post(&admin, &path, &settings).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], json!("Failed to send email"));
});
