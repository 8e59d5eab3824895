//! Client authentication at the token, introspection, logout and revocation endpoints:
//! `client_secret_basic`, `client_secret_post`, or a public client's bare `client_id`.

use std::sync::Arc;

use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::form::Params;
use crate::crypto::secret_eq;
use crate::error::{Error, Result};
use crate::realm::model::{Client, Realm};

fn invalid() -> Error {
    Error::oauth_status(
        401,
        "invalid_client",
        "Invalid client or Invalid client credentials",
    )
}

fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((unescape(id), unescape(secret)))
}

/// The authenticated client, or Keycloak's `invalid_client` answer.
pub fn authenticate(realm: &Realm, headers: &HeaderMap, form: &Params) -> Result<Arc<Client>> {
    let (client_id, secret) = match basic(headers) {
        Some((id, secret)) => (id, Some(secret)),
        None => {
            let id = form
                .get("client_id")
                .ok_or_else(|| Error::oauth("invalid_client", "Missing client_id parameter"))?;
            (
                id.to_string(),
                form.get("client_secret").map(str::to_string),
            )
        }
    };
    let client = realm.client(&client_id).ok_or_else(invalid)?;
    if !client.enabled() {
        return Err(invalid());
    }
    if client.bearer_only() {
        return Err(Error::oauth("invalid_client", "Bearer-only not allowed"));
    }
    if client.is_public() {
        return Ok(client.clone());
    }
    match (secret, client.secret()) {
        (Some(given), Some(expected)) if secret_eq(&given, expected) => Ok(client.clone()),
        _ => Err(invalid()),
    }
}
