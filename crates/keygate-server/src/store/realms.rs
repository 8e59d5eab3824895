//! Realm rows: settings as a JSON document, the name indexed.

use sqlx::Row;

use super::Conn;
use crate::error::{Error, Result};

/// A realm row.
#[derive(Debug, Clone)]
pub struct RealmRow {
    pub id: String,
    pub name: String,
    pub data: String,
}

fn row(r: sqlx::any::AnyRow) -> Result<RealmRow> {
    Ok(RealmRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        data: r.try_get("data")?,
    })
}

pub async fn by_name(c: &mut Conn, name: &str) -> Result<Option<RealmRow>> {
    let r = sqlx::query("SELECT id, name, data FROM realms WHERE name = $1")
        .bind(name)
        .fetch_optional(c)
        .await?;
    r.map(row).transpose()
}

pub async fn list(c: &mut Conn) -> Result<Vec<RealmRow>> {
    let rows = sqlx::query("SELECT id, name, data FROM realms ORDER BY name")
        .fetch_all(c)
        .await?;
    rows.into_iter().map(row).collect()
}

/// Whether settings `data` forbid two users one email (Keycloak's default).
fn unique_emails(data: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(data)
        .ok()
        .and_then(|v| v.get("duplicateEmailsAllowed")?.as_bool())
        .is_none_or(|allowed| !allowed)
}

pub async fn insert(c: &mut Conn, r: &RealmRow, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO realms (id, name, data, created, unique_emails) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&r.id)
    .bind(&r.name)
    .bind(&r.data)
    .bind(now)
    .bind(unique_emails(&r.data) as i64)
    .execute(c)
    .await
    .map_err(|e| {
        if super::is_unique_violation(&e) {
            Error::conflict(format!("Realm {} already exists", r.name))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

/// Writes the realm's settings; when its duplicate-emails rule flips, its users' email
/// keys follow in the same transaction.
pub async fn update(c: &mut Conn, r: &RealmRow) -> Result<()> {
    let unique = unique_emails(&r.data);
    let before = sqlx::query("SELECT unique_emails FROM realms WHERE id = $1")
        .bind(&r.id)
        .fetch_optional(&mut *c)
        .await?
        .map(|row| row.try_get::<i64, _>("unique_emails"))
        .transpose()?;
    sqlx::query("UPDATE realms SET name = $1, data = $2, unique_emails = $3 WHERE id = $4")
        .bind(&r.name)
        .bind(&r.data)
        .bind(unique as i64)
        .bind(&r.id)
        .execute(&mut *c)
        .await
        .map_err(|e| {
            if super::is_unique_violation(&e) {
                Error::conflict("Realm with same name exists")
            } else {
                e.into()
            }
        })?;
    if before.is_some_and(|b| (b != 0) != unique) {
        super::users::sync_email_keys(c, &r.id, unique).await?;
    }
    Ok(())
}

pub async fn delete(c: &mut Conn, id: &str) -> Result<()> {
    // Sessions and users reference the realm with cascades; roles reference each other,
    // so the order is spelled out for engines that check constraints per statement.
    for sql in [
        "DELETE FROM user_sessions WHERE realm_id = $1",
        "DELETE FROM users WHERE realm_id = $1",
        "DELETE FROM realm_user_counts WHERE realm_id = $1",
        "DELETE FROM realm_groups WHERE realm_id = $1",
        "DELETE FROM roles WHERE realm_id = $1",
        "DELETE FROM clients WHERE realm_id = $1",
        "DELETE FROM realms WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *c).await?;
    }
    Ok(())
}
