//! A new realm has Keycloak's default key set — RS256 signing, RSA-OAEP encryption, HS512
//! and AES — and its JWKS publishes the encryption key beside the signing key
//! (python-keycloak's key tests and gocloak's GetCerts read both).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(default_key_set, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("keyset");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let keys: Value = srv
        .get(&admin, &format!("/admin/realms/{realm}/keys"))
        .await
        .json()
        .await
        .unwrap();
    let algs: Vec<&str> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["algorithm"].as_str().unwrap())
        .collect();
    for alg in ["RS256", "RSA-OAEP", "HS512", "AES"] {
        assert!(algs.contains(&alg), "{alg} in {algs:?}");
    }
    assert!(keys["active"]["RSA-OAEP"].is_string(), "{keys}");

    let r = srv
        .http
        .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/certs")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let jwks: Value = r.json().await.unwrap();
    let uses: Vec<(&str, &str)> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["use"].as_str().unwrap(), k["alg"].as_str().unwrap()))
        .collect();
    assert!(uses.contains(&("sig", "RS256")), "{uses:?}");
    assert!(uses.contains(&("enc", "RSA-OAEP")), "{uses:?}");
    assert!(jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k.get("d").is_none() && k.get("k").is_none()));

    // Tokens are still signed with the RS256 key.
    srv.create_client(&admin, &realm, "kc", "kc-secret").await;
    let t = srv
        .oidc_form(
            &realm,
            "token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "kc"),
                ("client_secret", "kc-secret"),
            ],
        )
        .await;
    assert_eq!(t.status(), StatusCode::OK);
});
