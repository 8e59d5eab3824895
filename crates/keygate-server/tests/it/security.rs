//! Security hardening: each file holds the attack that once worked and the defence that
//! now holds, on both stores.

mod brute_force_race;
mod component_secrets;
mod delegated_admin;
mod disabled_client;
mod duplicate_email;
mod impersonation;
mod log_redaction;
mod nul_bytes;
mod password_policy;
mod query_users;
mod redirect_escape;
mod timeouts;
mod validation;
