//! Self-signed X.509 certificates for RSA realm keys, as Keycloak's `rsa-generated` provider
//! attaches one to every key (published as `x5c` in the JWKS and as `certificate` in the
//! keys endpoint).

use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::EncodePublicKey;
use rsa::RsaPrivateKey;
use sha2::Sha256;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::{Decode, Encode};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::error::{Error, Result};

/// How long a generated certificate is valid (Keycloak uses ten years).
const VALIDITY_SECS: u64 = 10 * 365 * 24 * 3600;

/// A base64 DER certificate for `key`, self-signed, `CN=<subject>`, valid from `now`.
pub fn self_signed(key: &RsaPrivateKey, subject: &str, now: i64) -> Result<String> {
    let cn: String = subject
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cn = if cn.is_empty() { "keygate".into() } else { cn };
    let name = Name::from_str(&format!("CN={cn}")).map_err(Error::internal)?;
    let start = UNIX_EPOCH + Duration::from_secs(now.max(0) as u64);
    let validity = Validity {
        not_before: Time::try_from(start).map_err(Error::internal)?,
        not_after: Time::try_from(start + Duration::from_secs(VALIDITY_SECS))
            .map_err(Error::internal)?,
    };
    let public_der = key
        .to_public_key()
        .to_public_key_der()
        .map_err(Error::internal)?;
    let spki =
        SubjectPublicKeyInfoOwned::from_der(public_der.as_bytes()).map_err(Error::internal)?;
    let mut serial = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut serial);
    serial[0] &= 0x7f;
    serial[0] |= 0x01;
    let serial = SerialNumber::new(&serial).map_err(Error::internal)?;
    let signer = SigningKey::<Sha256>::new(key.clone());
    let builder = CertificateBuilder::new(Profile::Root, serial, validity, name, spki, &signer)
        .map_err(Error::internal)?;
    let cert = builder
        .build::<rsa::pkcs1v15::Signature>()
        .map_err(Error::internal)?;
    let der = cert.to_der().map_err(Error::internal)?;
    Ok(STANDARD.encode(der))
}

/// Reads a certificate given as PEM or bare base64 DER; answers base64 DER and its expiry
/// (ms since the epoch), or `None` when it does not parse.
pub fn parse(text: &str) -> Option<(String, i64)> {
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<String>()
        .split_whitespace()
        .collect();
    let der = STANDARD.decode(body.as_bytes()).ok()?;
    let cert = Certificate::from_der(&der).ok()?;
    Some((STANDARD.encode(&der), not_after_ms(&cert)))
}

/// The certificate's `notAfter`, in ms since the epoch (Keycloak's `validTo`).
pub fn valid_to(b64: &str) -> Option<i64> {
    let der = STANDARD.decode(b64.as_bytes()).ok()?;
    let cert = Certificate::from_der(&der).ok()?;
    Some(not_after_ms(&cert))
}

fn not_after_ms(cert: &Certificate) -> i64 {
    let t: SystemTime = cert.tbs_certificate.validity.not_after.to_system_time();
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Whether the certificate (base64 DER) certifies `key`'s public key.
pub fn matches(b64: &str, key: &RsaPrivateKey) -> bool {
    let cert = STANDARD
        .decode(b64.as_bytes())
        .ok()
        .and_then(|der| Certificate::from_der(&der).ok());
    let (Some(cert), Ok(public)) = (cert, key.to_public_key().to_public_key_der()) else {
        return false;
    };
    cert.tbs_certificate
        .subject_public_key_info
        .to_der()
        .is_ok_and(|spki| spki == public.as_bytes())
}
