//! The `keygate` command: `start-dev`, `start`, `import`, `export`.
// Bad input must answer 4xx, never panic: no unwrap/expect/panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use keygate_server::{config, store, AppState, Config};
use tracing_subscriber::fmt::writer::BoxMakeWriter;

#[derive(Parser)]
#[command(
    name = "keygate",
    version,
    about = "A Keycloak-compatible identity server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Development mode: SQLite under ./data, http on 127.0.0.1:8080, admin/admin.
    StartDev(ServeArgs),
    /// Production mode: needs --hostname; the admin comes from KEYGATE_BOOTSTRAP_ADMIN_*.
    Start(ServeArgs),
    /// Imports a realm export file into the store and exits.
    Import {
        #[arg(long)]
        file: PathBuf,
        #[arg(
            long,
            env = "KEYGATE_DB_URL",
            default_value = "sqlite://data/keygate.db"
        )]
        db_url: String,
    },
    /// Writes a full Keycloak realm export (secrets and password hashes included).
    Export {
        #[arg(long)]
        realm: String,
        /// Output file; standard output without it.
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(
            long,
            env = "KEYGATE_DB_URL",
            default_value = "sqlite://data/keygate.db"
        )]
        db_url: String,
    },
}

#[derive(Args)]
struct ServeArgs {
    #[arg(long, env = "KEYGATE_HTTP_HOST")]
    http_host: Option<String>,
    #[arg(long, env = "KEYGATE_HTTP_PORT", default_value_t = 8080)]
    http_port: u16,
    /// `sqlite://PATH` or `postgres://...`
    #[arg(
        long,
        env = "KEYGATE_DB_URL",
        default_value = "sqlite://data/keygate.db"
    )]
    db_url: String,
    /// Public base URL used in issuers and links, e.g. https://id.example.com
    #[arg(long, env = "KEYGATE_HOSTNAME")]
    hostname: Option<String>,
    /// Import every *.json realm export in this directory at boot.
    #[arg(long, env = "KEYGATE_IMPORT_REALM")]
    import_realm: Option<PathBuf>,
    /// Folder of the files `passwordBlacklist(name)` password policies name.
    #[arg(long, env = "KEYGATE_PASSWORD_BLACKLISTS", default_value = keygate_server::config::PASSWORD_BLACKLISTS)]
    password_blacklists: PathBuf,
    /// Seconds a client has to send a request head, from its first byte.
    #[arg(long, env = "KEYGATE_HTTP_HEADER_READ_TIMEOUT", default_value_t = config::DEFAULT_HEADER_READ_TIMEOUT_SECS)]
    http_header_read_timeout: u64,
    /// Seconds an open connection may wait for its next request.
    #[arg(long, env = "KEYGATE_HTTP_IDLE_TIMEOUT", default_value_t = config::DEFAULT_IDLE_TIMEOUT_SECS)]
    http_idle_timeout: u64,
    /// Connections served at once; more wait until one closes.
    #[arg(long, env = "KEYGATE_HTTP_MAX_CONNECTIONS", default_value_t = config::DEFAULT_MAX_CONNECTIONS)]
    http_max_connections: usize,
}

fn env_secret(name: &str) -> Option<String> {
    if let Ok(v) = std::env::var(name) {
        return Some(v);
    }
    let path = std::env::var(format!("{name}_FILE")).ok()?;
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim_end().to_string())
}

fn config(args: ServeArgs, dev: bool) -> Result<Config, String> {
    if !dev && args.hostname.is_none() {
        return Err("`keygate start` needs --hostname (or KEYGATE_HOSTNAME)".into());
    }
    let bootstrap_admin = if dev {
        Some(("admin".to_string(), "admin".to_string()))
    } else {
        match (
            env_secret("KEYGATE_BOOTSTRAP_ADMIN_USERNAME"),
            env_secret("KEYGATE_BOOTSTRAP_ADMIN_PASSWORD"),
        ) {
            (Some(u), Some(p)) => Some((u, p)),
            _ => None,
        }
    };
    Ok(Config {
        http_host: args
            .http_host
            .unwrap_or_else(|| if dev { "127.0.0.1" } else { "0.0.0.0" }.to_string()),
        http_port: args.http_port,
        db_url: args.db_url,
        hostname: args.hostname,
        import_realm: args.import_realm,
        bootstrap_admin,
        password_blacklists: args.password_blacklists,
        header_read_timeout: Duration::from_secs(args.http_header_read_timeout),
        idle_timeout: Duration::from_secs(args.http_idle_timeout),
        max_connections: args.http_max_connections.max(1),
    })
}

async fn serve(config: Config) -> Result<(), String> {
    let db = store::redact_url(&config.db_url);
    let running = keygate_server::spawn(config)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("Keygate listening on http://{} (store: {db})", running.addr);
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    tracing::info!("shutting down");
    Ok(())
}

async fn import(file: PathBuf, db_url: String) -> Result<(), String> {
    let mut config = Config::for_url(db_url);
    config.bootstrap_admin = None;
    let state = AppState::open(config).await.map_err(|e| e.to_string())?;
    keygate_server::realm::bootstrap::run(&state)
        .await
        .map_err(|e| e.to_string())?;
    let progress = |done: usize, total: usize| eprintln!("imported {done}/{total} users");
    let created = keygate_server::export::import_file(&state, &file, Some(&progress))
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{}",
        if created {
            "imported"
        } else {
            "realm exists, skipped"
        }
    );
    Ok(())
}

async fn export(realm: String, file: Option<PathBuf>, db_url: String) -> Result<(), String> {
    let db = store::Db::connect(&db_url)
        .await
        .map_err(|e| e.to_string())?;
    let progress = |done: usize| eprintln!("exported {done} users");
    let written = match &file {
        Some(path) => {
            let f = std::fs::File::create(path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            let mut out = std::io::BufWriter::new(f);
            keygate_server::export::write_realm(&db, &realm, &mut out, Some(&progress)).await
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            keygate_server::export::write_realm(&db, &realm, &mut out, Some(&progress)).await
        }
    }
    .map_err(|e| e.to_string())?;
    eprintln!("exported realm {realm} with {written} users");
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // An export may go to standard output, so its logs go to standard error.
    let writer = if matches!(cli.command, Command::Export { .. }) {
        BoxMakeWriter::new(std::io::stderr)
    } else {
        BoxMakeWriter::new(std::io::stdout)
    };
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KEYGATE_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("keygate: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::StartDev(args) => serve(config(args, true)?).await,
            Command::Start(args) => serve(config(args, false)?).await,
            Command::Import { file, db_url } => import(file, db_url).await,
            Command::Export {
                realm,
                file,
                db_url,
            } => export(realm, file, db_url).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("keygate: {e}");
            ExitCode::FAILURE
        }
    }
}
