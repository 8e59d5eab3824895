//! The refresh-token grant: new tokens for a session that is still alive.

use keygate_model::TokenResponse;
use serde::Deserialize;

use super::Ctx;
use crate::crypto::jwt;
use crate::error::{Error, Result};
use crate::oidc::issue::{issue, Grant};
use crate::oidc::validate::session_alive;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::sessions::SessionRow;
use crate::store::{self, Conn};

/// The claims of a refresh token that the server acts on.
#[derive(Debug, Clone, Deserialize)]
pub struct RefreshClaims {
    pub iat: i64,
    pub jti: String,
    pub sub: String,
    pub typ: String,
    pub azp: String,
    pub sid: String,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub exp: Option<i64>,
}

/// Verifies a refresh token's signature and expiry with the realm's HMAC keys.
pub fn verify(realm: &Realm, token: &str, now: i64) -> Result<RefreshClaims> {
    let claims: RefreshClaims =
        jwt::verify(realm.keys.iter().filter(|k| k.jwk.is_none()), token, now).map_err(
            |e| match e {
                jwt::VerifyError::Expired => Error::oauth("invalid_grant", "Token is not active"),
                _ => Error::oauth("invalid_grant", "Invalid refresh token"),
            },
        )?;
    if claims.typ != "Refresh" && claims.typ != "Offline" {
        return Err(Error::oauth("invalid_grant", "Invalid refresh token"));
    }
    Ok(claims)
}

/// The live session behind a refresh token, for its client. A session found dead is
/// removed, through the write path.
pub async fn live_session(
    state: &AppState,
    c: &mut Conn,
    realm: &Realm,
    claims: &RefreshClaims,
    client_internal_id: &str,
    now: i64,
) -> Result<SessionRow> {
    let session = store::sessions::get_for_client(c, &realm.id, &claims.sid, client_internal_id)
        .await?
        .filter(|s| s.user_id == claims.sub)
        .ok_or_else(|| Error::oauth("invalid_grant", "Session not active"))?;
    if !session_alive(realm, &session, now) {
        let mut tx = state.begin().await?;
        store::sessions::delete(&mut tx, &realm.id, &session.id).await?;
        state.commit(tx, Change::Users).await?;
        return Err(Error::oauth("invalid_grant", "Session not active"));
    }
    Ok(session)
}

pub async fn grant(ctx: &Ctx<'_>) -> Result<TokenResponse> {
    let state = ctx.state;
    let now = state.clock.now();
    let token = ctx
        .form
        .get("refresh_token")
        .ok_or_else(|| Error::oauth("invalid_request", "Missing parameter: refresh_token"))?;
    let claims = verify(ctx.realm, token, now)?;
    if claims.azp != ctx.client.client_id() {
        return Err(Error::oauth(
            "invalid_grant",
            "Invalid refresh token. Token client and authorized client don't match",
        ));
    }
    // Reads only: last access is written behind.
    let mut tx = state.db.conn().await?;
    let session = live_session(state, &mut tx, ctx.realm, &claims, &ctx.client.id, now).await?;
    let user = store::users::by_id(&mut tx, &ctx.realm.id, &claims.sub)
        .await?
        .filter(|u| u.enabled)
        .ok_or_else(|| Error::oauth("invalid_grant", "User disabled or not found"))?;
    if crate::session::rules::stale(claims.iat, ctx.realm, Some(ctx.client), user.not_before) {
        return Err(Error::oauth("invalid_grant", "Stale token"));
    }
    state.touches.record(&session.id, now);
    let roles = store::roles::effective_for_user(&mut tx, &user.id).await?;
    let groups = store::scopes::group_paths(&mut tx, &user.id).await?;
    drop(tx);
    let session = SessionRow {
        last_access: now,
        ..session
    };
    let requested = ctx.form.get("scope").or(claims.scope.as_deref());
    issue(&Grant {
        realm: ctx.realm,
        client: ctx.client,
        user: &user,
        roles: &roles,
        groups: &groups,
        session: Some(&session),
        requested,
        issuer: ctx.issuer.clone(),
        now,
    })
}
