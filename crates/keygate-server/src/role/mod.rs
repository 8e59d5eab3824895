//! Roles: realm and client roles, composites and role mappings, with their admin API.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
