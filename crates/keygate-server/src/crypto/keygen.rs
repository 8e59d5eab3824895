//! Making realm keys: generated RSA (with a self-signed certificate), imported RSA, HMAC,
//! ECDSA and AES secrets, each the way the Keycloak provider of the same name does.
//! RSA generation is CPU work: callers run it off the async runtime.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::RsaPrivateKey;
use sha2::{Digest, Sha256};

use super::keys::StoredKey;
use crate::error::{Error, Result};

fn blank(id: String, provider: &str, algorithm: &str, now: i64) -> StoredKey {
    StoredKey {
        id,
        name: provider.to_string(),
        kid: uuid::Uuid::new_v4().to_string(),
        algorithm: algorithm.to_string(),
        key_use: "sig".into(),
        private_key: String::new(),
        public_key: String::new(),
        certificate: None,
        priority: 100,
        enabled: true,
        active: true,
        provider_id: provider.to_string(),
        created: now,
    }
}

/// Generates an RSA-2048 RS256 key, its certificate issued to `CN=keygate`.
pub fn generate_rsa(id: String, now: i64) -> Result<StoredKey> {
    generate_rsa_sized(id, "keygate", 2048, "RS256", now)
}

/// Generates an RSA-2048 RS256 key for a new realm, as Keycloak's default `rsa-generated`
/// (certificate issued to `CN=<realm>`).
pub fn generate_rsa_for_realm(id: String, realm: &str, now: i64) -> Result<StoredKey> {
    generate_rsa_sized(id, realm, 2048, "RS256", now)
}

/// Generates an RSA key of `bits` for `algorithm` (`RSA-OAEP` makes an encryption key).
pub fn generate_rsa_sized(
    id: String,
    realm: &str,
    bits: usize,
    algorithm: &str,
    now: i64,
) -> Result<StoredKey> {
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), bits).map_err(Error::internal)?;
    let provider = if algorithm.starts_with("RSA") {
        "rsa-enc-generated"
    } else {
        "rsa-generated"
    };
    rsa_key(&key, id, provider, algorithm, realm, None, now)
}

/// Imports an RSA private key given as PEM (PKCS#1 or PKCS#8, or bare base64 PKCS#8), as
/// Keycloak's `rsa` provider and realm exports that carry their keys.
pub fn import_rsa_pem(id: String, pem: &str, priority: i64, now: i64) -> Result<StoredKey> {
    import_rsa_pem_for_realm(id, pem, priority, "keygate", now)
}

/// `import_rsa_pem`, the generated certificate issued to `CN=<realm>`.
pub fn import_rsa_pem_for_realm(
    id: String,
    pem: &str,
    priority: i64,
    realm: &str,
    now: i64,
) -> Result<StoredKey> {
    let key = parse_rsa_pem(pem)?;
    let mut stored = rsa_key(&key, id, "rsa", "RS256", realm, None, now)?;
    stored.priority = priority;
    Ok(stored)
}

/// Parses an RSA private key, or answers Keycloak's 400 reason.
pub fn parse_rsa_pem(pem: &str) -> Result<RsaPrivateKey> {
    let pem = if pem.contains("-----BEGIN") {
        pem.to_string()
    } else {
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            pem.trim()
        )
    };
    RsaPrivateKey::from_pkcs1_pem(&pem)
        .or_else(|_| RsaPrivateKey::from_pkcs8_pem(&pem))
        .map_err(|_| Error::bad_request("Failed to decode private key"))
}

/// A stored RSA key; the certificate is `certificate` when given, else self-signed.
pub fn rsa_key(
    key: &RsaPrivateKey,
    id: String,
    provider: &str,
    algorithm: &str,
    realm: &str,
    certificate: Option<String>,
    now: i64,
) -> Result<StoredKey> {
    let private_key = key
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(Error::internal)?
        .to_string();
    let public_der = key
        .to_public_key()
        .to_public_key_der()
        .map_err(Error::internal)?;
    let certificate = match certificate {
        Some(c) => c,
        None => super::cert::self_signed(key, realm, now)?,
    };
    let mut k = blank(id, provider, algorithm, now);
    k.kid = URL_SAFE_NO_PAD.encode(Sha256::digest(public_der.as_bytes()));
    k.key_use = if algorithm.starts_with("RSA") {
        "enc"
    } else {
        "sig"
    }
    .into();
    k.private_key = private_key;
    k.public_key = STANDARD.encode(public_der.as_bytes());
    k.certificate = Some(certificate);
    Ok(k)
}

/// Generates a 512-bit HMAC secret for HS512, which signs refresh tokens (as in Keycloak).
pub fn generate_hmac(id: String, now: i64) -> StoredKey {
    generate_hmac_sized(id, 64, "HS512", now)
}

/// An HMAC secret of `bytes` random bytes for `algorithm`.
pub fn generate_hmac_sized(id: String, bytes: usize, algorithm: &str, now: i64) -> StoredKey {
    let mut k = blank(id, "hmac-generated", algorithm, now);
    k.name = format!("hmac-generated-{}", algorithm.to_ascii_lowercase());
    k.private_key = super::random_token(bytes);
    k
}

/// An AES secret of `bytes` random bytes, as Keycloak's `aes-generated` (use `enc`).
pub fn generate_aes(id: String, bytes: usize, now: i64) -> StoredKey {
    let mut k = blank(id, "aes-generated", "AES", now);
    k.key_use = "enc".into();
    k.private_key = super::random_token(bytes);
    k
}

/// Generates an ECDSA key on `curve` (`P-256` → ES256, `P-384` → ES384). P-521 (ES512) is
/// refused: the JOSE crate cannot sign with it.
pub fn generate_ec(id: String, curve: &str, now: i64) -> Result<StoredKey> {
    use p256::pkcs8::{EncodePrivateKey, EncodePublicKey as _};
    let mut rng = rand::thread_rng();
    let (alg, pem, spki) = match curve {
        "P-256" => {
            let sk = p256::SecretKey::random(&mut rng);
            let pem = sk.to_pkcs8_pem(LineEnding::LF).map_err(Error::internal)?;
            let spki = sk
                .public_key()
                .to_public_key_der()
                .map_err(Error::internal)?;
            ("ES256", pem.to_string(), spki.as_bytes().to_vec())
        }
        "P-384" => {
            let sk = p384::SecretKey::random(&mut rng);
            let pem = sk.to_pkcs8_pem(LineEnding::LF).map_err(Error::internal)?;
            let spki = sk
                .public_key()
                .to_public_key_der()
                .map_err(Error::internal)?;
            ("ES384", pem.to_string(), spki.as_bytes().to_vec())
        }
        "P-521" => {
            return Err(Error::bad_request(
                "Elliptic curve P-521 (ES512) is not supported",
            ))
        }
        _ => {
            return Err(Error::bad_request(
                "'Elliptic Curve' should be P-256, P-384 or P-521",
            ))
        }
    };
    let mut k = blank(id, "ecdsa-generated", alg, now);
    k.kid = URL_SAFE_NO_PAD.encode(Sha256::digest(&spki));
    k.private_key = pem;
    k.public_key = STANDARD.encode(&spki);
    Ok(k)
}
