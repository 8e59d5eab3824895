//! Login events and admin events: recorded, kept, served and configured.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
