use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::RoleRepresentation;

/// A holder's direct role mappings (`GET .../role-mappings` or `.../scope-mappings`):
/// realm roles, and per client (keyed by `clientId`) that client's roles.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MappingsRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realm_mappings: Option<Vec<RoleRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_mappings: Option<BTreeMap<String, ClientMappingsRepresentation>>,
}

/// One client's part of a [`MappingsRepresentation`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ClientMappingsRepresentation {
    /// The client's internal id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The client's `clientId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mappings: Option<Vec<RoleRepresentation>>,
}
