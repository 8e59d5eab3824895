//! Roles: realm and client roles, composites and role mappings, with their admin API.
//!
//! `roles` serves the roles themselves (by name under the realm or a client, and by id),
//! `composites` their children, `mappings` the role mappings of users and groups. `target`
//! resolves what a path names, `access` decides who may act, `convert` shapes the JSON.

mod access;
mod composites;
pub mod convert;
mod mappings;
mod roles;
mod target;

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(roles::routes())
        .merge(composites::routes())
        .merge(mappings::routes())
}
