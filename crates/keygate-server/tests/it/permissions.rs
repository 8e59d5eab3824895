//! Who may call the admin API: bearer authentication (401) and Keycloak's permission model
//! (403): master's admin everywhere, `realm-management` roles only in their own realm.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(missing_or_bad_token, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("perm-auth");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let path = users(&realm);

    let r = srv.http.get(srv.url(&path)).send().await.unwrap();
    assert_unauthorized(r).await;
    let r = srv.http.get(srv.url("/admin/realms")).send().await.unwrap();
    assert_unauthorized(r).await;
    let r = srv.get("garbage", &path).await;
    assert_unauthorized(r).await;
    let r = srv.get("a.b.c", &path).await;
    assert_unauthorized(r).await;
    let r = srv
        .http
        .get(srv.url(&path))
        .basic_auth("admin", Some("admin"))
        .send()
        .await
        .unwrap();
    assert_unauthorized(r).await;
    // A real token with its signature tampered with.
    let forged = tamper_signature(&admin);
    let r = srv.get(&forged, &path).await;
    assert_unauthorized(r).await;
    let r = srv
        .post(&forged, &path, &json!({"username": "intruder"}))
        .await;
    assert_unauthorized(r).await;

    // The genuine token still works, and nothing was created.
    let count = get_json(&srv, &admin, &format!("{path}/count")).await;
    assert_eq!(count, 0);
});

both_stores!(user_without_admin_roles, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("perm-plain");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let id = srv.create_user(&admin, &realm, "plain", "pw").await;
    let token = user_token(&srv, &realm, "plain", "pw").await;

    let r = srv.get(&token, &users(&realm)).await;
    assert_forbidden(r).await;
    let r = srv.get(&token, &format!("{}/{id}", users(&realm))).await;
    assert_forbidden(r).await;
    let r = srv
        .post(&token, &users(&realm), &json!({"username": "sneaky"}))
        .await;
    assert_forbidden(r).await;
    let r = srv.get(&token, &format!("/admin/realms/{realm}")).await;
    assert_forbidden(r).await;
    let r = srv.get(&token, "/admin/realms").await;
    assert_forbidden(r).await;
    let r = srv.get(&token, "/admin/realms/master/users").await;
    assert_forbidden(r).await;
    assert_eq!(
        get_json(&srv, &admin, &format!("{}/count", users(&realm))).await,
        1
    );
});

both_stores!(view_users_only, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let x = realm_with_user(&srv, &admin, "perm-view", "viewer", "view-users").await;
    let y = support::realm_name("perm-other");
    srv.create_realm(&admin, json!({"realm": y, "enabled": true}))
        .await;
    srv.create_user(&admin, &y, "stranger", "pw").await;
    let token = user_token(&srv, &x, "viewer", "pw").await;

    let list = get_json(&srv, &token, &users(&x)).await;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["viewer"]);
    let id = list[0]["id"].as_str().unwrap().to_string();
    let me = get_json(&srv, &token, &format!("{}/{id}", users(&x))).await;
    assert_eq!(me["username"], "viewer");
    // `access` tells a console what this caller may do with the user: look, not touch.
    assert_eq!(me["access"]["view"], true, "{me}");
    assert_eq!(me["access"]["manage"], false, "{me}");
    assert_eq!(list[0]["access"]["manage"], false, "{list}");
    assert_eq!(
        get_json(&srv, &token, &format!("{}/count", users(&x))).await,
        1
    );

    // Viewing is not managing.
    let r = srv
        .post(
            &token,
            &users(&x),
            &json!({"username": "new", "enabled": true}),
        )
        .await;
    assert_forbidden(r).await;
    let r = srv
        .put(
            &token,
            &format!("{}/{id}", users(&x)),
            &json!({"firstName": "x"}),
        )
        .await;
    assert_forbidden(r).await;
    let r = srv.delete(&token, &format!("{}/{id}", users(&x))).await;
    assert_forbidden(r).await;
    let r = srv.get(&token, &format!("/admin/realms/{x}/clients")).await;
    assert_forbidden(r).await;
    let r = srv
        .put(
            &token,
            &format!("/admin/realms/{x}"),
            &json!({"displayName": "x"}),
        )
        .await;
    assert_forbidden(r).await;
    // The role is X's; another realm's users are out of reach.
    let r = srv.get(&token, &users(&y)).await;
    assert_forbidden(r).await;
    let r = srv.get(&token, "/admin/realms/master/users").await;
    assert_forbidden(r).await;
    // The realm list shows only the realm the caller has a role in.
    let realms = get_json(&srv, &token, "/admin/realms").await;
    let names: Vec<&str> = realms
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["realm"].as_str().unwrap())
        .collect();
    assert_eq!(names, [x.as_str()]);
    // Without view-realm, realms show by name only, as in Keycloak.
    assert!(realms[0].get("accessTokenLifespan").is_none(), "{realms}");
    let realm = get_json(&srv, &token, &format!("/admin/realms/{x}")).await;
    assert_eq!(realm["realm"], x);
    assert!(realm.get("accessTokenLifespan").is_none(), "{realm}");

    assert_eq!(
        get_json(&srv, &admin, &format!("{}/count", users(&x))).await,
        1
    );
    assert_eq!(
        get_json(&srv, &admin, &format!("{}/{id}", users(&x))).await["firstName"],
        Value::Null
    );
});

