//! Device authorizations (RFC 8628): a device code waiting for its user. Every state change
//! is one conditional `UPDATE`, so two nodes (or two polls) never both win.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Conn;
use crate::error::Result;

/// Where a device authorization stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Approved,
    Denied,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Denied => "denied",
        }
    }

    fn parse(s: &str) -> Status {
        match s {
            "approved" => Status::Approved,
            "denied" => Status::Denied,
            _ => Status::Pending,
        }
    }
}

/// A device code row; `id` is the SHA-256 of the device code.
#[derive(Debug, Clone)]
pub struct DeviceRow {
    pub id: String,
    pub realm_id: String,
    /// The client's internal id.
    pub client_id: String,
    /// Normalised: upper case, no separator.
    pub user_code: String,
    pub scope: Option<String>,
    pub nonce: Option<String>,
    pub status: Status,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub poll_interval: i64,
    pub created: i64,
    pub expires: i64,
}

const COLUMNS: &str = "id, realm_id, client_id, user_code, scope, nonce, status, user_id,
                       session_id, poll_interval, created, expires";

fn row(r: &AnyRow) -> Result<DeviceRow> {
    Ok(DeviceRow {
        id: r.try_get("id")?,
        realm_id: r.try_get("realm_id")?,
        client_id: r.try_get("client_id")?,
        user_code: r.try_get("user_code")?,
        scope: r.try_get("scope")?,
        nonce: r.try_get("nonce")?,
        status: Status::parse(&r.try_get::<String, _>("status")?),
        user_id: r.try_get("user_id")?,
        session_id: r.try_get("session_id")?,
        poll_interval: r.try_get("poll_interval")?,
        created: r.try_get("created")?,
        expires: r.try_get("expires")?,
    })
}

/// Stores a new pending authorization; `false` when the user code is taken (the caller
/// draws another).
pub async fn insert(c: &mut Conn, d: &DeviceRow) -> Result<bool> {
    sqlx::query("DELETE FROM device_codes WHERE expires < $1")
        .bind(d.created - 3600)
        .execute(&mut *c)
        .await?;
    let r = sqlx::query(
        "INSERT INTO device_codes (id, realm_id, client_id, user_code, scope, nonce, status,
                                   poll_interval, created, expires)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT DO NOTHING",
    )
    .bind(&d.id)
    .bind(&d.realm_id)
    .bind(&d.client_id)
    .bind(&d.user_code)
    .bind(&d.scope)
    .bind(&d.nonce)
    .bind(d.status.as_str())
    .bind(d.poll_interval)
    .bind(d.created)
    .bind(d.expires)
    .execute(c)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<DeviceRow>> {
    let q = format!("SELECT {COLUMNS} FROM device_codes WHERE realm_id = $1 AND id = $2");
    let r = sqlx::query(&q)
        .bind(realm_id)
        .bind(id)
        .fetch_optional(c)
        .await?;
    r.as_ref().map(row).transpose()
}

pub async fn by_user_code(
    c: &mut Conn,
    realm_id: &str,
    user_code: &str,
) -> Result<Option<DeviceRow>> {
    let q = format!("SELECT {COLUMNS} FROM device_codes WHERE realm_id = $1 AND user_code = $2");
    let r = sqlx::query(&q)
        .bind(realm_id)
        .bind(user_code)
        .fetch_optional(c)
        .await?;
    r.as_ref().map(row).transpose()
}

/// The authorization whose consent form carries the token hashed to `key`.
pub async fn by_verify_key(c: &mut Conn, realm_id: &str, key: &str) -> Result<Option<DeviceRow>> {
    let q = format!("SELECT {COLUMNS} FROM device_codes WHERE realm_id = $1 AND verify_key = $2");
    let r = sqlx::query(&q)
        .bind(realm_id)
        .bind(key)
        .fetch_optional(c)
        .await?;
    r.as_ref().map(row).transpose()
}

/// Records a poll; `false` when the previous one was less than the interval ago.
pub async fn poll(c: &mut Conn, id: &str, now: i64) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE device_codes SET last_poll = $2
          WHERE id = $1 AND (last_poll IS NULL OR last_poll + poll_interval <= $2)",
    )
    .bind(id)
    .bind(now)
    .execute(c)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The user signed in: remembers who, and the key of the consent form shown to them.
pub async fn signed_in(
    c: &mut Conn,
    id: &str,
    user_id: &str,
    session_id: &str,
    verify_key: &str,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE device_codes SET user_id = $2, session_id = $3, verify_key = $4
          WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(user_id)
    .bind(session_id)
    .bind(verify_key)
    .execute(c)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The user's answer on the consent form; the form's key is spent with it.
pub async fn decide(c: &mut Conn, id: &str, status: Status) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE device_codes SET status = $2, verify_key = NULL
          WHERE id = $1 AND status = 'pending' AND verify_key IS NOT NULL",
    )
    .bind(id)
    .bind(status.as_str())
    .execute(c)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Spends the code; `false` when another request already did.
pub async fn delete(c: &mut Conn, id: &str) -> Result<bool> {
    let r = sqlx::query("DELETE FROM device_codes WHERE id = $1")
        .bind(id)
        .execute(c)
        .await?;
    Ok(r.rows_affected() == 1)
}
