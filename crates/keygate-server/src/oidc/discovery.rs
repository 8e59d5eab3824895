//! Discovery: the realm descriptor, the OpenID configuration and the JWKS.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::http::base::Base;
use crate::state::AppState;
use keygate_model::PublishedRealm;

/// `GET /realms/{realm}`.
pub async fn realm_info(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
) -> Result<Json<PublishedRealm>> {
    let realm = state.realms.public(&state.db, &name).await?;
    let key = realm
        .signing_key()
        .ok_or_else(|| Error::internal("realm has no signing key"))?;
    let issuer = base.issuer(&realm.name);
    Ok(Json(PublishedRealm {
        realm: realm.name.clone(),
        public_key: key.stored.public_key.clone(),
        token_service: format!("{issuer}/protocol/openid-connect"),
        account_service: format!("{issuer}/account"),
        tokens_not_before: realm.not_before(),
    }))
}

/// Grant types the token endpoint dispatches on.
const GRANT_TYPES: &[&str] = &[
    "authorization_code",
    "refresh_token",
    "password",
    "client_credentials",
    crate::oidc::grants::device_code::GRANT_TYPE,
    crate::oidc::grants::token_exchange::GRANT_TYPE,
];

/// Algorithms realm keys sign access, id and userinfo tokens with (public keys only).
pub const SIGNING_ALGS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
];

/// Algorithms a client assertion may be signed with (`client-jwt` and `client-secret-jwt`).
const CLIENT_AUTH_ALGS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "HS256", "HS384",
    "HS512",
];

const CLIENT_AUTH_METHODS: &[&str] = &[
    "private_key_jwt",
    "client_secret_basic",
    "client_secret_post",
    "client_secret_jwt",
];

/// `GET /realms/{realm}/.well-known/openid-configuration`: Keycloak 26's fields, each
/// either backed by an endpoint Keygate serves or stating honestly what it does not do
/// (no encryption, JARM, request objects, back-channel or front-channel logout, CIBA, PAR
/// or client registration).
pub async fn openid_configuration(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
) -> Result<Json<Value>> {
    let realm = state.realms.public(&state.db, &name).await?;
    let iss = base.issuer(&realm.name);
    let oidc = format!("{iss}/protocol/openid-connect");
    let mut scopes: Vec<&str> = vec!["openid"];
    scopes.extend(realm.scopes.keys().map(String::as_str));
    let mut userinfo_algs = SIGNING_ALGS.to_vec();
    userinfo_algs.push("none");
    let none: [&str; 0] = [];
    Ok(Json(json!({
        "issuer": iss,
        "authorization_endpoint": format!("{oidc}/auth"),
        "token_endpoint": format!("{oidc}/token"),
        "introspection_endpoint": format!("{oidc}/token/introspect"),
        "userinfo_endpoint": format!("{oidc}/userinfo"),
        "end_session_endpoint": format!("{oidc}/logout"),
        "frontchannel_logout_session_supported": false,
        "frontchannel_logout_supported": false,
        "jwks_uri": format!("{oidc}/certs"),
        "check_session_iframe": format!("{oidc}/login-status-iframe.html"),
        "grant_types_supported": GRANT_TYPES,
        "acr_values_supported": ["0", "1"],
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "prompt_values_supported": ["none", "login"],
        "id_token_signing_alg_values_supported": SIGNING_ALGS,
        "id_token_encryption_alg_values_supported": none,
        "id_token_encryption_enc_values_supported": none,
        "userinfo_signing_alg_values_supported": userinfo_algs,
        "userinfo_encryption_alg_values_supported": none,
        "userinfo_encryption_enc_values_supported": none,
        "request_object_signing_alg_values_supported": none,
        "request_object_encryption_alg_values_supported": none,
        "request_object_encryption_enc_values_supported": none,
        "response_modes_supported": ["query", "fragment", "form_post"],
        "token_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "token_endpoint_auth_signing_alg_values_supported": CLIENT_AUTH_ALGS,
        "introspection_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "introspection_endpoint_auth_signing_alg_values_supported": CLIENT_AUTH_ALGS,
        "authorization_signing_alg_values_supported": none,
        "authorization_encryption_alg_values_supported": none,
        "authorization_encryption_enc_values_supported": none,
        "claims_supported": ["aud", "sub", "iss", "auth_time", "name", "given_name", "family_name", "preferred_username", "email", "acr"],
        "claim_types_supported": ["normal"],
        "claims_parameter_supported": false,
        "scopes_supported": scopes,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "require_request_uri_registration": true,
        "code_challenge_methods_supported": ["plain", "S256"],
        "tls_client_certificate_bound_access_tokens": false,
        "revocation_endpoint": format!("{oidc}/revoke"),
        "revocation_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "revocation_endpoint_auth_signing_alg_values_supported": CLIENT_AUTH_ALGS,
        "backchannel_logout_supported": false,
        "backchannel_logout_session_supported": false,
        "device_authorization_endpoint": format!("{oidc}/auth/device"),
        "require_pushed_authorization_requests": false,
        "mtls_endpoint_aliases": {
            "token_endpoint": format!("{oidc}/token"),
            "revocation_endpoint": format!("{oidc}/revoke"),
            "introspection_endpoint": format!("{oidc}/token/introspect"),
            "device_authorization_endpoint": format!("{oidc}/auth/device"),
            "userinfo_endpoint": format!("{oidc}/userinfo"),
        },
        "authorization_response_iss_parameter_supported": true,
    })))
}

/// `GET .../certs`: every enabled public key of the realm.
pub async fn certs(State(state): State<AppState>, Path(name): Path<String>) -> Result<Json<Value>> {
    let realm = state.realms.public(&state.db, &name).await?;
    let keys: Vec<&Value> = realm
        .keys
        .iter()
        .filter(|k| k.stored.enabled)
        .filter_map(|k| k.jwk.as_ref())
        .chain(realm.enc_jwks.iter())
        .collect();
    Ok(Json(json!({ "keys": keys })))
}
