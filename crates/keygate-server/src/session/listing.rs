//! Reading sessions: a user's online and offline sessions, a client's sessions paged in
//! the database, counts, and the realm's per-client statistics.

use std::collections::{BTreeMap, HashMap};

use crate::http::query::Query;
use axum::extract::{Path, State};
use axum::Json;
use keygate_model::UserSessionRepresentation;
use serde_json::{json, Value};

use super::{load_client, load_user, rules};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::sessions::SessionListing;
use crate::store::{self};

/// Keycloak's page size when `max` is not given.
const DEFAULT_MAX: i64 = 100;

/// The admin representation: times in milliseconds, clients by internal id.
fn rep(realm: &Realm, s: SessionListing) -> UserSessionRepresentation {
    let clients: BTreeMap<String, String> = s
        .clients
        .iter()
        .filter_map(|id| {
            realm
                .client_by_internal_id(id)
                .map(|c| (id.clone(), c.client_id().to_string()))
        })
        .collect();
    UserSessionRepresentation {
        id: s.row.id,
        username: s.username,
        user_id: s.row.user_id,
        ip_address: s.ip_address,
        start: s.row.started * 1000,
        last_access: s.row.last_access * 1000,
        remember_me: false,
        clients,
        transient_user: false,
    }
}

/// `first`/`max` as Keycloak reads them: absent or negative `first` is 0, absent `max`
/// is 100; a value that is not a number is a 400.
fn page(q: &HashMap<String, String>) -> Result<(i64, i64)> {
    let num = |key: &str| -> Result<Option<i64>> {
        q.get(key)
            .map(|v| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| Error::bad_request(format!("Invalid value for '{key}'")))
            })
            .transpose()
    };
    let first = num("first")?.unwrap_or(0).max(0);
    let max = num("max")?.unwrap_or(DEFAULT_MAX).max(0);
    Ok((first, max))
}

pub async fn user_sessions(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Vec<UserSessionRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    let user = load_user(&mut conn, &realm, &id).await?;
    let live = rules::live(&realm, false, state.clock.now());
    let list = store::sessions::for_user(&mut conn, &realm.id, &user.id, false, live).await?;
    Ok(Json(list.into_iter().map(|s| rep(&realm, s)).collect()))
}

/// The user's offline sessions that the client takes part in.
pub async fn user_offline_sessions(
    State(state): State<AppState>,
    Path((realm, id, client)): Path<(String, String, String)>,
    admin: Admin,
) -> Result<Json<Vec<UserSessionRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    let user = load_user(&mut conn, &realm, &id).await?;
    let client = realm
        .client_by_internal_id(&client)
        .ok_or_else(|| Error::not_found("Client not found"))?;
    let live = rules::live(&realm, true, state.clock.now());
    let list = store::sessions::for_user(&mut conn, &realm.id, &user.id, true, live).await?;
    Ok(Json(
        list.into_iter()
            .filter(|s| s.clients.contains(&client.id))
            .map(|s| rep(&realm, s))
            .collect(),
    ))
}

async fn client_page(
    state: &AppState,
    realm: &str,
    id: &str,
    admin: &Admin,
    q: &HashMap<String, String>,
    offline: bool,
) -> Result<Vec<UserSessionRepresentation>> {
    let realm = state.realms.get(&state.db, realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let client = load_client(&realm, id)?;
    let (first, max) = page(q)?;
    let mut conn = state.db.conn().await?;
    let live = rules::live(&realm, offline, state.clock.now());
    let list =
        store::sessions::for_client(&mut conn, &realm.id, &client.id, offline, live, first, max)
            .await?;
    Ok(list.into_iter().map(|s| rep(&realm, s)).collect())
}

pub async fn client_sessions(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Vec<UserSessionRepresentation>>> {
    Ok(Json(
        client_page(&state, &realm, &id, &admin, &q, false).await?,
    ))
}

pub async fn client_offline_sessions(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Vec<UserSessionRepresentation>>> {
    Ok(Json(
        client_page(&state, &realm, &id, &admin, &q, true).await?,
    ))
}

async fn client_count(
    state: &AppState,
    realm: &str,
    id: &str,
    admin: &Admin,
    offline: bool,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let client = load_client(&realm, id)?;
    let mut conn = state.db.conn().await?;
    let live = rules::live(&realm, offline, state.clock.now());
    let n =
        store::sessions::count_for_client(&mut conn, &realm.id, &client.id, offline, live).await?;
    Ok(Json(json!({ "count": n })))
}

pub async fn client_session_count(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Value>> {
    client_count(&state, &realm, &id, &admin, false).await
}

pub async fn client_offline_session_count(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Value>> {
    client_count(&state, &realm, &id, &admin, true).await
}

/// Per client with at least one session: `{id, clientId, active, offline}`, the counts as
/// strings as Keycloak sends them.
pub async fn client_session_stats(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewRealm)?;
    let mut conn = state.db.conn().await?;
    let now = state.clock.now();
    let (online, offline) = (
        rules::live(&realm, false, now),
        rules::live(&realm, true, now),
    );
    let stats = store::sessions::stats(&mut conn, &realm.id, online, offline).await?;
    Ok(Json(
        stats
            .into_iter()
            .filter_map(|(id, active, offline)| {
                let client = realm.client_by_internal_id(&id)?;
                Some(json!({
                    "id": id, "clientId": client.client_id(),
                    "active": active.to_string(), "offline": offline.to_string(),
                }))
            })
            .collect(),
    ))
}
