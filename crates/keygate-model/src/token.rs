use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::Extra;

/// The token endpoint's answer (`AccessTokenResponse`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TokenResponse {
    pub access_token: String,
    pub expires_in: i64,
    #[serde(default)]
    pub refresh_expires_in: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(rename = "not-before-policy", default)]
    pub not_before_policy: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_state: Option<String>,
    #[serde(default)]
    pub scope: String,
}

/// Roles inside `realm_access` or one entry of `resource_access`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Access {
    #[serde(default)]
    pub roles: Vec<String>,
}

/// The claims of a Keycloak access token. Unknown claims (from mappers) land in `extra`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AccessTokenClaims {
    pub exp: i64,
    pub iat: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    pub jti: String,
    pub iss: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<serde_json::Value>,
    pub sub: String,
    pub typ: String,
    pub azp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realm_access: Option<Access>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_access: Option<BTreeMap<String, Access>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl AccessTokenClaims {
    /// Whether the token carries the realm role, directly or through a composite.
    pub fn has_realm_role(&self, role: &str) -> bool {
        self.realm_access
            .as_ref()
            .is_some_and(|a| a.roles.iter().any(|r| r == role))
    }

    /// Whether the token carries the role of the given client.
    pub fn has_client_role(&self, client_id: &str, role: &str) -> bool {
        self.resource_access
            .as_ref()
            .and_then(|m| m.get(client_id))
            .is_some_and(|a| a.roles.iter().any(|r| r == role))
    }
}

/// The introspection endpoint's answer (RFC 7662): `active`, and the token's claims when
/// it is active.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct IntrospectionResponse {
    pub active: bool,
    #[serde(flatten)]
    pub claims: Extra,
}

/// The userinfo endpoint's answer: `sub` and the scope-dependent identity claims.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UserInfo {
    pub sub: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
