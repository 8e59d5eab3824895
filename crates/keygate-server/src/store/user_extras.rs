//! User extras: the realm's user profile configuration, consents granted to clients, and
//! links to identity-provider accounts. Every query filters by realm.

use sqlx::Row;

use super::Conn;
use crate::error::{Error, Result};

/// The stored user profile configuration of the realm (JSON), if one was saved.
pub async fn profile_config(c: &mut Conn, realm_id: &str) -> Result<Option<String>> {
    let r = sqlx::query("SELECT data FROM user_profile_configs WHERE realm_id = $1")
        .bind(realm_id)
        .fetch_optional(c)
        .await?;
    r.map(|r| r.try_get("data").map_err(Error::from))
        .transpose()
}

pub async fn set_profile_config(c: &mut Conn, realm_id: &str, data: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO user_profile_configs (realm_id, data) VALUES ($1, $2)
         ON CONFLICT (realm_id) DO UPDATE SET data = EXCLUDED.data",
    )
    .bind(realm_id)
    .bind(data)
    .execute(c)
    .await?;
    Ok(())
}

/// A consent the user granted to a client (internal client id), with the scope names.
#[derive(Debug, Clone)]
pub struct ConsentRow {
    pub client_id: String,
    pub scopes: Vec<String>,
    pub created: i64,
    pub last_updated: i64,
}

/// Records (or widens) the user's consent to the client: the browser login calls this when
/// the user accepts a consent screen.
pub async fn grant_consent(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    client_internal_id: &str,
    scopes: &[String],
    now_ms: i64,
) -> Result<()> {
    let existing = consents(c, realm_id, user_id)
        .await?
        .into_iter()
        .find(|r| r.client_id == client_internal_id);
    let mut all = existing.map(|e| e.scopes).unwrap_or_default();
    for s in scopes {
        if !all.contains(s) {
            all.push(s.clone());
        }
    }
    sqlx::query(
        "INSERT INTO user_consents (user_id, realm_id, client_id, scopes, created, last_updated)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (user_id, client_id) DO UPDATE SET scopes = EXCLUDED.scopes,
             last_updated = EXCLUDED.last_updated",
    )
    .bind(user_id)
    .bind(realm_id)
    .bind(client_internal_id)
    .bind(serde_json::to_string(&all)?)
    .bind(now_ms)
    .execute(c)
    .await?;
    Ok(())
}

/// The user's consents, oldest first.
pub async fn consents(c: &mut Conn, realm_id: &str, user_id: &str) -> Result<Vec<ConsentRow>> {
    let rows = sqlx::query(
        "SELECT client_id, scopes, created, last_updated FROM user_consents
         WHERE realm_id = $1 AND user_id = $2 ORDER BY created, client_id",
    )
    .bind(realm_id)
    .bind(user_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let scopes: String = r.try_get("scopes")?;
            Ok(ConsentRow {
                client_id: r.try_get("client_id")?,
                scopes: serde_json::from_str(&scopes).unwrap_or_default(),
                created: r.try_get("created")?,
                last_updated: r.try_get("last_updated")?,
            })
        })
        .collect()
}

pub async fn revoke_consent(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    client_internal_id: &str,
) -> Result<bool> {
    let r = sqlx::query(
        "DELETE FROM user_consents WHERE realm_id = $1 AND user_id = $2 AND client_id = $3",
    )
    .bind(realm_id)
    .bind(user_id)
    .bind(client_internal_id)
    .execute(c)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Internal ids of the clients holding an offline session of the user.
pub async fn offline_clients(c: &mut Conn, realm_id: &str, user_id: &str) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT DISTINCT cs.client_id FROM user_sessions s
           JOIN client_sessions cs ON cs.session_id = s.id
          WHERE s.realm_id = $1 AND s.user_id = $2 AND s.offline = 1
          ORDER BY cs.client_id",
    )
    .bind(realm_id)
    .bind(user_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| r.try_get("client_id").map_err(Error::from))
        .collect()
}

/// The user's offline sessions the client takes part in.
pub async fn offline_sessions_of_client(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    client_internal_id: &str,
) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT s.id FROM user_sessions s JOIN client_sessions cs ON cs.session_id = s.id
          WHERE s.realm_id = $1 AND s.user_id = $2 AND s.offline = 1 AND cs.client_id = $3",
    )
    .bind(realm_id)
    .bind(user_id)
    .bind(client_internal_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| r.try_get("id").map_err(Error::from))
        .collect()
}

/// A link from a user to an identity provider's account.
#[derive(Debug, Clone)]
pub struct FederatedRow {
    pub provider: String,
    pub user_id: String,
    pub username: String,
}

pub async fn federated(c: &mut Conn, realm_id: &str, user_id: &str) -> Result<Vec<FederatedRow>> {
    let rows = sqlx::query(
        "SELECT provider, fed_user_id, fed_username FROM federated_identities
         WHERE realm_id = $1 AND user_id = $2 ORDER BY provider",
    )
    .bind(realm_id)
    .bind(user_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FederatedRow {
                provider: r.try_get("provider")?,
                user_id: r.try_get("fed_user_id")?,
                username: r.try_get("fed_username")?,
            })
        })
        .collect()
}

/// Adds a link; `false` when the user is already linked with the provider.
pub async fn link(c: &mut Conn, realm_id: &str, user_id: &str, f: &FederatedRow) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO federated_identities (user_id, realm_id, provider, fed_user_id, fed_username)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(realm_id)
    .bind(&f.provider)
    .bind(&f.user_id)
    .bind(&f.username)
    .execute(c)
    .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn unlink(c: &mut Conn, realm_id: &str, user_id: &str, provider: &str) -> Result<bool> {
    let r = sqlx::query(
        "DELETE FROM federated_identities WHERE realm_id = $1 AND user_id = $2 AND provider = $3",
    )
    .bind(realm_id)
    .bind(user_id)
    .bind(provider)
    .execute(c)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Records a one-time token as spent; `false` when it already was (a replay or a race).
pub async fn spend_token(c: &mut Conn, jti: &str, expires: i64) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO revoked_tokens (jti, expires) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(jti)
    .bind(expires)
    .execute(c)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Ends every session of the user in the realm (online and offline); returns how many.
pub async fn end_user_sessions(c: &mut Conn, realm_id: &str, user_id: &str) -> Result<u64> {
    let r = sqlx::query("DELETE FROM user_sessions WHERE realm_id = $1 AND user_id = $2")
        .bind(realm_id)
        .bind(user_id)
        .execute(c)
        .await?;
    Ok(r.rows_affected())
}
