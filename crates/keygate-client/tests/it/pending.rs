//! Tests of the admin families whose server side is being built in parallel. Compiled and
//! run only with `--features pending-server`; enable by default once the server work is
//! merged.

mod client_scopes;
mod components;
mod credentials;
mod events;
mod partial;
mod scope_mappings;
mod sessions;
