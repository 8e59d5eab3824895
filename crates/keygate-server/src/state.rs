//! The state every request and background task shares, and the write path: every change
//! ends in `commit`, which knows what caches (here and on other nodes) must drop.

use std::ops::Deref;
use std::sync::Arc;

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
