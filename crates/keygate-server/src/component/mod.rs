//! Components (key providers first), the keys endpoint, server info and cache clears.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
