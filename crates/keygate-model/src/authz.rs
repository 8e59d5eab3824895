//! Keycloak's authorization-services representations (`representations.idm.authorization`):
//! resource servers, resources, scopes, policies and the policy-evaluation request.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::Extra;

/// `ResourceServerRepresentation`: a client's authorization settings, and in exports
/// everything the server holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResourceServerRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_remote_resource_management: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_enforcement_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<ResourceRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<PolicyRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<ScopeRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_schema: Option<serde_json::Value>,
}

/// A resource's owner: Keycloak accepts `{"id"|"name"}` or a bare string.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OwnerRepresentation {
    Name(String),
    Object {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
}

/// `ResourceRepresentation` (`_id` and `icon_uri` are Keycloak's spellings).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRepresentation {
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<OwnerRepresentation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_managed_access: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uris: Option<Vec<String>>,
    /// The deprecated single `uri`, folded into `uris` on write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(rename = "icon_uri", default, skip_serializing_if = "Option::is_none")]
    pub icon_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<ScopeRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<BTreeMap<String, Vec<String>>>,
}

/// `ScopeRepresentation`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScopeRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_uri: Option<String>,
}

/// `PolicyRepresentation` and its typed siblings (`RolePolicyRepresentation`, ...): the
/// common fields, the generic `config`, and the type's own fields in `typed`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Associated policies, by id or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<BTreeMap<String, String>>,
    /// Type-specific fields (`roles`, `users`, `groups`, `notBefore`, ...).
    #[serde(flatten)]
    pub typed: Extra,
}

/// One resource in a `PolicyEvaluationRequest`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationResource {
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<ScopeRepresentation>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `PolicyEvaluationRequest`: who asks, for what.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PolicyEvaluationRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<BTreeMap<String, BTreeMap<String, String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<EvaluationResource>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_ids: Option<Vec<String>>,
    #[serde(default)]
    pub entitlements: bool,
}

/// The properties Keycloak's `ResourceRepresentation` declares.
pub const RESOURCE_FIELDS: crate::known::Representation = crate::known::Representation {
    class: "ResourceRepresentation",
    fields: &[
        "_id",
        "name",
        "uris",
        "uri",
        "type",
        "scopes",
        "icon_uri",
        "owner",
        "ownerManagedAccess",
        "displayName",
        "attributes",
    ],
};

/// The properties Keycloak's `ScopeRepresentation` declares.
pub const SCOPE_FIELDS: crate::known::Representation = crate::known::Representation {
    class: "ScopeRepresentation",
    fields: &[
        "id",
        "name",
        "iconUri",
        "policies",
        "resources",
        "displayName",
    ],
};

/// The properties Keycloak's `ResourceServerRepresentation` declares.
pub const RESOURCE_SERVER_FIELDS: crate::known::Representation = crate::known::Representation {
    class: "ResourceServerRepresentation",
    fields: &[
        "id",
        "clientId",
        "name",
        "allowRemoteResourceManagement",
        "policyEnforcementMode",
        "resources",
        "policies",
        "scopes",
        "decisionStrategy",
        "authorizationSchema",
    ],
};
