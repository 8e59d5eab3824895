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

/// `GET /realms/{realm}/.well-known/openid-configuration`.
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
    Ok(Json(json!({
        "issuer": iss,
        "authorization_endpoint": format!("{oidc}/auth"),
        "token_endpoint": format!("{oidc}/token"),
        "introspection_endpoint": format!("{oidc}/token/introspect"),
        "userinfo_endpoint": format!("{oidc}/userinfo"),
        "end_session_endpoint": format!("{oidc}/logout"),
        "revocation_endpoint": format!("{oidc}/revoke"),
        "device_authorization_endpoint": format!("{oidc}/auth/device"),
        "jwks_uri": format!("{oidc}/certs"),
        "frontchannel_logout_session_supported": true,
        "frontchannel_logout_supported": true,
        "grant_types_supported": ["authorization_code", "implicit", "refresh_token", "password", "client_credentials", crate::oidc::grants::device_code::GRANT_TYPE, crate::oidc::grants::token_exchange::GRANT_TYPE],
        "acr_values_supported": ["0", "1"],
        "response_types_supported": ["code", "none", "id_token", "token", "id_token token", "code id_token", "code token", "code id_token token"],
        "subject_types_supported": ["public", "pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "userinfo_signing_alg_values_supported": ["RS256", "none"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "introspection_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "registration_endpoint": format!("{iss}/clients-registrations/openid-connect"),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "claims_supported": ["aud", "sub", "iss", "auth_time", "name", "given_name", "family_name", "preferred_username", "email", "acr"],
        "claim_types_supported": ["normal"],
        "claims_parameter_supported": true,
        "scopes_supported": scopes,
        "request_parameter_supported": true,
        "request_uri_parameter_supported": true,
        "code_challenge_methods_supported": ["plain", "S256"],
        "tls_client_certificate_bound_access_tokens": true,
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
