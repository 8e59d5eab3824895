//! `policy` and `permission`: list and search, create (generic or typed), read, update and
//! delete, and a policy's associated/dependent policies, resources and scopes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::PolicyRepresentation;
use serde::Deserialize;
use serde_json::{json, Value};

use super::policy_types::{apply, PROVIDERS, TYPES};
use super::{convert, gone, new_id, page, server};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::JsonBody;
use crate::http::query::Query;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::authz::model::{Policy, Snapshot};

type P2 = Path<(String, String)>;
type P3 = Path<(String, String, String)>;
type P4 = Path<(String, String, String, String)>;

pub fn routes(base: &str, seg: &'static str) -> Router<AppState> {
    let permission = seg == "permission";
    let r = |p: &str| format!("{base}/{seg}{p}");
    Router::new()
        .route(
            &r(""),
            get(move |s, p, a, q| list(s, p, a, q, permission))
                .post(move |s, p, a, b| create(s, p, a, b, None)),
        )
        .route(&r("/search"), get(search))
        .route(&r("/providers"), get(providers))
        .route(&r("/evaluate"), axum::routing::post(super::evaluate::run))
        .route(
            &r("/{p}"),
            get(read_generic)
                .put(update_generic)
                .delete(remove_generic)
                .post(move |s, Path((rl, id, t)): P3, a, b| {
                    create(s, Path((rl, id)), a, b, Some(t))
                }),
        )
        .route(
            &r("/{p}/{q}"),
            get(read_nested).put(update_typed).delete(remove_typed),
        )
        .route(&r("/{p}/{q}/{sub}"), get(read_typed_sub))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListParams {
    policy_id: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    type_: Option<String>,
    resource: Option<String>,
    scope: Option<String>,
    permission: Option<bool>,
    owner: Option<String>,
    first: Option<i64>,
    max: Option<i64>,
}

fn matches(snap: &Snapshot, p: &Policy, q: &ListParams) -> bool {
    fn nonempty(o: &Option<String>) -> Option<&str> {
        o.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    if nonempty(&q.policy_id).is_some_and(|id| p.id != id) {
        return false;
    }
    if nonempty(&q.name).is_some_and(|n| !p.name.to_lowercase().contains(&n.to_lowercase())) {
        return false;
    }
    if nonempty(&q.type_).is_some_and(|t| p.type_ != t) {
        return false;
    }
    if nonempty(&q.owner).is_some_and(|o| p.owner.as_deref() != Some(o)) {
        return false;
    }
    if let Some(r) = nonempty(&q.resource) {
        let ids: Vec<&str> = snap
            .resources
            .iter()
            .filter(|x| x.id == r || x.name == r)
            .map(|x| x.id.as_str())
            .collect();
        if !p.resources.iter().any(|x| ids.contains(&x.as_str())) {
            return false;
        }
    }
    if let Some(s) = nonempty(&q.scope) {
        let ids: Vec<&str> = snap
            .scopes
            .iter()
            .filter(|x| x.id == s || x.name == s)
            .map(|x| x.id.as_str())
            .collect();
        if !p.scopes.iter().any(|x| ids.contains(&x.as_str())) {
            return false;
        }
    }
    q.permission.is_none_or(|want| p.is_permission() == want)
}

async fn snapshot(
    state: &AppState,
    realm: &str,
    id: &str,
    admin: &Admin,
    perm: Perm,
) -> Result<Snapshot> {
    let realm = super::realm(state, realm, admin, perm).await?;
    let mut conn = state.db.conn().await?;
    let (_, key, settings) = server(&mut conn, &realm, id).await?;
    store::authz::snapshot(&mut conn, &key, settings).await
}

async fn list(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Query(mut q): Query<ListParams>,
    permission: bool,
) -> Result<Response> {
    let snap = snapshot(&state, &realm, &id, &admin, Perm::ViewClients).await?;
    if permission {
        q.permission = Some(true);
    }
    // A named resource or scope that does not exist: Keycloak answers 204.
    let missing = |o: &Option<String>, exists: &dyn Fn(&str) -> bool| {
        o.as_deref()
            .filter(|s| !s.trim().is_empty())
            .is_some_and(|s| !exists(s))
    };
    if missing(&q.resource, &|r| {
        snap.resources.iter().any(|x| x.id == r || x.name == r)
    }) || missing(&q.scope, &|s| {
        snap.scopes.iter().any(|x| x.id == s || x.name == s)
    }) {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let found: Vec<Value> = snap
        .policies
        .iter()
        .filter(|p| matches(&snap, p, &q))
        .map(convert::policy)
        .collect();
    Ok(Json(page(found, q.first, q.max)).into_response())
}

#[derive(Deserialize)]
pub struct NameParam {
    name: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Query(q): Query<NameParam>,
) -> Result<Response> {
    let snap = snapshot(&state, &realm, &id, &admin, Perm::ViewClients).await?;
    let Some(name) = q.name else {
        return Ok(StatusCode::BAD_REQUEST.into_response());
    };
    Ok(match snap.policy_by_name(&name) {
        Some(p) => Json(convert::policy(p)).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

async fn providers(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
) -> Result<Json<Vec<Value>>> {
    snapshot(&state, &realm, &id, &admin, Perm::ViewClients).await?;
    Ok(Json(
        PROVIDERS
            .iter()
            .map(|(t, n, g)| json!({"type": t, "name": n, "group": g}))
            .collect(),
    ))
}

async fn create(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    JsonBody(mut rep): JsonBody<PolicyRepresentation>,
    typed: Option<String>,
) -> Result<Response> {
    let mut echo = rep.clone();
    if typed.is_none() {
        // The generic form names identities in config, as exports do.
        super::identity::config_to_typed(&mut rep);
    }
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let type_ = match &typed {
        Some(t) if !TYPES.contains(&t.as_str()) => {
            return Ok(StatusCode::METHOD_NOT_ALLOWED.into_response())
        }
        Some(t) => t.clone(),
        None => rep
            .type_
            .clone()
            .ok_or_else(|| Error::bad_request("Policy type is required"))?,
    };
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, &id).await?;
    let snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    if let Some(name) = &rep.name {
        if snap.policy_by_name(name).is_some() {
            return Err(crate::store::authz::conflicts::policy_exists(name));
        }
    }
    let base = Policy {
        id: new_id(),
        type_: type_.clone(),
        ..Default::default()
    };
    let policy = apply(&mut tx, &realm.id, &snap, base, rep).await?;
    store::authz::policies::insert(&mut tx, &key, &policy).await?;
    state.commit(tx, Change::Users).await?;
    echo.id = Some(policy.id);
    echo.type_ = Some(type_);
    Ok((StatusCode::CREATED, Json(echo)).into_response())
}

/// `{p}`: a policy by id, or when `p` is a policy type the policies of that type (Keycloak's
/// `PolicyTypeService` lists them; gocloak's `GetPolicies` with a type asks there).
async fn read_generic(
    State(state): State<AppState>,
    Path((realm, id, pid)): P3,
    admin: Admin,
    Query(mut q): Query<ListParams>,
) -> Result<Response> {
    if TYPES.contains(&pid.as_str()) {
        q.type_ = Some(pid);
        return list(State(state), Path((realm, id)), admin, Query(q), false).await;
    }
    let snap = snapshot(&state, &realm, &id, &admin, Perm::ViewClients).await?;
    Ok(match snap.policy(&pid) {
        Some(p) => Json(convert::policy(p)).into_response(),
        None => gone(),
    })
}

/// `{p}/{q}`: a typed policy when `p` is a type, else a policy's sub-resource.
async fn read_nested(
    State(state): State<AppState>,
    Path((realm, id, p, q)): P4,
    admin: Admin,
) -> Result<Response> {
    let snap = snapshot(&state, &realm, &id, &admin, Perm::ViewClients).await?;
    if TYPES.contains(&p.as_str()) {
        return Ok(match snap.policy(&q).filter(|x| x.type_ == p) {
            Some(x) => Json(convert::typed(x)).into_response(),
            None => gone(),
        });
    }
    let Some(policy) = snap.policy(&p) else {
        return Ok(gone());
    };
    Ok(sub_resource(&snap, policy, &q))
}

/// `{type}/{id}/{sub}`: a typed policy's sub-resources, as Keycloak serves them too.
async fn read_typed_sub(
    State(state): State<AppState>,
    Path((realm, id, t, pid, sub)): Path<(String, String, String, String, String)>,
    admin: Admin,
) -> Result<Response> {
    let snap = snapshot(&state, &realm, &id, &admin, Perm::ViewClients).await?;
    match snap.policy(&pid).filter(|x| x.type_ == t) {
        Some(policy) => Ok(sub_resource(&snap, policy, &sub)),
        None => Ok(gone()),
    }
}

/// A policy's associated or dependent policies, resources or scopes.
fn sub_resource(snap: &Snapshot, policy: &Policy, sub: &str) -> Response {
    let body: Vec<Value> = match sub {
        "associatedPolicies" => policy
            .policies
            .iter()
            .filter_map(|x| snap.policy(x))
            .map(convert::policy)
            .collect(),
        "dependentPolicies" => snap
            .policies
            .iter()
            .filter(|x| x.policies.contains(&policy.id))
            .map(convert::common)
            .collect(),
        "resources" => policy
            .resources
            .iter()
            .filter_map(|x| snap.resource(x))
            .map(|r| json!({"_id": r.id, "name": r.name}))
            .collect(),
        "scopes" => policy
            .scopes
            .iter()
            .filter_map(|x| snap.scope(x))
            .map(convert::brief_scope)
            .collect(),
        _ => return gone(),
    };
    Json(body).into_response()
}

/// Applies an update to the stored policy `pid`, if it is of `type_` (any type when None).
async fn update(
    state: &AppState,
    realm: &str,
    id: &str,
    admin: &Admin,
    pid: &str,
    type_: Option<&str>,
    rep: PolicyRepresentation,
) -> Result<Response> {
    let realm = super::realm(state, realm, admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, id).await?;
    let snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    let Some(stored) = snap
        .policy(pid)
        .filter(|p| type_.is_none_or(|t| p.type_ == t))
    else {
        return Ok(gone());
    };
    if let Some(name) = &rep.name {
        if snap.policy_by_name(name).is_some_and(|o| o.id != stored.id) {
            return Err(crate::store::authz::conflicts::policy_exists(name));
        }
    }
    let policy = apply(&mut tx, &realm.id, &snap, stored.clone(), rep).await?;
    store::authz::policies::update(&mut tx, &key, &policy).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::CREATED.into_response())
}

async fn update_generic(
    State(state): State<AppState>,
    Path((realm, id, pid)): P3,
    admin: Admin,
    JsonBody(rep): JsonBody<PolicyRepresentation>,
) -> Result<Response> {
    update(&state, &realm, &id, &admin, &pid, None, rep).await
}

async fn update_typed(
    State(state): State<AppState>,
    Path((realm, id, t, pid)): P4,
    admin: Admin,
    JsonBody(rep): JsonBody<PolicyRepresentation>,
) -> Result<Response> {
    if !TYPES.contains(&t.as_str()) {
        return Ok(StatusCode::METHOD_NOT_ALLOWED.into_response());
    }
    update(&state, &realm, &id, &admin, &pid, Some(&t), rep).await
}

async fn remove(
    state: &AppState,
    realm: &str,
    id: &str,
    admin: &Admin,
    pid: &str,
    type_: Option<&str>,
) -> Result<Response> {
    let realm = super::realm(state, realm, admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, id).await?;
    let snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    if snap
        .policy(pid)
        .filter(|p| type_.is_none_or(|t| p.type_ == t))
        .is_none()
    {
        return Ok(gone());
    }
    store::authz::policies::delete(&mut tx, &key, pid).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn remove_generic(
    State(state): State<AppState>,
    Path((realm, id, pid)): P3,
    admin: Admin,
) -> Result<Response> {
    remove(&state, &realm, &id, &admin, &pid, None).await
}

async fn remove_typed(
    State(state): State<AppState>,
    Path((realm, id, t, pid)): P4,
    admin: Admin,
) -> Result<Response> {
    if !TYPES.contains(&t.as_str()) {
        return Ok(StatusCode::METHOD_NOT_ALLOWED.into_response());
    }
    remove(&state, &realm, &id, &admin, &pid, Some(&t)).await
}
