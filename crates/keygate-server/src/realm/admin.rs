//! `/admin/realms`: list, create (bare or full representation), read, partial update and
//! delete realms.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::RealmRepresentation;
use serde_json::Value;

use super::delegation;
use super::import::{import_realm, prepare_keys};
use super::import_index::ImportCtx;
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::{RealmRep, Strict};
use crate::state::{AppState, Change};
use crate::store;
use crate::user::password_policy;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/realms", get(list).post(create))
        .route("/admin/realms/", get(list).post(create))
        .route(
            "/admin/realms/{realm}",
            get(read).put(update).delete(remove),
        )
}

/// Fields that belong to other endpoints, never stored in or returned from the settings.
const COLLECTIONS: &[&str] = &[
    "users",
    "clients",
    "roles",
    "groups",
    "clientScopes",
    "components",
    "federatedUsers",
];

async fn list(State(state): State<AppState>, admin: Admin) -> Result<Json<Vec<Value>>> {
    let mut conn = state.db.conn().await?;
    let rows = store::realms::list(&mut conn).await?;
    drop(conn);
    let mut out = Vec::new();
    for row in rows {
        if admin.is_master_admin() {
            out.push(shown(&row.data)?);
            continue;
        }
        // Only the caller's realm, or (from master) realms whose client roles it holds.
        let delegated = delegation::client_id(&row.name);
        let candidate = admin.realm.id == row.id
            || (admin.realm.name == "master"
                && admin
                    .roles
                    .iter()
                    .any(|r| r.client.as_ref() == Some(&delegated)));
        if !candidate {
            continue;
        }
        let realm = state.realms.get(&state.db, &row.name).await?;
        if !admin.manages_any(&realm) {
            continue;
        }
        if admin.require(&realm, Perm::ViewRealm).is_ok() {
            out.push(shown(&row.data)?);
        } else {
            out.push(name_only(&row.name));
        }
    }
    if out.is_empty() {
        return Err(Error::Forbidden);
    }
    Ok(Json(out))
}

/// Creates a realm in one transaction; shared by the API, `--import-realm` and bootstrap.
pub async fn create_realm(state: &AppState, rep: RealmRepresentation) -> Result<String> {
    create_realm_by(state, rep, None).await
}

