//! Realm export and partial import/export, for the admin API and the command line.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
