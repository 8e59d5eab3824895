//! Clients: the admin API over them and the rules for new and updated clients.

pub mod admin;
pub mod certificates;
pub mod cors;
pub mod installation;
pub mod rules;
