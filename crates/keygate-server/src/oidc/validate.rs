//! Is this token still good? Signature and expiry, then what only the server knows:
//! not-before policies, the session, the user, and revocation.

use keygate_model::AccessTokenClaims;

use crate::crypto::jwt;
use crate::error::Result;
use crate::realm::model::{Client, Realm};
use crate::state::AppState;
use crate::store::users::UserRow;
use crate::store::{self, Conn};

/// The realm named by a token's issuer (`.../realms/{name}`).
pub fn realm_of(token: &str) -> Option<String> {
    let claims: serde_json::Value = jwt::peek(token)?;
    let iss = claims.get("iss")?.as_str()?;
    let (_, name) = iss.rsplit_once("/realms/")?;
    Some(name.to_string())
}

/// Why an access token is not active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Inactive {
    #[error("Token verification failed")]
    Invalid,
    #[error("Token is not active")]
    Expired,
    #[error("Session not active")]
    NoSession,
    #[error("User not found or disabled")]
    NoUser,
    #[error("Token revoked")]
    Revoked,
    #[error("Client not found")]
    ClientNotFound,
    #[error("Client disabled")]
    ClientDisabled,
}

/// The client a token was issued to (`azp`), while it exists and is enabled: a token
/// lives no longer than its client, as in Keycloak.
pub fn live_client<'r>(realm: &'r Realm, azp: &str) -> Result<&'r Client, Inactive> {
    match realm.client(azp) {
        Some(c) if c.enabled() => Ok(c),
        Some(_) => Err(Inactive::ClientDisabled),
        None => Err(Inactive::ClientNotFound),
    }
}

/// Fully checks an access token of `realm`; returns its claims and user.
pub async fn access_token(
    state: &AppState,
    c: &mut Conn,
    realm: &Realm,
    token: &str,
) -> Result<Result<(AccessTokenClaims, UserRow), Inactive>> {
    let now = state.clock.now();
    let claims: AccessTokenClaims =
        match jwt::verify(realm.keys.iter().filter(|k| k.jwk.is_some()), token, now) {
            Ok(c) => c,
            Err(jwt::VerifyError::Expired) => return Ok(Err(Inactive::Expired)),
            Err(_) => return Ok(Err(Inactive::Invalid)),
        };
    if claims.typ != "Bearer" || !claims.iss.ends_with(&format!("/realms/{}", realm.name)) {
        return Ok(Err(Inactive::Invalid));
    }
    if claims.iat < realm.not_before() {
        return Ok(Err(Inactive::Expired));
    }
    let client = match live_client(realm, &claims.azp) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    if store::sessions::is_revoked(c, &claims.jti).await? {
        return Ok(Err(Inactive::Revoked));
    }
    if let Some(sid) = &claims.sid {
        match store::sessions::get_for_client(c, &realm.id, sid, &client.id).await? {
            Some(s) if session_alive(realm, &s, now) => {}
            _ => return Ok(Err(Inactive::NoSession)),
        }
    }
    let user = match store::users::by_id(c, &realm.id, &claims.sub).await? {
        Some(u) if u.enabled => u,
        _ => return Ok(Err(Inactive::NoUser)),
    };
    if crate::session::rules::stale(claims.iat, realm, Some(client), user.not_before) {
        return Ok(Err(Inactive::Expired));
    }
    Ok(Ok((claims, user)))
}

/// A session is alive while neither the idle nor the max lifespan has run out.
pub fn session_alive(realm: &Realm, s: &store::sessions::SessionRow, now: i64) -> bool {
    if s.offline {
        let idle = realm.rep.offline_session_idle_timeout.unwrap_or(2_592_000);
        return s.last_access + idle > now;
    }
    s.last_access + realm.sso_idle() > now && s.started + realm.sso_max() > now
}
