//! The static parts of server info: what Keygate implements, named as Keycloak names it.

use serde_json::{json, Value};

use crate::component::providers::{component_type, SPECS};
use crate::crypto::keys::KEY_PROVIDER;
use crate::realm::defaults;

pub fn profile_info() -> Value {
    json!({"name": "community", "disabledFeatures": ["admin-fine-grained-authz"],
           "previewFeatures": [], "experimentalFeatures": []})
}

pub fn themes() -> Value {
    let t = |names: &[&str]| -> Value {
        names
            .iter()
            .map(|n| json!({"name": n, "locales": ["en"]}))
            .collect()
    };
    json!({
        "account": t(&["keycloak.v3"]),
        "admin": t(&["keycloak.v2"]),
        "common": t(&["keycloak"]),
        "email": t(&["keycloak"]),
        "login": t(&["keycloak.v2", "keycloak"]),
        "welcome": t(&["keycloak"]),
    })
}

pub fn providers() -> Value {
    let spi = |ids: &[&str]| -> Value {
        let providers: serde_json::Map<String, Value> = ids
            .iter()
            .map(|id| (id.to_string(), json!({"order": 0})))
            .collect();
        json!({"internal": true, "providers": providers})
    };
    let keys: Vec<&str> = SPECS.iter().map(|s| s.id).collect();
    json!({
        "keys": spi(&keys),
        "login-protocol": spi(&["openid-connect"]),
        "password-hashing": spi(&["argon2", "pbkdf2-sha256", "pbkdf2-sha512", "pbkdf2", "bcrypt"]),
        "protocol-mapper": spi(MAPPER_IDS),
        "client-authenticator": spi(&["client-secret"]),
        "realm-cache": spi(&["default"]),
        "user-cache": spi(&["default"]),
    })
}

const MAPPER_IDS: &[&str] = &[
    "oidc-usermodel-attribute-mapper",
    "oidc-usermodel-property-mapper",
    "oidc-hardcoded-claim-mapper",
    "oidc-audience-mapper",
    "oidc-usermodel-realm-role-mapper",
    "oidc-usermodel-client-role-mapper",
    "oidc-group-membership-mapper",
    "oidc-full-name-mapper",
];

fn claim_props() -> Value {
    json!([
        {"name": "claim.name", "label": "Token Claim Name", "type": "String", "secret": false, "readOnly": false,
         "helpText": "Name of the claim to insert into the token."},
        {"name": "jsonType.label", "label": "Claim JSON Type", "type": "List", "secret": false, "readOnly": false,
         "options": ["String", "long", "int", "boolean", "JSON"], "helpText": "JSON type that should be used to populate the json claim in the token."},
        {"name": "id.token.claim", "label": "Add to ID token", "type": "boolean", "defaultValue": "true", "secret": false, "readOnly": false,
         "helpText": "Should the claim be added to the ID token?"},
        {"name": "access.token.claim", "label": "Add to access token", "type": "boolean", "defaultValue": "true", "secret": false, "readOnly": false,
         "helpText": "Should the claim be added to the access token?"},
        {"name": "userinfo.token.claim", "label": "Add to userinfo", "type": "boolean", "defaultValue": "true", "secret": false, "readOnly": false,
         "helpText": "Should the claim be added to the userinfo?"},
        {"name": "introspection.token.claim", "label": "Add to token introspection", "type": "boolean", "defaultValue": "true", "secret": false, "readOnly": false,
         "helpText": "Should the claim be added to the token introspection?"}
    ])
}

pub fn protocol_mapper_types() -> Value {
    let names = [
        (
            "oidc-usermodel-attribute-mapper",
            "User Attribute",
            "Map a custom user attribute to a token claim.",
        ),
        (
            "oidc-usermodel-property-mapper",
            "User Property",
            "Map a built in user property (email, firstName, lastName) to a token claim.",
        ),
        (
            "oidc-hardcoded-claim-mapper",
            "Hardcoded claim",
            "Hardcode a claim into the token.",
        ),
        (
            "oidc-audience-mapper",
            "Audience",
            "Add specified audience to the audience (aud) field of token",
        ),
        (
            "oidc-usermodel-realm-role-mapper",
            "User Realm Role",
            "Map a user realm role to a token claim.",
        ),
        (
            "oidc-usermodel-client-role-mapper",
            "User Client Role",
            "Map a user client role to a token claim.",
        ),
        (
            "oidc-group-membership-mapper",
            "Group Membership",
            "Map user group membership",
        ),
        (
            "oidc-full-name-mapper",
            "User's full name",
            "Maps the user's first and last name to the OpenID Connect 'name' claim.",
        ),
    ];
    let list: Vec<Value> = names
        .iter()
        .map(|(id, name, help)| {
            json!({"id": id, "name": name, "category": "Token mapper", "helpText": help,
                   "priority": 0, "properties": claim_props()})
        })
        .collect();
    json!({"openid-connect": list})
}

