//! Sessions over HTTP, against what Keycloak 26 answers: listing here; ending sessions and
//! not-before revocation in `sessions/revocation.rs`; offline tokens in
//! `sessions/offline.rs`; credentials in `sessions/credentials.rs`; who may do what in
//! `sessions/access.rs`.

mod access;
mod credentials;
mod last_access;
mod offline;
mod revocation;

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

/// A realm with a confidential client `app` (secret `secret`, direct grants) and a user
/// `alice` (password `pw`).
pub struct Fx {
    pub admin: String,
    pub realm: String,
    /// alice's id.
    pub user: String,
    /// app's internal id.
    pub app: String,
}

pub async fn setup(srv: &Srv, prefix: &str) -> Fx {
    let admin = srv.admin_token().await;
    let realm = support::realm_name(prefix);
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let app = srv.create_client(&admin, &realm, "app", "secret").await;
    let user = srv.create_user(&admin, &realm, "alice", "pw").await;
    Fx {
        admin,
        realm,
        user,
        app,
    }
}

/// A password grant for `user` (password `pw`) at a confidential client with secret
/// `secret`, from `ip`, asking for `scope`.
pub async fn token_req(srv: &Srv, realm: &str, client: &str, user: &str, scope: &str) -> Response {
    let mut form = vec![
        ("grant_type", "password"),
        ("client_id", client),
        ("client_secret", "secret"),
        ("username", user),
        ("password", "pw"),
    ];
    if !scope.is_empty() {
        form.push(("scope", scope));
    }
    srv.http
        .post(srv.token_url(realm))
        .header("x-forwarded-for", "10.0.0.7")
        .form(&form)
        .send()
        .await
        .expect("request")
}

/// As `token_req`, asserting 200.
pub async fn login(srv: &Srv, realm: &str, client: &str, user: &str, scope: &str) -> Value {
    let r = token_req(srv, realm, client, user, scope).await;
    let status = r.status();
    let body = r.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "login {user}@{client}: {body}");
    serde_json::from_str(&body).expect("json")
}

pub fn at(t: &Value) -> String {
    t["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

pub fn rt(t: &Value) -> String {
    t["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_string()
}

pub async fn userinfo(srv: &Srv, realm: &str, token: &str) -> StatusCode {
    srv.get(
        token,
        &format!("/realms/{realm}/protocol/openid-connect/userinfo"),
    )
    .await
    .status()
}

/// Whether `app` learns from introspection that the token is active.
pub async fn active(srv: &Srv, realm: &str, token: &str) -> bool {
    let r = srv
        .oidc_form(
            realm,
            "token/introspect",
            &[
                ("client_id", "app"),
                ("client_secret", "secret"),
                ("token", token),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.expect("json");
    body["active"].as_bool().expect("active")
}

/// A refresh-token grant at `client`; returns the status and body.
pub async fn refresh(srv: &Srv, realm: &str, client: &str, token: &str) -> (StatusCode, Value) {
    let r = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", client),
                ("client_secret", "secret"),
                ("refresh_token", token),
            ],
        )
        .await;
    let status = r.status();
    (status, r.json().await.expect("json"))
}

/// GETs `path`, asserting 200, and returns the JSON body.
pub async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    let status = r.status();
    let body = r.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    serde_json::from_str(&body).expect("json")
}

/// Asserts a status and an exact JSON body.
pub async fn expect(r: Response, status: StatusCode, body: Value) {
    let url = r.url().to_string();
    assert_eq!(r.status(), status, "{url}");
    let got: Value = r.json().await.expect("json body");
    assert_eq!(got, body, "{url}");
}

/// POSTs without a body.
pub async fn post_empty(srv: &Srv, token: &str, path: &str) -> Response {
    srv.http
        .post(srv.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

both_stores!(user_sessions_list, |srv: Srv| async move {
    let fx = setup(&srv, "sess-user").await;
    let base = format!("/admin/realms/{}", fx.realm);
    let before = srv.state.clock.now_ms() / 1000 * 1000;
    let t1 = login(&srv, &fx.realm, "app", "alice", "").await;
    // Sessions list oldest first.
    srv.state.clock.advance(1);
    let t2 = login(&srv, &fx.realm, "app", "alice", "").await;
    let list = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/users/{}/sessions", fx.user),
    )
    .await;
    assert_eq!(
        ids(&list),
        [
            t1["session_state"].as_str().unwrap(),
            t2["session_state"].as_str().unwrap()
        ]
    );
    let s = &list[0];
    assert_eq!(s["username"], "alice");
    assert_eq!(s["userId"], json!(fx.user));
    assert_eq!(s["ipAddress"], "10.0.0.7");
    assert_eq!(s["rememberMe"], false);
    assert_eq!(s["transientUser"], false);
    assert_eq!(s["clients"], json!({ fx.app.clone(): "app" }));
    let start = s["start"].as_i64().unwrap();
    assert!(start >= before && start % 1000 == 0, "start in ms: {start}");
    assert!(s["lastAccess"].as_i64().unwrap() >= start);

    // Another user's sessions are not listed; unknown users are 404.
    let bob = srv.create_user(&fx.admin, &fx.realm, "bob", "pw").await;
    let empty = get_json(&srv, &fx.admin, &format!("{base}/users/{bob}/sessions")).await;
    assert_eq!(empty, json!([]));
    let r = srv
        .get(&fx.admin, &format!("{base}/users/nope/sessions"))
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "User not found"})).await;
});

