//! `/admin/realms/{realm}/groups`: list and search (with the ancestor hierarchy), count,
//! create or move to top level, read, rename, delete; `/group-by-path/{path}`.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::GroupRepresentation;
use serde_json::{json, Value};

use super::convert::{self, Shape};
use super::params::Params;
use super::tree::{location, move_group, new_row};
use super::{access, children, load, rules};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::JsonBody;
use crate::state::{AppState, Change};
use crate::store::groups::{Found, NameMatch, Scope};
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/groups";
    Router::new()
        .route(base, get(list).post(create))
        .route(&format!("{base}/count"), get(count))
        .route(
            &format!("{base}/{{id}}"),
            get(read).put(update).delete(remove),
        )
        .route(
            &format!("{base}/{{id}}/children"),
            get(children::list).post(children::add),
        )
        .route("/admin/realms/{realm}/group-by-path/{*path}", get(by_path))
}

/// `GET /groups`: top-level groups, or the groups matching `q` (attributes) or `search`
/// (name), one page of them, hung under their ancestors unless `populateHierarchy=false`.
async fn list(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    p: Params,
) -> Result<Json<Vec<GroupRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::QueryGroups)?;
    // Keycloak lists only the groups the caller may view: `query-groups` alone passes the
    // check above but sees an empty list (without fine-grained admin permissions).
    if admin.require(&realm, Perm::ViewUsers).is_err() {
        return Ok(Json(Vec::new()));
    }
    let page = p.page(None)?;
    let shape = Shape {
        full: !p.bool("briefRepresentation", true),
        count: p.bool("subGroupsCount", true),
        access: Some(access(&admin, &realm)),
    };
    let mut conn = state.db.conn().await?;
    let matched = if let Some(q) = p.str("q") {
        let pairs = rules::parse_q(q);
        store::groups::with_attributes(&mut conn, &realm.id, &pairs, page).await?
    } else {
        let (scope, name) = match p.str("search") {
            Some(s) if p.bool("exact", false) => (Scope::All, NameMatch::Exact(s.trim().into())),
            Some(s) => (Scope::All, NameMatch::Contains(s.trim().into())),
            None => (Scope::TopLevel, NameMatch::Any),
        };
        let mut page = store::groups::list(&mut conn, &realm.id, scope, &name, page).await?;
        // The database picks the page in its collation; Keycloak then sorts it by name.
        page.sort_by(|a, b| a.group.name.cmp(&b.group.name));
        page
    };
    if !p.bool("populateHierarchy", true) {
        return Ok(Json(
            matched.iter().map(|f| convert::to_rep(f, &shape)).collect(),
        ));
    }
    let known = with_ancestors(&mut conn, &realm.id, &matched).await?;
    let trees = rules::hierarchy(&matched, &known);
    Ok(Json(
        trees
            .iter()
            .map(|t| convert::tree_to_rep(t, &shape))
            .collect(),
    ))
}

/// The matched groups and all their ancestors by id, loaded one tree level per query.
async fn with_ancestors(
    c: &mut Conn,
    realm_id: &str,
    matched: &[Found],
) -> Result<HashMap<String, Found>> {
    let mut known: HashMap<String, Found> = matched
        .iter()
        .map(|f| (f.group.id.clone(), f.clone()))
        .collect();
    let mut pending: Vec<String> = matched
        .iter()
        .filter_map(|f| f.group.parent_id.clone())
        .collect();
    loop {
        let missing: Vec<String> = pending
            .into_iter()
            .filter(|p| !known.contains_key(p))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        if missing.is_empty() {
            return Ok(known);
        }
        let parents = store::groups::by_ids(c, realm_id, &missing).await?;
        if parents.is_empty() {
            return Ok(known);
        }
        pending = parents
            .iter()
            .filter_map(|f| f.group.parent_id.clone())
            .collect();
        for f in parents {
            known.insert(f.group.id.clone(), f);
        }
    }
}

