//! A Rust client for Keygate and Keycloak alike: they speak the same API.
//!
//! - [`KeygateClient`]: the admin REST API and the OpenID Connect endpoints, one async
//!   method per gocloak operation, typed with the `keygate-model` representations.
//! - [`TokenSource`]: logs in and refreshes before expiry, shared across tasks.
//! - [`TokenVerifier`]: checks access tokens offline against the realm's cached JWKS.
//!
//! Every method maps a non-success answer to [`Error`]: not found, conflict (gocloak's
//! `ObjectAlreadyExists`), unauthorized, forbidden, any other status with Keycloak's error
//! fields, or a transport failure. No answer panics.
// Bad input must answer 4xx, never panic: no unwrap/expect/panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs)]

mod admin;
mod error;
mod http;
mod oidc;
mod params;
mod token_source;
mod tokens;
mod verifier;

pub use error::{ApiError, Error, Result};
pub use keygate_model as model;
pub use params::*;

/// The README's examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
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

/// A percent-encoded path segment decoded (the inverse of [`seg`]); invalid escapes are
/// kept as they are.
pub(crate) fn unseg(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(v as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_round_trip() {
        for s in ["a b", "x/y", "r%le+1", "ünï", "plain"] {
            assert_eq!(super::unseg(&super::seg(s)), s);
        }
        assert_eq!(super::unseg("bad%zz"), "bad%zz");
    }
}
