//! The client's address, one rule for events, brute-force records and login sessions: the
//! first hop of `X-Forwarded-For` (the client as the proxy saw it), else the TCP peer.

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};

/// The first `X-Forwarded-For` hop, else the peer address when the server knows it.
pub fn client_ip(headers: &HeaderMap, extensions: &Extensions) -> Option<String> {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .or_else(|| {
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
}

/// [`client_ip`] as an extractor; never rejects.
pub struct ClientIp(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(ClientIp(client_ip(&parts.headers, &parts.extensions)))
    }
}
