//! `/admin/realms/{realm}/components`: list (by parent, type, name), create, read, update,
//! delete, and the sub-component types of a component. Key-provider components own a key
//! in `realm_keys` with the same id; creating, changing or deleting one changes the realm's
//! keys (and so drops the cached realm).

use std::collections::HashMap;

use crate::http::query::Query;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::present::{normalise, representation};
use super::providers::{self, MATERIAL};
use crate::crypto::keys::KEY_PROVIDER;
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::{ComponentRep, Strict};
use crate::state::{AppState, Change};
use crate::store::components::{ComponentRow, Filter};
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/realms/{realm}/components", get(list).post(create))
        .route(
            "/admin/realms/{realm}/components/{id}",
            get(read).put(update).delete(remove),
        )
        .route(
            "/admin/realms/{realm}/components/{id}/sub-component-types",
            get(sub_types),
        )
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    parent: Option<String>,
    #[serde(rename = "type")]
    provider_type: Option<String>,
    name: Option<String>,
    first: Option<String>,
    max: Option<String>,
}

fn not_found() -> Error {
    Error::not_found("Could not find component")
}

async fn list(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewRealm)?;
    let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
    // As Keycloak: a type without a parent means children of the realm.
    let parent = nonempty(&q.parent).or_else(|| {
        nonempty(&q.provider_type)
            .is_some()
            .then(|| realm.id.clone())
    });
    let int = |s: &Option<String>| s.as_deref().and_then(|v| v.parse::<i64>().ok());
    let provider_type = nonempty(&q.provider_type);
    let name = nonempty(&q.name);
    let filter = Filter {
        parent: parent.as_deref(),
        provider_type: provider_type.as_deref(),
        name: name.as_deref(),
        first: int(&q.first).unwrap_or(0).max(0),
        max: int(&q.max).filter(|m| *m >= 0).unwrap_or(i64::MAX),
    };
    let mut conn = state.db.conn().await?;
    let rows = store::components::list(&mut conn, &realm.id, &filter).await?;
    let keys: HashMap<String, _> = store::keys::all_for_realm(&mut conn, &realm.id)
        .await?
        .into_iter()
        .map(|k| (k.id.clone(), k))
        .collect();
    rows.iter()
        .map(|r| representation(r, keys.get(&r.id)))
        .collect::<Result<Vec<_>>>()
        .map(Json)
}

async fn read(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewRealm)?;
    let mut conn = state.db.conn().await?;
    let row = store::components::by_id(&mut conn, &realm.id, &id)
        .await?
        .ok_or_else(not_found)?;
    let key = store::keys::by_id(&mut conn, &realm.id, &id).await?;
    Ok(Json(representation(&row, key.as_ref())?))
}

