//! A JSON body extractor whose rejections are Keycloak-shaped 400s, not framework text.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::error::Error;

/// A JSON request body.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Error> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| Error::bad_request(format!("Unable to read request body: {e}")))?;
        if bytes.is_empty() {
            return Err(Error::bad_request("Request body is missing"));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| Error::bad_request(format!("Invalid JSON: {e}")))
    }
}
