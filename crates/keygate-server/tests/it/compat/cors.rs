//! keycloak-js runs on the app's origin and calls the token and userinfo endpoints with
//! `fetch`: the browser needs Keycloak's CORS answers (issue 11).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

const APP: &str = "http://app.test:3000";

fn acao(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_string())
}

both_stores!(cors_from_the_clients_web_origins, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("cors");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/clients"),
            &json!({"clientId": "spa", "publicClient": true, "directAccessGrantsEnabled": true,
                    "redirectUris": [format!("{APP}/*")], "webOrigins": ["+"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    srv.create_user(&admin, &realm, "corsuser", "pw").await;
    let token_url = srv.token_url(&realm);

    // Preflight: allowed for any origin, with the methods and headers a browser asks for.
    let r = srv
        .http
        .request(reqwest::Method::OPTIONS, &token_url)
        .header("Origin", APP)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(&r).as_deref(), Some(APP));
    assert!(r.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));

    let form = [
        ("grant_type", "password"),
        ("client_id", "spa"),
        ("username", "corsuser"),
        ("password", "pw"),
    ];
    let r = srv
        .http
        .post(&token_url)
        .header("Origin", APP)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(&r).as_deref(), Some(APP));
    assert_eq!(r.headers()["access-control-allow-credentials"], "true");
    let tokens: Value = r.json().await.unwrap();
    let at = tokens["access_token"].as_str().unwrap();

    // Another origin gets the answer but not the browser's permission to read it.
    let r = srv
        .http
        .post(&token_url)
        .header("Origin", "http://evil.test")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(&r), None);

    // Bearer endpoints answer from the token's allowed-origins.
    let userinfo = srv.url(&format!("/realms/{realm}/protocol/openid-connect/userinfo"));
    let r = srv
        .http
        .get(&userinfo)
        .header("Origin", APP)
        .bearer_auth(at)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(acao(&r).as_deref(), Some(APP));
    let r = srv
        .http
        .get(&userinfo)
        .header("Origin", "http://evil.test")
        .bearer_auth(at)
        .send()
        .await
        .unwrap();
    assert_eq!(acao(&r), None);
});
