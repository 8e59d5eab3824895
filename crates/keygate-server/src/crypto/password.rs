//! Password hashing. New hashes are argon2id with Keycloak's defaults; imported pbkdf2 and
//! bcrypt hashes verify and are upgraded at the next login. Hashing runs on the blocking
//! pool behind a semaphore sized to the cores, never on the async workers. Each permit
//! reuses one argon2 working buffer: allocating 7 MiB per hash made glibc keep every
//! buffer it ever handed out (RSS grew by hundreds of MiB under password grants).

use std::sync::{Arc, Mutex};

use argon2::{Argon2, Block, Params, Version};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::RngCore;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

use crate::error::{Error, Result};

/// Keycloak's argon2 defaults: argon2id v1.3, 7168 KiB, 5 iterations, parallelism 1, 32 bytes.
pub const ARGON2_MEMORY_KIB: u32 = 7168;
pub const ARGON2_ITERATIONS: u32 = 5;
pub const ARGON2_PARALLELISM: u32 = 1;
pub const ARGON2_HASH_LEN: usize = 32;

/// Keycloak's default pbkdf2 iterations (`Pbkdf2Sha256PasswordHashProviderFactory` and
/// `Pbkdf2Sha512PasswordHashProviderFactory`).
pub const PBKDF2_SHA256_ITERATIONS: u32 = 600_000;
pub const PBKDF2_SHA512_ITERATIONS: u32 = 210_000;

/// The algorithms new passwords can be hashed with (the realm's `hashAlgorithm` policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    #[default]
    Argon2,
    Pbkdf2Sha256,
    Pbkdf2Sha512,
}

impl Algorithm {
    /// Keycloak's provider id.
    pub fn id(self) -> &'static str {
        match self {
            Algorithm::Argon2 => "argon2",
            Algorithm::Pbkdf2Sha256 => "pbkdf2-sha256",
            Algorithm::Pbkdf2Sha512 => "pbkdf2-sha512",
        }
    }

    pub fn from_id(id: &str) -> Option<Algorithm> {
        [
            Algorithm::Argon2,
            Algorithm::Pbkdf2Sha256,
            Algorithm::Pbkdf2Sha512,
        ]
        .into_iter()
        .find(|a| a.id() == id)
    }

    fn default_iterations(self) -> u32 {
        match self {
            Algorithm::Argon2 => ARGON2_ITERATIONS,
            Algorithm::Pbkdf2Sha256 => PBKDF2_SHA256_ITERATIONS,
            Algorithm::Pbkdf2Sha512 => PBKDF2_SHA512_ITERATIONS,
        }
    }
}

/// How new passwords are hashed: an algorithm and its iterations (its default when unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HashSpec {
    pub algorithm: Algorithm,
    pub iterations: Option<u32>,
}

impl HashSpec {
    pub fn iterations(&self) -> u32 {
        self.iterations
            .filter(|i| *i > 0)
            .unwrap_or_else(|| self.algorithm.default_iterations())
    }

    /// Whether a stored hash was made otherwise than this spec asks (Keycloak re-hashes
    /// such a password at the next successful login).
    pub fn differs_from(&self, stored: &PasswordHash) -> bool {
        let cred: Value = serde_json::from_str(&stored.credential_data).unwrap_or(Value::Null);
        cred["algorithm"].as_str() != Some(self.algorithm.id())
            || cred["hashIterations"].as_u64() != Some(u64::from(self.iterations()))
    }
}

/// A password credential in Keycloak's export format (`secretData` / `credentialData`).
#[derive(Debug, Clone)]
pub struct PasswordHash {
    pub secret_data: String,
    pub credential_data: String,
}

/// Blocks (1 KiB each) of the pooled buffers: Keycloak's default memory. Hashes stored with
/// more memory (imports) get a buffer of their own for that one computation.
const POOLED_BLOCKS: usize = ARGON2_MEMORY_KIB as usize;

