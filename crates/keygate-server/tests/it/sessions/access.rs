//! Who may read and end sessions and change credentials, as Keycloak's permission model
//! decides it: view-users / manage-users for a user's sessions and credentials,
//! view-clients for a client's sessions, view-realm for the statistics and registrators,
//! manage-realm for the realm's revocation push, manage-clients for a client's.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{get_json, login};
use crate::both_stores;
use crate::support::{self, Srv};

struct Call {
    method: Method,
    path: String,
    body: Option<Value>,
}

fn call(method: Method, path: String) -> Call {
    Call {
        method,
        path,
        body: None,
    }
}

async fn status(srv: &Srv, token: &str, c: &Call) -> StatusCode {
    let mut req = srv
        .http
        .request(c.method.clone(), srv.url(&c.path))
        .bearer_auth(token);
    if let Some(b) = &c.body {
        req = req.json(b);
    }
    req.send().await.unwrap().status()
}

both_stores!(who_may_do_what, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("sess-perm");
    let user = |name: &str, mgmt: &[&str]| {
        json!({"username": name, "enabled": true,
        "credentials": [{"type": "password", "value": "pw"}],
        "clientRoles": {"realm-management": mgmt}})
    };
    let rep = json!({"realm": realm, "enabled": true,
        "clients": [{"clientId": "app", "secret": "secret", "directAccessGrantsEnabled": true}],
        "users": [user("plain", &[]), user("viewer", &["view-users"]), user("manager", &["manage-users"]),
                  user("realmmgr", &["manage-realm"]), user("clientviewer", &["view-clients"]),
                  user("clientmgr", &["manage-clients"]), user("target", &[])]});
    srv.create_realm(&admin, rep).await;
    let base = format!("/admin/realms/{realm}");
    let target = get_json(
        &srv,
        &admin,
        &format!("{base}/users?username=target&exact=true"),
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let app = get_json(&srv, &admin, &format!("{base}/clients?clientId=app")).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let t = login(&srv, &realm, "app", "target", "").await;
    let sid = t["session_state"].as_str().unwrap().to_string();
    let cred = get_json(&srv, &admin, &format!("{base}/users/{target}/credentials")).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let u = format!("{base}/users/{target}");
    let c = format!("{base}/clients/{app}");

    let view_users = vec![
        call(Method::GET, format!("{u}/sessions")),
        call(Method::GET, format!("{u}/offline-sessions/{app}")),
        call(Method::GET, format!("{u}/credentials")),
        call(Method::GET, format!("{u}/consents")),
        call(
            Method::GET,
            format!("{u}/configured-user-storage-credential-types"),
        ),
    ];
    let manage_users = vec![
        Call {
            method: Method::PUT,
            path: format!("{u}/disable-credential-types"),
            body: Some(json!(["otp"])),
        },
        call(Method::POST, format!("{u}/credentials/{cred}/moveToFirst")),
        call(Method::DELETE, format!("{base}/sessions/{sid}")),
        call(Method::POST, format!("{u}/logout")),
        call(Method::POST, format!("{base}/logout-all")),
    ];
    let view_clients = vec![
        call(Method::GET, format!("{c}/user-sessions")),
        call(Method::GET, format!("{c}/offline-sessions")),
        call(Method::GET, format!("{c}/session-count")),
        call(Method::GET, format!("{c}/offline-session-count")),
    ];
    let view_realm = vec![
        call(Method::GET, format!("{base}/client-session-stats")),
        call(Method::GET, format!("{base}/credential-registrators")),
    ];
    let manage_realm = vec![call(Method::POST, format!("{base}/push-revocation"))];
    let manage_clients = vec![call(Method::POST, format!("{c}/push-revocation"))];

    let token = |name: &'static str| {
        let srv = &srv;
        let realm = realm.clone();
        async move {
            let t = srv.password_token(&realm, "admin-cli", name, "pw").await;
            t["access_token"].as_str().unwrap().to_string()
        }
    };
    let groups: [(&str, &Vec<Call>); 6] = [
        ("view-users", &view_users),
        ("view-clients", &view_clients),
        ("view-realm", &view_realm),
        ("manage-realm", &manage_realm),
        ("manage-clients", &manage_clients),
        // Last: these end sessions, the caller's own among them.
        ("manage-users", &manage_users),
    ];
    // Which groups each caller may use; the rest are 403.
    let who: [(&'static str, &[&str]); 6] = [
        ("plain", &[]),
        ("viewer", &["view-users"]),
        ("clientviewer", &["view-clients"]),
        ("realmmgr", &["view-realm", "manage-realm"]),
        ("clientmgr", &["view-clients", "manage-clients"]),
        // manage-users last: it ends sessions.
        ("manager", &["view-users", "manage-users"]),
    ];
    for (name, allowed) in who {
        let tok = token(name).await;
        for (group, calls) in &groups {
            for c in calls.iter() {
                let got = status(&srv, &tok, c).await;
                if allowed.contains(group) {
                    assert!(got.is_success(), "{name} {} {}: {got}", c.method, c.path);
                } else {
                    assert_eq!(got, StatusCode::FORBIDDEN, "{name} {} {}", c.method, c.path);
                }
            }
        }
    }
    // No token at all: 401.
    let r = srv
        .http
        .get(srv.url(&format!("{u}/sessions")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
});

both_stores!(label_and_delete_need_manage_users, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("cred-perm");
    let rep = json!({"realm": realm, "enabled": true,
        "users": [{"username": "viewer", "enabled": true,
                   "credentials": [{"type": "password", "value": "pw"}],
                   "clientRoles": {"realm-management": ["view-users"]}},
                  {"username": "target", "enabled": true,
                   "credentials": [{"type": "password", "value": "pw"}]}]});
    srv.create_realm(&admin, rep).await;
    let base = format!("/admin/realms/{realm}");
    let target = get_json(
        &srv,
        &admin,
        &format!("{base}/users?username=target&exact=true"),
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let creds = format!("{base}/users/{target}/credentials");
    let cred = get_json(&srv, &admin, &creds).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let viewer = srv
        .password_token(&realm, "admin-cli", "viewer", "pw")
        .await;
    let viewer = viewer["access_token"].as_str().unwrap();
    let r = srv
        .http
        .put(srv.url(&format!("{creds}/{cred}/userLabel")))
        .bearer_auth(viewer)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        srv.delete(viewer, &format!("{creds}/{cred}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_json(&srv, viewer, &creds)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
});
