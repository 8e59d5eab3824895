//! The queries of browser login: pending authentications, one-time codes and brute-force
//! failure records (tables of schema step 3).

use sqlx::Row;

use crate::error::Result;
use crate::store::sessions::SessionRow;
use crate::store::Conn;

/// A pending authentication: one browser tab's way through the login pages.
#[derive(Debug, Clone)]
pub struct AuthSessionRow {
    pub id: String,
    pub realm_id: String,
    /// The client's internal id.
    pub client_id: String,
    /// The browser's `AUTH_SESSION_ID` cookie value the tab is bound to.
    pub browser: String,
    /// The per-form anti-CSRF token.
    pub csrf: String,
    /// The authorization request, as JSON.
    pub request: String,
    /// Set once the password was right and required actions are pending.
    pub user_id: Option<String>,
    pub remember_me: bool,
    pub created: i64,
    pub expires: i64,
}

pub async fn insert_auth_session(c: &mut Conn, s: &AuthSessionRow) -> Result<()> {
    sqlx::query("DELETE FROM auth_sessions WHERE expires < $1")
        .bind(s.created - 3600)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "INSERT INTO auth_sessions (id, realm_id, client_id, browser, csrf, request, user_id,
                                    remember_me, created, expires)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&s.id)
    .bind(&s.realm_id)
    .bind(&s.client_id)
    .bind(&s.browser)
    .bind(&s.csrf)
    .bind(&s.request)
    .bind(&s.user_id)
    .bind(s.remember_me as i64)
    .bind(s.created)
    .bind(s.expires)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn auth_session(
    c: &mut Conn,
    realm_id: &str,
    id: &str,
) -> Result<Option<AuthSessionRow>> {
    let r = sqlx::query(
        "SELECT id, realm_id, client_id, browser, csrf, request, user_id, remember_me, created,
                expires
           FROM auth_sessions WHERE realm_id = $1 AND id = $2",
    )
    .bind(realm_id)
    .bind(id)
    .fetch_optional(c)
    .await?;
    r.map(|r| {
        Ok(AuthSessionRow {
            id: r.try_get("id")?,
            realm_id: r.try_get("realm_id")?,
            client_id: r.try_get("client_id")?,
            browser: r.try_get("browser")?,
            csrf: r.try_get("csrf")?,
            request: r.try_get("request")?,
            user_id: r.try_get("user_id")?,
            remember_me: r.try_get::<i64, _>("remember_me")? != 0,
            created: r.try_get("created")?,
            expires: r.try_get("expires")?,
        })
    })
    .transpose()
}

/// Records that the tab's user is authenticated and has required actions to do.
pub async fn authenticate_auth_session(
    c: &mut Conn,
    id: &str,
    user_id: &str,
    remember_me: bool,
) -> Result<()> {
    sqlx::query("UPDATE auth_sessions SET user_id = $1, remember_me = $2 WHERE id = $3")
        .bind(user_id)
        .bind(remember_me as i64)
        .bind(id)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn delete_auth_session(c: &mut Conn, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM auth_sessions WHERE id = $1")
        .bind(id)
        .execute(c)
        .await?;
    Ok(())
}

/// An authorization code, stored under the SHA-256 of its value.
#[derive(Debug, Clone)]
pub struct CodeRow {
    pub id: String,
    pub realm_id: String,
    pub client_id: String,
    pub session_id: String,
    pub user_id: String,
    pub redirect_uri: String,
    pub scope: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub created: i64,
    pub expires: i64,
}

pub async fn insert_code(c: &mut Conn, code: &CodeRow) -> Result<()> {
    // Used and expired codes are kept an hour, so a late replay is still recognised.
    sqlx::query("DELETE FROM auth_codes WHERE expires < $1")
        .bind(code.created - 3600)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "INSERT INTO auth_codes (id, realm_id, client_id, session_id, user_id, redirect_uri,
                                 scope, nonce, code_challenge, code_challenge_method, used,
                                 created, expires)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12)",
    )
    .bind(&code.id)
    .bind(&code.realm_id)
    .bind(&code.client_id)
    .bind(&code.session_id)
    .bind(&code.user_id)
    .bind(&code.redirect_uri)
    .bind(&code.scope)
    .bind(&code.nonce)
    .bind(&code.code_challenge)
    .bind(&code.code_challenge_method)
    .bind(code.created)
    .bind(code.expires)
    .execute(c)
    .await?;
    Ok(())
}

/// What redeeming a code found.
#[derive(Debug)]
pub enum Redeemed {
    /// First use: the code is now spent.
    Fresh(CodeRow),
    /// The code was spent before.
    Replayed(CodeRow),
    Unknown,
}

