//! The admin REST API, a file per resource family.

mod clients;
mod components;
mod realms;
mod users;
