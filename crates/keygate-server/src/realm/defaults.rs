//! What Keycloak puts in every new realm: its built-in clients, roles and client scopes.
//! Kept as data so the import path creates a new realm and an imported one alike.

use serde_json::{json, Value};

/// The `realm-management` roles and the composite `realm-admin` holds them all.
pub const MANAGEMENT_ROLES: &[&str] = &[
    "manage-users",
    "view-users",
    "query-users",
    "query-groups",
    "manage-clients",
    "view-clients",
    "query-clients",
    "manage-realm",
    "view-realm",
    "manage-events",
    "view-events",
    "manage-identity-providers",
    "view-identity-providers",
    "manage-authorization",
    "view-authorization",
    "impersonation",
    "create-client",
    "query-realms",
];

/// Client roles of the built-in clients: `(clientId, role, composites within the client)`.
pub const CLIENT_ROLES: &[(&str, &str, &[&str])] = &[
    ("account", "manage-account", &["manage-account-links"]),
    ("account", "manage-account-links", &[]),
    ("account", "view-profile", &[]),
    ("account", "view-applications", &[]),
    ("account", "view-consent", &[]),
    ("account", "manage-consent", &["view-consent"]),
    ("account", "view-groups", &[]),
    ("account", "delete-account", &[]),
    ("broker", "read-token", &[]),
];

/// The built-in clients of a realm, as representations. The management client is
/// `realm-management`, or `master-realm` in the master realm.
pub fn clients(realm: &str) -> Vec<Value> {
    let management = management_client(realm);
    // Keycloak names master's management client as a delegation client ("master Realm").
    let management_name = if realm == "master" {
        "master Realm".to_string()
    } else {
        format!("${{client_{management}}}")
    };
    let base = format!("/realms/{realm}/account/");
    vec![
        json!({
            "clientId": "account", "name": "${client_account}", "rootUrl": "${authBaseUrl}",
            "baseUrl": base, "enabled": true, "publicClient": true,
            "redirectUris": [format!("/realms/{realm}/account/*")],
            "standardFlowEnabled": true, "directAccessGrantsEnabled": false,
            "fullScopeAllowed": false, "protocol": "openid-connect",
            "attributes": {"post.logout.redirect.uris": "+"}
        }),
        json!({
            "clientId": "account-console", "name": "${client_account-console}",
            "rootUrl": "${authBaseUrl}", "baseUrl": base, "enabled": true, "publicClient": true,
            "redirectUris": [format!("/realms/{realm}/account/*")],
            "standardFlowEnabled": true, "directAccessGrantsEnabled": false,
            "fullScopeAllowed": false, "protocol": "openid-connect",
            "attributes": {"post.logout.redirect.uris": "+", "pkce.code.challenge.method": "S256"},
            "protocolMappers": [{
                "name": "audience resolve", "protocol": "openid-connect",
                "protocolMapper": "oidc-audience-resolve-mapper", "consentRequired": false,
                "config": {}
            }]
        }),
        json!({
            "clientId": "admin-cli", "name": "${client_admin-cli}", "enabled": true,
            "publicClient": true, "standardFlowEnabled": false,
            "directAccessGrantsEnabled": true, "fullScopeAllowed": true,
            "protocol": "openid-connect", "attributes": {}
        }),
        json!({
            "clientId": "broker", "name": "${client_broker}", "enabled": true,
            "bearerOnly": true, "publicClient": false, "standardFlowEnabled": true,
            "directAccessGrantsEnabled": false, "fullScopeAllowed": false,
            "protocol": "openid-connect", "attributes": {}
        }),
        json!({
            "clientId": management, "name": management_name, "enabled": true,
            "bearerOnly": true, "publicClient": false, "standardFlowEnabled": true,
            "directAccessGrantsEnabled": false, "fullScopeAllowed": false,
            "protocol": "openid-connect", "attributes": {}
        }),
        json!({
            "clientId": "security-admin-console", "name": "${client_security-admin-console}",
            "rootUrl": "${authAdminUrl}", "baseUrl": format!("/admin/{realm}/console/"),
            "enabled": true, "publicClient": true,
            "redirectUris": [format!("/admin/{realm}/console/*")], "webOrigins": ["+"],
            "standardFlowEnabled": true, "directAccessGrantsEnabled": false,
            "fullScopeAllowed": true, "protocol": "openid-connect",
            "attributes": {"post.logout.redirect.uris": "+", "pkce.code.challenge.method": "S256"}
        }),
    ]
}

