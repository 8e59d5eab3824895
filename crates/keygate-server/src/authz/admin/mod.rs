//! `/admin/realms/{realm}/clients/{id}/authz/resource-server`: the resource server's
//! settings, resources, scopes, policies, permissions and policy evaluation.

mod convert;
mod evaluate;
pub mod hook;
mod identity;
mod policies;
mod policy_types;
mod realm_io;
mod resources;
mod scopes;
mod settings;

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::authz::model::Settings;
use crate::store::authz::ServerKey;
use crate::store::clients::ClientRow;
use crate::store::{self, Conn};

pub use realm_io::{
    export as export_realm_clients, import as import_realm_clients, take as take_realm_clients,
    take_partial as take_partial_clients,
};

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/clients/{id}/authz/resource-server";
    let r = |p: &str| format!("{base}{p}");
    Router::new()
        .route(base, get(settings::read).put(settings::update))
        .route(&r("/settings"), get(settings::export))
        .route(&r("/import"), post(settings::import))
        .route(
            &r("/resource"),
            get(resources::list).post(resources::create),
        )
        .route(&r("/resource/search"), get(resources::search))
        .route(
            &r("/resource/{rid}"),
            get(resources::read)
                .put(resources::update)
                .delete(resources::remove),
        )
        .route(&r("/resource/{rid}/scopes"), get(resources::scopes))
        .route(
            &r("/resource/{rid}/permissions"),
            get(resources::permissions),
        )
        .route(&r("/resource/{rid}/attributes"), get(resources::attributes))
        .route(&r("/scope"), get(scopes::list).post(scopes::create))
        .route(&r("/scope/search"), get(scopes::search))
        .route(
            &r("/scope/{sid}"),
            get(scopes::read).put(scopes::update).delete(scopes::remove),
        )
        .route(&r("/scope/{sid}/resources"), get(scopes::resources))
        .route(&r("/scope/{sid}/permissions"), get(scopes::permissions))
        .merge(policies::routes(base, "policy"))
        .merge(policies::routes(base, "permission"))
}

/// The realm, checked for the caller's right.
async fn realm(state: &AppState, name: &str, admin: &Admin, perm: Perm) -> Result<Arc<Realm>> {
    let realm = state.realms.get(&state.db, name).await?;
    admin.require(&realm, perm)?;
    Ok(realm)
}

/// A client's resource server: 404 "Could not find client" without the client, Keycloak's
/// bare 404 when the client has authorization services off.
async fn server(
    c: &mut Conn,
    realm: &Realm,
    client_id: &str,
) -> Result<(ClientRow, ServerKey, Settings)> {
    let client = store::clients::by_id(&mut *c, &realm.id, client_id)
        .await?
        .ok_or_else(|| Error::not_found("Could not find client"))?;
    let (key, settings) = store::authz::find(c, &realm.id, &client.id)
        .await?
        .ok_or(Error::Status(404))?;
    Ok((client, key, settings))
}

/// Keycloak's bodiless 404 for a missing resource, scope or policy.
fn gone() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `first`/`max` as Keycloak pages (`max` defaults to 100; -1 means no limit).
fn page<T>(items: Vec<T>, first: Option<i64>, max: Option<i64>) -> Vec<T> {
    let first = first.unwrap_or(0).max(0) as usize;
    let max = match max {
        Some(m) if m >= 0 => m as usize,
        Some(_) => usize::MAX,
        None => 100,
    };
    items.into_iter().skip(first).take(max).collect()
}
