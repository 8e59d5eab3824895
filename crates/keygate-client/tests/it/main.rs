//! The client against a real in-process Keygate, on SQLite and (when configured)
//! PostgreSQL, sharing the server's test harness.

// The server's harness is shared; this crate uses only part of it.
#[allow(dead_code)]
#[path = "../../../keygate-server/tests/it/support.rs"]
mod support;

mod admin;
mod client_scopes;
mod component_admin;
mod components;
mod credentials;
mod email;
mod errors;
mod events;
mod fixtures;
mod groups;
mod oidc;
mod partial;
mod permissions;
mod role_mappings;
mod roles;
mod scope_mappings;
mod sessions;
mod token_source;
mod tokens;
mod user_profile;
mod verifier;
