//! Integration tests: each test starts Keygate in-process on an ephemeral port with its own
//! store and talks HTTP to it. Every test runs on SQLite, and on PostgreSQL too when
//! `KEYGATE_TEST_DATABASE_URL` is set (each server gets its own schema there).

mod support;

mod admin_clients;
mod admin_realms;
mod admin_users;
mod authz;
mod cli;
mod client_auth;
mod clients;
mod cluster;
mod compat;
mod components;
mod email;
mod events;
mod export;
mod grants;
mod groups;
mod import;
mod login;
mod oidc_errors;
mod oidc_tokens;
mod openid_library;
mod permissions;
mod roles;
mod scopes;
mod security;
mod sessions;
mod storage;
mod unrouted;
mod user_count;
mod user_story;
