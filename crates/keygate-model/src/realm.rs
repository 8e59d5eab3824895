use serde::{Deserialize, Serialize};

use crate::{
    ClientRepresentation, ClientScopeRepresentation, Extra, GroupRepresentation,
    RolesRepresentation, UserRepresentation,
};

/// A realm (`RealmRepresentation`). Only the settings Keygate acts on are typed; every other
/// field is kept verbatim in `extra` and returned on read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RealmRepresentation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_lifespan: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_session_idle_timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_session_max_lifespan: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_session_idle_timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_emails_allowed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_with_email_allowed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<RolesRepresentation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<UserRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clients: Option<Vec<ClientRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_scopes: Option<Vec<ClientScopeRepresentation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_default_client_scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_optional_client_scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_roles: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /realms/{realm}`: the public realm descriptor.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PublishedRealm {
    pub realm: String,
    pub public_key: String,
    #[serde(rename = "token-service")]
    pub token_service: String,
    #[serde(rename = "account-service")]
    pub account_service: String,
    #[serde(rename = "tokens-not-before")]
    pub tokens_not_before: i64,
}
