//! Users: the admin API over them and the representation mapping.

pub mod admin;
pub mod consents;
pub mod convert;
pub mod federated;
pub mod impersonate;
pub mod password_policy;
pub mod profile;
pub mod username;

use axum::Router;

use crate::state::AppState;

/// The user profile, consent and identity-link endpoints, merged into the users' routes.
pub fn extra_routes() -> Router<AppState> {
    Router::new()
        .merge(profile::routes())
        .merge(consents::routes())
        .merge(federated::routes())
        .merge(impersonate::routes())
}
