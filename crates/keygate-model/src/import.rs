use serde::{Deserialize, Serialize};

use crate::Extra;
use crate::{ClientRepresentation, GroupRepresentation, RolesRepresentation, UserRepresentation};

/// The body of `POST /partialImport` (`PartialImportRepresentation`): parts of a realm
/// export, and what to do with those that already exist.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PartialImportRepresentation {
    /// `FAIL` (the default), `SKIP` or `OVERWRITE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_resource_exists: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<UserRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clients: Option<Vec<ClientRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<RolesRepresentation>,
    /// Identity providers and anything else the export carries.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `POST /partialImport` (`PartialImportResults`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PartialImportResults {
    #[serde(default)]
    pub overwritten: i64,
    #[serde(default)]
    pub added: i64,
    #[serde(default)]
    pub skipped: i64,
    #[serde(default)]
    pub results: Vec<PartialImportResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

/// One imported resource of [`PartialImportResults`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PartialImportResult {
    /// `ADDED`, `SKIPPED` or `OVERWRITTEN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `USER`, `CLIENT`, `GROUP`, `REALM_ROLE`, `CLIENT_ROLE`, `IDP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}
