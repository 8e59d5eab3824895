//! Required actions between the password and the code: update password, update profile,
//! verify email; and an action Keygate cannot perform.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

async fn set_actions(srv: &Srv, realm: &str, user: &str, body: Value) {
    let admin = srv.admin_token().await;
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}/users/{user}"),
            &body,
        )
        .await;
    assert!(r.status().is_success(), "update user");
}

async fn start(b: &mut Browser<'_>, realm: &str, user: &str, pw: &str) -> Page {
    let page = b
        .authorize(
            realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("state", "ra"),
            ],
        )
        .await;
    b.sign_in(&page, user, pw).await
}

both_stores!(update_password_before_the_code, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let admin = srv.admin_token().await;
    let id = srv.create_user(&admin, &realm, "carol", "temporary").await;
    set_actions(
        &srv,
        &realm,
        &id,
        json!({"requiredActions": ["UPDATE_PASSWORD"]}),
    )
    .await;
    let mut b = Browser::new(&srv);
    let page = start(&mut b, &realm, "carol", "temporary").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Update password"), "{}", page.html);
    assert!(page
        .html
        .contains(r#"<label for="password-new">New Password</label>"#));
    assert!(page
        .action()
        .contains("/login-actions/required-action?session_code="));
    let csrf = page.hidden("csrf").unwrap();
    // No code yet, and the token endpoint refuses the user meanwhile.
    assert!(page.location.is_none());
    let p = b
        .post(&page.action(), &[("csrf", &csrf), ("password-new", "")])
        .await;
    assert!(p.html.contains("Please specify password."));
    let p = b
        .post(
            &page.action(),
            &[
                ("csrf", &csrf),
                ("password-new", "n3w-Pass"),
                ("password-confirm", "other"),
            ],
        )
        .await;
    assert!(p.html.contains("Passwords don&#39;t match."), "{}", p.html);
    let p = b
        .post(
            &page.action(),
            &[
                ("csrf", "forged"),
                ("password-new", "n3w-Pass"),
                ("password-confirm", "n3w-Pass"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    let done = b
        .post(
            &page.action(),
            &[
                ("csrf", &csrf),
                ("password-new", "n3w-Pass"),
                ("password-confirm", "n3w-Pass"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
    assert_eq!(done.redirect_params()["state"], "ra");
    let (status, _) = exchange_web(&srv, &realm, &done.redirect_params()["code"], &[]).await;
    assert_eq!(status, StatusCode::OK);
    // The new password is the password now, and the action is gone.
    srv.password_token(&realm, "admin-cli", "carol", "n3w-Pass")
        .await;
    let user: Value = srv
        .get(&admin, &format!("/admin/realms/{realm}/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["requiredActions"], json!([]));
});

both_stores!(update_profile_and_verify_email, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let admin = srv.admin_token().await;
    let id = srv.create_user(&admin, &realm, "dave", PW).await;
    set_actions(
        &srv,
        &realm,
        &id,
        json!({"requiredActions": ["VERIFY_EMAIL", "UPDATE_PROFILE"]}),
    )
    .await;
    let mut b = Browser::new(&srv);
    let page = start(&mut b, &realm, "dave", PW).await;
    assert!(
        page.html.contains("Update Account Information"),
        "{}",
        page.html
    );
    assert!(page.html.contains(r#"value="dave@example.com""#));
    let csrf = page.hidden("csrf").unwrap();
    let action = page.action();
    for (form, msg) in [
        (
            [("email", ""), ("firstName", "D"), ("lastName", "X")],
            "Please specify email.",
        ),
        (
            [
                ("email", "not-an-email"),
                ("firstName", "D"),
                ("lastName", "X"),
            ],
            "Invalid email address.",
        ),
        (
            [
                ("email", "d@example.com"),
                ("firstName", ""),
                ("lastName", "X"),
            ],
            "Please specify first name.",
        ),
        (
            [
                ("email", "d@example.com"),
                ("firstName", "D"),
                ("lastName", ""),
            ],
            "Please specify last name.",
        ),
        (
            [
                ("email", "alice@example.com"),
                ("firstName", "D"),
                ("lastName", "X"),
            ],
            "Email already exists.",
        ),
    ] {
        let mut f = vec![("csrf", csrf.as_str())];
        f.extend_from_slice(&form);
        let p = b.post(&action, &f).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains(msg), "{msg}: {}", p.html);
    }
    let p = b
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("email", "Dave.New@Example.com"),
                ("firstName", "Dave"),
                ("lastName", "Newman"),
            ],
        )
        .await;
    // Next: verify email, which only an already verified address passes.
    assert!(p.html.contains("Email verification"), "{}", p.html);
    assert!(p.html.contains("dave.new@example.com"));
    let p = b.post(&action, &[("csrf", &csrf)]).await;
    assert!(p.html.contains("has not been verified yet"), "{}", p.html);
    set_actions(&srv, &realm, &id, json!({"emailVerified": true})).await;
    let done = b.post(&action, &[("csrf", &csrf)]).await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
    let user: Value = srv
        .get(&admin, &format!("/admin/realms/{realm}/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["firstName"], "Dave");
    assert_eq!(user["email"], "dave.new@example.com");
    assert_eq!(user["requiredActions"], json!([]));
});

both_stores!(
    unsupported_required_action_stops_the_login,
    |srv: Srv| async move {
        let realm = setup(&srv, json!({})).await;
        let admin = srv.admin_token().await;
        let id = srv.create_user(&admin, &realm, "erin", PW).await;
        set_actions(
            &srv,
            &realm,
            &id,
            json!({"requiredActions": ["CONFIGURE_TOTP"]}),
        )
        .await;
        let mut b = Browser::new(&srv);
        let page = start(&mut b, &realm, "erin", PW).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(page
            .html
            .contains("Cannot login, credential setup required."));
        assert!(page.location.is_none());
    }
);
