//! Offline verifications per second on one core: no network, an RS256 token of the shape
//! Keygate issues. Reports a figure; it does not pass or fail.
//!
//! Run: `cargo bench -p keygate-client --bench verify`

use std::time::{Duration, Instant};

use keygate_client::{TokenVerifier, VerifierConfig};
use keygate_server::crypto::{jwt, keys};
use serde_json::json;

fn main() {
    let stored = keys::generate_rsa("bench".into(), 0).expect("key");
    let key = keys::RealmKey::load(stored).expect("load");
    let issuer = "http://bench/realms/bench";
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let claims = json!({
        "exp": now + 3600, "iat": now, "jti": "j", "iss": issuer, "aud": "account",
        "sub": "user", "typ": "Bearer", "azp": "web", "sid": "s", "scope": "openid profile email",
        "realm_access": {"roles": ["offline_access", "uma_authorization", "default-roles-bench"]},
        "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
        "preferred_username": "lee", "email": "lee@example.com", "email_verified": true
    });
    let token = jwt::sign(&key, &claims).expect("sign");
    let jwks: jsonwebtoken::jwk::JwkSet =
        serde_json::from_value(json!({"keys": [key.jwk.clone().expect("public jwk")]}))
            .expect("jwks");
    let verifier = TokenVerifier::with_jwks(VerifierConfig::new("bench"), issuer, &jwks);
    verifier.verify_offline(&token).expect("verifies");

    let mut runs = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < Duration::from_secs(2) {
            for _ in 0..100 {
                verifier.verify_offline(&token).expect("verifies");
            }
            n += 100;
        }
        runs.push(n as f64 / start.elapsed().as_secs_f64());
    }
    runs.sort_by(|a, b| a.total_cmp(b));
    println!(
        "token verification (RS256, offline, 1 thread): median {:.0}/s (runs: {})",
        runs[runs.len() / 2],
        runs.iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
