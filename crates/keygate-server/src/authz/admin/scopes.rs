//! `scope`: list and search, create, read, update, delete, and a scope's resources and
//! permissions.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use keygate_model::ScopeRepresentation;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{convert, gone, new_id, page, server};
use crate::authz::errors::invalid;
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::{AuthzScopeRep, Strict};
use crate::http::query::Query;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::authz::model::{Scope, Snapshot};

type P2 = Path<(String, String)>;
type P3 = Path<(String, String, String)>;

async fn load(state: &AppState, realm: &str, id: &str, admin: &Admin) -> Result<Snapshot> {
    let realm = super::realm(state, realm, admin, Perm::ViewClients).await?;
    let mut conn = state.db.conn().await?;
    let (_, key, settings) = server(&mut conn, &realm, id).await?;
    store::authz::snapshot(&mut conn, &key, settings).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListParams {
    scope_id: Option<String>,
    name: Option<String>,
    first: Option<i64>,
    max: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Query(q): Query<ListParams>,
) -> Result<Json<Vec<Value>>> {
    let snap = load(&state, &realm, &id, &admin).await?;
    let set = |o: &Option<String>| o.clone().filter(|s| !s.trim().is_empty());
    let found: Vec<Value> = snap
        .scopes
        .iter()
        .filter(|s| set(&q.scope_id).is_none_or(|id| s.id == id))
        .filter(|s| set(&q.name).is_none_or(|n| s.name.to_lowercase().contains(&n.to_lowercase())))
        .map(convert::scope)
        .collect();
    Ok(Json(page(found, q.first, q.max)))
}

#[derive(Deserialize)]
pub struct NameParam {
    name: Option<String>,
}

/// `scope/search?name=`: one scope by exact name; an empty 200 when none.
pub async fn search(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Query(q): Query<NameParam>,
) -> Result<Response> {
    let snap = load(&state, &realm, &id, &admin).await?;
    let Some(name) = q.name else {
        return Ok(StatusCode::BAD_REQUEST.into_response());
    };
    Ok(match snap.scope_by_name(&name) {
        Some(s) => Json(convert::scope(s)).into_response(),
        None => StatusCode::OK.into_response(),
    })
}

fn apply(s: &mut Scope, rep: ScopeRepresentation) -> Result<()> {
    if let Some(n) = rep.name {
        s.name = n;
    }
    if s.name.trim().is_empty() {
        return Err(invalid("Scope name is required"));
    }
    s.display_name = rep.display_name.or(s.display_name.take());
    s.icon_uri = rep.icon_uri.or(s.icon_uri.take());
    Ok(())
}

pub async fn create(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Strict(rep, _): Strict<AuthzScopeRep, ScopeRepresentation>,
) -> Result<Response> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, &id).await?;
    let snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    // Keycloak answers a taken name with the existing scope, updated.
    let existing = rep
        .name
        .as_deref()
        .and_then(|n| snap.scope_by_name(n))
        .cloned();
    let mut s = existing.clone().unwrap_or(Scope {
        id: new_id(),
        ..Default::default()
    });
    apply(&mut s, rep)?;
    if existing.is_some() {
        store::authz::scopes::update(&mut tx, &key, &s).await?;
    } else {
        store::authz::scopes::insert(&mut tx, &key, &s).await?;
    }
    state.commit(tx, Change::Users).await?;
    Ok((StatusCode::CREATED, Json(convert::scope(&s))).into_response())
}

pub async fn read(
    State(state): State<AppState>,
    Path((realm, id, sid)): P3,
    admin: Admin,
) -> Result<Response> {
    let snap = load(&state, &realm, &id, &admin).await?;
    Ok(match snap.scope(&sid) {
        Some(s) => Json(convert::scope(s)).into_response(),
        None => gone(),
    })
}

pub async fn update(
    State(state): State<AppState>,
    Path((realm, id, sid)): P3,
    admin: Admin,
    Strict(rep, _): Strict<AuthzScopeRep, ScopeRepresentation>,
) -> Result<Response> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, &id).await?;
    let snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    let Some(mut s) = snap.scope(&sid).cloned() else {
        return Ok(gone());
    };
    apply(&mut s, rep)?;
    store::authz::scopes::update(&mut tx, &key, &s).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Refused while resources use the scope; permissions left with no scope go with it.
pub async fn remove(
    State(state): State<AppState>,
    Path((realm, id, sid)): P3,
    admin: Admin,
) -> Result<Response> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, &id).await?;
    let snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    if snap.resources.iter().any(|r| r.scopes.contains(&sid)) {
        return Err(Error::bad_request(
            "Scopes can not be removed while associated with resources.",
        ));
    }
    if snap.scope(&sid).is_none() {
        return Ok(gone());
    }
    for p in snap.policies.iter().filter(|p| p.scopes == [sid.clone()]) {
        store::authz::policies::delete(&mut tx, &key, &p.id).await?;
    }
    store::authz::scopes::delete(&mut tx, &key, &sid).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn resources(
    State(state): State<AppState>,
    Path((realm, id, sid)): P3,
    admin: Admin,
) -> Result<Response> {
    let snap = load(&state, &realm, &id, &admin).await?;
    if snap.scope(&sid).is_none() {
        return Ok(gone());
    }
    let body: Vec<Value> = snap
        .resources
        .iter()
        .filter(|r| r.scopes.contains(&sid))
        .map(|r| json!({"_id": r.id, "name": r.name}))
        .collect();
    Ok(Json(body).into_response())
}

pub async fn permissions(
    State(state): State<AppState>,
    Path((realm, id, sid)): P3,
    admin: Admin,
) -> Result<Response> {
    let snap = load(&state, &realm, &id, &admin).await?;
    if snap.scope(&sid).is_none() {
        return Ok(gone());
    }
    let body: Vec<Value> = snap
        .policies
        .iter()
        .filter(|p| p.scopes.contains(&sid))
        .map(|p| json!({"id": p.id, "name": p.name, "type": p.type_}))
        .collect();
    Ok(Json(body).into_response())
}
