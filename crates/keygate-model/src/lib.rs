//! Keycloak's JSON representations, shared by the Keygate server and client so the wire
//! format has exactly one definition. Serde only, no I/O.
//!
//! Large representations keep the fields Keygate does not interpret in `extra`, so tools
//! that round-trip them through Keygate lose nothing.
// Bad input must answer 4xx, never panic: no unwrap/expect/panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod authz;
mod client;
mod component;
mod error;
mod event;
mod federation;
mod import;
pub mod known;
mod lenient;
mod mapping;
mod profile;
mod realm;
mod role;
mod session;
mod token;
mod user;

pub use authz::*;
pub use client::*;
pub use component::*;
pub use error::*;
pub use event::*;
pub use federation::*;
pub use import::*;
pub use mapping::*;
pub use profile::*;
pub use realm::*;
pub use role::*;
pub use session::*;
pub use token::*;
pub use user::*;

/// Fields a representation carries that Keygate does not interpret.
pub type Extra = serde_json::Map<String, serde_json::Value>;
