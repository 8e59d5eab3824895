//! User sessions, offline sessions, credentials and not-before revocation, with their admin API.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
