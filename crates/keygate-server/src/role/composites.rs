//! A role's composite children: `.../composites` (list, add, remove), `.../composites/realm`
//! and `.../composites/clients/{client}`, for realm roles, client roles and roles by id.

use std::collections::HashMap;

use crate::http::query::Query;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::RoleRepresentation;
use serde::Deserialize;

use super::access::{self, require_manage, require_view};
use super::convert::{self, required_role_refs, RoleRef};
use super::target::{self, locate, open_page, param, Target, UNBOUNDED};
use crate::error::{Error, Result};
use crate::http::auth::Admin;
use crate::state::{AppState, Change};
use crate::store::roles::RoleEntry;
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    let mut r = Router::new();
    for role in [
        "/admin/realms/{realm}/roles/{role}",
        "/admin/realms/{realm}/clients/{id}/roles/{role}",
        "/admin/realms/{realm}/roles-by-id/{role_id}",
    ] {
        r = r
            .route(
                &format!("{role}/composites"),
                get(list).post(add).delete(remove),
            )
            .route(&format!("{role}/composites/realm"), get(realm_children))
            .route(
                &format!("{role}/composites/clients/{{client}}"),
                get(client_children),
            );
    }
    r
}

/// Query parameters of `GET /roles-by-id/{id}/composites` (ignored by name, as Keycloak).
#[derive(Debug, Default, Deserialize)]
struct ListParams {
    search: Option<String>,
    first: Option<i64>,
    max: Option<i64>,
}

async fn list(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let (_, role) = locate(&state, &admin, &path, &mut conn, require_view).await?;
    let (search, (first, max)) = if path.contains_key("role_id") {
        let search = p.search.as_deref().filter(|s| !s.trim().is_empty());
        (search, open_page(p.first, p.max))
    } else {
        (None, (0, UNBOUNDED))
    };
    let children = store::roles::children(&mut conn, &role.role.id, search, first, max).await?;
    Ok(Json(convert::role_reps(&children, true)))
}

async fn realm_children(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let (t, role) = locate(&state, &admin, &path, &mut conn, require_view).await?;
    let children = store::roles::children(&mut conn, &role.role.id, None, 0, UNBOUNDED).await?;
    Ok(Json(in_container(&children, &t.realm.id)))
}

async fn client_children(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let (t, role) = locate(&state, &admin, &path, &mut conn, require_view).await?;
    let client = target::client(&t.realm, param(&path, "client")?, "Could not find client")?;
    let children = store::roles::children(&mut conn, &role.role.id, None, 0, UNBOUNDED).await?;
    Ok(Json(in_container(&children, &client)))
}

fn in_container(children: &[RoleEntry], container_id: &str) -> Vec<RoleRepresentation> {
    children
        .iter()
        .filter(|e| e.role.container_id == container_id)
        .map(|e| convert::role_rep(e, true))
        .collect()
}

/// A role a composites body names: by `id` as Keycloak requires, or else by `name` (a
/// realm role, or a client role when `clientRole` and `containerId` say whose).
async fn resolve_child(c: &mut Conn, t: &Target, r: &RoleRef) -> Result<RoleEntry> {
    let found = match (&r.id, &r.name) {
        (Some(id), _) => store::roles::entry_by_id(c, &t.realm.id, id).await?,
        (None, Some(name)) => {
            let container = match (r.client_role, &r.container_id) {
                (Some(true), Some(id)) if t.realm.client_by_internal_id(id).is_some() => id,
                (Some(true), _) => return Err(Error::not_found("Could not find composite role")),
                _ => &t.realm.id,
            };
            store::roles::entry_by_name(c, container, name).await?
        }
        (None, None) => None,
    };
    found.ok_or_else(|| Error::not_found("Could not find composite role"))
}

async fn add(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    body: Bytes,
) -> Result<StatusCode> {
    let refs = required_role_refs(&body)?;
    let mut tx = state.begin().await?;
    let (t, role) = locate(&state, &admin, &path, &mut tx, require_manage).await?;
    for r in &refs {
        let child = resolve_child(&mut tx, &t, r).await?;
        access::require_map_composite(&admin, &t.realm, &child)?;
        store::roles::add_composite(&mut tx, &role.role.id, &child.role.id).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    body: Bytes,
) -> Result<StatusCode> {
    let refs = required_role_refs(&body)?;
    let mut tx = state.begin().await?;
    let (t, role) = locate(&state, &admin, &path, &mut tx, require_manage).await?;
    for r in &refs {
        let child = resolve_child(&mut tx, &t, r).await?;
        store::roles::remove_composite(&mut tx, &role.role.id, &child.role.id).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}
