//! One-time use of client assertions: a `jti` is remembered until its assertion expires.
//! The set lives in this node's memory, as Keycloak's single-use cache lives in each
//! node's Infinispan without replication in a plain setup: in a cluster an assertion could
//! be replayed once against each other node within its lifetime.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

fn seen() -> &'static Mutex<HashMap<String, i64>> {
    static SEEN: OnceLock<Mutex<HashMap<String, i64>>> = OnceLock::new();
    SEEN.get_or_init(Mutex::default)
}

/// Records `key` until `until` (seconds); false when it is already recorded and live.
pub fn first_use(key: String, until: i64, now: i64) -> bool {
    let mut map = match seen().lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    if map.len() > 1024 {
        map.retain(|_, exp| *exp >= now);
    }
    match map.get(&key) {
        Some(exp) if *exp >= now => false,
        _ => {
            map.insert(key, until);
            true
        }
    }
}
