//! Client authentication at the token, introspection, logout and revocation endpoints. The
//! client's `clientAuthenticatorType` decides how: `client-secret` (basic or post),
//! `client-jwt` (private_key_jwt) or `client-secret-jwt`; a public client names itself.

mod assertion;
pub mod client_key;
mod replay;

use std::sync::Arc;

use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::form::Params;
use crate::crypto::secret_eq;
use crate::error::{Error, Result};
use crate::http::base::Base;
use crate::realm::model::{Client, Realm};

pub use assertion::subject as assertion_subject;

/// Where and when the client authenticates: the realm's issuer URL (which fixes the
/// audiences an assertion may name) and the current time in seconds.
pub struct At {
    pub issuer: String,
    pub now: i64,
}

impl At {
    pub fn new(base: &Base, realm: &Realm, now: i64) -> At {
        At {
            issuer: base.issuer(&realm.name),
            now,
        }
    }
}

pub(crate) fn invalid() -> Error {
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

/// The client a request names: Basic credentials, else `client_id`, else the subject of
/// its `client_assertion` (as Keycloak finds the client of a bare assertion).
fn named_client(headers: &HeaderMap, form: &Params) -> Result<(String, Option<String>)> {
    if let Some((id, secret)) = basic(headers) {
        return Ok((id, Some(secret)));
    }
    if let Some(id) = form.get("client_id") {
        return Ok((
            id.to_string(),
            form.get("client_secret").map(str::to_string),
        ));
    }
    form.get("client_assertion")
        .and_then(assertion::subject)
        .map(|sub| (sub, None))
        .ok_or_else(|| Error::oauth("invalid_client", "Missing client_id parameter"))
}

/// The authenticated client, or Keycloak's `invalid_client` answer.
pub fn authenticate(
    realm: &Realm,
    headers: &HeaderMap,
    form: &Params,
    at: &At,
) -> Result<Arc<Client>> {
    let (client_id, secret) = named_client(headers, form)?;
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
    match client.rep.client_authenticator_type.as_deref() {
        Some("client-jwt") => {
            assertion::verify(realm, client, form, at, assertion::Kind::PrivateKey)?;
            Ok(client.clone())
        }
        Some("client-secret-jwt") => {
            assertion::verify(realm, client, form, at, assertion::Kind::Secret)?;
            Ok(client.clone())
        }
        // `client-x509` needs the TLS layer's client certificate, which Keygate does not
        // terminate: such a client never authenticates here.
        Some("client-x509") => Err(invalid()),
        _ => match (secret, client.secret()) {
            (Some(given), Some(expected)) if secret_eq(&given, expected) => Ok(client.clone()),
            _ => Err(invalid()),
        },
    }
}
