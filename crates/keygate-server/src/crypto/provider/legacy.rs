//! RSA keys under 2048 bits, which aws-lc refuses: signed and verified with the `rsa`
//! crate (blinded signing). Keycloak's `rsa-generated` provider still offers 1024 bits.

use jsonwebtoken::crypto::{aws_lc, JwtVerifier};
use jsonwebtoken::errors::Error as JwtError;
use jsonwebtoken::signature::{Error as SigError, Verifier};
use jsonwebtoken::{Algorithm, DecodingKey, DecodingKeyKind};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// Below this modulus size (bytes) aws-lc refuses an RSA key.
const AWS_MIN_MODULUS: usize = 256;

/// The key, when it is a valid PKCS#1 RSA key that aws-lc refuses for its size.
pub(super) fn private_key(der: &[u8]) -> Option<RsaPrivateKey> {
    let key = RsaPrivateKey::from_pkcs1_der(der).ok()?;
    (rsa::traits::PublicKeyParts::size(&key) < AWS_MIN_MODULUS).then_some(key)
}

/// The digest of `msg` for `alg`, with its PKCS#1 v1.5 and PSS schemes.
fn scheme(alg: Algorithm, msg: &[u8]) -> Option<(Vec<u8>, Pkcs1v15Sign, Pss)> {
    Some(match alg {
        Algorithm::RS256 | Algorithm::PS256 => (
            Sha256::digest(msg).to_vec(),
            Pkcs1v15Sign::new::<Sha256>(),
            Pss::new::<Sha256>(),
        ),
        Algorithm::RS384 | Algorithm::PS384 => (
            Sha384::digest(msg).to_vec(),
            Pkcs1v15Sign::new::<Sha384>(),
            Pss::new::<Sha384>(),
        ),
        Algorithm::RS512 | Algorithm::PS512 => (
            Sha512::digest(msg).to_vec(),
            Pkcs1v15Sign::new::<Sha512>(),
            Pss::new::<Sha512>(),
        ),
        _ => return None,
    })
}

fn is_pss(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512)
}

pub(super) fn sign(key: &RsaPrivateKey, alg: Algorithm, msg: &[u8]) -> Result<Vec<u8>, SigError> {
    let (digest, pkcs1, pss) = scheme(alg, msg).ok_or_else(SigError::new)?;
    let mut rng = rand::thread_rng();
    let signed = if is_pss(alg) {
        key.sign_with_rng(&mut rng, pss, &digest)
    } else {
        key.sign_with_rng(&mut rng, pkcs1, &digest)
    };
    signed.map_err(SigError::from_source)
}

/// The verifier factory: aws-lc's, except for RSA moduli aws-lc refuses.
pub(super) fn new_verifier(
    alg: &Algorithm,
    key: &DecodingKey,
) -> Result<Box<dyn JwtVerifier>, JwtError> {
    if let DecodingKeyKind::RsaModulusExponent { n, e } = key.kind() {
        let n = BigUint::from_bytes_be(n);
        if scheme(*alg, b"").is_some() && n.bits().div_ceil(8) < AWS_MIN_MODULUS {
            let public = RsaPublicKey::new(n, BigUint::from_bytes_be(e))
                .map_err(|e| jsonwebtoken::errors::ErrorKind::InvalidRsaKey(e.to_string()))?;
            return Ok(Box::new(LegacyVerifier { public, alg: *alg }));
        }
    }
    (aws_lc::DEFAULT_PROVIDER.verifier_factory)(alg, key)
}

struct LegacyVerifier {
    public: RsaPublicKey,
    alg: Algorithm,
}

impl Verifier<Vec<u8>> for LegacyVerifier {
    fn verify(&self, msg: &[u8], signature: &Vec<u8>) -> Result<(), SigError> {
        let (digest, pkcs1, pss) = scheme(self.alg, msg).ok_or_else(SigError::new)?;
        let checked = if is_pss(self.alg) {
            self.public.verify(pss, &digest, signature)
        } else {
            self.public.verify(pkcs1, &digest, signature)
        };
        checked.map_err(SigError::from_source)
    }
}

impl JwtVerifier for LegacyVerifier {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }
}
