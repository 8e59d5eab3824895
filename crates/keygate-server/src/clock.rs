//! Time is passed in, so expiry is testable without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Wall-clock seconds, shiftable by tests.
#[derive(Debug, Default)]
pub struct Clock {
    offset: AtomicI64,
}

impl Clock {
    /// Seconds since the epoch.
    pub fn now(&self) -> i64 {
        self.now_ms() / 1000
    }

    /// Milliseconds since the epoch (Keycloak's timestamps in representations).
    pub fn now_ms(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        real + self.offset.load(Ordering::Relaxed) * 1000
    }

    /// Moves this clock forward (tests of expiry).
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::Relaxed);
    }
}
