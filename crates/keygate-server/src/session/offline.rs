//! Offline sessions: what a token request with `offline_access` creates. They outlive the
//! SSO session and the user's logout, and end only when deleted or idle too long.

use crate::error::{Error, Result};
use crate::realm::model::{Client, Realm};
use crate::store::roles::EffectiveRole;
use crate::store::sessions::SessionRow;
use crate::store::{self, Conn};

use super::rules;

/// Whether the request gets an offline token. Asking for one without the `offline_access`
/// role is Keycloak's 400 `not_allowed`.
pub fn wanted(
    realm: &Realm,
    client: &Client,
    scope: Option<&str>,
    roles: &[EffectiveRole],
) -> Result<bool> {
    if !rules::offline_requested(realm, client, scope) {
        return Ok(false);
    }
    if !rules::offline_allowed(roles) {
        return Err(Error::oauth(
            "not_allowed",
            "Offline tokens not allowed for the user or client",
        ));
    }
    Ok(true)
}

/// Creates an offline session for the user with the client taking part.
pub async fn create(
    c: &mut Conn,
    realm_id: &str,
    client_internal_id: &str,
    user_id: &str,
    ip: Option<&str>,
    now: i64,
) -> Result<SessionRow> {
    let session = SessionRow {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: user_id.to_string(),
        started: now,
        last_access: now,
        offline: true,
    };
    store::sessions::insert(c, realm_id, &session, client_internal_id, ip).await?;
    Ok(session)
}
