//! Browser login: the authorization endpoint, login pages, SSO cookie and logout.

use axum::Router;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
