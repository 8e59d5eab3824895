//! Write-behind for sessions' last access. A refresh, a code exchange or an SSO sign-in
//! moves a session's last access; writing that per request would put a write (and
//! SQLite's write lock) on every token refresh. Each node keeps the newest time per
//! session and writes them in one transaction a second; a crash loses at most that second
//! of last-access times, which only idle timeouts read.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::app::{AppState, Change};
use crate::error::Result;
use crate::store;

/// How often pending last-access times are written.
pub const FLUSH: Duration = Duration::from_secs(1);

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

    fn take(&self) -> HashMap<String, i64> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Writes what is pending; a time never moves a session's last access backwards.
pub async fn flush(state: &AppState) -> Result<()> {
    let pending = state.touches.take();
    if pending.is_empty() {
        return Ok(());
    }
    let mut tx = state.begin().await?;
    for (session, at) in &pending {
        store::sessions::touch(&mut tx, session, *at).await?;
    }
    state.commit(tx, Change::Users).await
}

/// Flushes every [`FLUSH`] for the life of the server.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(FLUSH);
    loop {
        tick.tick().await;
        if let Err(e) = flush(&state).await {
            tracing::warn!(error = %e, "writing sessions' last access failed");
        }
    }
}
