//! A JSON body extractor whose rejections are Keycloak-shaped 400s, not framework text.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::error::Error;

/// A JSON request body.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Error> {
        if !is_json(req.headers()) {
            return Err(Error::Status(415));
        }
        let bytes =
            Bytes::from_request(req, state)
                .await
                .map_err(|e| match e.status().as_u16() {
                    413 => Error::Status(413),
                    _ => Error::bad_request(format!("Unable to read request body: {e}")),
                })?;
        if bytes.is_empty() {
            return Err(Error::bad_request("Request body is missing"));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| Error::bad_request(format!("Invalid JSON: {e}")))
    }
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
