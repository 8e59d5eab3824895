//! Typed query parameters of the list endpoints; `None` fields are left out.

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

/// `GET /users` and `/users/count`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUsersParams {
    /// Infix match on username, email, first and last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Username match (infix unless `exact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Email match (infix unless `exact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// First-name match (infix unless `exact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last-name match (infix unless `exact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Attribute search, `key:value key2:value2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Exact instead of infix matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<bool>,
    /// Only enabled (or disabled) users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Only users whose email is (or is not) verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// Index of the first result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<i64>,
    /// Page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Leave out attributes and other details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief_representation: Option<bool>,
}

/// `GET /clients`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetClientsParams {
    /// The `clientId` to look for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Infix match on `client_id` instead of exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<bool>,
    /// Index of the first result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<i64>,
    /// Page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// `GET /groups`, `/groups/count`, `/groups/{id}/children` and `/users/{id}/groups`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetGroupsParams {
    /// Group-name match (infix unless `exact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Attribute search, `key:value key2:value2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Exact instead of infix name matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<bool>,
    /// Index of the first result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<i64>,
    /// Page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Leave out attributes and role names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief_representation: Option<bool>,
    /// Hang search results under their ancestors (the default) or list them flat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub populate_hierarchy: Option<bool>,
    /// Include `subGroupCount` (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_groups_count: Option<bool>,
    /// `/groups/count` only: count top-level groups only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<bool>,
}

/// Pages of users or groups under a group or a role: `/groups/{id}/members`,
/// `/roles/{name}/users`, `/roles/{name}/groups`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetMembersParams {
    /// Index of the first result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<i64>,
    /// Page size (100 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Leave out attributes and other details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief_representation: Option<bool>,
}

/// `GET /roles` and `/clients/{id}/roles`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetRoleParams {
    /// Role-name infix match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Index of the first result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<i64>,
    /// Page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Leave out attributes (true by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief_representation: Option<bool>,
}

/// `GET /components`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GetComponentsParams {
    /// The component's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The parent's id (the realm's id for top-level components).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The provider type, e.g. `org.keycloak.keys.KeyProvider`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

/// Pages of sessions: `/clients/{id}/user-sessions` and `/offline-sessions`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GetSessionsParams {
    /// Index of the first result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<i64>,
    /// Page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// `GET /events`: login events, newest first.
#[derive(Debug, Clone, Default)]
pub struct GetEventsParams {
    /// Only events of this `clientId`.
    pub client: Option<String>,
    /// Only events of this user id.
    pub user: Option<String>,
    /// Only events of these types (`LOGIN`, `LOGIN_ERROR`...).
    pub type_: Vec<String>,
    /// From this date (`yyyy-MM-dd`) or epoch milliseconds.
    pub date_from: Option<String>,
    /// Up to this date (`yyyy-MM-dd`) or epoch milliseconds.
    pub date_to: Option<String>,
    /// Only events from this IP address.
    pub ip_address: Option<String>,
    /// Index of the first result.
    pub first: Option<i64>,
    /// Page size (100 by default).
    pub max: Option<i64>,
}

/// `GET /admin-events`: admin events, newest first.
#[derive(Debug, Clone, Default)]
pub struct GetAdminEventsParams {
    /// Only changes made through this client (internal id).
    pub auth_client: Option<String>,
    /// Only changes made from this IP address.
    pub auth_ip_address: Option<String>,
    /// Only changes made by admins of this realm (its id).
    pub auth_realm: Option<String>,
    /// Only changes made by this user id.
    pub auth_user: Option<String>,
    /// These operations only: `CREATE`, `UPDATE`, `DELETE`, `ACTION`.
    pub operation_types: Vec<String>,
    /// These resource types only: `USER`, `GROUP`, `REALM_ROLE`...
    pub resource_types: Vec<String>,
    /// Resource path, `*` matching any segment (e.g. `users/*`).
    pub resource_path: Option<String>,
    /// From this date (`yyyy-MM-dd`) or epoch milliseconds.
    pub date_from: Option<String>,
    /// Up to this date (`yyyy-MM-dd`) or epoch milliseconds.
    pub date_to: Option<String>,
    /// Index of the first result.
    pub first: Option<i64>,
    /// Page size (100 by default).
    pub max: Option<i64>,
}

/// Query pairs; a name repeats for each value of a multi-valued parameter.
struct Pairs(Vec<(&'static str, String)>);

impl Pairs {
    fn opt(mut self, name: &'static str, v: &Option<String>) -> Self {
        if let Some(v) = v {
            self.0.push((name, v.clone()));
        }
        self
    }

    fn int(mut self, name: &'static str, v: Option<i64>) -> Self {
        if let Some(v) = v {
            self.0.push((name, v.to_string()));
        }
        self
    }

    fn many(mut self, name: &'static str, vs: &[String]) -> Self {
        self.0.extend(vs.iter().map(|v| (name, v.clone())));
        self
    }
}

impl Serialize for Pairs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for pair in &self.0 {
            seq.serialize_element(pair)?;
        }
        seq.end()
    }
}

