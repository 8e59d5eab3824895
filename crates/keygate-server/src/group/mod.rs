//! Groups: the group tree, members and default groups, with their admin API.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