/// An argon2 working buffer, reused across hashes.
pub type Memory = Vec<Block>;

/// The bounded hashing pool.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    workers: usize,
    /// At most one buffer per permit: a hash takes one out and puts it back.
    buffers: Arc<Mutex<Vec<Memory>>>,
}

impl Hasher {
    pub fn new(workers: usize) -> Hasher {
        Hasher {
            permits: Arc::new(Semaphore::new(workers.max(1))),
            workers: workers.max(1),
            buffers: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Hashes a new password with argon2id.
    pub async fn hash(&self, password: String) -> Result<PasswordHash> {
        self.run(move |mem| hash_argon2_in(&password, mem)).await?
    }

    /// Hashes a new password as the realm's policy asks.
    pub async fn hash_with(&self, password: String, spec: HashSpec) -> Result<PasswordHash> {
        match spec.algorithm {
            Algorithm::Argon2 => {
                let t = spec.iterations();
                self.run(move |mem| hash_argon2_iter(&password, t, mem))
                    .await?
            }
            _ => self.run(move |_| hash_pbkdf2(&password, spec)).await,
        }
    }

    /// Verifies a password; `Ok(true)` also says whether the hash should be upgraded.
    pub async fn verify(&self, password: String, stored: PasswordHash) -> Result<Verified> {
        self.run(move |mem| verify_in(&password, &stored, mem))
            .await?
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T> {
        let permit = self.permits.acquire().await.map_err(Error::internal)?;
        let mut mem = self.take_buffer();
        let (out, mem) = tokio::task::spawn_blocking(move || {
            let out = f(&mut mem);
            (out, mem)
        })
        .await
        .map_err(Error::internal)?;
        drop(permit);
        // Buffers are kept while hashes queue; once none runs they are freed, so an idle
        // server does not hold megabytes per core for the next login.
        if self.permits.available_permits() == self.workers {
            drop(mem);
            self.clear_buffers();
        } else {
            self.put_buffer(mem);
        }
        Ok(out)
    }

    fn take_buffer(&self) -> Memory {
        match self.buffers.lock() {
            Ok(mut pool) => pool.pop().unwrap_or_default(),
            Err(_) => Memory::new(),
        }
    }

    fn clear_buffers(&self) {
        if let Ok(mut pool) = self.buffers.lock() {
            pool.clear();
        }
    }

    fn put_buffer(&self, mem: Memory) {
        if let Ok(mut pool) = self.buffers.lock() {
            pool.push(mem);
        }
    }
}

/// Runs argon2 in `mem` (grown once to the pooled size), or in a buffer of its own when
/// the parameters need more than the pool keeps.
fn argon2_into(
    a: &Argon2<'_>,
    pwd: &[u8],
    salt: &[u8],
    out: &mut [u8],
    mem: &mut Memory,
) -> Result<()> {
    let needed = a.params().block_count();
    if needed > POOLED_BLOCKS {
        return a
            .hash_password_into(pwd, salt, out)
            .map_err(Error::internal);
    }
    if mem.len() < POOLED_BLOCKS {
        mem.resize(POOLED_BLOCKS, Block::default());
    }
    a.hash_password_into_with_memory(pwd, salt, out, &mut mem[..])
        .map_err(Error::internal)
}

/// The outcome of a password check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Correct, but stored with a legacy algorithm: re-hash with argon2id.
    YesUpgrade,
}

fn argon2(memory: u32, iterations: u32, parallelism: u32, len: usize) -> Result<Argon2<'static>> {
    let params =
        Params::new(memory, iterations, parallelism, Some(len)).map_err(Error::internal)?;
    Ok(Argon2::new(
        argon2::Algorithm::Argon2id,
        Version::V0x13,
        params,
    ))
}

/// Hashes with argon2id at Keycloak's defaults, in Keycloak's credential format.
pub fn hash_argon2(password: &str) -> Result<PasswordHash> {
    hash_argon2_in(password, &mut Memory::new())
}

/// [`hash_argon2`] working in `mem`.
pub fn hash_argon2_in(password: &str, mem: &mut Memory) -> Result<PasswordHash> {
    hash_argon2_iter(password, ARGON2_ITERATIONS, mem)
}

/// pbkdf2 with the spec's digest and iterations, in Keycloak's credential format (a
/// 16-byte salt; 256-bit output for SHA-256, 512-bit for SHA-512).
pub fn hash_pbkdf2(password: &str, spec: HashSpec) -> PasswordHash {
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    let iterations = spec.iterations();
    let out = match spec.algorithm {
        Algorithm::Pbkdf2Sha512 => {
            let mut out = vec![0u8; 64];
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), &salt, iterations, &mut out);
            out
        }
        _ => {
            let mut out = vec![0u8; 32];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, iterations, &mut out);
            out
        }
    };
    PasswordHash {
        secret_data: json!({
            "value": STANDARD.encode(out),
            "salt": STANDARD.encode(salt),
            "additionalParameters": {}
        })
        .to_string(),
        credential_data: json!({
            "hashIterations": iterations,
            "algorithm": spec.algorithm.id(),
            "additionalParameters": {}
        })
        .to_string(),
    }
}

