//! The action-token page's refusals: tampered, expired, spent and foreign tokens, the
//! CSRF check, and form errors. None of them is a 500.

use reqwest::StatusCode;
use serde_json::json;

use super::smtp::{action_link, Options, SmtpServer};
use super::*;
use crate::both_stores;
use crate::support::Srv;

const INVALID: &str = "An error occurred, please login again through your application.";

/// A realm with a plain SMTP server, and the link of an execute-actions mail.
async fn mailed_link(
    srv: &Srv,
    query: &str,
    actions: serde_json::Value,
) -> (String, String, String) {
    let opts = Options::default();
    let mut smtp = SmtpServer::start(opts.clone()).await;
    let (realm, id) = setup(srv, Some(smtp_settings(&smtp, &opts))).await;
    let r = execute_actions(srv, &realm, &id, query, actions).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "{:?}", r.text().await);
    let link = action_link(&smtp.next().await.data);
    (realm, id, link)
}

both_stores!(
    tampered_and_missing_keys_get_the_error_page,
    |srv: Srv| async move {
        let (realm, _, link) = mailed_link(&srv, "", json!(["UPDATE_PASSWORD"])).await;
        // Flip a character of the signature.
        let mut tampered = link.clone();
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        for url in [
            tampered,
            srv.url(&format!(
                "/realms/{realm}/login-actions/action-token?key=not.a.jwt"
            )),
            srv.url(&format!("/realms/{realm}/login-actions/action-token")),
        ] {
            let page = get_page(&srv, &url).await;
            assert_eq!(page.status, StatusCode::BAD_REQUEST, "{url}");
            assert!(page.html.contains("We are sorry..."), "{}", page.html);
            assert!(page.html.contains(INVALID));
        }
        // An access token of the realm is no action token.
        let token = srv.password_token(&realm, "app", "dora", "old-Pw-1").await;
        let access = token["access_token"].as_str().unwrap();
        let url = srv.url(&format!(
            "/realms/{realm}/login-actions/action-token?key={access}"
        ));
        assert_eq!(get_page(&srv, &url).await.status, StatusCode::BAD_REQUEST);
        // Another realm's link does not work here.
        let other = srv.url("/realms/master/login-actions/action-token?");
        let foreign = format!("{other}{}", link.split('?').nth(1).unwrap());
        assert_eq!(
            get_page(&srv, &foreign).await.status,
            StatusCode::BAD_REQUEST
        );
    }
);

both_stores!(expired_link, |srv: Srv| async move {
    let (_, _, link) = mailed_link(&srv, "?lifespan=0", json!(["UPDATE_PASSWORD"])).await;
    let page = get_page(&srv, &link).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.html.contains("Action expired."), "{}", page.html);
});

both_stores!(link_is_spent_after_use, |srv: Srv| async move {
    let (realm, _, link) = mailed_link(&srv, "", json!(["UPDATE_PASSWORD"])).await;
    let before = srv.password_token(&realm, "app", "dora", "old-Pw-1").await;
    let page = get_page(&srv, &link).await;
    assert!(page
        .html
        .contains(r#"name="logout-sessions" value="on" checked"#));
    let fields = [("password-new", "n3w-Pw"), ("password-confirm", "n3w-Pw")];
    let done = post_form(&srv, &realm, &page, &fields).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.html);
    // Unchecked "sign out from other devices": the session lives on.
    let refresh = [
        ("grant_type", "refresh_token"),
        ("client_id", "app"),
        ("refresh_token", before["refresh_token"].as_str().unwrap()),
    ];
    let r = srv.oidc_form(&realm, "token", &refresh).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        !done.html.contains("Back to Application"),
        "no redirect given"
    );
    let again = post_form(&srv, &realm, &page, &fields).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.html.contains("Action expired."));
    assert_eq!(get_page(&srv, &link).await.status, StatusCode::BAD_REQUEST);
});

both_stores!(csrf_and_form_errors, |srv: Srv| async move {
    let (realm, _, link) = mailed_link(&srv, "", json!(["UPDATE_PASSWORD"])).await;
    let mut page = get_page(&srv, &link).await;
    // Without the cookie, or with another one, the post is refused.
    let cookie = page.cookie.take();
    let r = post_form(
        &srv,
        &realm,
        &page,
        &[("password-new", "a"), ("password-confirm", "a")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains(INVALID));
    page.cookie = Some("KC_ACTION_CSRF=forged".into());
    let r = post_form(
        &srv,
        &realm,
        &page,
        &[("password-new", "a"), ("password-confirm", "a")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    page.cookie = cookie;
    // Mismatched and empty passwords show the form again.
    let r = post_form(
        &srv,
        &realm,
        &page,
        &[("password-new", "a1"), ("password-confirm", "b2")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.html.contains("Passwords don&#39;t match."), "{}", r.html);
    assert!(r.html.contains(r#"name="password-new""#));
    let r = post_form(&srv, &realm, &page, &[]).await;
    assert!(r.html.contains("Please specify password."));
    // The old password still works: nothing was changed.
    assert_eq!(
        password_grant(&srv, &realm, "old-Pw-1").await,
        StatusCode::OK
    );
});

both_stores!(link_dies_when_the_email_changes, |srv: Srv| async move {
    let (realm, id, link) = mailed_link(&srv, "", json!(["VERIFY_EMAIL"])).await;
    let admin = srv.admin_token().await;
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}/users/{id}"),
            &json!({"email": "other@example.com"}),
        )
        .await;
    assert!(r.status().is_success());
    let page = get_page(&srv, &link).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(user(&srv, &realm, &id).await["emailVerified"], json!(false));
});

both_stores!(update_profile_through_the_link, |srv: Srv| async move {
    let (realm, id, link) = mailed_link(&srv, "", json!(["UPDATE_PROFILE"])).await;
    let page = get_page(&srv, &link).await;
    assert!(page.html.contains(r#"name="firstName""#));
    let r = post_form(
        &srv,
        &realm,
        &page,
        &[("email", "bad"), ("firstName", "D"), ("lastName", "L")],
    )
    .await;
    assert!(r.html.contains("Invalid email address."));
    let r = post_form(
        &srv,
        &realm,
        &page,
        &[
            ("email", "dora.new@example.com"),
            ("firstName", "Dora"),
            ("lastName", "Explorer"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.html);
    let u = user(&srv, &realm, &id).await;
    assert_eq!(u["email"], json!("dora.new@example.com"));
    assert_eq!(u["lastName"], json!("Explorer"));
});
