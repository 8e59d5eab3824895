//! Server configuration, filled by the CLI from flags and `KEYGATE_*` variables.

use std::path::PathBuf;
use std::time::Duration;

/// Defaults of the connection limits (also the CLI's).
pub const DEFAULT_HEADER_READ_TIMEOUT_SECS: u64 = 10;
pub const DEFAULT_IDLE_TIMEOUT_SECS: u64 = 60;
pub const DEFAULT_MAX_CONNECTIONS: usize = 10_000;

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
    /// A client must finish a request head within this time of its first byte.
    pub header_read_timeout: Duration,
    /// A connection with no request in progress is closed after this long.
    pub idle_timeout: Duration,
    /// Connections served at once; more wait in the listen queue.
    pub max_connections: usize,
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
            header_read_timeout: Duration::from_secs(DEFAULT_HEADER_READ_TIMEOUT_SECS),
            idle_timeout: Duration::from_secs(DEFAULT_IDLE_TIMEOUT_SECS),
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}
