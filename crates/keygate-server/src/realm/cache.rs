//! Realms by name, loaded from the store on first use and dropped on write, here or (on
//! PostgreSQL) on any node (`cluster::listen`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use keygate_model::{ClientRepresentation, RealmRepresentation};

use super::model::{Client, Realm};
use crate::crypto::keys::RealmKey;
use crate::error::{Error, Result};
use crate::store::{self, Db};

/// Realms a node keeps in memory at most (a realm with its keys and a few dozen clients
/// takes tens of kilobytes); past it, realms are loaded per request until others leave.
pub const MAX_REALMS: usize = 1000;

/// The per-node realm cache.
pub struct RealmCache {
    by_name: RwLock<HashMap<String, Arc<Realm>>>,
    /// Bumped by every invalidation: a load that began before one must not be kept, or a
    /// realm read before a commit would be served after it.
    generation: AtomicU64,
    /// Whether this node hears of every change; while it does not, every read goes to
    /// the store.
    trusted: AtomicBool,
}

impl Default for RealmCache {
    fn default() -> RealmCache {
        RealmCache::new(true)
    }
}

impl RealmCache {
    /// A cache that serves from memory only once `trusted`.
    pub fn new(trusted: bool) -> RealmCache {
        RealmCache {
            by_name: RwLock::default(),
            generation: AtomicU64::new(0),
            trusted: AtomicBool::new(trusted),
        }
    }

    /// Starts or stops serving from memory.
    pub fn set_trusted(&self, trusted: bool) {
        self.trusted.store(trusted, Ordering::Release);
    }

    /// The realm, or 404 `Realm not found.` as Keycloak answers.
    pub async fn get(&self, db: &Db, name: &str) -> Result<Arc<Realm>> {
        self.find(db, name)
            .await?
            .ok_or_else(|| Error::not_found("Realm not found."))
    }

    /// The realm behind a `/realms/{realm}/...` path, or 404 `Realm does not exist` as
    /// Keycloak's public endpoints answer (the admin API says `Realm not found.`).
    pub async fn public(&self, db: &Db, name: &str) -> Result<Arc<Realm>> {
        self.find(db, name)
            .await?
            .ok_or_else(|| Error::not_found("Realm does not exist"))
    }

    pub async fn find(&self, db: &Db, name: &str) -> Result<Option<Arc<Realm>>> {
        let trusted = self.trusted.load(Ordering::Acquire);
        if trusted {
            if let Some(r) = self.read().get(name) {
                return Ok(Some(r.clone()));
            }
        }
        let generation = self.generation.load(Ordering::Acquire);
        let mut conn = db.conn().await?;
        let Some(row) = store::realms::by_name(&mut conn, name).await? else {
            return Ok(None);
        };
        let rep: RealmRepresentation = serde_json::from_str(&row.data)?;
        let keys = store::keys::for_realm(&mut conn, &row.id)
            .await?
            .into_iter()
            .map(RealmKey::load)
            .collect::<Result<Vec<_>>>()?;
        let enc_jwks = store::keys::all_for_realm(&mut conn, &row.id)
            .await?
            .iter()
            .filter(|k| k.key_use == "enc" && k.enabled)
            .filter_map(crate::crypto::keys::encryption_jwk)
            .collect();
        let mut clients = HashMap::new();
        for c in store::clients::for_realm(&mut conn, &row.id).await? {
            let rep: ClientRepresentation = serde_json::from_str(&c.data)?;
            clients.insert(c.client_id.clone(), Arc::new(Client { id: c.id, rep }));
        }
        let mut scopes = HashMap::new();
        for (_, data) in store::clients::scopes_for_realm(&mut conn, &row.id).await? {
            let s: keygate_model::ClientScopeRepresentation = serde_json::from_str(&data)?;
            scopes.insert(s.name.clone().unwrap_or_default(), s);
        }
        let mut scope_roles: HashMap<String, Vec<_>> = HashMap::new();
        for (holder, role) in store::scopes::expanded_for_realm(&mut conn, &row.id).await? {
            scope_roles.entry(holder).or_default().push(role);
        }
        let realm = Arc::new(Realm {
            id: row.id,
            name: row.name.clone(),
            rep,
            keys,
            enc_jwks,
            clients,
            scopes,
            scope_roles,
        });
        if trusted {
            let mut map = self.write();
            // Checked under the lock `invalidate_all` takes, so no invalidation slips between.
            if self.generation.load(Ordering::Acquire) == generation {
                if map.len() >= MAX_REALMS {
                    // Over the bound: any realm makes room; it reloads on its next use.
                    if let Some(k) = map.keys().next().cloned() {
                        map.remove(&k);
                    }
                }
                map.insert(row.name, realm.clone());
            }
        }
        Ok(Some(realm))
    }

    /// Drops every cached realm; cheap, and correct for renames and deletes.
    pub fn invalidate_all(&self) {
        let mut map = self.write();
        self.generation.fetch_add(1, Ordering::AcqRel);
        map.clear();
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<Realm>>> {
        self.by_name.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Arc<Realm>>> {
        self.by_name.write().unwrap_or_else(|e| e.into_inner())
    }
}