/// The client holding the management roles in `realm`.
pub fn management_client(realm: &str) -> String {
    if realm == "master" {
        "master-realm".to_string()
    } else {
        "realm-management".to_string()
    }
}

fn mapper(name: &str, mapper: &str, config: Value) -> Value {
    json!({"name": name, "protocol": "openid-connect", "protocolMapper": mapper,
           "consentRequired": false, "config": config})
}

fn attr(user_attribute: &str, claim: &str, kind: &str) -> Value {
    json!({"introspection.token.claim": "true", "userinfo.token.claim": "true",
           "user.attribute": user_attribute, "id.token.claim": "true",
           "access.token.claim": "true", "claim.name": claim, "jsonType.label": kind})
}

/// A client scope; `consent` is `(display.on.consent.screen, consent.screen.text)`.
fn scope(
    name: &str,
    description: &str,
    in_token: bool,
    consent: (bool, &str),
    mappers: Vec<Value>,
) -> Value {
    let mut attributes = json!({"include.in.token.scope": in_token.to_string(),
                                "display.on.consent.screen": consent.0.to_string()});
    if consent.0 || name == "web-origins" {
        attributes["consent.screen.text"] = json!(consent.1);
    }
    json!({"name": name, "description": description, "protocol": "openid-connect",
           "attributes": attributes, "protocolMappers": mappers})
}

/// The profile scope's plain attribute claims: `(mapper, attribute, claim, type)`.
const PROFILE_ATTRIBUTES: &[(&str, &str, &str, &str)] = &[
    ("family name", "lastName", "family_name", "String"),
    ("given name", "firstName", "given_name", "String"),
    ("middle name", "middleName", "middle_name", "String"),
    ("nickname", "nickname", "nickname", "String"),
    ("username", "username", "preferred_username", "String"),
    ("profile", "profile", "profile", "String"),
    ("picture", "picture", "picture", "String"),
    ("website", "website", "website", "String"),
    ("gender", "gender", "gender", "String"),
    ("birthdate", "birthdate", "birthdate", "String"),
    ("zoneinfo", "zoneinfo", "zoneinfo", "String"),
    ("locale", "locale", "locale", "String"),
    ("updated at", "updatedAt", "updated_at", "long"),
];

fn all_tokens() -> Value {
    json!({"id.token.claim": "true", "introspection.token.claim": "true",
           "access.token.claim": "true", "userinfo.token.claim": "true"})
}

fn access_only() -> Value {
    json!({"introspection.token.claim": "true", "access.token.claim": "true"})
}

