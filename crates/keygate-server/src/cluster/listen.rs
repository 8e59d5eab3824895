//! The follower task of a PostgreSQL node: LISTEN on the change channel, drop cached
//! realms on every change another node announces, and poll the change stamp once a
//! second so a lost notification costs at most that second. While the listening
//! connection is down the realm cache is bypassed (every request reads the store), and it
//! is emptied again once listening resumes, since changes may have been missed between.

use std::time::Duration;

use sqlx::postgres::PgListener;

use crate::state::AppState;
use crate::store::stamp;

/// How often the stamp is compared, and how long a failed connection waits to retry.
const POLL: Duration = Duration::from_secs(1);

/// Runs for the life of the server.
pub async fn follow(state: AppState) {
    tokio::spawn(poll(state.clone()));
    loop {
        match connect(&state.config.db_url, &state.node.channel).await {
            Ok(mut listener) => {
                state.realms.invalidate_all();
                state.realms.set_trusted(true);
                tracing::info!("following other nodes' changes");
                hear(&state, &mut listener).await;
                tracing::warn!("lost the change channel; serving from the store until back");
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for other nodes' changes"),
        }
        state.realms.set_trusted(false);
        state.realms.invalidate_all();
        tokio::time::sleep(POLL).await;
    }
}

async fn connect(url: &str, channel: &str) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(channel).await?;
    Ok(listener)
}

/// Until the connection is lost: each notification (`node:stamp`) from another node
/// drops the cached realms.
async fn hear(state: &AppState, listener: &mut PgListener) {
    loop {
        match listener.try_recv().await {
            Ok(Some(n)) => {
                let (node, stamp) = n.payload().split_once(':').unwrap_or(("", ""));
                let newer = stamp.parse().map(|s| state.node.saw(s)).unwrap_or(true);
                if node != state.node.id && newer {
                    state.realms.invalidate_all();
                }
            }
            Ok(None) | Err(_) => return,
        }
    }
}

/// The backstop: a stamp newer than any notification heard means one was missed.
async fn poll(state: AppState) {
    let mut tick = tokio::time::interval(POLL);
    loop {
        tick.tick().await;
        if let Ok(s) = stamp::current(&state.db).await {
            if state.node.saw(s) {
                state.realms.invalidate_all();
            }
        }
    }
}
