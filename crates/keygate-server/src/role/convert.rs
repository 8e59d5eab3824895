//! Between stored roles and Keycloak's representations: `RoleRepresentation` (brief and
//! full), `MappingsRepresentation`, the groups a role is mapped to, and request bodies that
//! name roles.

use std::collections::BTreeMap;

use axum::body::Bytes;
use keygate_model::{GroupRepresentation, RoleRepresentation};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::groups::GroupRow;
use crate::store::roles::RoleEntry;

/// Keycloak's `toBriefRepresentation` (no attributes) or `toRepresentation`.
pub fn role_rep(e: &RoleEntry, brief: bool) -> RoleRepresentation {
    RoleRepresentation {
        id: Some(e.role.id.clone()),
        name: Some(e.role.name.clone()),
        description: e.role.description.clone(),
        composite: Some(e.composite),
        client_role: Some(e.role.client_role),
        container_id: Some(e.role.container_id.clone()),
        attributes: (!brief).then(|| attributes(&e.role.attributes)),
        composites: None,
    }
}

pub fn role_reps(entries: &[RoleEntry], brief: bool) -> Vec<RoleRepresentation> {
    entries.iter().map(|e| role_rep(e, brief)).collect()
}

/// Stored attributes (a JSON object of string lists); an unreadable document reads as none.
pub fn attributes(stored: &str) -> BTreeMap<String, Vec<String>> {
    serde_json::from_str(stored).unwrap_or_default()
}

/// `GET .../role-mappings`: direct realm roles, and client roles grouped by `clientId`.
/// Empty parts are left out, so a holder without mappings reads `{}`.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingsRepresentation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realm_mappings: Option<Vec<RoleRepresentation>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_mappings: Option<BTreeMap<String, ClientMappingsRepresentation>>,
}

/// One client's part of a `MappingsRepresentation`.
#[derive(Debug, Serialize)]
pub struct ClientMappingsRepresentation {
    /// The client's internal id.
    pub id: String,
    /// The client's `clientId`.
    pub client: String,
    pub mappings: Vec<RoleRepresentation>,
}

pub fn mappings(direct: &[RoleEntry]) -> MappingsRepresentation {
    let mut realm = Vec::new();
    let mut clients: BTreeMap<String, ClientMappingsRepresentation> = BTreeMap::new();
    for e in direct {
        match (&e.client_id, e.role.client_role) {
            (Some(client), true) => clients
                .entry(client.clone())
                .or_insert_with(|| ClientMappingsRepresentation {
                    id: e.role.container_id.clone(),
                    client: client.clone(),
                    mappings: Vec::new(),
                })
                .mappings
                .push(role_rep(e, true)),
            _ => realm.push(role_rep(e, true)),
        }
    }
    MappingsRepresentation {
        realm_mappings: (!realm.is_empty()).then_some(realm),
        client_mappings: (!clients.is_empty()).then_some(clients),
    }
}

/// A group as `GET /roles/{name}/groups` lists it; the full form adds its attributes and
/// its direct role mappings by name.
pub fn group_rep(g: &GroupRow, full: Option<&[RoleEntry]>) -> GroupRepresentation {
    let mut rep = GroupRepresentation {
        id: Some(g.id.clone()),
        name: Some(g.name.clone()),
        path: Some(g.path.clone()),
        parent_id: g.parent_id.clone(),
        sub_groups: Some(Vec::new()),
        ..Default::default()
    };
    if let Some(roles) = full {
        let mut realm_roles = Vec::new();
        let mut client_roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in roles {
            match &e.client_id {
                Some(client) if e.role.client_role => client_roles
                    .entry(client.clone())
                    .or_default()
                    .push(e.role.name.clone()),
                _ => realm_roles.push(e.role.name.clone()),
            }
        }
        rep.realm_roles = Some(realm_roles);
        rep.client_roles = Some(client_roles);
        rep.attributes = Some(attributes(&g.attributes));
    }
    rep
}

/// A role as a request body names it: by `id`, by `name`, or both (which must agree).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleRef {
    pub id: Option<String>,
    pub name: Option<String>,
    pub client_role: Option<bool>,
    pub container_id: Option<String>,
}

/// A JSON array of role representations. An empty body is `None` (Keycloak's `null`,
/// which `DELETE .../role-mappings` reads as "all of them").
pub fn role_refs(body: &Bytes) -> Result<Option<Vec<RoleRef>>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let value: Option<Vec<Option<RoleRef>>> =
        serde_json::from_slice(body).map_err(|_| Error::Unparsable)?;
    // `[null]` names no role: it resolves to nothing, as an unknown role does.
    Ok(value.map(|v| v.into_iter().map(Option::unwrap_or_default).collect()))
}

/// A body that must name roles: an empty one is a 400.
pub fn required_role_refs(body: &Bytes) -> Result<Vec<RoleRef>> {
    role_refs(body)?.ok_or_else(|| Error::bad_request("Request body is missing"))
}

/// Percent-encodes a path segment (JAX-RS `encodePathSegmentAsIs`), for `Location`.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
