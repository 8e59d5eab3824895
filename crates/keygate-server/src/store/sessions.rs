//! User sessions and the clients that joined them. A session row's existence is what keeps
//! its refresh tokens and access tokens alive.

use sqlx::Row;

use super::Conn;
use crate::error::Result;

/// A session row.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub started: i64,
    pub last_access: i64,
    pub offline: bool,
}

pub async fn insert(
    c: &mut Conn,
    realm_id: &str,
    s: &SessionRow,
    client_internal_id: &str,
    ip: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO user_sessions (id, realm_id, user_id, started, last_access, offline, ip_address)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&s.id)
    .bind(realm_id)
    .bind(&s.user_id)
    .bind(s.started)
    .bind(s.last_access)
    .bind(s.offline as i64)
    .bind(ip)
    .execute(&mut *c)
    .await?;
    join_client(c, &s.id, client_internal_id, s.started).await
}

pub async fn join_client(c: &mut Conn, session_id: &str, client: &str, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO client_sessions (session_id, client_id, started) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(session_id)
    .bind(client)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

/// The session if it exists in the realm and the client takes part in it.
pub async fn get_for_client(
    c: &mut Conn,
    realm_id: &str,
    session_id: &str,
    client_internal_id: &str,
) -> Result<Option<SessionRow>> {
    let r = sqlx::query(
        "SELECT s.id, s.user_id, s.started, s.last_access, s.offline
           FROM user_sessions s JOIN client_sessions cs ON cs.session_id = s.id
          WHERE s.realm_id = $1 AND s.id = $2 AND cs.client_id = $3",
    )
    .bind(realm_id)
    .bind(session_id)
    .bind(client_internal_id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(session_row).transpose()
}

fn session_row(r: &sqlx::any::AnyRow) -> Result<SessionRow> {
    Ok(SessionRow {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        started: r.try_get("started")?,
        last_access: r.try_get("last_access")?,
        offline: r.try_get::<i64, _>("offline")? != 0,
    })
}

/// A user's session in the realm, whichever clients take part in it.
pub async fn get(c: &mut Conn, realm_id: &str, session_id: &str) -> Result<Option<SessionRow>> {
    let r = sqlx::query(
        "SELECT id, user_id, started, last_access, offline
           FROM user_sessions WHERE realm_id = $1 AND id = $2",
    )
    .bind(realm_id)
    .bind(session_id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(session_row).transpose()
}

pub async fn touch(c: &mut Conn, session_id: &str, now: i64) -> Result<()> {
    sqlx::query("UPDATE user_sessions SET last_access = $1 WHERE id = $2")
        .bind(now)
        .bind(session_id)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn delete(c: &mut Conn, realm_id: &str, session_id: &str) -> Result<bool> {
    let r = sqlx::query("DELETE FROM user_sessions WHERE realm_id = $1 AND id = $2")
        .bind(realm_id)
        .bind(session_id)
        .execute(c)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Ends one client's part in a session; the session goes too when no client is left.
pub async fn leave_client(c: &mut Conn, session_id: &str, client: &str) -> Result<()> {
    sqlx::query("DELETE FROM client_sessions WHERE session_id = $1 AND client_id = $2")
        .bind(session_id)
        .bind(client)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "DELETE FROM user_sessions WHERE id = $1
           AND NOT EXISTS (SELECT 1 FROM client_sessions WHERE session_id = $1)",
    )
    .bind(session_id)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn revoke_token(c: &mut Conn, jti: &str, expires: i64) -> Result<()> {
    sqlx::query("INSERT INTO revoked_tokens (jti, expires) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(jti)
        .bind(expires)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn is_revoked(c: &mut Conn, jti: &str) -> Result<bool> {
    let r = sqlx::query("SELECT 1 AS one FROM revoked_tokens WHERE jti = $1")
        .bind(jti)
        .fetch_optional(c)
        .await?;
    Ok(r.is_some())
}
