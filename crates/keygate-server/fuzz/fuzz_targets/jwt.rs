//! Bearer tokens: the unverified peek that picks the realm, then full verification against
//! RSA, EC and HMAC keys whose ids the corpus names (`rsa`, `ec`, `hs`).
#![no_main]

use std::sync::OnceLock;

use keygate_server::crypto::jwt;
use keygate_server::crypto::keygen;
use keygate_server::crypto::keys::RealmKey;
use keygate_server::oidc::validate;
use libfuzzer_sys::fuzz_target;

fn keys() -> &'static Vec<RealmKey> {
    static KEYS: OnceLock<Vec<RealmKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let stored = [
            keygen::generate_rsa("rsa".into(), 0).ok(),
            keygen::generate_ec("ec".into(), "P-256", 0).ok(),
            Some(keygen::generate_hmac("hs".into(), 0)),
        ];
        stored
            .into_iter()
            .flatten()
            .filter_map(|k| RealmKey::load(k).ok())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let _ = validate::realm_of(token);
    let _ = jwt::peek::<serde_json::Value>(token);
    let _ = jwt::verify::<serde_json::Value>(keys().iter(), token, 0);
});
