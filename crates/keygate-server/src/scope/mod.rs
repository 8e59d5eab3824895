//! Client scopes, protocol mappers and scope mappings: what goes into tokens, and their admin API.

pub mod admin;
pub mod defaults;
pub mod effect;
pub mod mappers;
pub mod mappings;
mod target;

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(admin::routes())
        .merge(defaults::routes())
        .merge(mappers::routes())
        .merge(mappings::routes())
}
