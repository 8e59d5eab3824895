//! Application state, the write path and the router built from the capability modules.

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

use crate::clock::Clock;
use crate::config::Config;
use crate::crypto::password::Hasher;
use crate::error::Result;
use crate::realm::cache::RealmCache;
use crate::store::{Db, Tx};

/// Shared state of a running server.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub realms: RealmCache,
    pub node: crate::cluster::Node,
    pub touches: crate::session::touches::Touches,
    pub hasher: Hasher,
    pub clock: Clock,
    pub config: Config,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// What a committed write touched, so the write path knows what to invalidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Users, credentials, sessions, memberships: nothing the realm cache holds.
    Users,
    /// Realm settings, keys, clients, scopes or roles: the cached realm is dropped.
    Realm,
}

impl AppState {
    /// Opens the store and builds the state.
    pub async fn open(config: Config) -> Result<AppState> {
        let db = Db::connect(&config.db_url).await?;
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        // A PostgreSQL node serves realms from memory only once it hears other nodes.
        let single_node = db.dialect != crate::store::Dialect::Postgres;
        let channel = crate::store::stamp::channel(&db).await?;
        Ok(AppState(Arc::new(Inner {
            db,
            realms: RealmCache::new(single_node),
            node: crate::cluster::Node::new(channel),
            touches: Default::default(),
            hasher: Hasher::new(workers),
            clock: Clock::default(),
            config,
        })))
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx> {
        self.db.begin().await
    }

    /// The one place every write ends: commit, then drop what caches hold of it. A change
    /// to cached data bumps the change stamp in the same transaction, which tells every
    /// other node (`cluster`).
    pub async fn commit(&self, mut tx: Tx, change: Change) -> Result<()> {
        if change == Change::Realm {
            let node = &self.node;
            crate::store::stamp::bump(&mut tx, self.db.dialect, &node.channel, &node.id).await?;
        }
        tx.commit().await?;
        if change == Change::Realm {
            self.realms.invalidate_all();
        }
        Ok(())
    }
}

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
    tokio::spawn(crate::session::touches::run(state.clone()));
    if state.db.dialect == crate::store::Dialect::Postgres {
        tokio::spawn(crate::cluster::listen::follow(state.clone()));
    }
    Ok(Running { addr, state })
}
