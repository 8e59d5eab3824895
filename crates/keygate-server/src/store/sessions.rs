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
    insert_unbound(c, realm_id, s, ip).await?;
    join_client(c, &s.id, client_internal_id, s.started).await
}

/// A session no client has joined yet (an impersonation's, which the browser then uses).
pub async fn insert_unbound(
    c: &mut Conn,
    realm_id: &str,
    s: &SessionRow,
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
    .execute(c)
    .await?;
    Ok(())
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

/// Moves a session's last access forward (never back: batches from several nodes may
/// arrive in any order).
pub async fn touch(c: &mut Conn, session_id: &str, now: i64) -> Result<()> {
    sqlx::query("UPDATE user_sessions SET last_access = $1 WHERE id = $2 AND last_access < $1")
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

/// A session as the admin API lists it: the row, its user's name and the clients in it.
#[derive(Debug, Clone)]
pub struct SessionListing {
    pub row: SessionRow,
    pub username: String,
    pub ip_address: Option<String>,
    /// Internal ids of the clients taking part.
    pub clients: Vec<String>,
}

/// Which sessions still count as alive: last used after `idle_after` and started after
/// `started_after` (seconds). Dead rows linger until something touches them; lists skip them.
#[derive(Debug, Clone, Copy)]
pub struct Live {
    pub idle_after: i64,
    pub started_after: i64,
}

const LISTING_COLS: &str =
    "s.id, s.user_id, s.started, s.last_access, s.offline, s.ip_address, u.username";

fn listing(r: &sqlx::any::AnyRow) -> Result<SessionListing> {
    Ok(SessionListing {
        row: session_row(r)?,
        username: r.try_get("username")?,
        ip_address: r.try_get("ip_address")?,
        clients: Vec::new(),
    })
}

/// Fills in each listed session's clients, one query for the page.
async fn with_clients(c: &mut Conn, mut out: Vec<SessionListing>) -> Result<Vec<SessionListing>> {
    if out.is_empty() {
        return Ok(out);
    }
    let marks: Vec<String> = (1..=out.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT session_id, client_id FROM client_sessions WHERE session_id IN ({})
         ORDER BY started, client_id",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for s in &out {
        q = q.bind(s.row.id.clone());
    }
    let rows = q.fetch_all(c).await?;
    for r in rows {
        let sid: String = r.try_get("session_id")?;
        let client: String = r.try_get("client_id")?;
        if let Some(s) = out.iter_mut().find(|s| s.row.id == sid) {
            s.clients.push(client);
        }
    }
    Ok(out)
}

/// A user's online or offline sessions, oldest first.
pub async fn for_user(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    offline: bool,
    live: Live,
) -> Result<Vec<SessionListing>> {
    let sql = format!(
        "SELECT {LISTING_COLS} FROM user_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.user_id = $1 AND s.offline = $2 AND s.realm_id = $3
            AND s.last_access > $4 AND s.started > $5
          ORDER BY s.started, s.id"
    );
    let rows = sqlx::query(&sql)
        .bind(user_id)
        .bind(offline as i64)
        .bind(realm_id)
        .bind(live.idle_after)
        .bind(live.started_after)
        .fetch_all(&mut *c)
        .await?;
    let out = rows.iter().map(listing).collect::<Result<Vec<_>>>()?;
    with_clients(c, out).await
}

/// One page of the online or offline sessions a client takes part in, by join time.
pub async fn for_client(
    c: &mut Conn,
    realm_id: &str,
    client_internal_id: &str,
    offline: bool,
    live: Live,
    first: i64,
    max: i64,
) -> Result<Vec<SessionListing>> {
    let sql = format!(
        "SELECT {LISTING_COLS} FROM client_sessions cs
           JOIN user_sessions s ON s.id = cs.session_id
           JOIN users u ON u.id = s.user_id
          WHERE cs.client_id = $1 AND s.offline = $2 AND s.realm_id = $3
            AND s.last_access > $6 AND s.started > $7
          ORDER BY cs.started, cs.session_id LIMIT $4 OFFSET $5"
    );
    let rows = sqlx::query(&sql)
        .bind(client_internal_id)
        .bind(offline as i64)
        .bind(realm_id)
        .bind(max)
        .bind(first)
        .bind(live.idle_after)
        .bind(live.started_after)
        .fetch_all(&mut *c)
        .await?;
    let out = rows.iter().map(listing).collect::<Result<Vec<_>>>()?;
    with_clients(c, out).await
}

/// How many online or offline sessions a client takes part in.
pub async fn count_for_client(
    c: &mut Conn,
    realm_id: &str,
    client_internal_id: &str,
    offline: bool,
    live: Live,
) -> Result<i64> {
    let r = sqlx::query(
        "SELECT COUNT(*) AS n FROM client_sessions cs JOIN user_sessions s ON s.id = cs.session_id
          WHERE cs.client_id = $1 AND s.offline = $2 AND s.realm_id = $3
            AND s.last_access > $4 AND s.started > $5",
    )
    .bind(client_internal_id)
    .bind(offline as i64)
    .bind(realm_id)
    .bind(live.idle_after)
    .bind(live.started_after)
    .fetch_one(c)
    .await?;
    Ok(r.try_get("n")?)
}

/// Per client of the realm: `(client internal id, online count, offline count)`, for the
/// clients that take part in at least one session.
pub async fn stats(
    c: &mut Conn,
    realm_id: &str,
    online: Live,
    offline: Live,
) -> Result<Vec<(String, i64, i64)>> {
    let rows = sqlx::query(
        "SELECT cs.client_id, s.offline, COUNT(*) AS n
           FROM user_sessions s JOIN client_sessions cs ON cs.session_id = s.id
          WHERE s.realm_id = $1
            AND ((s.offline = 0 AND s.last_access > $2 AND s.started > $3)
              OR (s.offline = 1 AND s.last_access > $4 AND s.started > $5))
          GROUP BY cs.client_id, s.offline ORDER BY cs.client_id",
    )
    .bind(realm_id)
    .bind(online.idle_after)
    .bind(online.started_after)
    .bind(offline.idle_after)
    .bind(offline.started_after)
    .fetch_all(c)
    .await?;
    let mut out: Vec<(String, i64, i64)> = Vec::new();
    for r in rows {
        let client: String = r.try_get("client_id")?;
        let offline = r.try_get::<i64, _>("offline")? != 0;
        let n: i64 = r.try_get("n")?;
        if out.last().is_none_or(|l| l.0 != client) {
            out.push((client, 0, 0));
        }
        if let Some(l) = out.last_mut() {
            if offline {
                l.2 = n;
            } else {
                l.1 = n;
            }
        }
    }
    Ok(out)
}

/// Ends all of a user's online sessions; offline sessions stay.
pub async fn delete_online_for_user(c: &mut Conn, realm_id: &str, user_id: &str) -> Result<u64> {
    let r = sqlx::query(
        "DELETE FROM user_sessions WHERE user_id = $1 AND offline = 0 AND realm_id = $2",
    )
    .bind(user_id)
    .bind(realm_id)
    .execute(c)
    .await?;
    Ok(r.rows_affected())
}

/// Ends every online session of the realm; offline sessions stay.
pub async fn delete_online_for_realm(c: &mut Conn, realm_id: &str) -> Result<u64> {
    let r = sqlx::query("DELETE FROM user_sessions WHERE realm_id = $1 AND offline = 0")
        .bind(realm_id)
        .execute(c)
        .await?;
    Ok(r.rows_affected())
}

/// Sets a user's not-before: tokens issued earlier stop working.
pub async fn set_user_not_before(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    at: i64,
) -> Result<()> {
    sqlx::query("UPDATE users SET not_before = $1 WHERE realm_id = $2 AND id = $3")
        .bind(at)
        .bind(realm_id)
        .bind(user_id)
        .execute(c)
        .await?;
    Ok(())
}
