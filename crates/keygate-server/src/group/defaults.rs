//! `/admin/realms/{realm}/default-groups`: the groups every new user joins.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use keygate_model::GroupRepresentation;

use super::convert::{self, Shape};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::groups::members;
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/default-groups";
    Router::new()
        .route(base, get(list))
        .route(&format!("{base}/{{group_id}}"), put(add).delete(remove))
}

/// `GET /default-groups`: brief representations, by name.
async fn list(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<Vec<GroupRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewRealm)?;
    let mut conn = state.db.conn().await?;
    let groups = members::defaults(&mut conn, &realm.id).await?;
    let shape = Shape::default();
    Ok(Json(
        groups.iter().map(|f| convert::to_rep(f, &shape)).collect(),
    ))
}

async fn existing(c: &mut Conn, realm: &Realm, id: &str) -> Result<String> {
    Ok(store::groups::by_id(c, &realm.id, id)
        .await?
        .ok_or_else(|| Error::not_found("Group not found"))?
        .group
        .id)
}

/// `PUT /default-groups/{group_id}`.
async fn add(
    State(state): State<AppState>,
    Path((realm, group_id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let mut tx = state.begin().await?;
    let id = existing(&mut tx, &realm, &group_id).await?;
    members::add_default(&mut tx, &realm.id, &id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /default-groups/{group_id}`.
async fn remove(
    State(state): State<AppState>,
    Path((realm, group_id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let mut tx = state.begin().await?;
    let id = existing(&mut tx, &realm, &group_id).await?;
    members::remove_default(&mut tx, &realm.id, &id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}
