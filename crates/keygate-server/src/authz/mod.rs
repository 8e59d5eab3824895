//! Authorization services: a client's resource server (resources, scopes, policies and
//! permissions), its admin API and the policy engine.

pub mod admin;
pub mod engine;
pub mod errors;

pub use admin::routes;
