//! Ending sessions and revoking tokens: one session, all of a user's, all of a realm's,
//! and the not-before pushes. Keygate keeps no client admin URLs to notify, so the
//! `GlobalRequestResult` answers list nothing.

use std::collections::HashMap;

use crate::http::query::Query;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use keygate_model::GlobalRequestResult;
use serde_json::Value;

use super::{load_client, load_user};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::state::{AppState, Change};
use crate::store::{self, Conn};

/// `DELETE /sessions/{session}`: ends an online session, or an offline one with
/// `isOffline=true`.
pub async fn delete_session(
    State(state): State<AppState>,
    Path((realm, session)): Path<(String, String)>,
    admin: Admin,
    Query(q): Query<HashMap<String, String>>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let offline = q
        .get("isOffline")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let mut tx = state.begin().await?;
    let found = store::sessions::get(&mut tx, &realm.id, &session)
        .await?
        .filter(|s| s.offline == offline)
        // Keycloak's message, spelling included.
        .ok_or_else(|| Error::not_found("Sesssion not found"))?;
    store::sessions::delete(&mut tx, &realm.id, &found.id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /users/{id}/logout`: the user's not-before becomes now and every online session
/// ends. Offline sessions stay, though tokens issued before now are stale.
pub async fn user_logout(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    let user = load_user(&mut tx, &realm, &id).await?;
    let now = state.clock.now();
    store::sessions::set_user_not_before(&mut tx, &realm.id, &user.id, now).await?;
    store::sessions::delete_online_for_user(&mut tx, &realm.id, &user.id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets `notBefore` in a realm's or client's stored JSON document.
fn with_not_before(data: &str, at: i64) -> Result<String> {
    let mut doc: Value = serde_json::from_str(data)?;
    let map = doc
        .as_object_mut()
        .ok_or_else(|| Error::internal("stored document is not an object"))?;
    map.insert("notBefore".into(), Value::from(at));
    Ok(doc.to_string())
}

async fn set_realm_not_before(c: &mut Conn, name: &str, at: i64) -> Result<()> {
    let mut row = store::realms::by_name(c, name)
        .await?
        .ok_or_else(|| Error::not_found("Realm not found."))?;
    row.data = with_not_before(&row.data, at)?;
    store::realms::update(c, &row).await
}

/// `POST /logout-all`: the realm's not-before becomes now and every online session ends.
pub async fn logout_all(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<GlobalRequestResult>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    set_realm_not_before(&mut tx, &realm.name, state.clock.now()).await?;
    store::sessions::delete_online_for_realm(&mut tx, &realm.id).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(Json(GlobalRequestResult::default()))
}

/// `POST /push-revocation`: would tell clients' admin URLs the realm's not-before.
pub async fn push_revocation(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<GlobalRequestResult>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    Ok(Json(GlobalRequestResult::default()))
}

/// `POST /clients/{id}/push-revocation`: would tell the client's admin URL its not-before.
pub async fn client_push_revocation(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<GlobalRequestResult>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    load_client(&realm, &id)?;
    Ok(Json(GlobalRequestResult::default()))
}