both_stores!(realm_admin_manages_own_realm, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let x = realm_with_user(&srv, &admin, "perm-radmin", "boss", "realm-admin").await;
    let y = support::realm_name("perm-other");
    srv.create_realm(&admin, json!({"realm": y, "enabled": true}))
        .await;
    let token = user_token(&srv, &x, "boss", "pw").await;

    let id = srv.create_user(&token, &x, "worker", "worker-pw").await;
    let path = format!("{}/{id}", users(&x));
    let r = srv.put(&token, &path, &json!({"firstName": "Busy"})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let worker = get_json(&srv, &token, &path).await;
    assert_eq!(worker["firstName"], "Busy");
    assert_eq!(worker["access"]["manage"], true, "{worker}");
    let realm = get_json(&srv, &token, &format!("/admin/realms/{x}")).await;
    assert_eq!(
        realm["accessTokenLifespan"], 300,
        "realm-admin sees the settings"
    );
    let reset = json!({"type": "password", "value": "next-pw", "temporary": false});
    let r = srv
        .put(&token, &format!("{path}/reset-password"), &reset)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    srv.password_token(&x, "admin-cli", "worker", "next-pw")
        .await;
    srv.create_client(&token, &x, "boss-app", "boss-secret")
        .await;
    let r = srv
        .put(
            &token,
            &format!("/admin/realms/{x}"),
            &json!({"displayName": "Bossy"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.delete(&token, &path).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // A token from X cannot manage master, another realm, or create realms.
    let r = srv.get(&token, "/admin/realms/master/users").await;
    assert_forbidden(r).await;
    let r = srv
        .post(
            &token,
            "/admin/realms/master/users",
            &json!({"username": "evil"}),
        )
        .await;
    assert_forbidden(r).await;
    let r = srv
        .put(
            &token,
            "/admin/realms/master",
            &json!({"displayName": "pwned"}),
        )
        .await;
    assert_forbidden(r).await;
    let r = srv.get(&token, &users(&y)).await;
    assert_forbidden(r).await;
    let r = srv.delete(&token, &format!("/admin/realms/{y}")).await;
    assert_forbidden(r).await;
    let r = srv
        .post(
            &token,
            "/admin/realms",
            &json!({"realm": support::realm_name("perm-new")}),
        )
        .await;
    assert_forbidden(r).await;
    let master = get_json(&srv, &admin, "/admin/realms/master").await;
    assert_ne!(master["displayName"], "pwned");
    let q = "/admin/realms/master/users?username=evil&exact=true";
    assert_eq!(get_json(&srv, &admin, q).await, json!([]));
});

both_stores!(expired_token, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let x = realm_with_user(&srv, &admin, "perm-exp", "boss", "realm-admin").await;
    let token = user_token(&srv, &x, "boss", "pw").await;
    get_json(&srv, &token, &users(&x)).await;
    get_json(&srv, &admin, &users(&x)).await;

    srv.state.clock.advance(400);
    let r = srv.get(&token, &users(&x)).await;
    assert_unauthorized(r).await;
    let r = srv.get(&admin, &users(&x)).await;
    assert_unauthorized(r).await;
    // A fresh token works again.
    let fresh = srv.admin_token().await;
    get_json(&srv, &fresh, &users(&x)).await;
});

both_stores!(disabled_or_deleted_caller, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let x = realm_with_user(&srv, &admin, "perm-gone", "boss", "realm-admin").await;
    let token = user_token(&srv, &x, "boss", "pw").await;
    let list = get_json(&srv, &admin, &users(&x)).await;
    let path = format!("{}/{}", users(&x), list[0]["id"].as_str().unwrap());
    get_json(&srv, &token, &users(&x)).await;

    let r = srv.put(&admin, &path, &json!({"enabled": false})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.get(&token, &users(&x)).await;
    assert_unauthorized(r).await;
    let r = srv.put(&admin, &path, &json!({"enabled": true})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    get_json(&srv, &token, &users(&x)).await;

    let r = srv.delete(&admin, &path).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.get(&token, &users(&x)).await;
    assert_unauthorized(r).await;
});

both_stores!(logout_ends_admin_access, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let x = realm_with_user(&srv, &admin, "perm-logout", "boss", "realm-admin").await;
    let t = srv.password_token(&x, "admin-cli", "boss", "pw").await;
    let token = t["access_token"].as_str().unwrap().to_string();
    let other = user_token(&srv, &x, "boss", "pw").await;
    get_json(&srv, &token, &users(&x)).await;

    let refresh = t["refresh_token"].as_str().expect("refresh_token");
    let form = [("client_id", "admin-cli"), ("refresh_token", refresh)];
    let r = srv.oidc_form(&x, "logout", &form).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let r = srv.get(&token, &users(&x)).await;
    assert_unauthorized(r).await;
    // Another session of the same user is not affected.
    get_json(&srv, &other, &users(&x)).await;
});

// --- helpers ---

fn users(realm: &str) -> String {
    format!("/admin/realms/{realm}/users")
}

/// A new realm, created with a full representation, holding one user with the password
/// `pw` and one `realm-management` client role.
async fn realm_with_user(srv: &Srv, admin: &str, prefix: &str, user: &str, role: &str) -> String {
    let name = support::realm_name(prefix);
    let rep = json!({"realm": name, "enabled": true, "users": [{
        "username": user, "enabled": true,
        "credentials": [{"type": "password", "value": "pw"}],
        "clientRoles": {"realm-management": [role]}
    }]});
    srv.create_realm(admin, rep).await;
    name
}

/// An access token through the realm's own `admin-cli`.
async fn user_token(srv: &Srv, realm: &str, user: &str, pw: &str) -> String {
    let t = srv.password_token(realm, "admin-cli", user, pw).await;
    t["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.json().await.expect("json")
}

async fn assert_unauthorized(r: reqwest::Response) {
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{}", r.url());
    let body: Value = r.json().await.expect("json body");
    assert_eq!(body, json!({"error": "HTTP 401 Unauthorized"}));
}

async fn assert_forbidden(r: reqwest::Response) {
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "{}", r.url());
    let body: Value = r.json().await.expect("json body");
    assert_eq!(body, json!({"error": "HTTP 403 Forbidden"}));
}

/// The token with one character in the middle of its signature changed.
fn tamper_signature(jwt: &str) -> String {
    let (head, sig) = jwt.rsplit_once('.').expect("jwt");
    let mut sig: Vec<char> = sig.chars().collect();
    let i = sig.len() / 2;
    sig[i] = if sig[i] == 'A' { 'B' } else { 'A' };
    format!("{head}.{}", sig.into_iter().collect::<String>())
}
