//! Importing role scope mappings: `scopeMappings` (realm roles) and `clientScopeMappings`
//! (each client's roles), held by a client (`client`) or a client scope (`clientScope`),
//! plus the built-in `offline_access` scope's mapping when the realm's scopes are Keycloak's.

use std::collections::HashMap;

use serde_json::Value;

use super::defaults::SCOPE_ROLE_MAPPINGS;
use super::import_index::RoleIndex;
use crate::error::{Error, Result};
use crate::store::{self, Conn};

/// What the mappings refer to: clients by `clientId` and scopes by name, to their ids.
pub struct Holders<'a> {
    pub clients: &'a HashMap<String, String>,
    pub scopes: &'a HashMap<String, String>,
}

impl Holders<'_> {
    fn holder(&self, m: &Value) -> Result<String> {
        if let Some(c) = m["client"].as_str() {
            return self.clients.get(c).cloned().ok_or_else(|| {
                Error::bad_request(format!(
                    "Unknown client specification in scope mappings: {c}"
                ))
            });
        }
        if let Some(s) = m["clientScope"].as_str().or(m["clientTemplate"].as_str()) {
            return self.scopes.get(s).cloned().ok_or_else(|| {
                Error::bad_request(format!("Unknown client scope in scope mappings: {s}"))
            });
        }
        Err(Error::bad_request(
            "Scope mapping names no client or client scope",
        ))
    }
}

fn role_names(m: &Value) -> impl Iterator<Item = &str> {
    m["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// Writes the mappings; `defaults` says the realm got Keycloak's built-in scopes.
pub async fn import_scope_mappings(
    c: &mut Conn,
    realm_id: &str,
    scope_mappings: Option<Value>,
    client_scope_mappings: Option<Value>,
    holders: &Holders<'_>,
    index: &RoleIndex,
    defaults: bool,
) -> Result<()> {
    for m in scope_mappings
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let holder = holders.holder(m)?;
        for role in role_names(m) {
            let id = index.realm_role(role)?;
            store::scopes::grant(c, realm_id, &holder, id).await?;
        }
    }
    for (client, list) in client_scope_mappings
        .as_ref()
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for m in list.as_array().into_iter().flatten() {
            let holder = holders.holder(m)?;
            for role in role_names(m) {
                let id = index.client_role(client, role)?;
                store::scopes::grant(c, realm_id, &holder, id).await?;
            }
        }
    }
    if defaults {
        for (scope, role) in SCOPE_ROLE_MAPPINGS {
            if let (Some(holder), Some(id)) = (holders.scopes.get(*scope), index.realm.get(*role)) {
                store::scopes::grant(c, realm_id, holder, id).await?;
            }
        }
    }
    Ok(())
}