/// Looks the code up and marks it used, atomically: of two concurrent redemptions only one
/// is `Fresh`.
pub async fn redeem_code(c: &mut Conn, realm_id: &str, id: &str) -> Result<Redeemed> {
    let r = sqlx::query(
        "SELECT id, realm_id, client_id, session_id, user_id, redirect_uri, scope, nonce,
                code_challenge, code_challenge_method, created, expires
           FROM auth_codes WHERE realm_id = $1 AND id = $2",
    )
    .bind(realm_id)
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    let Some(r) = r else {
        return Ok(Redeemed::Unknown);
    };
    let row = CodeRow {
        id: r.try_get("id")?,
        realm_id: r.try_get("realm_id")?,
        client_id: r.try_get("client_id")?,
        session_id: r.try_get("session_id")?,
        user_id: r.try_get("user_id")?,
        redirect_uri: r.try_get("redirect_uri")?,
        scope: r.try_get("scope")?,
        nonce: r.try_get("nonce")?,
        code_challenge: r.try_get("code_challenge")?,
        code_challenge_method: r.try_get("code_challenge_method")?,
        created: r.try_get("created")?,
        expires: r.try_get("expires")?,
    };
    let spent = sqlx::query("UPDATE auth_codes SET used = 1 WHERE id = $1 AND used = 0")
        .bind(id)
        .execute(c)
        .await?;
    Ok(if spent.rows_affected() == 1 {
        Redeemed::Fresh(row)
    } else {
        Redeemed::Replayed(row)
    })
}

/// A user's session in the realm, whichever clients take part in it.
pub async fn user_session(
    c: &mut Conn,
    realm_id: &str,
    session_id: &str,
) -> Result<Option<SessionRow>> {
    crate::store::sessions::get(c, realm_id, session_id).await
}

/// A user's brute-force record.
#[derive(Debug, Clone, Default)]
pub struct FailureRow {
    pub num_failures: i64,
    /// Milliseconds since the epoch.
    pub last_failure: i64,
    pub last_ip: Option<String>,
    /// Seconds since the epoch before which logins are refused.
    pub not_before: i64,
}

fn failure_row(r: &sqlx::any::AnyRow) -> Result<FailureRow> {
    Ok(FailureRow {
        num_failures: r.try_get("num_failures")?,
        last_failure: r.try_get("last_failure")?,
        last_ip: r.try_get("last_ip")?,
        not_before: r.try_get("not_before")?,
    })
}

/// The user's record, locked for the rest of the write transaction: concurrent logins of
/// one user take turns between reading it and writing it back. The lock is a no-op upsert
/// (portable, and it creates the row to lock when there is none); an empty record reads
/// as `None`.
pub async fn lock_failure(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
) -> Result<Option<FailureRow>> {
    let r = sqlx::query(
        "INSERT INTO login_failures (realm_id, user_id, num_failures, last_failure, last_ip,
                                     not_before)
         VALUES ($1, $2, 0, 0, NULL, 0)
         ON CONFLICT (realm_id, user_id) DO UPDATE SET num_failures = login_failures.num_failures
         RETURNING num_failures, last_failure, last_ip, not_before",
    )
    .bind(realm_id)
    .bind(user_id)
    .fetch_one(c)
    .await?;
    let f = failure_row(&r)?;
    Ok((f.num_failures > 0 || f.not_before > 0).then_some(f))
}

pub async fn failure(c: &mut Conn, realm_id: &str, user_id: &str) -> Result<Option<FailureRow>> {
    let r = sqlx::query(
        "SELECT num_failures, last_failure, last_ip, not_before
           FROM login_failures WHERE realm_id = $1 AND user_id = $2",
    )
    .bind(realm_id)
    .bind(user_id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(failure_row).transpose()
}

pub async fn put_failure(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    f: &FailureRow,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_failures (realm_id, user_id, num_failures, last_failure, last_ip,
                                     not_before)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (realm_id, user_id) DO UPDATE
            SET num_failures = excluded.num_failures, last_failure = excluded.last_failure,
                last_ip = excluded.last_ip, not_before = excluded.not_before",
    )
    .bind(realm_id)
    .bind(user_id)
    .bind(f.num_failures)
    .bind(f.last_failure)
    .bind(&f.last_ip)
    .bind(f.not_before)
    .execute(c)
    .await?;
    Ok(())
}

/// Clears one user's record (`Some`) or the whole realm's (`None`).
pub async fn clear_failures(c: &mut Conn, realm_id: &str, user_id: Option<&str>) -> Result<()> {
    match user_id {
        Some(u) => {
            sqlx::query("DELETE FROM login_failures WHERE realm_id = $1 AND user_id = $2")
                .bind(realm_id)
                .bind(u)
                .execute(c)
                .await?
        }
        None => {
            sqlx::query("DELETE FROM login_failures WHERE realm_id = $1")
                .bind(realm_id)
                .execute(c)
                .await?
        }
    };
    Ok(())
}
