//! The per-realm email key (schema V12): how user writes fill it, which 409 a refused
//! write gets, and how the keys follow the realm's `duplicateEmailsAllowed`.

use sqlx::Row;

use super::UserRow;
use crate::error::{Error, Result};
use crate::store::Conn;

/// The unique index behind a realm's "no duplicate emails" rule (schema V12).
pub(in crate::store) const EMAIL_KEY_INDEX: &str = "users_email_key";

/// `email_key` of a row about to be written: its email, lower-cased, when the realm
/// forbids duplicates (read from `realms` in the same statement), else NULL.
pub(super) fn email_key_sql(email: &str, realm: &str) -> String {
    format!(
        "(SELECT CASE WHEN unique_emails = 1 THEN lower(CAST({email} AS TEXT)) END
          FROM realms WHERE id = {realm})"
    )
}

pub fn username_exists() -> Error {
    Error::conflict("User exists with same username")
}

pub fn email_exists() -> Error {
    Error::conflict("User exists with same email")
}

/// The 409 for a unique violation on `users`, by the index the engine names. SQLite names
/// none, but a failed statement leaves its transaction usable, so there the rows tell:
/// another user holding this email key means the email rule refused the write.
pub(super) async fn refused(c: &mut Conn, realm_id: &str, u: &UserRow, e: sqlx::Error) -> Error {
    let sqlx::Error::Database(d) = &e else {
        return e.into();
    };
    if !d.is_unique_violation() {
        return e.into();
    }
    let email = match d.constraint() {
        Some(name) => name == EMAIL_KEY_INDEX,
        None => match email_key_taken(c, realm_id, u).await {
            Ok(taken) => taken,
            Err(e) => return e,
        },
    };
    if email {
        email_exists()
    } else {
        username_exists()
    }
}

async fn email_key_taken(c: &mut Conn, realm_id: &str, u: &UserRow) -> Result<bool> {
    let Some(email) = &u.email else {
        return Ok(false);
    };
    let r = sqlx::query(
        "SELECT id FROM users WHERE realm_id = $1 AND email_key = lower(CAST($2 AS TEXT))
           AND id <> $3",
    )
    .bind(realm_id)
    .bind(email)
    .bind(&u.id)
    .fetch_optional(c)
    .await?;
    Ok(r.is_some())
}

/// Whether the realm forbids two users one email (`realms.unique_emails`).
pub(in crate::store) async fn unique_emails(c: &mut Conn, realm_id: &str) -> Result<bool> {
    let r = sqlx::query("SELECT unique_emails FROM realms WHERE id = $1")
        .bind(realm_id)
        .fetch_optional(c)
        .await?;
    Ok(match r {
        Some(r) => r.try_get::<i64, _>("unique_emails")? != 0,
        None => true,
    })
}

/// Re-derives the realm's email keys after its duplicate-emails setting flipped. As in
/// Keycloak, turning duplicates off keeps users who already share an email; one of each
/// holds the key, so nobody new can join them.
pub(in crate::store) async fn sync_email_keys(
    c: &mut Conn,
    realm_id: &str,
    unique: bool,
) -> Result<()> {
    sqlx::query("UPDATE users SET email_key = NULL WHERE realm_id = $1 AND email_key IS NOT NULL")
        .bind(realm_id)
        .execute(&mut *c)
        .await?;
    if unique {
        sqlx::query(
            "UPDATE users SET email_key = lower(email)
             WHERE realm_id = $1 AND id IN (SELECT MIN(id) FROM users
                                            WHERE realm_id = $1 AND email IS NOT NULL
                                            GROUP BY lower(email))",
        )
        .bind(realm_id)
        .execute(c)
        .await?;
    }
    Ok(())
}
