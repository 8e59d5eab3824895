//! Realm export and partial import/export, for the admin API and the command line.
//!
//! `sections` builds each part of a Keycloak realm export from the store (one function per
//! section), `users` pages through users, `file` writes and reads whole export files for
//! `keygate export` / `keygate import`, and `partial` serves Keycloak's `partial-export`
//! and `partialImport` endpoints (`import` + `import_steps` hold the import rules).

pub mod components;
pub mod file;
pub mod import;
pub mod import_steps;
pub mod import_types;
pub mod keys;
pub mod mask;
pub mod partial;
pub mod sections;
pub mod snapshot;
pub mod users;

use axum::Router;

use crate::state::AppState;

pub use file::{import_file, write_realm};

pub fn routes() -> Router<AppState> {
    partial::routes()
}
