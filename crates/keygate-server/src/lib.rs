#![recursion_limit = "256"]
//! Keygate: an identity server that speaks Keycloak's HTTP APIs, in one small binary.
//!
//! Data flows one way: HTTP handlers (in each capability folder) call rules and the
//! store; nothing below `http` knows about requests.
// Bad input must answer 4xx, never panic: no unwrap/expect/panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod account;
pub mod app;
pub mod authz;
pub mod client;
pub mod clock;
pub mod cluster;
pub mod component;
pub mod config;
pub mod crypto;
pub mod email;
pub mod error;
pub mod events;
pub mod export;
pub mod group;
pub mod http;
pub mod login;
pub mod oidc;
pub mod realm;
pub mod role;
pub mod scope;
pub mod session;
pub mod state;
pub mod store;
pub mod user;

pub use app::{spawn, Running};
pub use config::Config;
pub use error::{Error, Result};
pub use state::AppState;
