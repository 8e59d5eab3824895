//! Realm roles (`/roles`), client roles (`/clients/{id}/roles`) and roles by id
//! (`/roles-by-id/{role-id}`): list, create, read, update, delete, and the users and
//! groups a role is mapped to.

use std::collections::HashMap;

use crate::http::query::Query;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::{GroupRepresentation, RoleRepresentation, UserRepresentation};
use serde::Deserialize;
use serde_json::Value;

use super::access::{self, require_list, require_manage, require_view};
use super::convert::{self, encode_segment, role_rep};
use super::target::{self, locate, open_page, Target, UNBOUNDED};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::JsonBody;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::roles::{Holder, RoleRow};
use crate::store::{self, Conn};
use crate::user::convert as user_convert;

pub fn routes() -> Router<AppState> {
    let mut r = Router::new();
    for base in [
        "/admin/realms/{realm}/roles",
        "/admin/realms/{realm}/clients/{id}/roles",
    ] {
        r = r
            .route(base, get(list).post(create))
            .route(
                &format!("{base}/{{role}}"),
                get(read).put(update).delete(remove),
            )
            .route(&format!("{base}/{{role}}/users"), get(users))
            .route(&format!("{base}/{{role}}/groups"), get(groups));
    }
    r.route(
        "/admin/realms/{realm}/roles-by-id/{role_id}",
        get(read).put(update).delete(remove),
    )
}

/// Query parameters of the role listings.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListParams {
    search: Option<String>,
    first: Option<i64>,
    max: Option<i64>,
    brief_representation: Option<bool>,
}

async fn list(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let t = target::resolve(&state, &admin, &path).await?;
    require_list(&admin, &t)?;
    let search = p.search.as_deref().filter(|s| !s.trim().is_empty());
    // Keycloak pages a plain listing only when both bounds are given.
    let (first, max) = match (search, p.first, p.max) {
        (Some(_), first, max) | (None, first @ Some(_), max @ Some(_)) => open_page(first, max),
        _ => (0, UNBOUNDED),
    };
    let mut conn = state.db.conn().await?;
    let roles = store::roles::list(&mut conn, t.container_id(), search, first, max).await?;
    let brief = p.brief_representation.unwrap_or(true);
    Ok(Json(convert::role_reps(&roles, brief)))
}

async fn create(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    base: Base,
    JsonBody(rep): JsonBody<RoleRepresentation>,
) -> Result<Response> {
    let t = target::resolve(&state, &admin, &path).await?;
    require_manage(&admin, &t)?;
    let name = rep
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::bad_request("role has no name"))?;
    let row = RoleRow {
        id: uuid::Uuid::new_v4().to_string(),
        container_id: t.container_id().to_string(),
        client_role: matches!(t.container, target::Container::Client { .. }),
        name: name.clone(),
        description: rep.description.clone(),
        attributes: serde_json::to_string(&rep.attributes.clone().unwrap_or_default())?,
    };
    let mut tx = state.begin().await?;
    store::roles::insert(&mut tx, &t.realm.id, &row).await?;
    if rep.composite == Some(true) {
        if let Some(comp) = &rep.composites {
            add_named_composites(&mut tx, &admin, &t.realm, &row.id, comp).await?;
        }
    }
    state.commit(tx, Change::Realm).await?;
    let location = format!(
        "{}/admin/realms/{}/{}/{}",
        base.0,
        t.realm.name,
        t.roles_path(),
        encode_segment(&name)
    );
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

/// The `composites` of a created role's representation, by name (Keycloak KEYCLOAK-12754):
/// unknown realm roles are 404, clients that do not exist are skipped.
async fn add_named_composites(
    c: &mut Conn,
    admin: &Admin,
    realm: &Realm,
    parent: &str,
    comp: &keygate_model::RoleComposites,
) -> Result<()> {
    for name in comp.realm.iter().flatten() {
        let child = store::roles::entry_by_name(c, &realm.id, name)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("Realm Role with name {name} does not exist"))
            })?;
        access::require_map_composite(admin, realm, &child)?;
        store::roles::add_composite(c, parent, &child.role.id).await?;
    }
    for (client_id, names) in comp.client.iter().flatten() {
        let Some(client) = realm.client(client_id) else {
            continue;
        };
        for name in names {
            let child = store::roles::entry_by_name(c, &client.id, name)
                .await?
                .ok_or_else(|| {
                    Error::not_found(format!("Client Role with name {name} does not exist"))
                })?;
            access::require_map_composite(admin, realm, &child)?;
            store::roles::add_composite(c, parent, &child.role.id).await?;
        }
    }
    Ok(())
}