/// Creates a realm with its `{realm}-realm` client in master; `creator` (a master user
/// without master's `admin`) is granted that client's roles in the same transaction.
async fn create_realm_by(
    state: &AppState,
    mut rep: RealmRepresentation,
    creator: Option<&str>,
) -> Result<String> {
    let policy = password_policy::apply::of_import(state, &rep)?;
    if let Some(users) = rep.users.as_mut() {
        super::import_users::prehash(state, &policy, users).await?;
    }
    let keys = prepare_keys(&rep, state.clock.now()).await?;
    let ctx = ImportCtx {
        hasher: &state.hasher,
        now_ms: state.clock.now_ms(),
        progress: None,
    };
    let name = rep.realm.as_deref().unwrap_or_default().trim().to_string();
    let mut tx = state.begin().await?;
    let id = import_realm(&mut tx, &ctx, rep, keys).await?;
    delegation::ensure(&mut tx, &name).await?;
    if let Some(user) = creator {
        delegation::grant_creator(&mut tx, &name, user).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(id)
}

async fn create(
    State(state): State<AppState>,
    admin: Admin,
    base: Base,
    Strict(rep, _): Strict<RealmRep, RealmRepresentation>,
) -> Result<Response> {
    if !admin.can_create_realm() {
        return Err(Error::Forbidden);
    }
    let name = rep.realm.clone().unwrap_or_default();
    let creator = (!admin.is_master_admin()).then_some(admin.user_id.as_str());
    create_realm_by(&state, rep, creator).await?;
    let location = format!("{}/admin/realms/{}", base.0, name);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

async fn read(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &name).await?;
    if !admin.manages_any(&realm) {
        return Err(Error::Forbidden);
    }
    if admin.require(&realm, Perm::ViewRealm).is_err() {
        return Ok(Json(name_only(&realm.name)));
    }
    let mut conn = state.db.conn().await?;
    let row = store::realms::by_name(&mut conn, &name)
        .await?
        .ok_or_else(|| Error::not_found("Realm not found."))?;
    Ok(Json(shown(&row.data)?))
}

/// Keycloak's `ComponentRepresentation.SECRET_VALUE`, shown for stored SMTP secrets.
const SECRET_VALUE: &str = "**********";
const SMTP_SECRETS: &[&str] = &["password", "authTokenClientSecret"];

/// The realm document as the admin API shows it: SMTP secrets masked, as Keycloak's
/// `ModelToRepresentation` does.
fn shown(data: &str) -> Result<Value> {
    let mut v: Value = serde_json::from_str(data)?;
    if let Some(smtp) = v.get_mut("smtpServer").and_then(Value::as_object_mut) {
        for k in SMTP_SECRETS {
            if let Some(s) = smtp.get_mut(*k).filter(|s| s.is_string()) {
                *s = Value::from(SECRET_VALUE);
            }
        }
    }
    Ok(v)
}

/// An update that sends the mask back keeps the stored secret (Keycloak's `updateRealm`).
fn keep_smtp_secrets(stored: Option<&Value>, given: &mut Value) {
    let Some(given) = given.as_object_mut() else {
        return;
    };
    for k in SMTP_SECRETS {
        if given.get(*k).and_then(Value::as_str) == Some(SECRET_VALUE) {
            match stored.and_then(|s| s.get(*k)).filter(|s| !s.is_null()) {
                Some(old) => given.insert(k.to_string(), old.clone()),
                None => given.remove(*k),
            };
        }
    }
}

/// What Keycloak shows of a realm to a caller with a management role but not
/// `view-realm`: its name, none of its settings.
fn name_only(name: &str) -> Value {
    serde_json::json!({ "realm": name })
}

async fn update(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
    Strict(body, _): Strict<RealmRep>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &name).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let Value::Object(changes) = body else {
        return Err(Error::bad_request("Realm representation must be an object"));
    };
    let mut tx = state.begin().await?;
    let mut row = store::realms::by_name(&mut tx, &name)
        .await?
        .ok_or_else(|| Error::not_found("Realm not found."))?;
    if let Some(policy) = changes.get("passwordPolicy").and_then(Value::as_str) {
        password_policy::apply::validate(&state, policy)?;
    }
    let mut data: serde_json::Map<String, Value> = serde_json::from_str(&row.data)?;
    for (k, mut v) in changes {
        if COLLECTIONS.contains(&k.as_str()) || k == "id" {
            continue;
        }
        if k == "smtpServer" {
            keep_smtp_secrets(data.get("smtpServer"), &mut v);
        }
        data.insert(k, v);
    }
    let new_name = data
        .get("realm")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::bad_request("Realm name cannot be empty"))?
        .to_string();
    if new_name != name && name == "master" {
        return Err(Error::bad_request("Cannot rename master realm"));
    }
    if new_name != name {
        super::name::validate(&new_name)?;
    }
    // Validate that typed settings still parse (e.g. a string where a number belongs).
    serde_json::from_value::<RealmRepresentation>(Value::Object(data.clone()))
        .map_err(|e| Error::bad_request(format!("Invalid realm representation: {e}")))?;
    if new_name != name {
        delegation::rename(&mut tx, &name, &new_name).await?;
    }
    row.name = new_name;
    row.data = Value::Object(data).to_string();
    store::realms::update(&mut tx, &row).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &name).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    if name == "master" {
        return Err(Error::bad_request("Cannot delete master realm"));
    }
    let mut tx = state.begin().await?;
    store::realms::delete(&mut tx, &realm.id).await?;
    delegation::remove(&mut tx, &name).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}
