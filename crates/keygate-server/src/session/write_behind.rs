//! Writes the last-access times `touches` holds, in one transaction a second per node;
//! a crash loses at most that second of last-access times, which only idle timeouts read.

use std::time::Duration;

use crate::error::Result;
use crate::state::{AppState, Change};
use crate::store;

/// How often pending last-access times are written.
pub const FLUSH: Duration = Duration::from_secs(1);

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
