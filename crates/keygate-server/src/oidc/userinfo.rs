//! `GET|POST .../userinfo`: the identity claims of a valid access token's user.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use keygate_model::AccessTokenClaims;
use serde_json::{json, Value};

use super::form::Params;
use super::issue::identity_claims;
use super::validate;
use crate::app::AppState;
use crate::error::{Error, Result};

fn bearer(headers: &HeaderMap) -> Option<String> {
    let h = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    h.strip_prefix("Bearer ")
        .or_else(|| h.strip_prefix("bearer "))
        .map(|t| t.trim().to_string())
}

pub async fn userinfo(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>> {
    answer(&state, &name, bearer(&headers)).await
}

pub async fn userinfo_post(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>> {
    let token =
        bearer(&headers).or_else(|| Params::parse(&body).get("access_token").map(str::to_string));
    answer(&state, &name, token).await
}

async fn answer(state: &AppState, name: &str, token: Option<String>) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, name).await?;
    let token = token
        .ok_or_else(|| Error::oauth_status(401, "invalid_token", "Token verification failed"))?;
    let mut conn = state.db.conn().await?;
    let (claims, user) = validate::access_token(state, &mut conn, &realm, &token)
        .await?
        .map_err(|e| Error::oauth_status(401, "invalid_token", e.to_string()))?;
    let scopes: Vec<String> = claims
        .scope
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut out = AccessTokenClaims::default();
    identity_claims(&user, &scopes, &mut out);
    let mut body = serde_json::to_value(&out)?;
    if let Some(map) = body.as_object_mut() {
        map.retain(|k, v| {
            !v.is_null()
                && !matches!(
                    k.as_str(),
                    "exp" | "iat" | "jti" | "iss" | "sub" | "typ" | "azp"
                )
        });
        map.insert("sub".into(), json!(user.id));
    }
    Ok(Json(body))
}
