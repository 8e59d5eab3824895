//! The client against a real in-process Keygate, on SQLite and (when configured)
//! PostgreSQL, sharing the server's test harness.

// The server's harness is shared; this crate uses only part of it.
#[allow(dead_code)]
#[path = "../../../keygate-server/tests/it/support.rs"]
mod support;

mod admin;
mod components;
mod errors;
mod oidc;
mod token_source;
mod verifier;
