use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::Extra;

/// A realm component (`ComponentRepresentation`): key providers, user storage, policies.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ComponentRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    /// e.g. `org.keycloak.keys.KeyProvider`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_type: Option<String>,
    /// The realm's id, or the parent component's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    /// Multi-valued settings (`priority`, `algorithm`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<BTreeMap<String, Vec<String>>>,
}

/// `GET /keys` (`KeysMetadataRepresentation`): the active key id per algorithm, and
/// every key.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KeysMetadataRepresentation {
    /// Algorithm (`RS256`, `HS512`...) to the `kid` that signs with it now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<Vec<KeyMetadataRepresentation>>,
}

/// One key of [`KeysMetadataRepresentation`].
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
    /// `RSA`, `OCT`, `EC`...
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// `SIG` or `ENC`.
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<i64>,
}

/// `GET /admin/serverinfo` (`ServerInfoRepresentation`): the system and memory parts
/// typed, everything else (providers, themes, enums...) kept in `extra`.
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

/// The server's version, uptime and platform (`SystemInfoRepresentation`).
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_architecture: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The server's memory use (`MemoryInfoRepresentation`), in bytes.
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
