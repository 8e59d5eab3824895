//! Realm keys: the stored form and the loaded form that signs and verifies, with the public
//! JWK (`x5c` included for RSA) that the certs endpoint publishes. Generation and import
//! live in `keygen`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};

use crate::error::{Error, Result};

pub use super::keygen::{
    generate_hmac, generate_rsa, generate_rsa_for_realm, import_rsa_pem, import_rsa_pem_for_realm,
};

/// Keycloak's component type for key providers.
pub const KEY_PROVIDER: &str = "org.keycloak.keys.KeyProvider";

/// A stored key row, as the store hands it over. `id` is also the id of the key-provider
/// component that owns the key.
#[derive(Debug, Clone)]
pub struct StoredKey {
    pub id: String,
    /// The owning component's name.
    pub name: String,
    pub kid: String,
    pub algorithm: String,
    /// `sig` or `enc`.
    pub key_use: String,
    pub private_key: String,
    /// SPKI DER, base64 (empty for secret keys).
    pub public_key: String,
    /// Self-signed or imported X.509 certificate, base64 DER (RSA keys).
    pub certificate: Option<String>,
    pub priority: i64,
    pub enabled: bool,
    pub active: bool,
    pub provider_id: String,
    pub created: i64,
}

impl StoredKey {
    /// Keycloak's key type: `RSA`, `EC` or `OCT`.
    pub fn key_type(&self) -> &'static str {
        match self.algorithm.as_str() {
            a if a.starts_with("ES") => "EC",
            a if a.starts_with("HS") || a == "AES" => "OCT",
            _ => "RSA",
        }
    }

    /// `ACTIVE`, `PASSIVE` or `DISABLED`, as the keys endpoint reports it.
    pub fn status(&self) -> &'static str {
        match (self.enabled, self.active) {
            (false, _) => "DISABLED",
            (true, true) => "ACTIVE",
            (true, false) => "PASSIVE",
        }
    }

    /// The component config a key gets when it was not created through the components API
    /// (realm creation, import, old rows): what Keycloak stores for its default providers.
    pub fn default_config(&self) -> serde_json::Map<String, Value> {
        let mut c = serde_json::Map::new();
        c.insert("priority".into(), json!([self.priority.to_string()]));
        c.insert("enabled".into(), json!([self.enabled.to_string()]));
        c.insert("active".into(), json!([self.active.to_string()]));
        match self.provider_id.as_str() {
            "aes-generated" => {}
            "ecdsa-generated" => {
                let curve = match self.algorithm.as_str() {
                    "ES384" => "P-384",
                    "ES512" => "P-521",
                    _ => "P-256",
                };
                c.insert("ecdsaEllipticCurveKey".into(), json!([curve]));
            }
            _ => {
                c.insert("algorithm".into(), json!([self.algorithm]));
            }
        }
        c
    }
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

impl RealmKey {
    /// Parses a stored signing key into signing and verification keys.
    pub fn load(stored: StoredKey) -> Result<RealmKey> {
        super::provider::install();
        match stored.algorithm.as_str() {
            "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => load_rsa(stored),
            "ES256" | "ES384" => load_ec(stored),
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

/// The public JWK of an RSA encryption key (`RSA-OAEP`, `RSA-OAEP-256`, `RSA1_5`), as
/// Keycloak's JWKS lists it beside the signing keys; `None` for secret keys.
pub fn encryption_jwk(stored: &StoredKey) -> Option<Value> {
    if !stored.algorithm.starts_with("RSA") {
        return None;
    }
    let key = RsaPrivateKey::from_pkcs1_pem(&stored.private_key).ok()?;
    let public = key.to_public_key();
    Some(json!({
        "kid": stored.kid,
        "kty": "RSA",
        "alg": stored.algorithm,
        "use": "enc",
        "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
    }))
}

fn load_rsa(stored: StoredKey) -> Result<RealmKey> {
    let alg: Algorithm = stored.algorithm.parse().map_err(Error::internal)?;
    let key = RsaPrivateKey::from_pkcs1_pem(&stored.private_key).map_err(Error::internal)?;
    let der = key.to_pkcs1_der().map_err(Error::internal)?;
    let encoding = EncodingKey::from_rsa_der(der.as_bytes());
    let public = key.to_public_key();
    let n = public.n().to_bytes_be();
    let e = public.e().to_bytes_be();
    let decoding = DecodingKey::from_rsa_raw_components(&n, &e);
    let mut jwk = json!({
        "kid": stored.kid,
        "kty": "RSA",
        "alg": stored.algorithm,
        "use": stored.key_use,
        "n": URL_SAFE_NO_PAD.encode(&n),
        "e": URL_SAFE_NO_PAD.encode(&e),
    });
    if let Some(cert) = stored.certificate.as_ref().filter(|c| !c.is_empty()) {
        jwk["x5c"] = json!([cert]);
        if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(cert) {
            use sha1::Digest as _;
            jwk["x5t"] = json!(URL_SAFE_NO_PAD.encode(sha1::Sha1::digest(&der)));
            jwk["x5t#S256"] = json!(URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(&der)));
        }
    }
    Ok(RealmKey {
        stored,
        alg,
        encoding,
        decoding,
        jwk: Some(jwk),
    })
}

fn load_ec(stored: StoredKey) -> Result<RealmKey> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
    let (alg, crv, der, point) = if stored.algorithm == "ES256" {
        let sk = p256::SecretKey::from_pkcs8_pem(&stored.private_key).map_err(Error::internal)?;
        let der = sk.to_pkcs8_der().map_err(Error::internal)?;
        let point = sk.public_key().to_encoded_point(false);
        (
            Algorithm::ES256,
            "P-256",
            der.as_bytes().to_vec(),
            point.as_bytes().to_vec(),
        )
    } else {
        let sk = p384::SecretKey::from_pkcs8_pem(&stored.private_key).map_err(Error::internal)?;
        let der = sk.to_pkcs8_der().map_err(Error::internal)?;
        let point = sk.public_key().to_encoded_point(false);
        (
            Algorithm::ES384,
            "P-384",
            der.as_bytes().to_vec(),
            point.as_bytes().to_vec(),
        )
    };
    // Uncompressed SEC1 point: 0x04 || x || y.
    let half = (point.len() - 1) / 2;
    let (x, y) = point[1..].split_at(half);
    let jwk = json!({
        "kid": stored.kid,
        "kty": "EC",
        "alg": stored.algorithm,
        "use": stored.key_use,
        "crv": crv,
        "x": URL_SAFE_NO_PAD.encode(x),
        "y": URL_SAFE_NO_PAD.encode(y),
    });
    Ok(RealmKey {
        encoding: EncodingKey::from_ec_der(&der),
        decoding: DecodingKey::from_ec_der(&point),
        stored,
        alg,
        jwk: Some(jwk),
    })
}
