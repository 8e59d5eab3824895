//! Memberships from both sides: `/groups/{id}/members`, and a user's
//! `/users/{id}/groups` (list, count, join, leave).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use keygate_model::{GroupRepresentation, UserRepresentation};
use serde_json::{json, Value};

use super::convert::{self, Shape};
use super::load;
use super::params::Params;
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::groups::{members, NameMatch};
use crate::store::users::UserRow;
use crate::store::{self, Conn};
use crate::user::convert as user_convert;

pub fn routes() -> Router<AppState> {
    let users = "/admin/realms/{realm}/users/{id}/groups";
    Router::new()
        .route(
            "/admin/realms/{realm}/groups/{id}/members",
            get(list_members),
        )
        .route(users, get(user_groups))
        .route(&format!("{users}/count"), get(user_group_count))
        .route(&format!("{users}/{{group_id}}"), put(join).delete(leave))
}

/// `GET /groups/{id}/members`: `first` (0), `max` (100), `briefRepresentation` (false);
/// ordered by username.
async fn list_members(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    p: Params,
) -> Result<Json<Vec<UserRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let page = p.page(Some(100))?;
    let brief = p.bool("briefRepresentation", false);
    let mut conn = state.db.conn().await?;
    let group = load(&mut conn, &realm, &id).await?;
    let ids = members::member_ids(&mut conn, &group.group.id, page).await?;
    let mut out = Vec::with_capacity(ids.len());
    for uid in ids {
        if let Some(u) = store::users::by_id(&mut conn, &realm.id, &uid).await? {
            let mut rep = user_convert::to_rep(&u, brief);
            rep.access = None;
            out.push(rep);
        }
    }
    Ok(Json(out))
}

fn user_not_found() -> Error {
    Error::not_found("User not found")
}

fn group_not_found() -> Error {
    Error::not_found("Group not found")
}

async fn load_user(c: &mut Conn, realm: &Realm, id: &str) -> Result<UserRow> {
    store::users::by_id(c, &realm.id, id)
        .await?
        .ok_or_else(user_not_found)
}

fn name_filter(p: &Params) -> NameMatch {
    p.str("search").map_or(NameMatch::Any, |s| {
        NameMatch::Contains(s.trim().to_string())
    })
}

/// `GET /users/{id}/groups`: the user's direct groups by name; `search`, `first`, `max`,
/// `briefRepresentation` (true).
async fn user_groups(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    p: Params,
) -> Result<Json<Vec<GroupRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let page = p.page(None)?;
    let shape = Shape {
        full: !p.bool("briefRepresentation", true),
        ..Shape::default()
    };
    let mut conn = state.db.conn().await?;
    let user = load_user(&mut conn, &realm, &id).await?;
    let groups = members::of_user(&mut conn, &realm.id, &user.id, &name_filter(&p), page).await?;
    Ok(Json(
        groups.iter().map(|f| convert::to_rep(f, &shape)).collect(),
    ))
}

/// `GET /users/{id}/groups/count`: `{"count": n}`, optionally of names matching `search`.
async fn user_group_count(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    p: Params,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    let user = load_user(&mut conn, &realm, &id).await?;
    let n = members::count_of_user(&mut conn, &realm.id, &user.id, &name_filter(&p)).await?;
    Ok(Json(json!({ "count": n })))
}

/// `PUT /users/{id}/groups/{group_id}`: joins the group (no change if already a member).
async fn join(
    State(state): State<AppState>,
    Path((realm, id, group_id)): Path<(String, String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    let user = load_user(&mut tx, &realm, &id).await?;
    let group = store::groups::by_id(&mut tx, &realm.id, &group_id)
        .await?
        .ok_or_else(group_not_found)?;
    store::groups::add_member(&mut tx, &user.id, &group.group.id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /users/{id}/groups/{group_id}`: leaves the group (no change if not a member).
async fn leave(
    State(state): State<AppState>,
    Path((realm, id, group_id)): Path<(String, String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    let user = load_user(&mut tx, &realm, &id).await?;
    let group = store::groups::by_id(&mut tx, &realm.id, &group_id)
        .await?
        .ok_or_else(group_not_found)?;
    members::remove_member(&mut tx, &user.id, &group.group.id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}
