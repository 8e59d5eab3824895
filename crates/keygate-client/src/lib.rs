//! A Rust client for Keygate and Keycloak alike: they speak the same API.
//!
//! - [`KeygateClient`]: the admin REST API and the OpenID Connect endpoints, one async
//!   method per gocloak operation, typed with the `keygate-model` representations.
//! - [`TokenSource`]: logs in and refreshes before expiry, shared across tasks.
//! - [`TokenVerifier`]: checks access tokens offline against the realm's cached JWKS.

mod admin;
mod error;
mod http;
mod oidc;
mod params;
mod token_source;
mod verifier;

pub use error::{ApiError, Error, Result};
pub use keygate_model as model;
pub use params::*;
pub use token_source::{Credentials, TokenSource};
pub use verifier::{TokenError, TokenVerifier, VerifierConfig};

#[cfg(feature = "axum")]
pub use verifier::axum_extractor::Bearer;

/// A client for one Keygate (or Keycloak) server.
#[derive(Clone, Debug)]
pub struct KeygateClient {
    base: String,
    http: reqwest::Client,
}

impl KeygateClient {
    /// A client for the server at `base_url` (e.g. `https://id.example.com`, or
    /// `https://kc.example.com/auth` for a Keycloak with the legacy prefix).
    pub fn new(base_url: impl Into<String>) -> KeygateClient {
        KeygateClient::with_http(base_url, reqwest::Client::new())
    }

    /// The same, with a caller-configured `reqwest` client (timeouts, proxies, TLS).
    pub fn with_http(base_url: impl Into<String>, http: reqwest::Client) -> KeygateClient {
        let base = base_url.into().trim_end_matches('/').to_string();
        KeygateClient { base, http }
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// A realm's issuer URL, as its tokens carry it.
    pub fn issuer_url(&self, realm: &str) -> String {
        format!("{}/realms/{}", self.base, seg(realm))
    }
}

/// A path segment, percent-encoded.
pub(crate) fn seg(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
