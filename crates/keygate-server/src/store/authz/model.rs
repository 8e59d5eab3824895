//! What a resource server holds, as the store keeps it and the engine reads it. Plain data:
//! no HTTP, no SQL. Links between objects are ids.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How policies (or permissions) combine into one decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Strategy {
    #[default]
    Unanimous,
    Affirmative,
    Consensus,
}

/// Whether a policy's outcome is kept or inverted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Logic {
    #[default]
    Positive,
    Negative,
}

/// What happens to a request no permission covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Enforcement {
    #[default]
    Enforcing,
    Permissive,
    Disabled,
}

/// A resource server's own settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub policy_enforcement_mode: Enforcement,
    pub decision_strategy: Strategy,
    pub allow_remote_resource_management: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            policy_enforcement_mode: Enforcement::Enforcing,
            decision_strategy: Strategy::Unanimous,
            allow_remote_resource_management: true,
        }
    }
}

/// A protected resource. `owner` is a user id or the resource server's (client) id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub id: String,
    pub name: String,
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default)]
    pub owner_managed_access: bool,
    #[serde(default)]
    pub uris: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_uri: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Scope ids (kept in a link table, not in the row's document).
    #[serde(skip)]
    pub scopes: Vec<String>,
}

/// A scope: an action on resources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_uri: Option<String>,
}

/// A policy or a permission (`resource`/`scope` types). Type-specific settings live in
/// `config` under Keycloak's keys, so exports carry them as Keycloak does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub logic: Logic,
    #[serde(default)]
    pub decision_strategy: Strategy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// Resource ids (link table).
    #[serde(skip)]
    pub resources: Vec<String>,
    /// Scope ids (link table).
    #[serde(skip)]
    pub scopes: Vec<String>,
    /// Associated policy ids (link table).
    #[serde(skip)]
    pub policies: Vec<String>,
}

impl Policy {
    /// Whether this is a permission rather than a policy.
    pub fn is_permission(&self) -> bool {
        matches!(self.type_.as_str(), "resource" | "scope" | "uma")
    }
}

/// Everything one resource server holds: what the engine evaluates against.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The client's internal id (Keycloak's resource server id).
    pub id: String,
    pub settings: Settings,
    pub resources: Vec<Resource>,
    pub scopes: Vec<Scope>,
    pub policies: Vec<Policy>,
}

impl Snapshot {
    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.id == id)
    }

    pub fn scope(&self, id: &str) -> Option<&Scope> {
        self.scopes.iter().find(|s| s.id == id)
    }

    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }

    pub fn scope_by_name(&self, name: &str) -> Option<&Scope> {
        self.scopes.iter().find(|s| s.name == name)
    }

    pub fn policy_by_name(&self, name: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.name == name)
    }
}
