//! Mail through the realm's SMTP settings, and the action links it carries: the admin
//! endpoints that send them and the page at `login-actions/action-token` that performs
//! the actions.

pub mod admin;
pub mod forms;
pub mod mail;
pub mod page;
pub mod smtp;
pub mod test_connection;
pub mod token;

use axum::routing::get;
use axum::Router;

use crate::state::AppState;

/// The required actions an action link can carry: the ones its page can perform.
pub const SUPPORTED_ACTIONS: &[&str] = &["UPDATE_PASSWORD", "UPDATE_PROFILE", "VERIFY_EMAIL"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/realms/{realm}/login-actions/action-token",
            get(page::show).post(page::submit),
        )
        .merge(admin::routes())
        .merge(test_connection::routes())
}
