//! Components (key providers first), the keys endpoint, server info and cache clears.

mod admin;
mod cache;
mod keys;
mod permissions;
mod present;
pub mod providers;
mod serverinfo;
pub mod spec;
pub mod storage;

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(admin::routes())
        .merge(keys::routes())
        .merge(serverinfo::routes())
        .merge(cache::routes())
        .merge(permissions::routes())
}
