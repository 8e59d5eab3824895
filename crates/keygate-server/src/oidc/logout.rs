//! Back-channel logout with a refresh token, and token revocation (RFC 7009).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use super::client_auth;
use super::form::Params;
use super::grants::refresh;
use crate::app::{AppState, Change};
use crate::crypto::jwt;
use crate::error::{Error, Result};
use crate::store;

/// `POST .../logout` with `refresh_token`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &name).await?;
    let form = Params::parse(&body);
    let client = client_auth::authenticate(&realm, &headers, &form)?;
    let token = form
        .get("refresh_token")
        .ok_or_else(|| Error::oauth("invalid_request", "No refresh token"))?;
    let claims = refresh::verify(&realm, token, state.clock.now())?;
    if claims.azp != client.client_id() {
        return Err(Error::oauth(
            "invalid_grant",
            "Invalid refresh token. Token client and authorized client don't match",
        ));
    }
    let mut tx = state.begin().await?;
    let ended = store::sessions::delete(&mut tx, &realm.id, &claims.sid).await?;
    state.commit(tx, Change::Users).await?;
    if !ended {
        return Err(Error::oauth("invalid_grant", "Session not active"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST .../revoke`: a refresh token ends its client's part of the session; an access
/// token is refused from then on. Unknown tokens answer 200, as RFC 7009 asks.
pub async fn revoke(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &name).await?;
    let form = Params::parse(&body);
    let client = client_auth::authenticate(&realm, &headers, &form)?;
    let token = form
        .get("token")
        .ok_or_else(|| Error::oauth("invalid_request", "Missing token parameter"))?;
    let now = state.clock.now();
    if let Ok(claims) = refresh::verify(&realm, token, now) {
        if claims.azp != client.client_id() {
            return Err(Error::oauth("unauthorized_client", "Unmatching clients"));
        }
        let mut tx = state.begin().await?;
        store::sessions::leave_client(&mut tx, &claims.sid, &client.id).await?;
        state.commit(tx, Change::Users).await?;
        return Ok(StatusCode::OK);
    }
    let access: Option<keygate_model::AccessTokenClaims> =
        jwt::verify(realm.keys.iter().filter(|k| k.jwk.is_some()), token, now).ok();
    if let Some(claims) = access {
        if claims.azp != client.client_id() {
            return Err(Error::oauth("unauthorized_client", "Unmatching clients"));
        }
        let mut tx = state.begin().await?;
        store::sessions::revoke_token(&mut tx, &claims.jti, claims.exp).await?;
        state.commit(tx, Change::Users).await?;
    }
    Ok(StatusCode::OK)
}
