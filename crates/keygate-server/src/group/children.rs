//! `/admin/realms/{realm}/groups/{id}/children`: the direct subgroups, paged in the
//! database, and creating a subgroup or moving an existing group under this one.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use keygate_model::GroupRepresentation;

use super::convert::{self, Shape};
use super::params::Params;
use super::tree::{location, move_group, new_row};
use super::{access, load, rules};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::JsonBody;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::groups::{NameMatch, Scope};

/// `GET /groups/{id}/children`: `first` (0), `max` (10), `search`, `exact`,
/// `briefRepresentation` (false), `subGroupsCount` (true).
pub async fn list(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    p: Params,
) -> Result<Json<Vec<GroupRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let page = p.page(Some(10))?;
    let name = match p.str("search") {
        None => NameMatch::Any,
        Some(s) if p.bool("exact", false) => NameMatch::Exact(s.to_string()),
        Some(s) => NameMatch::Contains(s.to_string()),
    };
    let shape = Shape {
        full: !p.bool("briefRepresentation", false),
        count: p.bool("subGroupsCount", true),
        access: Some(access(&admin, &realm)),
    };
    let mut conn = state.db.conn().await?;
    let parent = load(&mut conn, &realm, &id).await?;
    let scope = Scope::ChildrenOf(&parent.group.id);
    let rows = store::groups::list(&mut conn, &realm.id, scope, &name, page).await?;
    Ok(Json(
        rows.iter().map(|f| convert::to_rep(f, &shape)).collect(),
    ))
}

/// `POST /groups/{id}/children`: creates a subgroup (201 with `Location` and the new
/// group), or with the `id` of an existing group moves that group here (204).
pub async fn add(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    base: Base,
    JsonBody(rep): JsonBody<GroupRepresentation>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    let parent = load(&mut tx, &realm, &id).await?.group;
    let name = rules::required_name(rep.name.as_deref())?;
    let taken = || Error::conflict(format!("Sibling group named '{name}' already exists."));
    if let Some(child_id) = &rep.id {
        let child = store::groups::by_id(&mut tx, &realm.id, child_id)
            .await?
            .ok_or_else(|| Error::not_found("Could not find child by id"))?
            .group;
        if child.parent_id.as_deref() != Some(parent.id.as_str()) {
            move_group(&mut tx, &realm.id, &child, Some(&parent), taken()).await?;
        }
        state.commit(tx, Change::Users).await?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let row = new_row(&rep, name.clone(), Some(&parent))?;
    if store::groups::by_path(&mut tx, &realm.id, &row.path)
        .await?
        .is_some()
    {
        return Err(taken());
    }
    store::groups::insert(&mut tx, &realm.id, &row).await?;
    let created = load(&mut tx, &realm, &row.id).await?;
    state.commit(tx, Change::Users).await?;
    let shape = Shape {
        full: true,
        count: false,
        access: Some(access(&admin, &realm)),
    };
    let location = location(&base, &realm.name, &row.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(convert::to_rep(&created, &shape)),
    )
        .into_response())
}
