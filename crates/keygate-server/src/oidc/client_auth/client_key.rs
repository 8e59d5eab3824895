//! The public keys a client signs its assertions with, read from its attributes as
//! Keycloak keeps them: `jwt.credential.certificate` (base64 DER X.509),
//! `jwt.credential.public.key` (base64 DER SubjectPublicKeyInfo) with `jwt.credential.kid`,
//! or a JWK Set in `jwks.string` when `use.jwks.string` is on. `use.jwks.url` is honoured
//! only as "no key here": Keygate does not fetch URLs on the token path.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey};
use rsa::pkcs8::EncodePublicKey;
use serde_json::Value;
use sha2::{Digest, Sha256};
use x509_cert::der::{Decode, Encode};
use x509_cert::spki::{ObjectIdentifier, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;

use crate::realm::model::Client;

const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");

/// The attribute prefix clients use for their signing credential.
pub const ATTR: &str = "jwt.credential";

/// A verification key of a client.
pub struct ClientKey {
    pub kid: String,
    /// `RSA`, `EC-P256` or `EC-P384`: which JWS algorithms it verifies.
    kind: &'static str,
    pub decoding: DecodingKey,
}

impl ClientKey {
    /// Whether this key can verify a signature made with `alg`.
    pub fn verifies(&self, alg: Algorithm) -> bool {
        use Algorithm::*;
        match self.kind {
            "RSA" => matches!(alg, RS256 | RS384 | RS512 | PS256 | PS384 | PS512),
            "EC-P256" => alg == ES256,
            "EC-P384" => alg == ES384,
            _ => false,
        }
    }
}

/// Keycloak's key id for a public key: base64url SHA-256 of its SubjectPublicKeyInfo.
pub fn key_id(spki_der: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(spki_der))
}

/// A key from SubjectPublicKeyInfo DER (RSA, P-256 or P-384).
pub fn from_spki(der: &[u8], kid: Option<String>) -> Option<ClientKey> {
    let spki = SubjectPublicKeyInfoOwned::from_der(der).ok()?;
    let bits = spki.subject_public_key.raw_bytes();
    let (kind, decoding) = if spki.algorithm.oid == RSA {
        ("RSA", DecodingKey::from_rsa_der(bits))
    } else if spki.algorithm.oid == EC {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())?;
        let kind = match curve {
            c if c == P256 => "EC-P256",
            c if c == P384 => "EC-P384",
            _ => return None,
        };
        (kind, DecodingKey::from_ec_der(bits))
    } else {
        return None;
    };
    Some(ClientKey {
        kid: kid.unwrap_or_else(|| key_id(der)),
        kind,
        decoding,
    })
}

/// Base64 DER or PEM text, as DER bytes.
pub fn der_of(text: &str) -> Option<Vec<u8>> {
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| l.split_whitespace())
        .collect();
    STANDARD.decode(body.as_bytes()).ok()
}

/// The SubjectPublicKeyInfo DER of a certificate (base64 DER or PEM).
pub fn certificate_spki(text: &str) -> Option<Vec<u8>> {
    let cert = Certificate::from_der(&der_of(text)?).ok()?;
    cert.tbs_certificate.subject_public_key_info.to_der().ok()
}

/// The SubjectPublicKeyInfo DER of a public JWK (`RSA`, or `EC` on P-256/P-384).
pub fn jwk_spki(jwk: &Value) -> Option<Vec<u8>> {
    let field = |k: &str| {
        jwk.get(k)
            .and_then(Value::as_str)
            .and_then(|s| URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok())
    };
    let der = match jwk.get("kty").and_then(Value::as_str)? {
        "RSA" => {
            let n = rsa::BigUint::from_bytes_be(&field("n")?);
            let e = rsa::BigUint::from_bytes_be(&field("e")?);
            let key = rsa::RsaPublicKey::new(n, e).ok()?;
            key.to_public_key_der().ok()?.into_vec()
        }
        "EC" => {
            let mut point = vec![0x04];
            point.extend(field("x")?);
            point.extend(field("y")?);
            match jwk.get("crv").and_then(Value::as_str)? {
                "P-256" => p256::PublicKey::from_sec1_bytes(&point)
                    .ok()?
                    .to_public_key_der()
                    .ok()?
                    .into_vec(),
                "P-384" => p384::PublicKey::from_sec1_bytes(&point)
                    .ok()?
                    .to_public_key_der()
                    .ok()?
                    .into_vec(),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(der)
}

fn attr<'a>(client: &'a Client, key: &str) -> Option<&'a str> {
    client
        .rep
        .attributes
        .as_ref()?
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// Every key the client's configuration names, for the assertion's `kid` to pick from.
pub fn of_client(client: &Client) -> Vec<ClientKey> {
    if attr(client, "use.jwks.url") == Some("true") {
        return Vec::new();
    }
    if attr(client, "use.jwks.string") == Some("true") {
        let set: Value = attr(client, "jwks.string")
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(Value::Null);
        return set
            .get("keys")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|k| k.get("use").and_then(Value::as_str).unwrap_or("sig") == "sig")
            .filter_map(|k| {
                let kid = k.get("kid").and_then(Value::as_str).map(str::to_string);
                from_spki(&jwk_spki(k)?, kid)
            })
            .collect();
    }
    let kid = attr(client, "jwt.credential.kid").map(str::to_string);
    let spki = attr(client, "jwt.credential.certificate")
        .and_then(certificate_spki)
        .or_else(|| attr(client, "jwt.credential.public.key").and_then(der_of));
    spki.and_then(|der| from_spki(&der, kid))
        .into_iter()
        .collect()
}
