//! What a scope endpoint acts on: a client or a client scope (both hold protocol mappers
//! and role scope mappings), loaded with Keycloak's 404s.

use std::collections::HashMap;

use keygate_model::{
    ClientRepresentation, ClientScopeRepresentation, ProtocolMapperRepresentation,
};

use crate::error::{Error, Result};
use crate::store::clients::ClientRow;
use crate::store::scopes::ScopeRow;
use crate::store::{self, Conn};

pub fn client_not_found() -> Error {
    Error::not_found("Could not find client")
}

pub fn scope_not_found() -> Error {
    Error::not_found("Could not find client scope")
}

/// A path parameter axum matched.
pub fn param<'a>(path: &'a HashMap<String, String>, key: &str) -> Result<&'a str> {
    path.get(key)
        .map(String::as_str)
        .ok_or_else(|| Error::internal(format!("route lacks {{{key}}}")))
}

pub async fn load_scope(
    c: &mut Conn,
    realm_id: &str,
    id: &str,
) -> Result<(ScopeRow, ClientScopeRepresentation)> {
    let row = store::scopes::by_id(c, realm_id, id)
        .await?
        .ok_or_else(scope_not_found)?;
    let rep = serde_json::from_str(&row.data)?;
    Ok((row, rep))
}

pub async fn load_client(
    c: &mut Conn,
    realm_id: &str,
    id: &str,
) -> Result<(ClientRow, ClientRepresentation)> {
    let row = store::clients::by_id(c, realm_id, id)
        .await?
        .ok_or_else(client_not_found)?;
    let rep = serde_json::from_str(&row.data)?;
    Ok((row, rep))
}

/// A client or a client scope, as a holder of mappers and scope mappings.
pub enum Holder {
    Client(ClientRow, ClientRepresentation),
    Scope(ScopeRow, ClientScopeRepresentation),
}

impl Holder {
    /// Loads the holder a route names: `SCOPE` routes live under `/client-scopes/{id}`.
    pub async fn load<const SCOPE: bool>(c: &mut Conn, realm_id: &str, id: &str) -> Result<Holder> {
        Ok(if SCOPE {
            let (row, rep) = load_scope(c, realm_id, id).await?;
            Holder::Scope(row, rep)
        } else {
            let (row, rep) = load_client(c, realm_id, id).await?;
            Holder::Client(row, rep)
        })
    }

    pub fn id(&self) -> &str {
        match self {
            Holder::Client(r, _) => &r.id,
            Holder::Scope(r, _) => &r.id,
        }
    }

    /// Whether every role is in scope: a client with `fullScopeAllowed`.
    pub fn full_scope(&self) -> bool {
        match self {
            Holder::Client(_, rep) => rep.full_scope_allowed.unwrap_or(true),
            Holder::Scope(..) => false,
        }
    }

    /// The client's internal id, when the holder is a client (its own roles are in scope).
    pub fn client_id(&self) -> Option<&str> {
        match self {
            Holder::Client(r, _) => Some(&r.id),
            Holder::Scope(..) => None,
        }
    }

    pub fn mappers(&self) -> &[ProtocolMapperRepresentation] {
        match self {
            Holder::Client(_, rep) => rep.protocol_mappers.as_deref().unwrap_or_default(),
            Holder::Scope(_, rep) => rep.protocol_mappers.as_deref().unwrap_or_default(),
        }
    }

    pub fn mappers_mut(&mut self) -> &mut Vec<ProtocolMapperRepresentation> {
        match self {
            Holder::Client(_, rep) => rep.protocol_mappers.get_or_insert_with(Vec::new),
            Holder::Scope(_, rep) => rep.protocol_mappers.get_or_insert_with(Vec::new),
        }
    }

    /// Writes the representation back.
    pub async fn save(&mut self, c: &mut Conn, realm_id: &str) -> Result<()> {
        match self {
            Holder::Client(row, rep) => {
                row.data = serde_json::to_string(rep)?;
                store::clients::update(c, realm_id, row).await
            }
            Holder::Scope(row, rep) => {
                row.data = serde_json::to_string(rep)?;
                store::scopes::update(c, realm_id, row).await
            }
        }
    }
}