fn text(rep: &Value, field: &str) -> Option<String> {
    rep.get(field)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The config that is stored with the component: the request's, less key material.
fn stored_config(config: &Map<String, Value>) -> String {
    let mut c = config.clone();
    for k in MATERIAL {
        c.remove(*k);
    }
    Value::Object(c).to_string()
}

async fn create(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    base: Base,
    Strict(rep, _): Strict<ComponentRep>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let provider_id =
        text(&rep, "providerId").ok_or_else(|| Error::bad_request("providerId is required"))?;
    let provider_type =
        text(&rep, "providerType").ok_or_else(|| Error::bad_request("providerType is required"))?;
    let config = normalise(rep.get("config"));
    let id = text(&rep, "id").unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let name = text(&rep, "name").unwrap_or_else(|| provider_id.clone());
    let row = ComponentRow {
        id: id.clone(),
        realm_id: realm.id.clone(),
        name: name.clone(),
        provider_id: provider_id.clone(),
        provider_type: provider_type.clone(),
        parent_id: text(&rep, "parentId").unwrap_or_else(|| realm.id.clone()),
        sub_type: text(&rep, "subType"),
        config: stored_config(&config),
        created: state.clock.now_ms(),
    };
    let key = if provider_type == KEY_PROVIDER {
        let spec = providers::spec(&provider_id)
            .ok_or_else(|| Error::bad_request(format!("Unknown key provider: {provider_id}")))?;
        providers::validate(spec, &config, false)?;
        let now = state.clock.now();
        let k = providers::make_key(id.clone(), &name, &provider_id, &config, &realm.name, now);
        Some(k.await?)
    } else {
        None
    };
    let mut tx = state.begin().await?;
    if store::components::by_id(&mut tx, &realm.id, &id)
        .await?
        .is_some()
    {
        return Err(Error::conflict(format!("Component {id} already exists")));
    }
    match &key {
        Some(k) => store::keys::insert_with_config(&mut tx, &realm.id, k, &row.config).await?,
        None => {
            let mut row = row;
            row.config = Value::Object(config).to_string();
            store::components::insert(&mut tx, &row).await?
        }
    }
    state.commit(tx, Change::Realm).await?;
    let location = format!("{}/admin/realms/{}/components/{id}", base.0, realm.name);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

async fn update(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    Strict(rep, _): Strict<ComponentRep>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let mut conn = state.db.conn().await?;
    let mut row = store::components::by_id(&mut conn, &realm.id, &id)
        .await?
        .ok_or_else(not_found)?;
    let existing = store::keys::by_id(&mut conn, &realm.id, &id).await?;
    drop(conn);
    if let Some(n) = text(&rep, "name") {
        row.name = n;
    }
    if let Some(p) = text(&rep, "parentId") {
        row.parent_id = p;
    }
    if rep.get("subType").is_some() {
        row.sub_type = text(&rep, "subType");
    }
    let old: Map<String, Value> = match serde_json::from_str(&row.config)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let mut config = match rep.get("config") {
        Some(Value::Object(_)) => normalise(rep.get("config")),
        _ => old.clone(),
    };
    if row.provider_type != KEY_PROVIDER {
        providers::keep_masked(&mut config, &old);
        row.config = Value::Object(config).to_string();
        let mut tx = state.begin().await?;
        store::components::update(&mut tx, &row).await?;
        state.commit(tx, Change::Realm).await?;
        return Ok(StatusCode::NO_CONTENT);
    }
    // Masked values are what a client read back: they leave the secret as it is.
    config.retain(|_, v| !providers::is_masked(v));
    let spec = providers::spec(&row.provider_id)
        .ok_or_else(|| Error::bad_request("Unknown key provider"))?;
    providers::validate(spec, &config, existing.is_some())?;
    let provider = row.provider_id.clone();
    let renew = existing.is_none()
        || providers::material_params(&provider, &old)
            != providers::material_params(&provider, &config)
        || (provider == "rsa" && providers::first(&config, "privateKey").is_some());
    let key = if renew {
        let now = state.clock.now();
        let k = providers::make_key(id.clone(), &row.name, &provider, &config, &realm.name, now);
        k.await?
    } else {
        let mut k = existing.clone().ok_or_else(not_found)?;
        providers::apply_flags(&mut k, &config);
        k.algorithm = providers::algorithm(&provider, &config);
        k
    };
    row.config = stored_config(&config);
    let mut tx = state.begin().await?;
    store::components::update(&mut tx, &row).await?;
    if renew {
        store::keys::delete(&mut tx, &realm.id, &id).await?;
        store::keys::insert_row(&mut tx, &realm.id, &key).await?;
    } else {
        store::keys::update_flags(&mut tx, &realm.id, &key).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let mut tx = state.begin().await?;
    exists(&mut tx, &realm.id, &id).await?;
    store::components::delete(&mut tx, &realm.id, &id).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn exists(c: &mut Conn, realm_id: &str, id: &str) -> Result<()> {
    store::components::by_id(c, realm_id, id)
        .await?
        .map(|_| ())
        .ok_or_else(not_found)
}

/// Keygate's components have no sub-component types: `[]`, as Keycloak answers for key
/// providers.
async fn sub_types(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewRealm)?;
    let mut conn = state.db.conn().await?;
    store::components::by_id(&mut conn, &realm.id, &id)
        .await?
        .ok_or_else(|| Error::not_found("Could not find parent component"))?;
    Ok(Json(Vec::new()))
}