/// `GET /groups/count`: `{"count": n}` of all groups, name matches, or top-level ones.
async fn count(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    p: Params,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::QueryGroups)?;
    let (scope, name) = match p.str("search") {
        Some(s) => (Scope::All, NameMatch::Contains(s.to_string())),
        None if p.bool("top", false) => (Scope::TopLevel, NameMatch::Any),
        None => (Scope::All, NameMatch::Any),
    };
    let mut conn = state.db.conn().await?;
    let n = store::groups::count(&mut conn, &realm.id, scope, &name).await?;
    Ok(Json(json!({ "count": n })))
}

/// `POST /groups`: creates a top-level group (201), or with the `id` of an existing group
/// moves that group to the top level (204).
async fn create(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    base: Base,
    JsonBody(rep): JsonBody<GroupRepresentation>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let name = rules::required_name(rep.name.as_deref())?;
    let taken = || Error::conflict(format!("Top level group named '{name}' already exists."));
    let mut tx = state.begin().await?;
    if let Some(id) = &rep.id {
        let child = store::groups::by_id(&mut tx, &realm.id, id)
            .await?
            .ok_or_else(|| Error::not_found("Could not find child by id"))?;
        if child.group.parent_id.is_some() {
            move_group(&mut tx, &realm.id, &child.group, None, taken()).await?;
        }
        state.commit(tx, Change::Users).await?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let row = new_row(&rep, name.clone(), None)?;
    if store::groups::by_path(&mut tx, &realm.id, &row.path)
        .await?
        .is_some()
    {
        return Err(taken());
    }
    store::groups::insert(&mut tx, &realm.id, &row).await?;
    state.commit(tx, Change::Users).await?;
    let location = location(&base, &realm.name, &row.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

/// `GET /groups/{id}`: the full representation with `access` and `subGroupCount`.
async fn read(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<GroupRepresentation>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    let found = load(&mut conn, &realm, &id).await?;
    let shape = Shape {
        full: true,
        count: true,
        access: Some(access(&admin, &realm)),
    };
    Ok(Json(convert::to_rep(&found, &shape)))
}

/// `PUT /groups/{id}`: renames (every descendant's path follows) and replaces attributes
/// when sent; subgroups in the body are ignored.
async fn update(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    JsonBody(rep): JsonBody<GroupRepresentation>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    let found = load(&mut tx, &realm, &id).await?;
    let g = &found.group;
    let name = rules::required_name(rep.name.as_deref())?;
    if rep.id.as_deref().is_some_and(|rid| rid != id) {
        return Err(Error::bad_request("Invalid group id"));
    }
    if name != g.name {
        let path = rules::child_path(rules::parent_path(g), &name);
        let clash = store::groups::by_path(&mut tx, &realm.id, &path).await?;
        if clash.is_some_and(|other| other.id != g.id) {
            return Err(Error::conflict(format!(
                "Sibling group named '{name}' already exists."
            )));
        }
        store::groups::relocate(&mut tx, &realm.id, g, g.parent_id.as_deref(), &name, &path)
            .await?;
    }
    if let Some(attrs) = &rep.attributes {
        store::groups::set_attributes(&mut tx, &realm.id, &g.id, attrs).await?;
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /groups/{id}`: the group, its subtree and their memberships.
async fn remove(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    if !store::groups::delete(&mut tx, &realm.id, &id).await? {
        return Err(super::group_not_found());
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /group-by-path/{path}`: the full representation with `subGroupCount`.
async fn by_path(
    State(state): State<AppState>,
    Path((realm, path)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<GroupRepresentation>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let not_found = || Error::not_found("Group path does not exist");
    let path = rules::normalize_path(&path).ok_or_else(not_found)?;
    let mut conn = state.db.conn().await?;
    let found = store::groups::found_by_path(&mut conn, &realm.id, &path)
        .await?
        .ok_or_else(not_found)?;
    let shape = Shape {
        full: true,
        count: true,
        access: None,
    };
    Ok(Json(convert::to_rep(&found, &shape)))
}
