//! `GET|POST .../userinfo`: the identity claims of a valid access token's user.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use serde_json::{json, Map, Value};

use super::form::Params;
use super::mappers::{self, Subject, Target};
use super::validate;
use crate::error::{Error, Result};
use crate::scope::effect;
use crate::state::AppState;
use crate::store;

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
    let realm = state.realms.public(&state.db, name).await?;
    let token = token
        .ok_or_else(|| Error::oauth_status(401, "invalid_token", "Token verification failed"))?;
    let mut conn = state.db.conn().await?;
    let (claims, user) = validate::access_token(state, &mut conn, &realm, &token)
        .await?
        .map_err(|e| Error::oauth_status(401, "invalid_token", e.to_string()))?;
    let client = realm
        .client(&claims.azp)
        .cloned()
        .ok_or_else(|| Error::oauth_status(401, "invalid_token", "Client not found"))?;
    let roles = store::roles::effective_for_user(&mut conn, &user.id).await?;
    let groups = store::scopes::group_paths(&mut conn, &user.id).await?;
    // The scopes in effect are those the token was issued with.
    let (scopes, _) = effect::in_effect(&realm, &client, claims.scope.as_deref());
    let scopes = effect::permitted(&realm, scopes, &roles);
    let mappers = effect::mappers(&client, &scopes);
    let hardcoded = mappers::hardcoded_roles(mappers.iter().copied());
    let roles = effect::scoped_roles(&realm, &client, &scopes, &roles, hardcoded);
    let subject = Subject {
        realm: &realm,
        client: &client,
        user: &user,
        roles: &roles,
        groups: &groups,
        session: None,
    };
    let mut body = Map::new();
    body.insert("sub".into(), json!(user.id));
    mappers::apply(&subject, &mappers, Target::Userinfo, &mut body);
    Ok(Json(Value::Object(body)))
}
