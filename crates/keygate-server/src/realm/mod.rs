//! Realms: the cached model, creation and import, the admin API, and start-up bootstrap.

pub mod admin;
pub mod bootstrap;
pub mod cache;
pub mod defaults;
pub mod delegation;
pub mod import;
pub mod import_components;
pub mod import_index;
pub mod import_roles;
pub mod import_scopes;
pub mod import_users;
pub mod model;
pub mod name;
