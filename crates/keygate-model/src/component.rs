use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::Extra;

/// A component (`ComponentRepresentation`): key providers, client-registration policies,
/// user storage... Config values are lists of strings (Keycloak's `MultivaluedHashMap`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ComponentRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<BTreeMap<String, Vec<String>>>,
}

/// `GET /admin/realms/{realm}/keys` (`KeysMetadataRepresentation`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KeysMetadataRepresentation {
    /// The active key's kid per algorithm.
    #[serde(default)]
    pub active: BTreeMap<String, String>,
    #[serde(default)]
    pub keys: Vec<KeyMetadataRepresentation>,
}

/// One realm key (`KeyMetadataRepresentation`). `provider_id` is the owning component's id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct KeyMetadataRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_priority: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// `ACTIVE`, `PASSIVE` or `DISABLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `RSA`, `EC` or `OCT`.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub key_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// `SIG` or `ENC`.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "use")]
    pub key_use: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<i64>,
}

/// `GET /admin/serverinfo` (`ServerInfoRepresentation`): the typed parts, the rest in
/// `extra`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServerInfoRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_info: Option<SystemInfoRepresentation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_info: Option<MemoryInfoRepresentation>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfoRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime_millis: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MemoryInfoRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `management/permissions` of a client or group (`ManagementPermissionReference`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ManagementPermissionReference {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_permissions: Option<BTreeMap<String, String>>,
}
