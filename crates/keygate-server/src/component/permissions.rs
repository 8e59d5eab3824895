//! `management/permissions` of clients and groups. Keygate has no fine-grained admin
//! permissions (Keycloak's `admin-fine-grained-authz` feature, off by default in 26), so
//! these answer as Keycloak 26 does with the feature off: the reference reads
//! `{"enabled": false}`; disabling is a no-op; enabling is `501 Feature not enabled`
//! (Keycloak's `ProfileHelper.requireFeature`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::JsonBody;
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/realms/{realm}/clients/{id}/management/permissions",
            get(client_read).put(client_write),
        )
        .route(
            "/admin/realms/{realm}/groups/{id}/management/permissions",
            get(group_read).put(group_write),
        )
}

#[derive(Clone, Copy)]
enum Target {
    Client,
    Group,
}

async fn check(state: &AppState, realm: &Realm, target: Target, id: &str) -> Result<()> {
    let mut conn = state.db.conn().await?;
    let found = match target {
        Target::Client => store::clients::by_id(&mut conn, &realm.id, id)
            .await?
            .is_some(),
        Target::Group => store::groups::by_id(&mut conn, &realm.id, id)
            .await?
            .is_some(),
    };
    match (found, target) {
        (true, _) => Ok(()),
        (false, Target::Client) => Err(Error::not_found("Could not find client")),
        (false, Target::Group) => Err(Error::not_found("Could not find group by id")),
    }
}

async fn read(
    state: AppState,
    admin: Admin,
    realm: &str,
    id: &str,
    t: Target,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, realm).await?;
    let perm = match t {
        Target::Client => Perm::ViewClients,
        Target::Group => Perm::ViewUsers,
    };
    admin.require(&realm, perm)?;
    check(&state, &realm, t, id).await?;
    Ok(Json(json!({"enabled": false})))
}

async fn write(
    state: AppState,
    admin: Admin,
    realm: &str,
    id: &str,
    t: Target,
    body: Value,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, realm).await?;
    let perm = match t {
        Target::Client => Perm::ManageClients,
        Target::Group => Perm::ManageUsers,
    };
    admin.require(&realm, perm)?;
    check(&state, &realm, t, id).await?;
    if body.get("enabled").and_then(Value::as_bool) == Some(true) {
        let body = Json(json!({"error": "Feature not enabled"}));
        return Ok((StatusCode::NOT_IMPLEMENTED, body).into_response());
    }
    Ok(Json(json!({"enabled": false})).into_response())
}

async fn client_read(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Value>> {
    read(state, admin, &realm, &id, Target::Client).await
}

async fn client_write(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response> {
    write(state, admin, &realm, &id, Target::Client, body).await
}

async fn group_read(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Value>> {
    read(state, admin, &realm, &id, Target::Group).await
}

async fn group_write(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response> {
    write(state, admin, &realm, &id, Target::Group, body).await
}
