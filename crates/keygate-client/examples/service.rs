//! A service that accepts only requests with a valid access token of realm `demo` meant
//! for client `orders`, verified offline against the realm's cached keys.
//!
//! Run with `cargo run -p keygate-client --example service`.

use axum::routing::get;
use axum::Router;
use keygate_client::{Bearer, KeygateClient, TokenVerifier, VerifierConfig};

/// Only callers whose token carries the realm role `reader` get the orders.
async fn orders(Bearer(claims): Bearer) -> Result<String, axum::http::StatusCode> {
    if !claims.has_realm_role("reader") {
        return Err(axum::http::StatusCode::FORBIDDEN);
    }
    let who = claims.preferred_username.unwrap_or(claims.sub);
    Ok(format!("orders for {who}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = KeygateClient::new("http://127.0.0.1:8080");
    let verifier = TokenVerifier::new(client, VerifierConfig::new("demo").audience("orders"));
    let app = Router::new()
        .route("/orders", get(orders))
        .with_state(verifier);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
