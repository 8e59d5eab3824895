//! Write-behind for sessions' last access. A refresh, a code exchange or an SSO sign-in
//! moves a session's last access; writing that per request would put a write (and
//! SQLite's write lock) on every token refresh. Each node keeps the newest time per
//! session; `write_behind` writes them.

use std::collections::HashMap;
use std::sync::Mutex;

/// Last-access times not yet written, by session id.
#[derive(Default)]
pub struct Touches(Mutex<HashMap<String, i64>>);

impl Touches {
    /// Notes that `session` was used at `now` (seconds).
    pub fn record(&self, session: &str, now: i64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let t = map.entry(session.to_string()).or_insert(now);
        *t = (*t).max(now);
    }

    /// Everything pending, leaving nothing.
    pub fn take(&self) -> HashMap<String, i64> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
