//! The JOSE crypto backend: jsonwebtoken's aws-lc-rs provider, except that RSA private
//! keys are parsed once. aws-lc validates a private key on every parse (modular inverses,
//! CRT consistency) and jsonwebtoken's provider parses the key for every signature, which
//! cost about a quarter of each RS256 signing (profile in BENCHMARKS.md).
//!
//! aws-lc refuses RSA keys under 2048 bits; Keycloak still offers 1024-bit generated keys,
//! so those sign and verify through the `rsa` crate instead (see [`legacy`]).

mod legacy;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, Once};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self as sig, RsaEncoding, RsaKeyPair};
use jsonwebtoken::crypto::{aws_lc, CryptoProvider, JwtSigner};
use jsonwebtoken::errors::{Error as JwtError, ErrorKind};
use jsonwebtoken::signature::{Error as SigError, Signer};
use jsonwebtoken::{Algorithm, AlgorithmFamily, EncodingKey};

/// Parsed keys by their PKCS#1 DER. Realms hold a handful of keys each; the bound only
/// guards against unbounded growth across many rotated or deleted keys.
static RSA_KEYS: LazyLock<Mutex<HashMap<Vec<u8>, Parsed>>> = LazyLock::new(Default::default);
const MAX_CACHED_KEYS: usize = 1024;

/// Makes this the process's jsonwebtoken provider. Idempotent; called before the first
/// signature or verification (jsonwebtoken fixes its provider at first use).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let provider: &'static CryptoProvider = Box::leak(Box::new(CryptoProvider {
            signer_factory: new_signer,
            verifier_factory: legacy::new_verifier,
            key_utils: aws_lc::DEFAULT_PROVIDER.key_utils.clone(),
        }));
        // Err: a provider was already fixed; signing still works, only without the cache.
        let _ = provider.install_default();
    });
}

fn rsa_encoding(alg: Algorithm) -> Option<&'static dyn RsaEncoding> {
    Some(match alg {
        Algorithm::RS256 => &sig::RSA_PKCS1_SHA256,
        Algorithm::RS384 => &sig::RSA_PKCS1_SHA384,
        Algorithm::RS512 => &sig::RSA_PKCS1_SHA512,
        Algorithm::PS256 => &sig::RSA_PSS_SHA256,
        Algorithm::PS384 => &sig::RSA_PSS_SHA384,
        Algorithm::PS512 => &sig::RSA_PSS_SHA512,
        _ => return None,
    })
}

fn new_signer(alg: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>, JwtError> {
    let Some(encoding) = rsa_encoding(*alg) else {
        return (aws_lc::DEFAULT_PROVIDER.signer_factory)(alg, key);
    };
    if key.family() != AlgorithmFamily::Rsa {
        return Err(ErrorKind::InvalidKeyFormat.into());
    }
    Ok(Box::new(RsaSigner {
        key: rsa_key(key.as_bytes())?,
        encoding,
        alg: *alg,
    }))
}

/// A parsed private key: aws-lc's, or the `rsa` crate's for keys aws-lc refuses.
#[derive(Clone)]
enum Parsed {
    Aws(Arc<RsaKeyPair>),
    Legacy(Arc<rsa::RsaPrivateKey>),
}

fn rsa_key(der: &[u8]) -> Result<Parsed, JwtError> {
    let mut keys = RSA_KEYS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = keys.get(der) {
        return Ok(k.clone());
    }
    let parsed = match RsaKeyPair::from_der(der) {
        Ok(k) => Parsed::Aws(Arc::new(k)),
        Err(e) => match legacy::private_key(der) {
            Some(k) => Parsed::Legacy(Arc::new(k)),
            None => return Err(ErrorKind::InvalidRsaKey(e.to_string()).into()),
        },
    };
    if keys.len() >= MAX_CACHED_KEYS {
        keys.clear();
    }
    keys.insert(der.to_vec(), parsed.clone());
    Ok(parsed)
}

struct RsaSigner {
    key: Parsed,
    encoding: &'static dyn RsaEncoding,
    alg: Algorithm,
}

impl Signer<Vec<u8>> for RsaSigner {
    fn try_sign(&self, msg: &[u8]) -> Result<Vec<u8>, SigError> {
        match &self.key {
            Parsed::Aws(key) => {
                let mut out = vec![0; key.public_modulus_len()];
                key.sign(self.encoding, &SystemRandom::new(), msg, &mut out)
                    .map_err(SigError::from_source)?;
                Ok(out)
            }
            Parsed::Legacy(key) => legacy::sign(key, self.alg, msg),
        }
    }
}

impl JwtSigner for RsaSigner {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{jwt, keygen, keys::RealmKey};

    #[test]
    fn cached_keys_sign_tokens_that_verify_and_tampering_fails() {
        for alg in ["RS256", "PS256"] {
            let stored = keygen::generate_rsa_sized("k".into(), "t", 2048, alg, 0).unwrap();
            let key = RealmKey::load(stored).unwrap();
            let claims = serde_json::json!({"sub": "x", "exp": 100});
            let a = jwt::sign(&key, &claims).unwrap();
            let b = jwt::sign(&key, &claims).unwrap();
            let (Parsed::Aws(first), Parsed::Aws(second)) = (
                rsa_key(key.encoding.as_bytes()).unwrap(),
                rsa_key(key.encoding.as_bytes()).unwrap(),
            ) else {
                panic!("{alg}: a 2048-bit key goes to aws-lc");
            };
            assert!(Arc::ptr_eq(&first, &second), "{alg}: parsed once");
            for t in [&a, &b] {
                let back: serde_json::Value = jwt::verify([&key], t, 1).unwrap();
                assert_eq!(back["sub"], "x");
            }
            let mut forged = a.clone();
            forged.replace_range(a.len() - 4.., "AAAA");
            assert!(jwt::verify::<serde_json::Value>([&key], &forged, 1).is_err());
        }
    }

    #[test]
    fn keys_under_2048_bits_sign_and_verify_through_the_rsa_crate() {
        // PS512 cannot fit a 1024-bit modulus (64-byte hash + 64-byte salt + 2 > 128).
        for alg in ["RS256", "RS384", "RS512", "PS256", "PS384"] {
            let stored = keygen::generate_rsa_sized("s".into(), "t", 1024, alg, 0).unwrap();
            let key = RealmKey::load(stored).unwrap();
            let claims = serde_json::json!({"sub": "y", "exp": 100});
            let token = jwt::sign(&key, &claims).unwrap_or_else(|e| panic!("{alg}: {e}"));
            assert!(matches!(
                rsa_key(key.encoding.as_bytes()).unwrap(),
                Parsed::Legacy(_)
            ));
            let back: serde_json::Value = jwt::verify([&key], &token, 1).unwrap();
            assert_eq!(back["sub"], "y", "{alg}");
            let mut forged = token.clone();
            forged.replace_range(token.len() - 4.., "AAAA");
            assert!(jwt::verify::<serde_json::Value>([&key], &forged, 1).is_err());
        }
    }
}
