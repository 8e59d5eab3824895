//! `GET|POST .../userinfo`: the identity claims of a valid access token's user, as JSON or,
//! when the client sets `user.info.response.signature.alg`, as a JWT signed by the realm.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::form::Params;
use super::mappers::{self, Subject, Target};
use super::validate;
use crate::crypto::keys::{RealmKey, StoredKey};
use crate::crypto::{jwt, keygen};
use crate::error::{Error, Result};
use crate::http::base::Base;
use crate::realm::model::{Client, Realm};
use crate::scope::effect;
use crate::state::AppState;
use crate::state::Change;
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
    base: Base,
    headers: HeaderMap,
) -> Result<Response> {
    answer(&state, &name, &base, bearer(&headers)).await
}

pub async fn userinfo_post(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let token =
        bearer(&headers).or_else(|| Params::parse(&body).get("access_token").map(str::to_string));
    answer(&state, &name, &base, token).await
}

async fn answer(
    state: &AppState,
    name: &str,
    base: &Base,
    token: Option<String>,
) -> Result<Response> {
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
    drop(conn);
    match signature_alg(&client)? {
        None => Ok(Json(Value::Object(body)).into_response()),
        Some(alg) => {
            body.insert("iss".into(), json!(base.issuer(&realm.name)));
            body.insert("aud".into(), json!(client.client_id()));
            let signed = sign(state, &realm, alg, &body).await?;
            Ok(([(header::CONTENT_TYPE, "application/jwt")], signed).into_response())
        }
    }
}

/// The algorithm the client wants its userinfo signed with; `None` for plain JSON.
fn signature_alg(client: &Client) -> Result<Option<&'static str>> {
    let wanted = client
        .rep
        .attributes
        .as_ref()
        .and_then(|a| a.get("user.info.response.signature.alg"))
        .map(String::as_str)
        .filter(|a| !a.is_empty() && *a != "unsigned" && *a != "none");
    match wanted {
        None => Ok(None),
        Some(alg) => super::discovery::SIGNING_ALGS
            .iter()
            .find(|a| **a == alg)
            .map(|a| Some(*a))
            .ok_or_else(|| {
                Error::oauth(
                    "invalid_request",
                    format!("Unsupported userinfo signature algorithm {alg}"),
                )
            }),
    }
}

/// Signs with the realm's active key for `alg`. A realm without one gets a generated
/// fallback key first, as Keycloak's key manager creates one on demand.
async fn sign(
    state: &AppState,
    realm: &Realm,
    alg: &str,
    claims: &Map<String, Value>,
) -> Result<String> {
    let active = realm
        .keys
        .iter()
        .filter(|k| k.stored.enabled && k.stored.active && k.stored.algorithm == alg)
        .max_by_key(|k| k.stored.priority);
    if let Some(key) = active {
        return jwt::sign(key, claims);
    }
    let stored = fallback_key(realm, alg, state.clock.now()).await?;
    let mut tx = state.begin().await?;
    crate::store::keys::insert(&mut tx, &realm.id, &stored).await?;
    state.commit(tx, Change::Realm).await?;
    jwt::sign(&RealmKey::load(stored)?, claims)
}

async fn fallback_key(realm: &Realm, alg: &str, now: i64) -> Result<StoredKey> {
    let id = uuid::Uuid::new_v4().to_string();
    let (alg, realm_name) = (alg.to_string(), realm.name.clone());
    let mut key = tokio::task::spawn_blocking(move || match alg.as_str() {
        "ES256" => keygen::generate_ec(id, "P-256", now),
        "ES384" => keygen::generate_ec(id, "P-384", now),
        _ => keygen::generate_rsa_sized(id, &realm_name, 2048, &alg, now),
    })
    .await
    .map_err(Error::internal)??;
    key.name = format!("fallback-{}", key.algorithm);
    key.priority = -100;
    Ok(key)
}
