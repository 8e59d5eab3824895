//! Storage: one SQL schema run by SQLite or PostgreSQL through sqlx's `Any` driver. The
//! dialect differences (connection setup, how a write transaction starts) live here and
//! nowhere else; every query module uses portable SQL with `$n` placeholders.

pub mod authz;
pub mod bulk;
pub mod clients;
pub mod components;
pub mod credentials;
pub mod device_codes;
pub mod export;
pub mod groups;
pub mod keys;
pub mod node_lock;
pub mod realms;
pub mod roles;
pub mod schema;
pub mod scopes;
pub mod sessions;
pub mod stamp;
pub mod user_extras;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};

use crate::error::{Error, Result};

/// A connection or an open transaction: what every query function takes.
pub type Conn = sqlx::AnyConnection;
/// An open transaction.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The engine behind a `Db`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The database pool plus its dialect.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
}

impl Db {
    /// Opens (creating if needed) the store at `url` and runs pending migrations.
    pub async fn connect(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Dialect::Postgres
        } else {
            return Err(Error::Config(format!(
                "unsupported database url (want sqlite:// or postgres://): {}",
                redact_url(url)
            )));
        };
        let url = match dialect {
            Dialect::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        if dialect == Dialect::Sqlite {
            create_sqlite_parent(&url)?;
        }
        let options = AnyConnectOptions::from_str(&url).map_err(Error::from)?;
        let max = match dialect {
            Dialect::Sqlite => 8,
            Dialect::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if dialect == Dialect::Sqlite {
                        conn.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if dialect == Dialect::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        let db = Db { pool, dialect };
        db.migrate().await?;
        Ok(db)
    }

    /// Starts a write transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`)
    /// so two writers queue on the busy timeout instead of failing on lock upgrade.
    pub async fn begin(&self) -> Result<Tx> {
        let tx = match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Dialect::Postgres => self.pool.begin().await?,
        };
        Ok(tx)
    }

    /// A pooled connection for reads.
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.pool.acquire().await?)
    }

    async fn migrate(&self) -> Result<()> {
        let mut tx = self.begin().await?;
        if self.dialect == Dialect::Postgres {
            // Serialise concurrent node start-ups on one database.
            sqlx::query("SELECT pg_advisory_xact_lock(7361)")
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("CREATE TABLE IF NOT EXISTS keygate_schema (version BIGINT NOT NULL)")
            .execute(&mut *tx)
            .await?;
        // Every version is recorded, so a step merged below the newest applied one still
        // runs on a store that has not seen it.
        let applied: std::collections::HashSet<i64> =
            sqlx::query("SELECT version FROM keygate_schema")
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get::<i64, _>("version"))
                .collect::<std::result::Result<_, _>>()?;
        for (version, steps) in schema::MIGRATIONS {
            if applied.contains(version) {
                continue;
            }
            for step in *steps {
                sqlx::query(step).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO keygate_schema (version) VALUES ($1)")
                .bind(*version)
                .execute(&mut *tx)
                .await?;
            tracing::info!(version, "applied schema migration");
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The file behind a `sqlite:` URL, or `None` for an in-memory store.
pub fn sqlite_path(url: &str) -> Option<&str> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then_some(path)
}

fn create_sqlite_parent(url: &str) -> Result<()> {
    let Some(path) = sqlite_path(url) else {
        return Ok(());
    };
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::Config(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    Ok(())
}

/// The URL without its password, for logs and errors.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
pub fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the error is a unique-constraint violation (mapped to 409 by the caller, who
/// knows which constraint its statement can hit).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
