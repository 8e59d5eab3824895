//! The client against a real in-process Keygate, on SQLite and (when configured)
//! PostgreSQL, sharing the server's test harness.

// The server's harness is shared; this crate uses only part of it.
#[allow(dead_code)]
#[path = "../../../keygate-server/tests/it/support.rs"]
mod support;

mod admin;
mod email;
mod components;
mod errors;
mod fixtures;
mod groups;
mod oidc;
#[cfg(feature = "pending-server")]
mod pending;
mod role_mappings;
mod roles;
mod token_source;
mod tokens;
mod user_profile;
mod verifier;
