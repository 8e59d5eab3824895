//! An unknown realm on the public OIDC paths answers Keycloak's 404
//! `{"error":"Realm does not exist"}` (clients match on it), while the admin API keeps
//! `Realm not found.`.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::Srv;

both_stores!(unknown_realm_on_oidc_paths, |srv: Srv| async move {
    let oidc = "/realms/no-such-realm/protocol/openid-connect";
    for path in [
        "/realms/no-such-realm".to_string(),
        "/realms/no-such-realm/.well-known/openid-configuration".to_string(),
        format!("{oidc}/certs"),
        format!("{oidc}/userinfo"),
    ] {
        let r = srv.http.get(srv.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body, json!({"error": "Realm does not exist"}), "{path}");
    }
    for endpoint in ["token", "token/introspect", "revoke", "logout"] {
        let r = srv
            .oidc_form(
                "no-such-realm",
                endpoint,
                &[
                    ("grant_type", "password"),
                    ("client_id", "x"),
                    ("token", "t"),
                    // The back-channel logout python-keycloak sends.
                    ("refresh_token", "t"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{endpoint}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body, json!({"error": "Realm does not exist"}), "{endpoint}");
    }
    let admin = srv.admin_token().await;
    let r = srv.get(&admin, "/admin/realms/no-such-realm").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body, json!({"error": "Realm not found."}));
});
