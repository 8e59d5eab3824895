//! A JSON body extractor whose rejections are Keycloak-shaped 400s, not framework text.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;

use std::marker::PhantomData;

use keygate_model::known::{self, Representation};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::state::AppState;

/// A JSON request body.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|_| Error::Unparsable)
    }
}

/// The body of a JSON request: 415 for another type, 413 past the limit, 400 when empty.
async fn json_bytes(req: Request, state: &AppState) -> Result<Bytes, Error> {
    if !is_json(req.headers()) {
        return Err(Error::Status(415));
    }
    let bytes = Bytes::from_request(req, state)
        .await
        .map_err(|e| match e.status().as_u16() {
            413 => Error::Status(413),
            _ => Error::bad_request(format!("Unable to read request body: {e}")),
        })?;
    if bytes.is_empty() {
        return Err(Error::bad_request("Request body is missing"));
    }
    Ok(bytes)
}

/// A JSON object body that may only hold the properties Keycloak's representation `R`
/// declares, refused as Keycloak's `KcUnrecognizedPropertyExceptionHandler` refuses.
pub struct Strict<R, T = Value>(pub T, pub PhantomData<R>);

/// Which Keycloak representation a [`Strict`] body is.
pub trait Rep {
    const REP: &'static Representation;
}

macro_rules! reps {
    ($($name:ident => $rep:path),* $(,)?) => {$(
        pub struct $name;
        impl Rep for $name {
            const REP: &'static Representation = &$rep;
        }
    )*};
}

reps! {
    RealmRep => known::REALM,
    UserRep => known::USER,
    EventsConfigRep => known::EVENTS_CONFIG,
    ComponentRep => known::COMPONENT,
    AuthzResourceRep => keygate_model::RESOURCE_FIELDS,
    AuthzScopeRep => keygate_model::SCOPE_FIELDS,
    AuthzServerRep => keygate_model::RESOURCE_SERVER_FIELDS,
}

impl<R: Rep, T: DeserializeOwned> FromRequest<AppState> for Strict<R, T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Error> {
        let raw = json_bytes(req, state).await?;
        let object: Map<String, Value> =
            serde_json::from_slice(&raw).map_err(|_| Error::Unparsable)?;
        if let Some(field) = R::REP.unrecognized(&object) {
            let (line, column) = position(&raw, field);
            return Err(Error::Rejected(format!(
                "Invalid json representation for {}. Unrecognized field \"{field}\" at line {line} column {column}.",
                R::REP.class
            )));
        }
        serde_json::from_value(Value::Object(object))
            .map(|t| Strict(t, PhantomData))
            .map_err(|_| Error::Unparsable)
    }
}

/// Where `"field"` ends in the body (1-based line and column), as Jackson reports it.
fn position(raw: &[u8], field: &str) -> (usize, usize) {
    let needle = format!("\"{field}\"");
    let at = raw
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .map_or(0, |i| i + needle.len());
    let before = &raw[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = at
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    (line, column)
}

/// `application/json` or a `+json` type, as JAX-RS matches `@Consumes(APPLICATION_JSON)`.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > 5
            && essence[..essence.len() - 5].starts_with("application/")
            && essence.to_ascii_lowercase().ends_with("+json"))
}
