//! What the parts of a realm import share: the import's context, and the names a
//! representation refers to (roles by name, groups by path) resolved to ids.

use std::collections::HashMap;

use crate::crypto::password::Hasher;
use crate::error::{Error, Result};
use crate::store::{self, Conn};

/// What an import needs besides the transaction.
pub struct ImportCtx<'a> {
    pub hasher: &'a Hasher,
    pub now_ms: i64,
    /// Called with `(users done, users total)` after each batch of users.
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
}

/// Role ids by name, for resolving the names a representation refers to.
#[derive(Debug, Default)]
pub struct RoleIndex {
    pub realm: HashMap<String, String>,
    /// `(clientId, role name)` to role id.
    pub client: HashMap<(String, String), String>,
}

impl RoleIndex {
    /// Every role the realm holds now, for resolving names against the store.
    pub async fn load(
        c: &mut Conn,
        realm_id: &str,
        clients: &HashMap<String, String>,
    ) -> Result<RoleIndex> {
        let by_internal: HashMap<&String, &String> = clients.iter().map(|(k, v)| (v, k)).collect();
        let mut index = RoleIndex::default();
        for r in store::export::roles(c, realm_id).await? {
            if !r.client_role {
                index.realm.insert(r.name, r.id);
            } else if let Some(client) = by_internal.get(&r.container_id) {
                index.client.insert(((*client).clone(), r.name), r.id);
            }
        }
        Ok(index)
    }

    pub fn realm_role(&self, name: &str) -> Result<&String> {
        self.realm
            .get(name)
            .ok_or_else(|| Error::bad_request(format!("Role not found: {name}")))
    }
    pub fn client_role(&self, client: &str, name: &str) -> Result<&String> {
        self.client
            .get(&(client.to_string(), name.to_string()))
            .ok_or_else(|| Error::bad_request(format!("Role not found: {client}/{name}")))
    }
}

/// Group ids by path: the groups an import created, then any looked up in the store.
#[derive(Debug, Default)]
pub struct GroupPaths(pub HashMap<String, String>);

impl GroupPaths {
    pub async fn id(&mut self, c: &mut Conn, realm_id: &str, path: &str) -> Result<String> {
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        if let Some(id) = self.0.get(&path) {
            return Ok(id.clone());
        }
        let g = store::groups::by_path(c, realm_id, &path)
            .await?
            .ok_or_else(|| Error::bad_request(format!("Group {path} not found")))?;
        self.0.insert(path, g.id.clone());
        Ok(g.id)
    }
}