/// argon2id at Keycloak's memory and parallelism with `iterations` passes.
fn hash_argon2_iter(password: &str, iterations: u32, mem: &mut Memory) -> Result<PasswordHash> {
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    let mut out = [0u8; ARGON2_HASH_LEN];
    let a = argon2(
        ARGON2_MEMORY_KIB,
        iterations,
        ARGON2_PARALLELISM,
        ARGON2_HASH_LEN,
    )?;
    argon2_into(&a, password.as_bytes(), &salt, &mut out, mem)?;
    Ok(PasswordHash {
        secret_data: json!({
            "value": STANDARD.encode(out),
            "salt": STANDARD.encode(salt),
            "additionalParameters": {}
        })
        .to_string(),
        credential_data: json!({
            "hashIterations": iterations,
            "algorithm": "argon2",
            "additionalParameters": {
                "hashLength": [ARGON2_HASH_LEN.to_string()],
                "memory": [ARGON2_MEMORY_KIB.to_string()],
                "type": ["id"],
                "version": ["1.3"],
                "parallelism": [ARGON2_PARALLELISM.to_string()]
            }
        })
        .to_string(),
    })
}

fn param(cred: &Value, name: &str, default: u32) -> u32 {
    cred["additionalParameters"][name][0]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Checks a password against a stored credential of any supported algorithm.
pub fn verify(password: &str, stored: &PasswordHash) -> Result<Verified> {
    verify_in(password, stored, &mut Memory::new())
}

/// [`verify`] working in `mem` for argon2.
pub fn verify_in(password: &str, stored: &PasswordHash, mem: &mut Memory) -> Result<Verified> {
    let secret: Value = serde_json::from_str(&stored.secret_data).unwrap_or(Value::Null);
    let cred: Value = serde_json::from_str(&stored.credential_data).unwrap_or(Value::Null);
    let value = secret["value"].as_str().unwrap_or_default();
    let algorithm = cred["algorithm"].as_str().unwrap_or("argon2");
    if value.starts_with("$2") {
        let ok = bcrypt::verify(password, value).unwrap_or(false);
        return Ok(if ok {
            Verified::YesUpgrade
        } else {
            Verified::No
        });
    }
    let expected = STANDARD.decode(value).unwrap_or_default();
    let salt = STANDARD
        .decode(secret["salt"].as_str().unwrap_or_default())
        .unwrap_or_default();
    if expected.is_empty() {
        return Ok(Verified::No);
    }
    let iterations = cred["hashIterations"].as_u64().unwrap_or(0) as u32;
    let mut out = vec![0u8; expected.len()];
    if iterations == 0 && algorithm != "argon2" {
        return Ok(Verified::No);
    }
    let upgrade = match algorithm {
        "argon2" => {
            if cred["additionalParameters"]["type"][0]
                .as_str()
                .unwrap_or("id")
                != "id"
            {
                return Ok(Verified::No);
            }
            let memory = param(&cred, "memory", ARGON2_MEMORY_KIB);
            let parallelism = param(&cred, "parallelism", ARGON2_PARALLELISM);
            let a = argon2(memory, iterations.max(1), parallelism, expected.len())?;
            argon2_into(&a, password.as_bytes(), &salt, &mut out, mem)?;
            false
        }
        "pbkdf2-sha256" => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, iterations, &mut out);
            true
        }
        "pbkdf2-sha512" => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), &salt, iterations, &mut out);
            true
        }
        "bcrypt" => return Ok(Verified::No),
        _ => return Ok(Verified::No),
    };
    if !bool::from(out.ct_eq(&expected)) {
        return Ok(Verified::No);
    }
    Ok(if upgrade {
        Verified::YesUpgrade
    } else {
        Verified::Yes
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn buffers_are_freed_once_no_hash_runs() {
        let hasher = Hasher::new(2);
        let stored = hasher.hash("pw".into()).await.unwrap();
        assert_eq!(
            hasher.verify("pw".into(), stored).await.unwrap(),
            Verified::Yes
        );
        assert!(hasher.buffers.lock().unwrap().is_empty());
        // While another hash holds a permit, a finished one keeps its buffer for the next.
        let held = hasher.permits.clone().acquire_owned().await.unwrap();
        hasher.hash("pw".into()).await.unwrap();
        assert_eq!(hasher.buffers.lock().unwrap().len(), 1);
        drop(held);
    }

    #[test]
    fn pbkdf2_spec_hashes_verify_and_are_recognised() {
        let spec = HashSpec {
            algorithm: Algorithm::Pbkdf2Sha512,
            iterations: Some(1000),
        };
        let h = hash_pbkdf2("pw", spec);
        assert_eq!(verify("pw", &h).unwrap(), Verified::YesUpgrade);
        assert_eq!(verify("nope", &h).unwrap(), Verified::No);
        assert!(!spec.differs_from(&h));
        assert!(HashSpec::default().differs_from(&h));
        let a = hash_argon2("pw").unwrap();
        assert!(!HashSpec::default().differs_from(&a));
    }

    #[test]
    fn argon2_round_trip_and_rejects_wrong_password() {
        let h = hash_argon2("s3cret").unwrap();
        assert_eq!(verify("s3cret", &h).unwrap(), Verified::Yes);
        assert_eq!(verify("wrong", &h).unwrap(), Verified::No);
    }

    #[test]
    fn reused_buffer_gives_the_same_answers() {
        let mut mem = Memory::new();
        let h = hash_argon2_in("s3cret", &mut mem).unwrap();
        assert_eq!(mem.len(), POOLED_BLOCKS);
        assert_eq!(verify_in("s3cret", &h, &mut mem).unwrap(), Verified::Yes);
        assert_eq!(verify_in("wrong", &h, &mut mem).unwrap(), Verified::No);
        assert_eq!(verify("s3cret", &h).unwrap(), Verified::Yes);
    }

    #[test]
    fn pbkdf2_sha256_from_keycloak_export_verifies_and_asks_for_upgrade() {
        let salt = b"0123456789abcdef";
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"pw", salt, 1000, &mut out);
        let h = PasswordHash {
            secret_data: json!({"value": STANDARD.encode(out), "salt": STANDARD.encode(salt)})
                .to_string(),
            credential_data: json!({"hashIterations": 1000, "algorithm": "pbkdf2-sha256"})
                .to_string(),
        };
        assert_eq!(verify("pw", &h).unwrap(), Verified::YesUpgrade);
        assert_eq!(verify("nope", &h).unwrap(), Verified::No);
    }
}