/// The mappers of the built-in client scopes.
pub fn builtin_protocol_mappers() -> Value {
    let mut out = Vec::new();
    for scope in defaults::client_scopes() {
        if let Some(ms) = scope.get("protocolMappers").and_then(Value::as_array) {
            out.extend(ms.iter().cloned());
        }
    }
    json!({"openid-connect": out})
}

pub fn enums() -> Value {
    json!({
        "sslRequired": ["ALL", "EXTERNAL", "NONE"],
        "operationType": ["CREATE", "UPDATE", "DELETE", "ACTION"],
        "resourceType": ["REALM", "REALM_ROLE", "REALM_ROLE_MAPPING", "REALM_SCOPE_MAPPING",
            "AUTH_FLOW", "AUTH_EXECUTION_FLOW", "AUTH_EXECUTION", "AUTHENTICATOR_CONFIG",
            "REQUIRED_ACTION", "IDENTITY_PROVIDER", "IDENTITY_PROVIDER_MAPPER", "PROTOCOL_MAPPER",
            "USER", "USER_LOGIN_FAILURE", "USER_SESSION", "USER_FEDERATION_PROVIDER",
            "USER_FEDERATION_MAPPER", "GROUP", "GROUP_MEMBERSHIP", "CLIENT", "CLIENT_INITIAL_ACCESS_MODEL",
            "CLIENT_ROLE", "CLIENT_ROLE_MAPPING", "CLIENT_SCOPE", "CLIENT_SCOPE_MAPPING",
            "CLIENT_SCOPE_CLIENT_MAPPING", "CLUSTER_NODE", "COMPONENT", "AUTHORIZATION_RESOURCE_SERVER",
            "AUTHORIZATION_RESOURCE", "AUTHORIZATION_SCOPE", "AUTHORIZATION_POLICY", "CUSTOM"],
        "policyEnforcementMode": ["ENFORCING", "PERMISSIVE", "DISABLED"],
        "eventType": ["LOGIN", "LOGIN_ERROR", "LOGOUT", "LOGOUT_ERROR", "CODE_TO_TOKEN",
            "CODE_TO_TOKEN_ERROR", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "CLIENT_LOGIN",
            "CLIENT_LOGIN_ERROR", "INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR", "USER_INFO_REQUEST",
            "USER_INFO_REQUEST_ERROR", "REVOKE_GRANT", "UPDATE_PASSWORD", "REGISTER"],
    })
}

pub fn component_types() -> Value {
    let keys: Vec<Value> = SPECS.iter().map(component_type).collect();
    json!({ KEY_PROVIDER: keys })
}

pub fn password_policies() -> Value {
    let p = |id: &str, name: &str, kind: &str, default: &str, multiple: bool| {
        json!({"id": id, "displayName": name, "configType": kind, "defaultValue": default,
               "multipleSupported": multiple})
    };
    json!([
        p("length", "Minimum length", "int", "8", false),
        p("maxLength", "Maximum length", "int", "64", false),
        p("digits", "Digits", "int", "1", false),
        p("lowerCase", "Lowercase characters", "int", "1", false),
        p("upperCase", "Uppercase characters", "int", "1", false),
        p("specialChars", "Special characters", "int", "1", false),
        p("notUsername", "Not username", "", "", false),
        p("notEmail", "Not email", "", "", false),
        p("passwordHistory", "Not recently used", "int", "3", false),
        p("regexPattern", "Regular expression", "String", "", true),
        p(
            "hashAlgorithm",
            "Hashing algorithm",
            "String",
            "argon2",
            false
        ),
        p("hashIterations", "Hashing iterations", "int", "5", false),
        p(
            "forceExpiredPasswordChange",
            "Expire password",
            "int",
            "365",
            false
        ),
    ])
}

pub fn crypto_info() -> Value {
    json!({
        "cryptoProvider": "RustCrypto",
        "supportedKeystoreTypes": ["PKCS12"],
        "clientSignatureSymmetricAlgorithms": ["HS256", "HS384", "HS512"],
        "clientSignatureAsymmetricAlgorithms": ["ES256", "ES384", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512"],
    })
}
