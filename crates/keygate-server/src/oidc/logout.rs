//! Logout (back-channel with a refresh token here, browser logout in `login::logout`), and
//! token revocation (RFC 7009).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::client_auth;
use super::form::Params;
use super::grants::refresh;
use crate::crypto::jwt;
use crate::error::{Error, Result};
use crate::http::base::Base;
use crate::state::{AppState, Change};
use crate::store;

/// `GET .../logout`: browser logout (see `login::logout`).
pub async fn logout_get(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response> {
    let params = Params::parse(&Bytes::from(query.unwrap_or_default()));
    crate::login::logout::browser(&state, &name, &base, &headers, &params).await
}

/// `POST .../logout`: with `refresh_token` (or client credentials), the back-channel
/// logout that ends the token's session; otherwise the browser logout form.
pub async fn logout(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let form = Params::parse(&body);
    let back_channel = form.get("refresh_token").is_some()
        || form.get("client_secret").is_some()
        || headers.contains_key(header::AUTHORIZATION);
    if !back_channel {
        return crate::login::logout::browser(&state, &name, &base, &headers, &form).await;
    }
    let realm = state.realms.public(&state.db, &name).await?;
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
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST .../revoke`: a refresh token ends its client's part of the session; an access
/// token is refused from then on. Unknown tokens answer 200, as RFC 7009 asks.
pub async fn revoke(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode> {
    let realm = state.realms.public(&state.db, &name).await?;
    let form = Params::parse(&body);
    form.refuse_duplicates()?;
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