/// The built-in OIDC client scopes with their mappers, as Keycloak's
/// `OIDCLoginProtocolFactory.createDefaultClientScopesImpl` makes them.
pub fn client_scopes() -> Vec<Value> {
    let mut profile = vec![mapper("full name", "oidc-full-name-mapper", all_tokens())];
    for (name, attribute, claim, kind) in PROFILE_ATTRIBUTES {
        profile.push(mapper(
            name,
            "oidc-usermodel-attribute-mapper",
            attr(attribute, claim, kind),
        ));
    }
    vec![
        scope("profile", "OpenID Connect built-in scope: profile", true, (true, "${profileScopeConsentText}"), profile),
        scope("email", "OpenID Connect built-in scope: email", true, (true, "${emailScopeConsentText}"), vec![
            mapper("email", "oidc-usermodel-attribute-mapper", attr("email", "email", "String")),
            mapper("email verified", "oidc-usermodel-property-mapper", attr("emailVerified", "email_verified", "boolean")),
        ]),
        scope("address", "OpenID Connect built-in scope: address", true, (true, "${addressScopeConsentText}"), vec![
            mapper("address", "oidc-address-mapper", json!({"user.attribute.formatted": "formatted", "user.attribute.country": "country", "introspection.token.claim": "true", "user.attribute.postal_code": "postal_code", "userinfo.token.claim": "true", "user.attribute.street": "street", "id.token.claim": "true", "user.attribute.region": "region", "access.token.claim": "true", "user.attribute.locality": "locality"})),
        ]),
        scope("phone", "OpenID Connect built-in scope: phone", true, (true, "${phoneScopeConsentText}"), vec![
            mapper("phone number", "oidc-usermodel-attribute-mapper", attr("phoneNumber", "phone_number", "String")),
            mapper("phone number verified", "oidc-usermodel-attribute-mapper", attr("phoneNumberVerified", "phone_number_verified", "boolean")),
        ]),
        scope("offline_access", "OpenID Connect built-in scope: offline_access", true, (true, "${offlineAccessScopeConsentText}"), vec![]),
        scope("roles", "OpenID Connect scope for add user roles to the access token", false, (true, "${rolesScopeConsentText}"), vec![
            mapper("realm roles", "oidc-usermodel-realm-role-mapper", json!({"user.attribute": "foo", "introspection.token.claim": "true", "access.token.claim": "true", "claim.name": "realm_access.roles", "jsonType.label": "String", "multivalued": "true"})),
            mapper("client roles", "oidc-usermodel-client-role-mapper", json!({"user.attribute": "foo", "introspection.token.claim": "true", "access.token.claim": "true", "claim.name": "resource_access.${client_id}.roles", "jsonType.label": "String", "multivalued": "true"})),
            mapper("audience resolve", "oidc-audience-resolve-mapper", access_only()),
        ]),
        scope("web-origins", "OpenID Connect scope for add allowed web origins to the access token", false, (false, ""), vec![
            mapper("allowed web origins", "oidc-allowed-origins-mapper", access_only()),
        ]),
        scope("microprofile-jwt", "Microprofile - JWT built-in scope", true, (false, ""), vec![
            mapper("upn", "oidc-usermodel-attribute-mapper", attr("username", "upn", "String")),
            mapper("groups", "oidc-usermodel-realm-role-mapper", json!({"introspection.token.claim": "true", "multivalued": "true", "userinfo.token.claim": "true", "user.attribute": "foo", "id.token.claim": "true", "access.token.claim": "true", "claim.name": "groups", "jsonType.label": "String"})),
        ]),
        scope("acr", "OpenID Connect scope for add acr (authentication context class reference) to the token", false, (false, ""), vec![
            mapper("acr loa level", "oidc-acr-mapper", json!({"id.token.claim": "true", "introspection.token.claim": "true", "access.token.claim": "true"})),
        ]),
        scope("basic", "OpenID Connect scope for add all basic claims to the token", false, (false, ""), vec![
            mapper("auth_time", "oidc-usersessionmodel-note-mapper", json!({"user.session.note": "AUTH_TIME", "introspection.token.claim": "true", "id.token.claim": "true", "access.token.claim": "true", "claim.name": "auth_time", "jsonType.label": "long"})),
            mapper("sub", "oidc-sub-mapper", access_only()),
        ]),
        scope("service_account", "Specific scope for a client enabled for service accounts", false, (false, ""), vec![
            mapper("Client ID", "oidc-usersessionmodel-note-mapper", note("client_id")),
            mapper("Client Host", "oidc-usersessionmodel-note-mapper", note("clientHost")),
            mapper("Client IP Address", "oidc-usersessionmodel-note-mapper", note("clientAddress")),
        ]),
    ]
}

/// A user-session-note mapper's config: the note as a string claim of the same name.
fn note(name: &str) -> Value {
    json!({"user.session.note": name, "introspection.token.claim": "true", "id.token.claim": "true",
           "access.token.claim": "true", "claim.name": name, "jsonType.label": "String"})
}

/// Keycloak's `offline_access` scope maps the `offline_access` realm role.
pub const SCOPE_ROLE_MAPPINGS: &[(&str, &str)] = &[("offline_access", "offline_access")];

/// The scope Keycloak links as a default scope to every client with a service account.
pub const SERVICE_ACCOUNT_SCOPE: &str = "service_account";

pub const DEFAULT_DEFAULT_SCOPES: &[&str] =
    &["acr", "basic", "email", "profile", "roles", "web-origins"];
pub const DEFAULT_OPTIONAL_SCOPES: &[&str] =
    &["address", "microprofile-jwt", "offline_access", "phone"];

