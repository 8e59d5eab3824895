//! Role mappings of users (`/users/{id}/role-mappings`) and groups
//! (`/groups/{id}/role-mappings`): all of them, then per realm (`/realm`) or per client
//! (`/clients/{client}`) the direct mappings, the roles still `available` to map, and the
//! effective (`composite`) roles — for a user exactly those its tokens carry.

use std::collections::HashMap;
use std::sync::Arc;

use crate::http::query::Query;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::RoleRepresentation;
use serde::Deserialize;

use super::access::{can_map_role, require_map_role};
use super::convert::{self, required_role_refs, role_refs, MappingsRepresentation, RoleRef};
use super::target::{self, param};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::roles::{Holder, RoleEntry};
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    let r = mount::<false>(
        Router::new(),
        "/admin/realms/{realm}/users/{id}/role-mappings",
    );
    mount::<true>(r, "/admin/realms/{realm}/groups/{id}/role-mappings")
}

/// The routes for one kind of holder: `GROUP` is false for users, true for groups.
fn mount<const GROUP: bool>(r: Router<AppState>, base: &str) -> Router<AppState> {
    let mut r = r.route(base, get(all::<GROUP>));
    for part in ["realm", "clients/{client}"] {
        r = r
            .route(
                &format!("{base}/{part}"),
                get(direct::<GROUP>)
                    .post(add::<GROUP>)
                    .delete(remove::<GROUP>),
            )
            .route(&format!("{base}/{part}/available"), get(available::<GROUP>))
            .route(&format!("{base}/{part}/composite"), get(composite::<GROUP>));
    }
    r
}

/// A resolved mapping endpoint: whose mappings, and which container's roles (the realm's
/// unless the path names a client).
struct Mapping {
    realm: Arc<Realm>,
    holder: Holder,
    holder_id: String,
    client: Option<String>,
}

impl Mapping {
    fn container_id(&self) -> &str {
        self.client.as_deref().unwrap_or(&self.realm.id)
    }
}

/// Resolves the holder and client in Keycloak's order — the holder's 404 (a missing user
/// is 403 to those who may not query users), the client's 404, then the view or manage
/// permission.
async fn mapping<const GROUP: bool>(
    state: &AppState,
    admin: &Admin,
    path: &HashMap<String, String>,
    c: &mut Conn,
    manage: bool,
) -> Result<Mapping> {
    let realm = state.realms.get(&state.db, param(path, "realm")?).await?;
    let id = param(path, "id")?;
    let holder = if GROUP {
        if store::roles::mappings::group_by_id(c, &realm.id, id)
            .await?
            .is_none()
        {
            return Err(Error::not_found("Could not find group by id"));
        }
        Holder::Group
    } else {
        if store::users::by_id(c, &realm.id, id).await?.is_none() {
            return Err(match admin.require(&realm, Perm::QueryUsers) {
                Ok(_) => Error::not_found("User not found"),
                Err(_) => Error::Forbidden,
            });
        }
        Holder::User
    };
    let client = match path.get("client") {
        Some(client) => Some(target::client(&realm, client, "Client not found")?),
        None => None,
    };
    admin.require(
        &realm,
        if manage {
            Perm::ManageUsers
        } else {
            Perm::ViewUsers
        },
    )?;
    Ok(Mapping {
        realm,
        holder,
        holder_id: id.to_string(),
        client,
    })
}

async fn all<const GROUP: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<MappingsRepresentation>> {
    let mut conn = state.db.conn().await?;
    let m = mapping::<GROUP>(&state, &admin, &path, &mut conn, false).await?;
    let direct = store::roles::mappings::direct(&mut conn, m.holder, &m.holder_id, None).await?;
    Ok(Json(convert::mappings(&direct)))
}

async fn direct<const GROUP: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let m = mapping::<GROUP>(&state, &admin, &path, &mut conn, false).await?;
    let roles =
        store::roles::mappings::direct(&mut conn, m.holder, &m.holder_id, Some(m.container_id()))
            .await?;
    Ok(Json(convert::role_reps(&roles, true)))
}

/// The container's roles not mapped directly, that the caller may map.
async fn available<const GROUP: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let m = mapping::<GROUP>(&state, &admin, &path, &mut conn, false).await?;
    let roles =
        store::roles::mappings::unmapped(&mut conn, m.holder, &m.holder_id, m.container_id())
            .await?;
    Ok(Json(
        roles
            .iter()
            .filter(|e| can_map_role(&admin, &m.realm, e))
            .map(|e| convert::role_rep(e, true))
            .collect(),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompositeParams {
    brief_representation: Option<bool>,
}

/// The container's roles held effectively: directly, through composites and, for users,
/// through groups and their parents; for groups, through parent groups.
async fn composite<const GROUP: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    Query(p): Query<CompositeParams>,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let m = mapping::<GROUP>(&state, &admin, &path, &mut conn, false).await?;
    let roles =
        store::roles::mappings::effective(&mut conn, m.holder, &m.holder_id, m.container_id())
            .await?;
    let brief = p.brief_representation.unwrap_or(true);
    Ok(Json(convert::role_reps(&roles, brief)))
}

/// A role a mappings body names, in the endpoint's container: by `name` (whose `id`, when
/// given, must match, as Keycloak requires), or by `id` alone.
async fn resolve_role(c: &mut Conn, m: &Mapping, r: &RoleRef) -> Result<RoleEntry> {
    let container = m.container_id();
    let found = match (&r.name, &r.id) {
        (Some(name), _) => store::roles::entry_by_name(c, container, name).await?,
        (None, Some(id)) => store::roles::entry_by_id(c, &m.realm.id, id)
            .await?
            .filter(|e| e.role.container_id == container),
        (None, None) => None,
    };
    found
        .filter(|e| r.id.as_ref().is_none_or(|id| *id == e.role.id))
        .ok_or_else(|| Error::not_found("Role not found"))
}

async fn add<const GROUP: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    body: Bytes,
) -> Result<StatusCode> {
    let refs = required_role_refs(&body)?;
    let mut tx = state.begin().await?;
    let m = mapping::<GROUP>(&state, &admin, &path, &mut tx, true).await?;
    for r in &refs {
        let role = resolve_role(&mut tx, &m, r).await?;
        require_map_role(&admin, &m.realm, &role)?;
        store::roles::mappings::grant(&mut tx, m.holder, &m.holder_id, &role.role.id).await?;
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the named mappings, or every mapping of the container when the body is empty.
async fn remove<const GROUP: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    body: Bytes,
) -> Result<StatusCode> {
    let refs = role_refs(&body)?;
    let mut tx = state.begin().await?;
    let m = mapping::<GROUP>(&state, &admin, &path, &mut tx, true).await?;
    let roles = match refs {
        None => {
            store::roles::mappings::direct(&mut tx, m.holder, &m.holder_id, Some(m.container_id()))
                .await?
        }
        Some(refs) => {
            let mut roles = Vec::with_capacity(refs.len());
            for r in &refs {
                roles.push(resolve_role(&mut tx, &m, r).await?);
            }
            roles
        }
    };
    for role in &roles {
        require_map_role(&admin, &m.realm, role)?;
        store::roles::mappings::revoke(&mut tx, m.holder, &m.holder_id, &role.role.id).await?;
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}
