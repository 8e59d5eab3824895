//! Impersonation once answered 404. Now an admin with the right (master's admin, or the
//! realm's `impersonation` role) gets a fresh SSO session for the user, as Keycloak's
//! `UserResource.impersonate`: identity cookies on the answer, an `IMPERSONATE` event, and
//! a browser that carries the cookies is signed in as that user.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::login::{exchange_web, setup, Browser, CB, PW};
use crate::support::{claims, Srv};

async fn user_id(srv: &Srv, token: &str, realm: &str, name: &str) -> String {
    let list: Value = srv
        .get(
            token,
            &format!("/admin/realms/{realm}/users?username={name}&exact=true"),
        )
        .await
        .json()
        .await
        .unwrap();
    list[0]["id"].as_str().unwrap().to_string()
}

async fn helper_token(srv: &Srv, realm: &str) -> String {
    srv.password_token(realm, "admin-cli", "helper", PW).await["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

both_stores!(admin_impersonates_a_user, |srv: Srv| async move {
    let realm = setup(&srv, json!({"eventsEnabled": true})).await;
    let admin = srv.admin_token().await;
    let alice = user_id(&srv, &admin, &realm, "alice").await;
    let path = format!("/admin/realms/{realm}/users/{alice}/impersonation");
    let r = srv.post(&admin, &path, &json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let mut b = Browser::new(&srv);
    let mut names = Vec::new();
    for v in r.headers().get_all("set-cookie") {
        let v = v.to_str().unwrap();
        let (pair, _) = v.split_once(';').unwrap_or((v, ""));
        let (name, value) = pair.split_once('=').unwrap();
        assert!(v.contains(&format!("Path=/realms/{realm}/")), "{v}");
        if !value.is_empty() {
            names.push(name.to_string());
            b.jar.insert(name.to_string(), value.to_string());
        }
    }
    assert!(
        names.contains(&"KEYCLOAK_IDENTITY".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"KEYCLOAK_SESSION".to_string()), "{names:?}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"sameRealm": false, "redirect": srv.url(&format!("/realms/{realm}/account"))})
    );

    // The browser is now alice's: a code without any form.
    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("scope", "openid"),
                ("prompt", "none"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FOUND, "{}", page.html);
    let params = page.redirect_params();
    let code = params.get("code").expect("a code, no login form");
    let (status, tokens) = exchange_web(&srv, &realm, code, &[]).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let at = claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(at["sub"], json!(alice));

    let events: Vec<Value> = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/events?type=IMPERSONATE"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["userId"], json!(alice));
    assert_eq!(events[0]["details"]["impersonator"], json!("admin"));
    assert_eq!(events[0]["details"]["impersonator_realm"], json!("master"));
});

both_stores!(impersonation_needs_the_role, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let admin = srv.admin_token().await;
    let alice = user_id(&srv, &admin, &realm, "alice").await;
    let helper = srv.create_user(&admin, &realm, "helper", PW).await;
    let path = format!("/admin/realms/{realm}/users/{alice}/impersonation");
    let r = srv
        .post(&helper_token(&srv, &realm).await, &path, &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // With realm-management's impersonation role it works, and stays in the realm.
    let clients: Value = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/clients?clientId=realm-management"),
        )
        .await
        .json()
        .await
        .unwrap();
    let rm = clients[0]["id"].as_str().unwrap();
    let role: Value = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/clients/{rm}/roles/impersonation"),
        )
        .await
        .json()
        .await
        .unwrap();
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/users/{helper}/role-mappings/clients/{rm}"),
            &json!([role]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let helper_token = helper_token(&srv, &realm).await;
    let r = srv.post(&helper_token, &path, &json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["sameRealm"], json!(true));
    // Keycloak ends the impersonator's own session in that realm.
    let r = srv
        .get(
            &helper_token,
            &format!("/realms/{realm}/protocol/openid-connect/userinfo"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/users/no-such-user/impersonation"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body, json!({"error": "User not found"}));
});
