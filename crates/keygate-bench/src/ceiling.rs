//! Ceilings: what one core does with the crypto the server uses, measured in the same run.
//! RS256 runs the server's own `RealmKey::load` + `crypto::jwt::sign` (`jsonwebtoken`
//! with the rust_crypto backend, i.e. the `rsa` crate); ES256 goes through `jsonwebtoken`
//! the same way (the `p256` crate); argon2id runs the server's own
//! `hash_argon2` at Keycloak's parameters (verifying a password costs the same).

use std::time::{Duration, Instant};

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use keygate_server::crypto::jwt::sign;
use keygate_server::crypto::keys::{generate_rsa, RealmKey};
use keygate_server::crypto::password::hash_argon2;
use serde_json::json;

/// A fixed P-256 key used only to time ES256 signing.
const P256_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgGt40Yrjyt31mrLRk
J9CSk/zMyhv5Hm3bz9MC3vMxITGhRANCAASRIAwzasBevE3dbMePN82lOIJ5h/QP
mKIi/A+2j5A7GLebd1JtnPdJMsejfK/mYmCz1jpVpcM3MURUoi+nvHj4
-----END PRIVATE KEY-----
";

/// Operations per second on one core.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ceilings {
    pub rs256_signs: f64,
    pub es256_signs: f64,
    pub argon2id_hashes: f64,
}

/// Runs `op` repeatedly for about `span`, in five slices, and returns the best slice's
/// rate: a ceiling is what the core does undisturbed, and on a shared machine the best
/// slice is the closest estimate of that.
fn rate(span: Duration, mut op: impl FnMut() -> Result<(), String>) -> Result<f64, String> {
    op()?;
    let slice = span / 5;
    let mut best = 0f64;
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < slice || n == 0 {
            op()?;
            n += 1;
        }
        best = best.max(n as f64 / start.elapsed().as_secs_f64());
    }
    Ok(best)
}

/// Claims shaped like a client-credentials access token, so the signing input has the
/// size the server signs.
fn sample_claims() -> serde_json::Value {
    json!({
        "exp": 4_000_000_000i64, "iat": 1_700_000_000i64, "jti": uuid::Uuid::new_v4().to_string(),
        "iss": "http://127.0.0.1:8080/realms/bench", "aud": "account",
        "sub": uuid::Uuid::new_v4().to_string(), "typ": "Bearer", "azp": "bench",
        "acr": "1", "allowed-origins": [], "scope": "profile email",
        "realm_access": {"roles": ["default-roles-bench", "offline_access", "uma_authorization"]},
        "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
        "clientHost": "127.0.0.1", "preferred_username": "service-account-bench",
        "clientAddress": "127.0.0.1", "client_id": "bench", "email_verified": false
    })
}

/// RS256 through the server's own key loading and `crypto::jwt::sign`.
fn rs256_signer() -> Result<impl FnMut() -> Result<(), String>, String> {
    let stored = generate_rsa("bench".into(), 0).map_err(|e| e.to_string())?;
    let key = RealmKey::load(stored).map_err(|e| e.to_string())?;
    let claims = sample_claims();
    Ok(move || sign(&key, &claims).map(|_| ()).map_err(|e| e.to_string()))
}

fn signer(key: EncodingKey, alg: Algorithm) -> impl FnMut() -> Result<(), String> {
    let claims = sample_claims();
    let mut header = Header::new(alg);
    header.kid = Some("bench".into());
    header.typ = Some("JWT".into());
    move || {
        encode(&header, &claims, &key)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Measures all ceilings on the calling thread (pin it first for a one-core figure).
pub fn measure(span: Duration) -> Result<Ceilings, String> {
    let ec = EncodingKey::from_ec_pem(P256_PEM.as_bytes()).map_err(|e| e.to_string())?;
    eprintln!("ceiling: RS256 signing...");
    let rs256_signs = rate(span, rs256_signer()?)?;
    eprintln!("ceiling: ES256 signing...");
    let es256_signs = rate(span, signer(ec, Algorithm::ES256))?;
    eprintln!("ceiling: argon2id hashing...");
    let argon2id_hashes = rate(span, || {
        hash_argon2("correct horse battery staple")
            .map(|_| ())
            .map_err(|e| e.to_string())
    })?;
    Ok(Ceilings {
        rs256_signs,
        es256_signs,
        argon2id_hashes,
    })
}

/// Measures on a fresh thread pinned to `core` (or unpinned), leaving the caller's
/// affinity alone.
pub fn measure_on(core: Option<usize>, span: Duration) -> Result<Ceilings, String> {
    std::thread::spawn(move || {
        if let Some(core) = core {
            crate::pin::pin_current_thread(core)?;
        }
        measure(span)
    })
    .join()
    .map_err(|_| "ceiling thread panicked".to_string())?
}