both_stores!(client_sessions_paged, |srv: Srv| async move {
    let fx = setup(&srv, "sess-client").await;
    let base = format!("/admin/realms/{}/clients/{}", fx.realm, fx.app);
    srv.create_user(&fx.admin, &fx.realm, "bob", "pw").await;
    let mut sids = Vec::new();
    for user in ["alice", "bob", "alice"] {
        let t = login(&srv, &fx.realm, "app", user, "").await;
        sids.push(t["session_state"].as_str().unwrap().to_string());
        srv.state.clock.advance(1);
    }
    let all = get_json(&srv, &fx.admin, &format!("{base}/user-sessions")).await;
    assert_eq!(ids(&all), sids);
    assert_eq!(all[1]["username"], "bob");
    let page = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/user-sessions?first=1&max=1"),
    )
    .await;
    assert_eq!(ids(&page), [sids[1].clone()]);
    let page = get_json(&srv, &fx.admin, &format!("{base}/user-sessions?first=2")).await;
    assert_eq!(ids(&page), [sids[2].clone()]);
    let page = get_json(&srv, &fx.admin, &format!("{base}/user-sessions?max=2")).await;
    assert_eq!(page.as_array().unwrap().len(), 2);
    let r = srv
        .get(&fx.admin, &format!("{base}/user-sessions?first=x"))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let count = get_json(&srv, &fx.admin, &format!("{base}/session-count")).await;
    assert_eq!(count, json!({"count": 3}));
    let count = get_json(&srv, &fx.admin, &format!("{base}/offline-session-count")).await;
    assert_eq!(count, json!({"count": 0}));
    let offline = get_json(&srv, &fx.admin, &format!("{base}/offline-sessions")).await;
    assert_eq!(offline, json!([]));

    // A client without sessions, and unknown clients.
    let other = srv
        .create_client(&fx.admin, &fx.realm, "other", "secret")
        .await;
    let other_base = format!("/admin/realms/{}/clients/{other}", fx.realm);
    assert_eq!(
        get_json(&srv, &fx.admin, &format!("{other_base}/user-sessions")).await,
        json!([])
    );
    assert_eq!(
        get_json(&srv, &fx.admin, &format!("{other_base}/session-count")).await,
        json!({"count": 0})
    );
    for path in [
        "user-sessions",
        "offline-sessions",
        "session-count",
        "offline-session-count",
    ] {
        let r = srv
            .get(
                &fx.admin,
                &format!("/admin/realms/{}/clients/nope/{path}", fx.realm),
            )
            .await;
        expect(
            r,
            StatusCode::NOT_FOUND,
            json!({"error": "Could not find client"}),
        )
        .await;
    }
});

both_stores!(client_session_stats, |srv: Srv| async move {
    let fx = setup(&srv, "sess-stats").await;
    let stats = format!("/admin/realms/{}/client-session-stats", fx.realm);
    assert_eq!(get_json(&srv, &fx.admin, &stats).await, json!([]));
    let other = srv
        .create_client(&fx.admin, &fx.realm, "other", "secret")
        .await;
    srv.create_client(&fx.admin, &fx.realm, "idle", "secret")
        .await;
    login(&srv, &fx.realm, "app", "alice", "").await;
    login(&srv, &fx.realm, "app", "alice", "").await;
    login(&srv, &fx.realm, "other", "alice", "offline_access").await;
    let mut got = get_json(&srv, &fx.admin, &stats).await;
    let list = got.as_array_mut().unwrap();
    list.sort_by_key(|e| e["clientId"].as_str().unwrap().to_string());
    assert_eq!(
        got,
        json!([
            {"id": fx.app, "clientId": "app", "active": "2", "offline": "0"},
            {"id": other, "clientId": "other", "active": "1", "offline": "1"},
        ])
    );
});

both_stores!(expired_sessions_are_not_listed, |srv: Srv| async move {
    let fx = setup(&srv, "sess-idle").await;
    let r = srv
        .put(
            &fx.admin,
            &format!("/admin/realms/{}", fx.realm),
            &json!({"ssoSessionIdleTimeout": 60, "offlineSessionIdleTimeout": 600}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let off = login(&srv, &fx.realm, "app", "alice", "offline_access").await;
    let base = format!("/admin/realms/{}", fx.realm);
    let client = format!("{base}/clients/{}", fx.app);
    // Moving the clock ages the admin's token too: each read takes a fresh one.
    let count = |kind: &'static str| {
        let srv = &srv;
        let path = format!("{client}/{kind}");
        async move {
            let admin = srv.admin_token().await;
            get_json(srv, &admin, &path).await["count"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(
        (
            count("session-count").await,
            count("offline-session-count").await
        ),
        (1, 1)
    );

    // Past the SSO idle timeout the online session is gone from every listing.
    srv.state.clock.advance(61);
    assert_eq!(
        (
            count("session-count").await,
            count("offline-session-count").await
        ),
        (0, 1)
    );
    let admin = srv.admin_token().await;
    let sessions = get_json(&srv, &admin, &format!("{base}/users/{}/sessions", fx.user)).await;
    assert_eq!(sessions, json!([]));
    let stats = get_json(&srv, &admin, &format!("{base}/client-session-stats")).await;
    assert_eq!(stats[0]["active"], "0");
    assert_eq!(stats[0]["offline"], "1");

    // Past the offline idle timeout the offline one too, and its token is dead.
    srv.state.clock.advance(600);
    assert_eq!(count("offline-session-count").await, 0);
    let admin = srv.admin_token().await;
    let listed = get_json(&srv, &admin, &format!("{client}/offline-sessions")).await;
    assert_eq!(listed, json!([]));
    let (status, body) = refresh(&srv, &fx.realm, "app", &rt(&off)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "Session not active");
});
