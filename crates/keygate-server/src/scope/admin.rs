//! `/admin/realms/{realm}/client-scopes`: list, create, read, update, delete.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::ClientScopeRepresentation;
use serde_json::Value;

use super::defaults::{rename_everywhere, scope_in_use, RealmLists};
use super::target::load_scope;
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::JsonBody;
use crate::state::{AppState, Change};
use crate::store::scopes::ScopeRow;
use crate::store::{self};

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/client-scopes";
    Router::new().route(base, get(list).post(create)).route(
        &format!("{base}/{{id}}"),
        get(read).put(update).delete(remove),
    )
}

/// Keycloak's `scopeNamePattern`: printable ASCII without space, `"` or `\`.
fn validate_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::bad_request(format!(
            "Unexpected name \"{name}\" for ClientScope"
        )))
    }
}

fn validate_protocol(protocol: Option<&str>) -> Result<()> {
    match protocol {
        Some("openid-connect" | "saml") => Ok(()),
        _ => Err(Error::bad_request("Unexpected protocol")),
    }
}

/// Gives mappers ids and refuses two with one name.
pub fn prepare_mappers(rep: &mut ClientScopeRepresentation) -> Result<()> {
    let mut names = Vec::new();
    for m in rep.protocol_mappers.iter_mut().flatten() {
        m.id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        let name = m.name.clone().unwrap_or_default();
        if names.contains(&name) {
            return Err(Error::conflict("Protocol mapper exists with same name"));
        }
        names.push(name);
    }
    Ok(())
}

async fn list(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    // Keycloak: query-clients may list, but only viewers see the scopes.
    admin.require(&realm, Perm::QueryClients)?;
    if admin.require(&realm, Perm::ViewClients).is_err() {
        return Ok(Json(Vec::new()));
    }
    let mut conn = state.db.conn().await?;
    store::scopes::list(&mut conn, &realm.id)
        .await?
        .iter()
        .map(|r| Ok(serde_json::from_str(&r.data)?))
        .collect::<Result<Vec<_>>>()
        .map(Json)
}

async fn create(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    base: Base,
    JsonBody(mut rep): JsonBody<ClientScopeRepresentation>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    let name = rep.name.clone().unwrap_or_default();
    validate_name(&name)?;
    validate_protocol(rep.protocol.as_deref())?;
    let id = rep
        .id
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    rep.id = Some(id.clone());
    rep.attributes.get_or_insert_with(Default::default);
    prepare_mappers(&mut rep)?;
    let row = ScopeRow {
        id: id.clone(),
        name,
        data: serde_json::to_string(&rep)?,
    };
    let mut tx = state.begin().await?;
    store::scopes::insert(&mut tx, &realm.id, &row).await?;
    state.commit(tx, Change::Realm).await?;
    let location = format!(
        "{}/admin/realms/{}/client-scopes/{}",
        base.0, realm.name, id
    );
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

async fn read(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let mut conn = state.db.conn().await?;
    let (row, _) = load_scope(&mut conn, &realm.id, &id).await?;
    Ok(Json(serde_json::from_str(&row.data)?))
}

/// Overlays the sent fields on the stored scope; its mappers stay as they are (they have
/// their own endpoints), as in Keycloak's `updateClientScope`.
async fn update(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    JsonBody(body): JsonBody<Value>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    let Value::Object(body) = body else {
        return Err(Error::bad_request(
            "Client scope representation must be an object",
        ));
    };
    let mut tx = state.begin().await?;
    let (mut row, stored) = load_scope(&mut tx, &realm.id, &id).await?;
    let mut merged = serde_json::to_value(&stored)?;
    if let Some(m) = merged.as_object_mut() {
        for (k, v) in body {
            if k != "id" && k != "protocolMappers" {
                m.insert(k, v);
            }
        }
    }
    let rep: ClientScopeRepresentation =
        serde_json::from_value(merged).map_err(|e| Error::bad_request(e.to_string()))?;
    let name = rep.name.clone().unwrap_or_default();
    validate_name(&name)?;
    validate_protocol(rep.protocol.as_deref())?;
    let old = std::mem::replace(&mut row.name, name.clone());
    row.data = serde_json::to_string(&rep)?;
    store::scopes::update(&mut tx, &realm.id, &row).await?;
    if old != name {
        rename_everywhere(&mut tx, &realm.name, &realm.id, &old, Some(&name)).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Refused while a client uses the scope; otherwise it also leaves the realm's defaults.
async fn remove(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    let mut tx = state.begin().await?;
    let (row, _) = load_scope(&mut tx, &realm.id, &id).await?;
    if scope_in_use(&mut tx, &realm.id, &row.name).await? {
        return Err(Error::bad_request(
            "Cannot remove client scope, it is currently in use",
        ));
    }
    let mut lists = RealmLists::load(&mut tx, &realm.name).await?;
    lists.remove(&row.name);
    lists.save(&mut tx).await?;
    store::scopes::delete(&mut tx, &realm.id, &id).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}
