//! What every export section needs to turn stored ids into the names an export uses:
//! the realm row, its clients, and its roles.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::store::clients::ClientRow;
use crate::store::realms::RealmRow;
use crate::store::roles::RoleRow;
use crate::store::{self, Conn};

/// A realm's clients and roles, loaded once per export.
pub struct Snapshot {
    pub realm: RealmRow,
    pub clients: Vec<ClientRow>,
    pub roles: Vec<RoleRow>,
    /// Client internal id to `clientId`.
    client_ids: HashMap<String, String>,
    /// Role id to its index in `roles`.
    role_at: HashMap<String, usize>,
}

impl Snapshot {
    pub async fn load(c: &mut Conn, realm_name: &str) -> Result<Snapshot> {
        let realm = store::realms::by_name(c, realm_name)
            .await?
            .ok_or_else(|| Error::not_found("Realm not found."))?;
        let clients = store::clients::for_realm(c, &realm.id).await?;
        let roles = store::export::roles(c, &realm.id).await?;
        let client_ids = clients
            .iter()
            .map(|c| (c.id.clone(), c.client_id.clone()))
            .collect();
        let role_at = roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Ok(Snapshot {
            realm,
            clients,
            roles,
            client_ids,
            role_at,
        })
    }

    /// The `clientId` of a client's internal id.
    pub fn client_id(&self, internal: &str) -> Option<&str> {
        self.client_ids.get(internal).map(String::as_str)
    }

    /// A role by id: its owning client's `clientId` (None for realm roles) and its name.
    /// Roles of a client that no longer exists resolve to nothing.
    pub fn role(&self, id: &str) -> Option<(Option<&str>, &str)> {
        let r = &self.roles[*self.role_at.get(id)?];
        if r.client_role {
            Some((Some(self.client_id(&r.container_id)?), &r.name))
        } else {
            Some((None, &r.name))
        }
    }

    /// Role names split as exports write them: realm role names, and client role names by
    /// `clientId`.
    pub fn split_roles<'a>(
        &self,
        ids: impl Iterator<Item = &'a String>,
    ) -> (Vec<String>, std::collections::BTreeMap<String, Vec<String>>) {
        let mut realm = Vec::new();
        let mut client: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for id in ids {
            match self.role(id) {
                Some((None, name)) => realm.push(name.to_string()),
                Some((Some(c), name)) => client
                    .entry(c.to_string())
                    .or_default()
                    .push(name.to_string()),
                None => {}
            }
        }
        realm.sort();
        for names in client.values_mut() {
            names.sort();
        }
        (realm, client)
    }
}
