//! `resource`: list and search, create, read, update, delete, and a resource's scopes,
//! permissions and attributes.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use keygate_model::{OwnerRepresentation, ResourceRepresentation};
use serde::Deserialize;
use serde_json::Value;

use super::{convert, gone, new_id, page, server};
use crate::authz::errors::invalid;
use crate::error::Result;
use crate::http::auth::{Admin, Perm};
use crate::http::json::{AuthzResourceRep, Strict};
use crate::http::query::Query;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::authz::model::{Resource, Scope, Snapshot};
use crate::store::authz::ServerKey;
use crate::store::clients::ClientRow;
use crate::store::{self, Conn};

type P2 = Path<(String, String)>;
type P3 = Path<(String, String, String)>;

/// Loads the snapshot and the display names of resource owners.
async fn load(
    state: &AppState,
    realm: &str,
    id: &str,
    admin: &Admin,
) -> Result<(Snapshot, HashMap<String, String>)> {
    let realm = super::realm(state, realm, admin, Perm::ViewClients).await?;
    let mut conn = state.db.conn().await?;
    let (client, key, settings) = server(&mut conn, &realm, id).await?;
    let snap = store::authz::snapshot(&mut conn, &key, settings).await?;
    let owners = owner_names(&mut conn, &realm.id, &client, &snap).await?;
    Ok((snap, owners))
}

