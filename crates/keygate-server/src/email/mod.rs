//! Mail through the realm's SMTP settings, and the action links it carries.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
