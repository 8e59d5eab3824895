//! Realm signing keys: generation, PEM storage and the public forms (JWK, SPKI) that the
//! certs endpoint and `GET /realms/{realm}` publish.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// A stored key row, as the store hands it over.
#[derive(Debug, Clone)]
pub struct StoredKey {
    pub id: String,
    pub kid: String,
    pub algorithm: String,
    pub key_use: String,
    pub private_key: String,
    pub public_key: String,
    pub priority: i64,
    pub enabled: bool,
    pub active: bool,
    pub provider_id: String,
    pub created: i64,
}

/// A key ready to sign and verify.
pub struct RealmKey {
    pub stored: StoredKey,
    pub alg: Algorithm,
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
    /// The public JWK (absent for HMAC keys, which are never published).
    pub jwk: Option<Value>,
}

impl std::fmt::Debug for RealmKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealmKey")
            .field("kid", &self.stored.kid)
            .field("alg", &self.alg)
            .finish()
    }
}

/// Generates an RSA-2048 key for RS256, as Keycloak's `rsa-generated` provider does.
pub fn generate_rsa(id: String, now: i64) -> Result<StoredKey> {
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).map_err(Error::internal)?;
    let private_key = key
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(Error::internal)?
        .to_string();
    let public_der = key
        .to_public_key()
        .to_public_key_der()
        .map_err(Error::internal)?;
    let public_key = STANDARD.encode(public_der.as_bytes());
    let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(public_der.as_bytes()));
    Ok(StoredKey {
        id,
        kid,
        algorithm: "RS256".into(),
        key_use: "sig".into(),
        private_key,
        public_key,
        priority: 100,
        enabled: true,
        active: true,
        provider_id: "rsa-generated".into(),
        created: now,
    })
}

/// Generates a 512-bit HMAC secret for HS512, which signs refresh tokens (as in Keycloak).
pub fn generate_hmac(id: String, now: i64) -> StoredKey {
    let secret = super::random_token(64);
    let kid = uuid::Uuid::new_v4().to_string();
    StoredKey {
        id,
        kid,
        algorithm: "HS512".into(),
        key_use: "sig".into(),
        private_key: secret,
        public_key: String::new(),
        priority: 100,
        enabled: true,
        active: true,
        provider_id: "hmac-generated".into(),
        created: now,
    }
}

/// Imports an RSA private key given as PEM (PKCS#1 or PKCS#8), for realm exports that carry
/// their keys.
pub fn import_rsa_pem(id: String, pem: &str, priority: i64, now: i64) -> Result<StoredKey> {
    let pem = if pem.contains("-----BEGIN") {
        pem.to_string()
    } else {
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            pem.trim()
        )
    };
    let key = RsaPrivateKey::from_pkcs1_pem(&pem)
        .or_else(|_| RsaPrivateKey::from_pkcs8_pem(&pem))
        .map_err(|_| Error::bad_request("invalid RSA private key"))?;
    let mut stored = generate_from(&key, id, now)?;
    stored.priority = priority;
    stored.provider_id = "rsa".into();
    Ok(stored)
}

fn generate_from(key: &RsaPrivateKey, id: String, now: i64) -> Result<StoredKey> {
    let private_key = key
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(Error::internal)?
        .to_string();
    let public_der = key
        .to_public_key()
        .to_public_key_der()
        .map_err(Error::internal)?;
    Ok(StoredKey {
        id,
        kid: URL_SAFE_NO_PAD.encode(Sha256::digest(public_der.as_bytes())),
        algorithm: "RS256".into(),
        key_use: "sig".into(),
        private_key,
        public_key: STANDARD.encode(public_der.as_bytes()),
        priority: 100,
        enabled: true,
        active: true,
        provider_id: "rsa-generated".into(),
        created: now,
    })
}

impl RealmKey {
    /// Parses a stored key into signing and verification keys.
    pub fn load(stored: StoredKey) -> Result<RealmKey> {
        match stored.algorithm.as_str() {
            "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {
                let alg: Algorithm = stored.algorithm.parse().map_err(Error::internal)?;
                let key =
                    RsaPrivateKey::from_pkcs1_pem(&stored.private_key).map_err(Error::internal)?;
                let der = key.to_pkcs1_der().map_err(Error::internal)?;
                let encoding = EncodingKey::from_rsa_der(der.as_bytes());
                let public = key.to_public_key();
                let n = public.n().to_bytes_be();
                let e = public.e().to_bytes_be();
                let decoding = DecodingKey::from_rsa_raw_components(&n, &e);
                let jwk = json!({
                    "kid": stored.kid,
                    "kty": "RSA",
                    "alg": stored.algorithm,
                    "use": stored.key_use,
                    "n": URL_SAFE_NO_PAD.encode(&n),
                    "e": URL_SAFE_NO_PAD.encode(&e),
                });
                Ok(RealmKey {
                    stored,
                    alg,
                    encoding,
                    decoding,
                    jwk: Some(jwk),
                })
            }
            "HS256" | "HS384" | "HS512" => {
                let alg: Algorithm = stored.algorithm.parse().map_err(Error::internal)?;
                let secret = stored.private_key.as_bytes().to_vec();
                Ok(RealmKey {
                    encoding: EncodingKey::from_secret(&secret),
                    decoding: DecodingKey::from_secret(&secret),
                    stored,
                    alg,
                    jwk: None,
                })
            }
            other => Err(Error::internal(format!(
                "unsupported key algorithm {other}"
            ))),
        }
    }
}
