//! Keycloak's JSON representations, shared by the Keygate server and client so the wire
//! format has exactly one definition. Serde only, no I/O.
//!
//! Large representations keep the fields Keygate does not interpret in `extra`, so tools
//! that round-trip them through Keygate lose nothing.

mod client;
mod component;
mod error;
mod realm;
mod role;
mod token;
mod user;

pub use client::*;
pub use component::*;
pub use error::*;
pub use realm::*;
pub use role::*;
pub use token::*;
pub use user::*;

/// Fields a representation carries that Keygate does not interpret.
pub type Extra = serde_json::Map<String, serde_json::Value>;
