//! The admin REST API, a file per resource family.

mod clients;
mod realms;
mod users;
