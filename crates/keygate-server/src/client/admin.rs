//! `/admin/realms/{realm}/clients`: create, list, read, update, delete, the client secret
//! and the service-account user.

use crate::http::query::Query;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::{ClientRepresentation, CredentialSecret, UserRepresentation};
use serde::Deserialize;
use serde_json::Value;

use super::rules;
use crate::crypto::random_token;
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::JsonBody;
use crate::realm::import_users::create_service_account;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::clients::ClientRow;
use crate::store::{self, Conn};
use crate::user::convert;

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/clients";
    Router::new()
        .route(base, get(list).post(create))
        .route(
            &format!("{base}/{{id}}"),
            get(read).put(update).delete(remove),
        )
        .route(
            &format!("{base}/{{id}}/client-secret"),
            get(get_secret).post(regenerate_secret),
        )
        .route(
            &format!("{base}/{{id}}/service-account-user"),
            get(service_account_user),
        )
        .merge(super::installation::routes())
        .merge(super::certificates::routes())
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListParams {
    client_id: Option<String>,
    search: Option<bool>,
    first: Option<i64>,
    max: Option<i64>,
}

fn client_not_found() -> Error {
    Error::not_found("Could not find client")
}

fn string_list(realm: &Realm, key: &str) -> Vec<String> {
    realm
        .rep
        .extra
        .get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .or_else(|| match key {
            "defaultDefaultClientScopes" => realm.rep.default_default_client_scopes.clone(),
            _ => realm.rep.default_optional_client_scopes.clone(),
        })
        .unwrap_or_default()
}

async fn list(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::QueryClients)?;
    let first = p.first.unwrap_or(0).max(0);
    let max = p.max.filter(|m| *m >= 0).unwrap_or(i64::MAX / 2);
    let mut conn = state.db.conn().await?;
    let exact = !p.search.unwrap_or(false);
    let rows = store::clients::search(
        &mut conn,
        &realm.id,
        p.client_id.as_deref(),
        exact,
        first,
        max,
    )
    .await?;
    rows.iter()
        .map(|r| Ok(serde_json::from_str(&r.data)?))
        .collect::<Result<Vec<_>>>()
        .map(Json)
}

async fn load(c: &mut Conn, realm: &Realm, id: &str) -> Result<(ClientRow, ClientRepresentation)> {
    let row = store::clients::by_id(c, &realm.id, id)
        .await?
        .ok_or_else(client_not_found)?;
    let rep = serde_json::from_str(&row.data)?;
    Ok((row, rep))
}

async fn ensure_service_account(
    c: &mut Conn,
    state: &AppState,
    realm: &Realm,
    row: &ClientRow,
    rep: &ClientRepresentation,
) -> Result<()> {
    if !rep.service_accounts_enabled.unwrap_or(false)
        || store::users::by_service_account(c, &realm.id, &row.id)
            .await?
            .is_some()
    {
        return Ok(());
    }
    let default_role = realm.default_role_name();
    let role = store::roles::by_name(c, &realm.id, &default_role).await?;
    let now = state.clock.now_ms();
    create_service_account(
        c,
        &realm.id,
        &row.id,
        &row.client_id,
        now,
        role.as_ref().map(|r| r.id.as_str()),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    base: Base,
    JsonBody(mut rep): JsonBody<ClientRepresentation>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    // Keycloak's admin API enables direct grants on a new client unless told otherwise;
    // a realm import keeps the model's default (off).
    rep.direct_access_grants_enabled.get_or_insert(true);
    let mut row = rules::new_client_row(
        rep,
        &string_list(&realm, "defaultDefaultClientScopes"),
        &string_list(&realm, "defaultOptionalClientScopes"),
    )?;
    let mut rep: ClientRepresentation = serde_json::from_str(&row.data)?;
    if crate::scope::defaults::link_service_account_scope(&realm, &mut rep) {
        row.data = serde_json::to_string(&rep)?;
    }
    let mut tx = state.begin().await?;
    store::clients::insert(&mut tx, &realm.id, &row).await?;
    ensure_service_account(&mut tx, &state, &realm, &row, &rep).await?;
    crate::authz::admin::hook::client_saved(&mut tx, &state, &realm, &mut row, &mut rep).await?;
    state.commit(tx, Change::Realm).await?;
    let location = format!("{}/admin/realms/{}/clients/{}", base.0, realm.name, row.id);
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
    let (row, _) = load(&mut conn, &realm, &id).await?;
    Ok(Json(serde_json::from_str(&row.data)?))
}

async fn update(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    JsonBody(body): JsonBody<Value>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    if !body.is_object() {
        return Err(Error::bad_request(
            "Client representation must be an object",
        ));
    }
    let mut tx = state.begin().await?;
    let (mut row, stored) = load(&mut tx, &realm, &id).await?;
    let mut rep = rules::merge_update(&stored, body)?;
    crate::scope::defaults::link_service_account_scope(&realm, &mut rep);
    row.client_id = rep.client_id.clone().unwrap_or_default();
    row.data = serde_json::to_string(&rep)?;
    store::clients::update(&mut tx, &realm.id, &row).await?;
    ensure_service_account(&mut tx, &state, &realm, &row, &rep).await?;
    crate::authz::admin::hook::client_saved(&mut tx, &state, &realm, &mut row, &mut rep).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    let mut tx = state.begin().await?;
    if !store::clients::delete(&mut tx, &realm.id, &id).await? {
        return Err(client_not_found());
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn get_secret(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<CredentialSecret>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let mut conn = state.db.conn().await?;
    let (_, rep) = load(&mut conn, &realm, &id).await?;
    Ok(Json(CredentialSecret {
        type_: "secret".into(),
        value: rep.secret.unwrap_or_default(),
    }))
}

async fn regenerate_secret(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<CredentialSecret>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    let mut tx = state.begin().await?;
    let (mut row, mut rep) = load(&mut tx, &realm, &id).await?;
    if rep.public_client.unwrap_or(false) {
        return Err(Error::bad_request("Public clients have no secret"));
    }
    let secret = random_token(24);
    rep.secret = Some(secret.clone());
    row.data = serde_json::to_string(&rep)?;
    store::clients::update(&mut tx, &realm.id, &row).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(Json(CredentialSecret {
        type_: "secret".into(),
        value: secret,
    }))
}

async fn service_account_user(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<UserRepresentation>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let mut conn = state.db.conn().await?;
    let (row, rep) = load(&mut conn, &realm, &id).await?;
    if !rep.service_accounts_enabled.unwrap_or(false) {
        return Err(Error::Rejected(format!(
            "Service account not enabled for the client '{}'",
            row.client_id
        )));
    }
    let user = store::users::by_service_account(&mut conn, &realm.id, &row.id)
        .await?
        .ok_or_else(|| Error::not_found("User not found"))?;
    Ok(Json(convert::to_rep(&user, false)))
}
