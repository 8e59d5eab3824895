//! A user's stored credentials, in priority order (lower first), for the admin API.

use sqlx::Row;

use super::users::CredentialRow;
use super::Conn;
use crate::error::Result;

/// The gap Keycloak leaves between consecutive credentials' priorities.
pub const PRIORITY_STEP: i64 = 10;

fn row(r: &sqlx::any::AnyRow) -> Result<CredentialRow> {
    Ok(CredentialRow {
        id: r.try_get("id")?,
        type_: r.try_get("type")?,
        user_label: r.try_get("user_label")?,
        created: r.try_get("created")?,
        secret_data: r.try_get("secret_data")?,
        credential_data: r.try_get("credential_data")?,
        priority: r.try_get("priority")?,
    })
}

/// The user's credentials, first in priority first.
pub async fn for_user(c: &mut Conn, user_id: &str) -> Result<Vec<CredentialRow>> {
    let rows = sqlx::query(
        "SELECT id, type, user_label, created, secret_data, credential_data, priority
           FROM credentials WHERE user_id = $1 ORDER BY priority, created, id",
    )
    .bind(user_id)
    .fetch_all(c)
    .await?;
    rows.iter().map(row).collect()
}

pub async fn delete(c: &mut Conn, user_id: &str, id: &str) -> Result<bool> {
    let r = sqlx::query("DELETE FROM credentials WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(c)
        .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn delete_type(c: &mut Conn, user_id: &str, type_: &str) -> Result<u64> {
    let r = sqlx::query("DELETE FROM credentials WHERE user_id = $1 AND type = $2")
        .bind(user_id)
        .bind(type_)
        .execute(c)
        .await?;
    Ok(r.rows_affected())
}

pub async fn set_label(c: &mut Conn, user_id: &str, id: &str, label: &str) -> Result<()> {
    sqlx::query("UPDATE credentials SET user_label = $1 WHERE user_id = $2 AND id = $3")
        .bind(label)
        .bind(user_id)
        .bind(id)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn set_priority(c: &mut Conn, user_id: &str, id: &str, priority: i64) -> Result<()> {
    sqlx::query("UPDATE credentials SET priority = $1 WHERE user_id = $2 AND id = $3")
        .bind(priority)
        .bind(user_id)
        .bind(id)
        .execute(c)
        .await?;
    Ok(())
}

/// Keycloak's credential type for a replaced password kept for `passwordHistory`.
pub const PASSWORD_HISTORY: &str = "password-history";

/// Keeps the user's current password as a `password-history` credential (its hash and
/// creation time), before a new password replaces it.
pub async fn archive_password(c: &mut Conn, user_id: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO credentials (id, user_id, type, user_label, created, secret_data,
                                  credential_data, priority)
         SELECT $1, user_id, 'password-history', NULL, created, secret_data, credential_data,
                priority
           FROM credentials WHERE user_id = $2 AND type = 'password'
          ORDER BY priority LIMIT 1",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(user_id)
    .execute(c)
    .await?;
    Ok(())
}

/// The user's kept passwords, newest first, at most `limit`.
pub async fn history(c: &mut Conn, user_id: &str, limit: i64) -> Result<Vec<CredentialRow>> {
    let rows = sqlx::query(
        "SELECT id, type, user_label, created, secret_data, credential_data, priority
           FROM credentials WHERE user_id = $1 AND type = 'password-history'
          ORDER BY created DESC, id LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(row).collect()
}

/// Drops all but the `keep` newest kept passwords.
pub async fn prune_history(c: &mut Conn, user_id: &str, keep: i64) -> Result<()> {
    let old: Vec<String> = history(c, user_id, i64::MAX)
        .await?
        .into_iter()
        .skip(keep.max(0) as usize)
        .map(|r| r.id)
        .collect();
    for id in old {
        delete(c, user_id, &id).await?;
    }
    Ok(())
}