async fn read(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<RoleRepresentation>> {
    let mut conn = state.db.conn().await?;
    let (_, role) = locate(&state, &admin, &path, &mut conn, require_view).await?;
    Ok(Json(role_rep(&role, false)))
}

async fn update(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    JsonBody(rep): JsonBody<RoleRepresentation>,
) -> Result<StatusCode> {
    let mut tx = state.begin().await?;
    let (t, role) = locate(&state, &admin, &path, &mut tx, require_manage).await?;
    let mut row = role.role.clone();
    if let Some(name) = rep.name.filter(|n| !n.is_empty()) {
        row.name = name;
    }
    row.description = rep.description;
    if let Some(attrs) = &rep.attributes {
        row.attributes = serde_json::to_string(attrs)?;
    }
    store::roles::update(&mut tx, &t.realm.id, &row).await?;
    if row.name != role.role.name && target::is_default_role(&t.realm, &role) {
        rename_default_role(&mut tx, &t.realm, &row.name).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Keeps the realm's `defaultRole` pointing at its role across a rename (Keycloak refers to
/// it by id; Keygate's settings name it).
async fn rename_default_role(c: &mut Conn, realm: &Realm, name: &str) -> Result<()> {
    let mut row = store::realms::by_name(c, &realm.name)
        .await?
        .ok_or_else(|| Error::not_found("Realm not found."))?;
    let mut data: Value = serde_json::from_str(&row.data)?;
    if let Some(default) = data.get_mut("defaultRole").and_then(Value::as_object_mut) {
        default.insert("name".into(), Value::from(name));
        row.data = data.to_string();
        store::realms::update(c, &row).await?;
    }
    Ok(())
}

async fn remove(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<StatusCode> {
    let mut tx = state.begin().await?;
    let (t, role) = locate(&state, &admin, &path, &mut tx, require_manage).await?;
    if target::is_default_role(&t.realm, &role) {
        return Err(Error::bad_request(format!(
            "{} is default role of the realm and cannot be removed.",
            role.role.name
        )));
    }
    store::roles::delete(&mut tx, &t.realm.id, &role.role.id).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Query parameters of `/users` and `/groups` under a role.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MemberParams {
    first: Option<i64>,
    max: Option<i64>,
    brief_representation: Option<bool>,
}

/// Users the role is mapped to directly (not through groups or composites), by username.
async fn users(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    Query(p): Query<MemberParams>,
) -> Result<Json<Vec<UserRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let view_and_query = |a: &Admin, t: &Target| {
        require_view(a, t)?;
        a.require(&t.realm, Perm::QueryUsers).map(drop)
    };
    let (t, role) = locate(&state, &admin, &path, &mut conn, view_and_query).await?;
    let (first, max) = target::member_page(p.first, p.max);
    let ids =
        store::roles::mappings::user_ids_in_role(&mut conn, &role.role.id, first, max).await?;
    let brief = p.brief_representation.unwrap_or(false);
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(u) = store::users::by_id(&mut conn, &t.realm.id, &id).await? {
            out.push(user_convert::to_rep(&u, brief));
        }
    }
    Ok(Json(out))
}

/// Groups the role is mapped to directly, by name.
async fn groups(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    Query(p): Query<MemberParams>,
) -> Result<Json<Vec<GroupRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let (_, role) = locate(&state, &admin, &path, &mut conn, require_view).await?;
    let (first, max) = target::member_page(p.first, p.max);
    let groups =
        store::roles::mappings::groups_in_role(&mut conn, &role.role.id, first, max).await?;
    let full = !p.brief_representation.unwrap_or(true);
    let mut out = Vec::with_capacity(groups.len());
    for g in &groups {
        let roles = if full {
            Some(store::roles::mappings::direct(&mut conn, Holder::Group, &g.id, None).await?)
        } else {
            None
        };
        out.push(convert::group_rep(g, roles.as_deref()));
    }
    Ok(Json(out))
}
