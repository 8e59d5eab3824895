//! The public base URL of a request: `--hostname` when set, else the request's Host, plus
//! `/auth` when the request came in under the legacy prefix.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::header;
use axum::http::request::Parts;

use crate::error::Error;
use crate::state::AppState;

/// The base URL, no trailing slash.
#[derive(Debug, Clone)]
pub struct Base(pub String);

impl Base {
    /// The issuer of a realm's tokens.
    pub fn issuer(&self, realm: &str) -> String {
        format!("{}/realms/{realm}", self.0)
    }
}

impl FromRequestParts<AppState> for Base {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let legacy = parts
            .extensions
            .get::<OriginalUri>()
            .map(|u| u.0.path().starts_with("/auth/"))
            .unwrap_or(false);
        let root = match &state.config.hostname {
            Some(h) => h.trim_end_matches('/').to_string(),
            None => {
                let host = parts
                    .headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .filter(|h| !h.is_empty() && !h.contains(['/', ' ', '"']))
                    .unwrap_or("localhost");
                format!("http://{host}")
            }
        };
        let suffix = if legacy && !root.ends_with("/auth") {
            "/auth"
        } else {
            ""
        };
        Ok(Base(format!("{root}{suffix}")))
    }
}
