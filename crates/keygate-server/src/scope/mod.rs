//! Client scopes, protocol mappers and scope mappings: what goes into tokens, and their admin API.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