impl Serialize for GetEventsParams {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Pairs(Vec::new())
            .opt("client", &self.client)
            .opt("user", &self.user)
            .many("type", &self.type_)
            .opt("dateFrom", &self.date_from)
            .opt("dateTo", &self.date_to)
            .opt("ipAddress", &self.ip_address)
            .int("first", self.first)
            .int("max", self.max)
            .serialize(s)
    }
}

impl Serialize for GetAdminEventsParams {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Pairs(Vec::new())
            .opt("authClient", &self.auth_client)
            .opt("authIpAddress", &self.auth_ip_address)
            .opt("authRealm", &self.auth_realm)
            .opt("authUser", &self.auth_user)
            .many("operationTypes", &self.operation_types)
            .many("resourceTypes", &self.resource_types)
            .opt("resourcePath", &self.resource_path)
            .opt("dateFrom", &self.date_from)
            .opt("dateTo", &self.date_to)
            .int("first", self.first)
            .int("max", self.max)
            .serialize(s)
    }
}

/// `PUT /users/{id}/execute-actions-email` (gocloak `ExecuteActionsEmail`): which user,
/// which required actions the email's link leads through, and where it returns.
#[derive(Debug, Clone, Default)]
pub struct ExecuteActionsEmail {
    /// The user to email.
    pub user_id: String,
    /// Required actions, e.g. `UPDATE_PASSWORD`, `VERIFY_EMAIL`.
    pub actions: Vec<String>,
    /// The client the link returns to.
    pub client_id: Option<String>,
    /// Seconds the link stays valid.
    pub lifespan: Option<i64>,
    /// Where the user lands afterwards; needs `client_id`.
    pub redirect_uri: Option<String>,
}

impl ExecuteActionsEmail {
    pub(crate) fn query(&self) -> Vec<(&'static str, String)> {
        Pairs(Vec::new())
            .opt("client_id", &self.client_id)
            .int("lifespan", self.lifespan)
            .opt("redirect_uri", &self.redirect_uri)
            .0
    }
}

/// `PUT /users/{id}/send-verify-email`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SendVerifyEmailParams {
    /// The client the link returns to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Where the user lands afterwards; needs `client_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// Seconds the link stays valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifespan: Option<i64>,
}

/// `POST /partial-export`: what to include besides the realm's settings.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartialExportParams {
    /// Include clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_clients: Option<bool>,
    /// Include groups and roles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_groups_and_roles: Option<bool>,
}

/// Any token request (gocloak `TokenOptions`): the grant type and whichever of its
/// fields that grant needs; `None` fields are left out of the form.
#[derive(Debug, Clone, Default)]
pub struct TokenOptions {
    /// `password`, `client_credentials`, `refresh_token`, `authorization_code`...
    pub grant_type: String,
    /// The client asking.
    pub client_id: String,
    /// Its secret, for confidential clients.
    pub client_secret: Option<String>,
    /// Requested scopes, joined with spaces.
    pub scopes: Vec<String>,
    /// `password` grant: the user's name.
    pub username: Option<String>,
    /// `password` grant: the user's password.
    pub password: Option<String>,
    /// `refresh_token` grant: the refresh token.
    pub refresh_token: Option<String>,
    /// `authorization_code` grant: the code.
    pub code: Option<String>,
    /// `authorization_code` grant: the redirect URI the code was issued for.
    pub redirect_uri: Option<String>,
    /// `authorization_code` grant: the PKCE verifier.
    pub code_verifier: Option<String>,
    /// An authorization-services permission (`resource#scope`).
    pub permission: Option<String>,
    /// The audience asked for.
    pub audience: Option<String>,
}

impl TokenOptions {
    /// The form fields of the request.
    pub(crate) fn form(&self) -> Vec<(&'static str, String)> {
        let scope = (!self.scopes.is_empty()).then(|| self.scopes.join(" "));
        let mut p = Pairs(vec![
            ("grant_type", self.grant_type.clone()),
            ("client_id", self.client_id.clone()),
        ]);
        p = p
            .opt("client_secret", &self.client_secret)
            .opt("scope", &scope)
            .opt("username", &self.username)
            .opt("password", &self.password)
            .opt("refresh_token", &self.refresh_token)
            .opt("code", &self.code)
            .opt("redirect_uri", &self.redirect_uri)
            .opt("code_verifier", &self.code_verifier)
            .opt("permission", &self.permission)
            .opt("audience", &self.audience);
        p.0
    }
}
