//! Realm keys, JWT signing and verification, and password hashing.

pub mod cert;
pub mod jwt;
pub mod keygen;
pub mod keys;
pub mod password;
pub mod provider;

use base64::Engine;
use rand::RngCore;
use subtle::ConstantTimeEq;

/// `n` random bytes, URL-safe base64 without padding: client secrets, HMAC keys, nonces.
pub fn random_token(n: usize) -> String {
    let mut buf = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// Compares two secrets in time independent of where they differ.
pub fn secret_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}
