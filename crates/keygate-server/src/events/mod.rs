//! Login events and admin events: recorded, kept, served and configured.
//!
//! Recording happens in two places only: `layer`, one middleware over the whole API that
//! sees every admin write and every OpenID Connect exchange, and the browser-login hooks
//! in `record`. Storage is `store`; the admin API is `api`.

pub mod admin_layer;
pub mod admin_path;
pub mod api;
pub mod config;
pub mod oidc_layer;
pub mod record;
pub mod store;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/realms/{realm}/events",
            get(api::events).delete(api::clear_events),
        )
        .route(
            "/admin/realms/{realm}/events/config",
            get(api::config).put(api::update_config),
        )
        .route(
            "/admin/realms/{realm}/admin-events",
            get(api::admin_events).delete(api::clear_admin_events),
        )
}

/// The caller's address: the first `X-Forwarded-For` hop, else the peer.
pub fn client_ip(req: &Request) -> Option<String> {
    crate::http::client_ip::client_ip(req.headers(), req.extensions())
}

/// The middleware applied once over the API: admin writes and OIDC exchanges go to their
/// recorders; everything else passes untouched.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut segs: Vec<String> = req
        .uri()
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    // Served under the legacy `/auth` prefix too.
    if segs.first().is_some_and(|s| s == "auth") {
        segs.remove(0);
    }
    let ip = client_ip(&req);
    match segs.as_slice() {
        [a, r, realm, rest @ ..] if a == "admin" && r == "realms" => {
            let (realm, rest) = (admin_path::decode(realm), rest.to_vec());
            admin_layer::around(state, realm, rest, ip, req, next).await
        }
        [r, realm, p, o, rest @ ..]
            if r == "realms" && p == "protocol" && o == "openid-connect" =>
        {
            let (realm, rest) = (admin_path::decode(realm), rest.to_vec());
            oidc_layer::around(state, realm, rest, ip, req, next).await
        }
        _ => next.run(req).await,
    }
}