/// Realm settings Keycloak fills in when a representation leaves them out.
pub fn realm_settings() -> Value {
    json!({
        "enabled": true, "notBefore": 0, "defaultSignatureAlgorithm": "RS256",
        "revokeRefreshToken": false, "refreshTokenMaxReuse": 0,
        "accessTokenLifespan": 300, "accessTokenLifespanForImplicitFlow": 900,
        "ssoSessionIdleTimeout": 1800, "ssoSessionMaxLifespan": 36000,
        "ssoSessionIdleTimeoutRememberMe": 0, "ssoSessionMaxLifespanRememberMe": 0,
        "offlineSessionIdleTimeout": 2592000, "offlineSessionMaxLifespanEnabled": false,
        "offlineSessionMaxLifespan": 5184000, "clientSessionIdleTimeout": 0,
        "clientSessionMaxLifespan": 0, "clientOfflineSessionIdleTimeout": 0,
        "clientOfflineSessionMaxLifespan": 0, "accessCodeLifespan": 60,
        "accessCodeLifespanUserAction": 300, "accessCodeLifespanLogin": 1800,
        "actionTokenGeneratedByAdminLifespan": 43200, "actionTokenGeneratedByUserLifespan": 300,
        "sslRequired": "external", "registrationAllowed": false,
        "registrationEmailAsUsername": false, "rememberMe": false, "verifyEmail": false,
        "loginWithEmailAllowed": true, "duplicateEmailsAllowed": false,
        "resetPasswordAllowed": false, "editUsernameAllowed": false,
        "bruteForceProtected": false, "permanentLockout": false, "maxFailureWaitSeconds": 900,
        "minimumQuickLoginWaitSeconds": 60, "waitIncrementSeconds": 60,
        "quickLoginCheckMilliSeconds": 1000, "maxDeltaTimeSeconds": 43200, "failureFactor": 30,
        "eventsEnabled": false, "adminEventsEnabled": false, "adminEventsDetailsEnabled": false,
        "attributes": {}
    })
}

const REGISTRATION_POLICY: &str =
    "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy";

/// Adds Keycloak's default client-registration policies (six for anonymous requests, two
/// for authenticated ones) to a realm's components when the representation has none, so
/// a new realm lists the twelve components Keycloak's does.
pub fn with_registration_policies(components: Option<Value>) -> Option<Value> {
    let mut components = match components {
        Some(Value::Object(map)) => map,
        None => serde_json::Map::new(),
        other => return other,
    };
    if components.contains_key(REGISTRATION_POLICY) {
        return Some(Value::Object(components));
    }
    let mappers = json!([
        "oidc-sha256-pairwise-sub-mapper",
        "oidc-address-mapper",
        "oidc-full-name-mapper",
        "saml-user-attribute-mapper",
        "oidc-usermodel-property-mapper",
        "saml-role-list-mapper",
        "saml-user-property-mapper",
        "oidc-usermodel-attribute-mapper"
    ]);
    let policy = |name: &str, provider: &str, sub: &str, config: Value| {
        json!({"name": name, "providerId": provider, "subType": sub, "subComponents": {},
               "config": config})
    };
    let policies = vec![
        policy(
            "Trusted Hosts",
            "trusted-hosts",
            "anonymous",
            json!({
            "host-sending-registration-request-must-match": ["true"],
            "client-uris-must-match": ["true"]}),
        ),
        policy(
            "Consent Required",
            "consent-required",
            "anonymous",
            json!({}),
        ),
        policy("Full Scope Disabled", "scope", "anonymous", json!({})),
        policy(
            "Max Clients Limit",
            "max-clients",
            "anonymous",
            json!({"max-clients": ["200"]}),
        ),
        policy(
            "Allowed Protocol Mapper Types",
            "allowed-protocol-mappers",
            "anonymous",
            json!({"allowed-protocol-mapper-types": mappers}),
        ),
        policy(
            "Allowed Client Scopes",
            "allowed-client-templates",
            "anonymous",
            json!({"allow-default-scopes": ["true"]}),
        ),
        policy(
            "Allowed Protocol Mapper Types",
            "allowed-protocol-mappers",
            "authenticated",
            json!({"allowed-protocol-mapper-types": mappers}),
        ),
        policy(
            "Allowed Client Scopes",
            "allowed-client-templates",
            "authenticated",
            json!({"allow-default-scopes": ["true"]}),
        ),
    ];
    components.insert(REGISTRATION_POLICY.into(), Value::Array(policies));
    Some(Value::Object(components))
}
