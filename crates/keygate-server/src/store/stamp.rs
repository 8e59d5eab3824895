//! The change stamp: one counter every committed change to cached data bumps, inside the
//! writing transaction. Nodes compare it with the last one they saw to know whether their
//! caches may be stale, whatever happened to the notifications.

use sqlx::Row;

use super::{Conn, Db, Dialect};
use crate::error::Result;

/// The channel nodes announce changes on: one per schema, since notifications are
/// database-wide and two installations may share a database in separate schemas.
pub async fn channel(db: &Db) -> Result<String> {
    if db.dialect != Dialect::Postgres {
        return Ok(String::new());
    }
    let schema: String = sqlx::query("SELECT current_schema()::text AS s")
        .fetch_one(&db.pool)
        .await?
        .try_get("s")?;
    let mut name: String = format!("keygate_{schema}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    name.truncate(63);
    Ok(name)
}

/// Bumps the stamp in the caller's transaction; on PostgreSQL also queues a notification
/// on `channel` that the server delivers to every listening node when (and only if) it
/// commits.
pub async fn bump(c: &mut Conn, dialect: Dialect, channel: &str, node: &str) -> Result<i64> {
    let stamp: i64 =
        sqlx::query("UPDATE change_stamp SET stamp = stamp + 1 WHERE id = 1 RETURNING stamp")
            .fetch_one(&mut *c)
            .await?
            .try_get("stamp")?;
    if dialect == Dialect::Postgres {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(format!("{node}:{stamp}"))
            .execute(&mut *c)
            .await?;
    }
    Ok(stamp)
}

/// The stamp as committed.
pub async fn current(db: &Db) -> Result<i64> {
    Ok(sqlx::query("SELECT stamp FROM change_stamp WHERE id = 1")
        .fetch_one(&db.pool)
        .await?
        .try_get("stamp")?)
}
