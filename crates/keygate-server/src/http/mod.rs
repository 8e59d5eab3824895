//! Shared HTTP plumbing: error rendering, the admin bearer extractor, the request's base
//! URL, health endpoints.

pub mod auth;
pub mod base;
pub mod client_ip;
pub mod control_chars;
pub mod edge_errors;
pub mod error;
pub mod health;
pub mod json;
pub mod query;
pub mod redact;
pub mod serve;
pub mod unrouted;
