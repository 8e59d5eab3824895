//! Typed query parameters of the list endpoints; `None` fields are left out.

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

/// Declares query-parameter structs: every field is optional, public, and left out of
/// the query when `None`, so each struct below is only its fields and their docs.
macro_rules! query_params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* $field:ident: $ty:ty,)*
        }
    ) => {
        #[derive(Debug, Clone, Default, Serialize)]
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
}

query_params! {
    /// `GET /users` and `/users/count`.
    #[serde(rename_all = "camelCase")]
    pub struct GetUsersParams {
        /// Infix match on username, email, first and last name.
        search: String,
        /// Username match (infix unless `exact`).
        username: String,
        /// Email match (infix unless `exact`).
        email: String,
        /// First-name match (infix unless `exact`).
        first_name: String,
        /// Last-name match (infix unless `exact`).
        last_name: String,
        /// Attribute search, `key:value key2:value2`.
        q: String,
        /// Exact instead of infix matches.
        exact: bool,
        /// Only enabled (or disabled) users.
        enabled: bool,
        /// Only users whose email is (or is not) verified.
        email_verified: bool,
        /// Index of the first result.
        first: i64,
        /// Page size.
        max: i64,
        /// Leave out attributes and other details.
        brief_representation: bool,
    }
}

query_params! {
    /// `GET /clients`.
    #[serde(rename_all = "camelCase")]
    pub struct GetClientsParams {
        /// The `clientId` to look for.
        client_id: String,
        /// Infix match on `client_id` instead of exact.
        search: bool,
        /// Index of the first result.
        first: i64,
        /// Page size.
        max: i64,
    }
}

query_params! {
    /// `GET /groups`, `/groups/count`, `/groups/{id}/children` and `/users/{id}/groups`.
    #[serde(rename_all = "camelCase")]
    pub struct GetGroupsParams {
        /// Group-name match (infix unless `exact`).
        search: String,
        /// Attribute search, `key:value key2:value2`.
        q: String,
        /// Exact instead of infix name matches.
        exact: bool,
        /// Index of the first result.
        first: i64,
        /// Page size.
        max: i64,
        /// Leave out attributes and role names.
        brief_representation: bool,
        /// Hang search results under their ancestors (the default) or list them flat.
        populate_hierarchy: bool,
        /// Include `subGroupCount` (the default).
        sub_groups_count: bool,
        /// `/groups/count` only: count top-level groups only.
        top: bool,
    }
}

query_params! {
    /// Pages of users or groups under a group or a role: `/groups/{id}/members`,
    /// `/roles/{name}/users`, `/roles/{name}/groups`.
    #[serde(rename_all = "camelCase")]
    pub struct GetMembersParams {
        /// Index of the first result.
        first: i64,
        /// Page size (100 by default).
        max: i64,
        /// Leave out attributes and other details.
        brief_representation: bool,
    }
}

query_params! {
    /// `GET /roles` and `/clients/{id}/roles`.
    #[serde(rename_all = "camelCase")]
    pub struct GetRoleParams {
        /// Role-name infix match.
        search: String,
        /// Index of the first result.
        first: i64,
        /// Page size.
        max: i64,
        /// Leave out attributes (true by default).
        brief_representation: bool,
    }
}

query_params! {
    /// `GET /components`.
    pub struct GetComponentsParams {
        /// The component's name.
        name: String,
        /// The parent's id (the realm's id for top-level components).
        parent: String,
        /// The provider type, e.g. `org.keycloak.keys.KeyProvider`.
        #[serde(rename = "type")]
        type_: String,
    }
}

query_params! {
    /// Pages of sessions: `/clients/{id}/user-sessions` and `/offline-sessions`.
    pub struct GetSessionsParams {
        /// Index of the first result.
        first: i64,
        /// Page size.
        max: i64,
    }
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

query_params! {
    /// `PUT /users/{id}/send-verify-email`.
    pub struct SendVerifyEmailParams {
        /// The client the link returns to.
        client_id: String,
        /// Where the user lands afterwards; needs `client_id`.
        redirect_uri: String,
        /// Seconds the link stays valid.
        lifespan: i64,
    }
}

query_params! {
    /// `POST /partial-export`: what to include besides the realm's settings.
    #[serde(rename_all = "camelCase")]
    pub struct PartialExportParams {
        /// Include clients.
        export_clients: bool,
        /// Include groups and roles.
        export_groups_and_roles: bool,
    }
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