/// Owner ids to names: the resource server's clientId, users' usernames.
pub async fn owner_names(
    c: &mut Conn,
    realm_id: &str,
    client: &ClientRow,
    snap: &Snapshot,
) -> Result<HashMap<String, String>> {
    let mut out = HashMap::from([(client.id.clone(), client.client_id.clone())]);
    for r in &snap.resources {
        if !out.contains_key(&r.owner) {
            if let Some(u) = store::users::by_id(&mut *c, realm_id, &r.owner).await? {
                out.insert(r.owner.clone(), u.username);
            }
        }
    }
    Ok(out)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListParams {
    #[serde(rename = "_id")]
    id: Option<String>,
    name: Option<String>,
    exact_name: Option<bool>,
    uri: Option<String>,
    owner: Option<String>,
    #[serde(rename = "type")]
    type_: Option<String>,
    scope: Option<String>,
    deep: Option<bool>,
    first: Option<i64>,
    max: Option<i64>,
}

fn matches(
    snap: &Snapshot,
    owners: &HashMap<String, String>,
    r: &Resource,
    q: &ListParams,
) -> bool {
    let set = |o: &Option<String>| o.clone().filter(|s| !s.trim().is_empty());
    let infix = |hay: &str, needle: &str| hay.to_lowercase().contains(&needle.to_lowercase());
    if set(&q.id).is_some_and(|id| r.id != id) {
        return false;
    }
    if let Some(n) = set(&q.name) {
        let hit = if q.exact_name.unwrap_or(false) {
            r.name == n
        } else {
            infix(&r.name, &n)
        };
        if !hit {
            return false;
        }
    }
    if set(&q.uri).is_some_and(|u| !r.uris.contains(&u)) {
        return false;
    }
    if let Some(o) = set(&q.owner) {
        let name = owners.get(&r.owner).map(String::as_str);
        if r.owner != o && name != Some(o.as_str()) {
            return false;
        }
    }
    if set(&q.type_).is_some_and(|t| !r.type_.as_deref().is_some_and(|x| infix(x, &t))) {
        return false;
    }
    if let Some(s) = set(&q.scope) {
        let hit = r
            .scopes
            .iter()
            .filter_map(|id| snap.scope(id))
            .any(|x| infix(&x.name, &s));
        if !hit {
            return false;
        }
    }
    true
}

pub async fn list(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Query(q): Query<ListParams>,
) -> Result<Json<Vec<Value>>> {
    let (snap, owners) = load(&state, &realm, &id, &admin).await?;
    let deep = q.deep.unwrap_or(true);
    let found: Vec<Value> = snap
        .resources
        .iter()
        .filter(|r| matches(&snap, &owners, r, &q))
        .map(|r| convert::resource(&snap, r, &owners, deep))
        .collect();
    Ok(Json(page(found, q.first, q.max)))
}

#[derive(Deserialize)]
pub struct NameParam {
    name: Option<String>,
    owner: Option<String>,
}

/// `resource/search?name=`: one resource by exact name, 204 when none.
pub async fn search(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Query(q): Query<NameParam>,
) -> Result<Response> {
    let (snap, owners) = load(&state, &realm, &id, &admin).await?;
    let Some(name) = q.name else {
        return Ok(StatusCode::BAD_REQUEST.into_response());
    };
    let owner = q.owner.unwrap_or_else(|| snap.id.clone());
    let found = snap
        .resources
        .iter()
        .find(|r| r.name == name && (r.owner == owner || owners.get(&r.owner) == Some(&owner)));
    Ok(match found {
        Some(r) => Json(convert::resource(&snap, r, &owners, true)).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// The owner id a representation names: a user (id or username) or the resource server.
async fn owner_id(
    c: &mut Conn,
    realm: &Realm,
    client: &ClientRow,
    owner: Option<&OwnerRepresentation>,
) -> Result<String> {
    let (id, name) = match owner {
        None => return Ok(client.id.clone()),
        Some(OwnerRepresentation::Name(n)) => (Some(n.clone()), Some(n.clone())),
        Some(OwnerRepresentation::Object { id, name }) => (id.clone(), name.clone()),
    };
    for cand in [id, name].into_iter().flatten() {
        if cand == client.id || cand == client.client_id {
            return Ok(client.id.clone());
        }
        if let Some(u) = store::users::by_id(&mut *c, &realm.id, &cand).await? {
            return Ok(u.id);
        }
        if let Some(u) = store::users::by_username(&mut *c, &realm.id, &cand).await? {
            return Ok(u.id);
        }
    }
    Err(invalid("Could not find the resource owner"))
}

/// Applies `rep` onto `r`; scopes named but missing are created, as Keycloak does.
pub async fn apply(
    c: &mut Conn,
    key: &ServerKey,
    snap: &mut Snapshot,
    r: &mut Resource,
    rep: ResourceRepresentation,
) -> Result<()> {
    if let Some(n) = rep.name {
        r.name = n;
    }
    if r.name.trim().is_empty() {
        return Err(invalid("Resource name is required"));
    }
    r.display_name = rep.display_name.or(r.display_name.take());
    r.type_ = rep.type_.or(r.type_.take());
    r.icon_uri = rep.icon_uri.or(r.icon_uri.take());
    if let Some(o) = rep.owner_managed_access {
        r.owner_managed_access = o;
    }
    if let Some(mut uris) = rep.uris {
        uris.extend(rep.uri);
        uris.retain(|u| !u.trim().is_empty());
        r.uris = uris;
    } else if let Some(u) = rep.uri {
        r.uris = vec![u];
    }
    if let Some(a) = rep.attributes {
        r.attributes = a;
    }
    if let Some(scopes) = rep.scopes {
        r.scopes.clear();
        for s in scopes {
            let found =
                s.id.as_deref()
                    .and_then(|id| snap.scope(id))
                    .or_else(|| s.name.as_deref().and_then(|n| snap.scope_by_name(n)))
                    .map(|x| x.id.clone());
            let id = match (found, s.name) {
                (Some(id), _) => id,
                (None, Some(name)) if !name.trim().is_empty() => {
                    let scope = Scope {
                        id: new_id(),
                        name,
                        ..Default::default()
                    };
                    store::authz::scopes::insert(&mut *c, key, &scope).await?;
                    let id = scope.id.clone();
                    snap.scopes.push(scope);
                    id
                }
                _ => return Err(invalid("Scope must have a name or an existing id")),
            };
            if !r.scopes.contains(&id) {
                r.scopes.push(id);
            }
        }
    }
    Ok(())
}

pub async fn create(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Strict(rep, _): Strict<AuthzResourceRep, ResourceRepresentation>,
) -> Result<Response> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (client, key, settings) = server(&mut tx, &realm, &id).await?;
    let mut snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    let mut r = Resource {
        id: new_id(),
        owner: owner_id(&mut tx, &realm, &client, rep.owner.as_ref()).await?,
        ..Default::default()
    };
    apply(&mut tx, &key, &mut snap, &mut r, rep).await?;
    if snap
        .resources
        .iter()
        .any(|x| x.name == r.name && x.owner == r.owner)
    {
        return Err(crate::store::authz::conflicts::exists("Resource", &r.name));
    }
    store::authz::resources::insert(&mut tx, &key, &r).await?;
    let owners = owner_names(&mut tx, &realm.id, &client, &snap).await?;
    let mut owners = owners;
    if let Some(u) = store::users::by_id(&mut tx, &realm.id, &r.owner).await? {
        owners.insert(u.id, u.username);
    }
    state.commit(tx, Change::Users).await?;
    let body = convert::resource(&snap, &r, &owners, true);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

pub async fn read(
    State(state): State<AppState>,
    Path((realm, id, rid)): P3,
    admin: Admin,
) -> Result<Response> {
    let (snap, owners) = load(&state, &realm, &id, &admin).await?;
    Ok(match snap.resource(&rid) {
        Some(r) => Json(convert::resource(&snap, r, &owners, true)).into_response(),
        None => gone(),
    })
}

pub async fn update(
    State(state): State<AppState>,
    Path((realm, id, rid)): P3,
    admin: Admin,
    Strict(rep, _): Strict<AuthzResourceRep, ResourceRepresentation>,
) -> Result<Response> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, &id).await?;
    let mut snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    let Some(mut r) = snap.resource(&rid).cloned() else {
        return Ok(gone());
    };
    apply(&mut tx, &key, &mut snap, &mut r, rep).await?;
    if snap
        .resources
        .iter()
        .any(|x| x.id != r.id && x.name == r.name && x.owner == r.owner)
    {
        return Err(crate::store::authz::conflicts::exists("Resource", &r.name));
    }
    store::authz::resources::update(&mut tx, &key, &r).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Deletes the resource, and the permissions that protected only it.
pub async fn remove(
    State(state): State<AppState>,
    Path((realm, id, rid)): P3,
    admin: Admin,
) -> Result<Response> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, &id).await?;
    let snap = store::authz::snapshot(&mut tx, &key, settings).await?;
    if snap.resource(&rid).is_none() {
        return Ok(gone());
    }
    for p in snap
        .policies
        .iter()
        .filter(|p| p.resources == [rid.clone()])
    {
        store::authz::policies::delete(&mut tx, &key, &p.id).await?;
    }
    store::authz::resources::delete(&mut tx, &key, &rid).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn scopes(
    State(state): State<AppState>,
    Path((realm, id, rid)): P3,
    admin: Admin,
) -> Result<Response> {
    let (snap, _) = load(&state, &realm, &id, &admin).await?;
    let Some(r) = snap.resource(&rid) else {
        return Ok(gone());
    };
    let body: Vec<Value> = r
        .scopes
        .iter()
        .filter_map(|s| snap.scope(s))
        .map(convert::scope)
        .collect();
    Ok(Json(body).into_response())
}

/// The permissions that apply to the resource: by link, by type, or through its scopes.
pub async fn permissions(
    State(state): State<AppState>,
    Path((realm, id, rid)): P3,
    admin: Admin,
) -> Result<Response> {
    let (snap, _) = load(&state, &realm, &id, &admin).await?;
    let Some(r) = snap.resource(&rid) else {
        return Ok(gone());
    };
    let body: Vec<Value> = snap
        .policies
        .iter()
        .filter(|p| p.is_permission())
        .filter(|p| {
            p.resources.contains(&r.id)
                || (p.type_ == "resource"
                    && r.type_.is_some()
                    && p.config.get("defaultResourceType") == r.type_.as_ref())
                || (p.type_ == "scope"
                    && p.resources.is_empty()
                    && p.scopes.iter().any(|s| r.scopes.contains(s)))
        })
        .map(convert::common)
        .collect();
    Ok(Json(body).into_response())
}

pub async fn attributes(
    State(state): State<AppState>,
    Path((realm, id, rid)): P3,
    admin: Admin,
) -> Result<Response> {
    let (snap, _) = load(&state, &realm, &id, &admin).await?;
    Ok(match snap.resource(&rid) {
        Some(r) => Json(&r.attributes).into_response(),
        None => gone(),
    })
}
