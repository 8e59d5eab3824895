use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A user session as the admin API lists it (`UserSessionRepresentation`). Times are
/// milliseconds; `clients` maps each taking-part client's internal id to its `clientId`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UserSessionRepresentation {
    pub id: String,
    pub username: String,
    pub user_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    pub start: i64,
    pub last_access: i64,
    pub remember_me: bool,
    #[serde(default)]
    pub clients: BTreeMap<String, String>,
    pub transient_user: bool,
}

/// What the realm and client revocation and logout-all calls answer: which clients'
/// admin URLs were told (`GlobalRequestResult`). Keycloak leaves a list out until it has an
/// entry, so with no admin URL to tell the answer is `{}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GlobalRequestResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_requests: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_requests: Option<Vec<String>>,
}
