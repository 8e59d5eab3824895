//! `.../protocol-mappers/*` of clients and client scopes: list, create (one or many), read,
//! update, delete, and list by protocol. Mappers live in the holder's representation.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use keygate_model::ProtocolMapperRepresentation;

use super::target::{param, Holder};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::JsonBody;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};

pub fn routes() -> Router<AppState> {
    let mut r = Router::new();
    for (base, scope) in [
        ("/admin/realms/{realm}/clients/{id}/protocol-mappers", false),
        (
            "/admin/realms/{realm}/client-scopes/{id}/protocol-mappers",
            true,
        ),
    ] {
        r = if scope {
            with_routes::<true>(r, base)
        } else {
            with_routes::<false>(r, base)
        };
    }
    r
}

fn with_routes<const SCOPE: bool>(r: Router<AppState>, base: &str) -> Router<AppState> {
    r.route(
        &format!("{base}/models"),
        get(list::<SCOPE>).post(create::<SCOPE>),
    )
    .route(&format!("{base}/add-models"), post(add_many::<SCOPE>))
    .route(
        &format!("{base}/models/{{mapper}}"),
        get(read::<SCOPE>)
            .put(update::<SCOPE>)
            .delete(remove::<SCOPE>),
    )
    .route(
        &format!("{base}/protocol/{{protocol}}"),
        get(by_protocol::<SCOPE>),
    )
}

fn model_not_found() -> Error {
    Error::not_found("Model not found")
}

fn duplicate() -> Error {
    Error::conflict("Protocol mapper exists with same name")
}

async fn realm_of(
    state: &AppState,
    path: &HashMap<String, String>,
    admin: &Admin,
    perm: Perm,
) -> Result<std::sync::Arc<Realm>> {
    let realm = state.realms.get(&state.db, param(path, "realm")?).await?;
    admin.require(&realm, perm)?;
    Ok(realm)
}

async fn list<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<Vec<ProtocolMapperRepresentation>>> {
    let realm = realm_of(&state, &path, &admin, Perm::ViewClients).await?;
    let mut conn = state.db.conn().await?;
    let h = Holder::load::<SCOPE>(&mut conn, &realm.id, param(&path, "id")?).await?;
    Ok(Json(h.mappers().to_vec()))
}

async fn by_protocol<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<Vec<ProtocolMapperRepresentation>>> {
    let realm = realm_of(&state, &path, &admin, Perm::ViewClients).await?;
    let protocol = param(&path, "protocol")?;
    let mut conn = state.db.conn().await?;
    let h = Holder::load::<SCOPE>(&mut conn, &realm.id, param(&path, "id")?).await?;
    let out = h
        .mappers()
        .iter()
        .filter(|m| m.protocol.as_deref() == Some(protocol))
        .cloned()
        .collect();
    Ok(Json(out))
}

async fn read<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<ProtocolMapperRepresentation>> {
    let realm = realm_of(&state, &path, &admin, Perm::ViewClients).await?;
    let mut conn = state.db.conn().await?;
    let h = Holder::load::<SCOPE>(&mut conn, &realm.id, param(&path, "id")?).await?;
    let id = param(&path, "mapper")?;
    h.mappers()
        .iter()
        .find(|m| m.id.as_deref() == Some(id))
        .cloned()
        .map(Json)
        .ok_or_else(model_not_found)
}

/// Adds one mapper to the holder: a fresh id unless one is given, a unique name.
fn push(h: &mut Holder, mut m: ProtocolMapperRepresentation) -> Result<String> {
    if !crate::oidc::mappers::known::exists(m.protocol_mapper.as_deref()) {
        return Err(Error::not_found("ProtocolMapper provider not found"));
    }
    let name = m.name.clone().unwrap_or_default();
    if h.mappers().iter().any(|x| x.name.as_deref() == Some(&name)) {
        return Err(duplicate());
    }
    let id =
        m.id.clone()
            .filter(|i| !i.is_empty() && !h.mappers().iter().any(|x| x.id.as_ref() == Some(i)))
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    m.id = Some(id.clone());
    m.protocol.get_or_insert_with(|| "openid-connect".into());
    m.config.get_or_insert_with(Default::default);
    h.mappers_mut().push(m);
    Ok(id)
}

async fn create<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    base: Base,
    JsonBody(m): JsonBody<ProtocolMapperRepresentation>,
) -> Result<Response> {
    let realm = realm_of(&state, &path, &admin, Perm::ManageClients).await?;
    let holder_id = param(&path, "id")?;
    let mut tx = state.begin().await?;
    let mut h = Holder::load::<SCOPE>(&mut tx, &realm.id, holder_id).await?;
    let id = push(&mut h, m)?;
    h.save(&mut tx, &realm.id).await?;
    state.commit(tx, Change::Realm).await?;
    let kind = if SCOPE { "client-scopes" } else { "clients" };
    let location = format!(
        "{}/admin/realms/{}/{kind}/{holder_id}/protocol-mappers/models/{id}",
        base.0, realm.name
    );
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

async fn add_many<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    JsonBody(list): JsonBody<Vec<ProtocolMapperRepresentation>>,
) -> Result<StatusCode> {
    let realm = realm_of(&state, &path, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let mut h = Holder::load::<SCOPE>(&mut tx, &realm.id, param(&path, "id")?).await?;
    for m in list {
        push(&mut h, m)?;
    }
    h.save(&mut tx, &realm.id).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces the mapper (its id stays), as Keycloak's `updateProtocolMapper` does.
async fn update<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    JsonBody(mut m): JsonBody<ProtocolMapperRepresentation>,
) -> Result<StatusCode> {
    let realm = realm_of(&state, &path, &admin, Perm::ManageClients).await?;
    let id = param(&path, "mapper")?.to_string();
    let mut tx = state.begin().await?;
    let mut h = Holder::load::<SCOPE>(&mut tx, &realm.id, param(&path, "id")?).await?;
    let pos = h
        .mappers()
        .iter()
        .position(|x| x.id.as_deref() == Some(&id))
        .ok_or_else(model_not_found)?;
    let stored = h.mappers()[pos].clone();
    if let Some(name) = &m.name {
        if h.mappers()
            .iter()
            .any(|x| x.name.as_ref() == Some(name) && x.id.as_deref() != Some(&id))
        {
            return Err(duplicate());
        }
    }
    m.id = Some(id);
    m.name = m.name.or(stored.name);
    m.protocol = m.protocol.or(stored.protocol);
    if m.protocol_mapper.is_some()
        && !crate::oidc::mappers::known::exists(m.protocol_mapper.as_deref())
    {
        return Err(Error::not_found("ProtocolMapper provider not found"));
    }
    m.protocol_mapper = m.protocol_mapper.or(stored.protocol_mapper);
    m.config = m.config.or(stored.config);
    h.mappers_mut()[pos] = m;
    h.save(&mut tx, &realm.id).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = realm_of(&state, &path, &admin, Perm::ManageClients).await?;
    let id = param(&path, "mapper")?.to_string();
    let mut tx = state.begin().await?;
    let mut h = Holder::load::<SCOPE>(&mut tx, &realm.id, param(&path, "id")?).await?;
    let before = h.mappers().len();
    h.mappers_mut().retain(|x| x.id.as_deref() != Some(&id));
    if h.mappers().len() == before {
        return Err(model_not_found());
    }
    h.save(&mut tx, &realm.id).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}
