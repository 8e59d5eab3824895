//! The router built from the capability modules, and the server that serves it.

use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::error::Result;
use crate::state::AppState;

/// The full HTTP surface, served at `/` and again under the legacy `/auth` prefix. A
/// trailing slash routes as without it, as on Keycloak (keycloak-admin-client posts to
/// `/users/`).
pub fn router(state: AppState) -> Router {
    let routed = routes(state);
    Router::new()
        .fallback_service(tower_http::normalize_path::NormalizePath::trim_trailing_slash(routed))
}

fn routes(state: AppState) -> Router {
    let api = Router::new()
        .merge(crate::oidc::routes())
        .merge(crate::realm::admin::routes())
        .merge(crate::user::admin::routes())
        .merge(crate::client::admin::routes())
        .merge(crate::authz::routes())
        .merge(crate::group::routes())
        .merge(crate::role::routes())
        .merge(crate::login::routes())
        .merge(crate::account::routes())
        .merge(crate::scope::routes())
        .merge(crate::session::routes())
        .merge(crate::component::routes())
        .merge(crate::events::routes())
        .merge(crate::email::routes())
        .merge(crate::export::routes())
        .merge(crate::http::health::routes());
    Router::new()
        .nest("/auth", api.clone())
        .merge(api)
        .fallback(crate::http::unrouted::not_found)
        .method_not_allowed_fallback(crate::http::unrouted::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::events::layer,
        ))
        .layer(axum::middleware::from_fn(crate::http::edge_errors::layer))
        .layer(axum::middleware::from_fn(
            crate::http::control_chars::reject_nul,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::client::cors::layer,
        ))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(crate::http::redact::RedactedSpan),
        )
        .with_state(state)
}

/// A server bound to a port, running in the background.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
}

/// Opens the store, bootstraps, binds and serves in a background task.
pub async fn spawn(config: Config) -> Result<Running> {
    let bind = format!("{}:{}", config.http_host, config.http_port);
    if config.db_url.starts_with("sqlite:") {
        crate::store::node_lock::acquire(&config.db_url)?;
    }
    let state = AppState::open(config).await?;
    crate::realm::bootstrap::run(&state).await?;
    let listener = TcpListener::bind(&bind)
        .await
        .map_err(|e| crate::error::Error::Config(format!("cannot listen on {bind}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| crate::error::Error::Config(e.to_string()))?;
    let app = router(state.clone());
    let limits = crate::http::serve::Limits {
        header_read: state.config.header_read_timeout,
        idle: state.config.idle_timeout,
        max_connections: state.config.max_connections,
    };
    tokio::spawn(crate::http::serve::run(listener, app, limits));
    tokio::spawn(crate::session::write_behind::run(state.clone()));
    if state.db.dialect == crate::store::Dialect::Postgres {
        tokio::spawn(crate::cluster::listen::follow(state.clone()));
    }
    Ok(Running { addr, state })
}
