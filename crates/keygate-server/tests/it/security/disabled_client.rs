//! A token lives no longer than its client: once the client (`azp`) is disabled or
//! deleted, or its not-before passes the token's `iat`, the admin API answers 401,
//! userinfo 401 `invalid_token` and introspection `{"active": false}`, as in Keycloak.
//! Keygate once kept honouring a disabled client's tokens.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

struct Fx {
    realm: String,
    admin: String,
    /// The internal id of client `app`, which issues the tokens under test.
    app: String,
}

/// Realm with `app` (tokens under test), `rs` (the introspecting resource server) and
/// `alice`, who holds `view-users` so her token can call the admin API.
async fn setup(srv: &Srv) -> Fx {
    let admin = srv.admin_token().await;
    let realm = realm_name("dclient");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let app = srv.create_client(&admin, &realm, "app", "app-secret").await;
    srv.create_client(&admin, &realm, "rs", "rs-secret").await;
    let alice = srv.create_user(&admin, &realm, "alice", "pw").await;
    let mgmt: Value = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/clients?clientId=realm-management"),
        )
        .await
        .json()
        .await
        .unwrap();
    let mgmt = mgmt[0]["id"].as_str().unwrap();
    let role: Value = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/clients/{mgmt}/roles/view-users"),
        )
        .await
        .json()
        .await
        .unwrap();
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/users/{alice}/role-mappings/clients/{mgmt}"),
            &json!([role]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    Fx { realm, admin, app }
}

/// alice's tokens from `app` (password grant) and `app`'s own (client credentials).
async fn tokens(srv: &Srv, realm: &str) -> (Value, String) {
    let pw = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "app"),
                ("client_secret", "app-secret"),
                ("username", "alice"),
                ("password", "pw"),
            ],
        )
        .await;
    assert_eq!(pw.status(), StatusCode::OK);
    let cc = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "app"),
                ("client_secret", "app-secret"),
            ],
        )
        .await;
    assert_eq!(cc.status(), StatusCode::OK);
    let cc: Value = cc.json().await.unwrap();
    (
        pw.json().await.unwrap(),
        cc["access_token"].as_str().unwrap().to_string(),
    )
}

fn access(t: &Value) -> String {
    t["access_token"].as_str().unwrap().to_string()
}

async fn admin_call(srv: &Srv, realm: &str, token: &str) -> StatusCode {
    srv.get(token, &format!("/admin/realms/{realm}/users"))
        .await
        .status()
}

async fn userinfo(srv: &Srv, realm: &str, token: &str) -> (StatusCode, Value) {
    let r = srv
        .get(
            token,
            &format!("/realms/{realm}/protocol/openid-connect/userinfo"),
        )
        .await;
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn active(srv: &Srv, realm: &str, token: &str) -> bool {
    let r = srv
        .oidc_form(
            realm,
            "token/introspect",
            &[
                ("client_id", "rs"),
                ("client_secret", "rs-secret"),
                ("token", token),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    body["active"].as_bool().unwrap()
}

/// Every way in refuses the tokens; userinfo says `why` as Keycloak does (when given).
async fn all_refused(srv: &Srv, realm: &str, t: &Value, sa: &str, why: Option<&str>) {
    let at = access(t);
    assert_eq!(admin_call(srv, realm, &at).await, StatusCode::UNAUTHORIZED);
    assert_eq!(admin_call(srv, realm, sa).await, StatusCode::UNAUTHORIZED);
    let (status, body) = userinfo(srv, realm, &at).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_token");
    if let Some(why) = why {
        assert_eq!(body["error_description"], why);
    }
    assert!(!active(srv, realm, &at).await);
    assert!(!active(srv, realm, sa).await);
    assert!(!active(srv, realm, t["refresh_token"].as_str().unwrap()).await);
}

async fn set_client(srv: &Srv, fx: &Fx, field: &str, value: Value) {
    let path = format!("/admin/realms/{}/clients/{}", fx.realm, fx.app);
    let mut rep: Value = srv.get(&fx.admin, &path).await.json().await.unwrap();
    rep[field] = value;
    let r = srv.put(&fx.admin, &path, &rep).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

both_stores!(disabled_client_tokens_stop_working, |srv: Srv| async move {
    let fx = setup(&srv).await;
    let (t, sa) = tokens(&srv, &fx.realm).await;
    assert_eq!(
        admin_call(&srv, &fx.realm, &access(&t)).await,
        StatusCode::OK
    );
    // The service account holds no admin role: authenticated, then forbidden.
    assert_eq!(
        admin_call(&srv, &fx.realm, &sa).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        userinfo(&srv, &fx.realm, &access(&t)).await.0,
        StatusCode::OK
    );
    assert!(active(&srv, &fx.realm, &access(&t)).await);
    assert!(active(&srv, &fx.realm, &sa).await);

    set_client(&srv, &fx, "enabled", json!(false)).await;
    all_refused(&srv, &fx.realm, &t, &sa, Some("Client disabled")).await;

    // Enabled again, nothing was revoked: the same tokens work (as in Keycloak).
    set_client(&srv, &fx, "enabled", json!(true)).await;
    assert_eq!(
        admin_call(&srv, &fx.realm, &access(&t)).await,
        StatusCode::OK
    );

    // The client's not-before moves past the tokens' iat.
    srv.state.clock.advance(5);
    let nb = srv.state.clock.now();
    set_client(&srv, &fx, "notBefore", json!(nb)).await;
    all_refused(&srv, &fx.realm, &t, &sa, None).await;

    // Fresh tokens work; once the client is deleted they do not.
    let (t, sa) = tokens(&srv, &fx.realm).await;
    assert_eq!(
        admin_call(&srv, &fx.realm, &access(&t)).await,
        StatusCode::OK
    );
    let path = format!("/admin/realms/{}/clients/{}", fx.realm, fx.app);
    let r = srv.delete(&fx.admin, &path).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    all_refused(&srv, &fx.realm, &t, &sa, Some("Client not found")).await;
});
