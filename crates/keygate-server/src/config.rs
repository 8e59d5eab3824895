//! Server configuration, filled by the CLI from flags and `KEYGATE_*` variables.

use std::path::PathBuf;

/// Everything a server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub http_host: String,
    pub http_port: u16,
    pub db_url: String,
    /// Public base URL for issuers and links; without it, the request's Host is used.
    pub hostname: Option<String>,
    /// Realm exports imported at boot (realms that exist are skipped).
    pub import_realm: Option<PathBuf>,
    /// Master admin created when master has no users.
    pub bootstrap_admin: Option<(String, String)>,
    /// Where `passwordBlacklist(name)` policies find their files.
    pub password_blacklists: PathBuf,
}

/// Keycloak's default place for password blacklists, under the data directory.
pub const PASSWORD_BLACKLISTS: &str = "data/password-blacklists";

impl Config {
    /// A configuration for tests and embedding: ephemeral port, given store.
    pub fn for_url(db_url: impl Into<String>) -> Config {
        Config {
            http_host: "127.0.0.1".into(),
            http_port: 0,
            db_url: db_url.into(),
            hostname: None,
            import_realm: None,
            bootstrap_admin: Some(("admin".into(), "admin".into())),
            password_blacklists: PathBuf::from(PASSWORD_BLACKLISTS),
        }
    }
}
