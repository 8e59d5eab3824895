//! The admin REST API, a file per resource family.

#[macro_use]
mod endpoint;

mod client_scopes;
mod clients;
mod components;
mod components_params;
mod credentials;
mod email;
mod events;
mod groups;
mod partial;
mod permissions;
mod realms;
mod role_mappings;
mod roles;
mod scope_mappings;
mod sessions;
mod user_profile;
mod users;
