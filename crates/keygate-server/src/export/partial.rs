//! `POST /admin/realms/{realm}/partial-export` and `.../partialImport`.

use crate::http::query::Query;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::import;
use super::import_types::{PartialImportRepresentation, PartialImportResults};
use super::sections::{self, Options};
use super::snapshot::Snapshot;
use super::users::Users;
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::JsonBody;
use crate::state::{AppState, Change};
use crate::store;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/realms/{realm}/partial-export", post(partial_export))
        .route("/admin/realms/{realm}/partialImport", post(partial_import))
}

/// The query of `partial-export`; anything but `true` is false (JAX-RS `Boolean`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExportParams {
    export_clients: Option<String>,
    export_groups_and_roles: Option<String>,
}

fn flag(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("true"))
}

/// Keycloak's partial export: the realm's settings, client scopes and components, plus
/// clients (and their service-account users) and groups and roles when asked, every
/// secret masked. Regular users are never part of it.
async fn partial_export(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    Query(p): Query<ExportParams>,
) -> Result<Json<Value>> {
    let cached = state.realms.get(&state.db, &realm).await?;
    admin.require(&cached, Perm::ManageRealm)?;
    let opts = Options {
        clients: flag(&p.export_clients),
        groups_and_roles: flag(&p.export_groups_and_roles),
    };
    if opts.groups_and_roles {
        admin.require(&cached, Perm::QueryGroups)?;
    }
    if opts.clients {
        admin.require(&cached, Perm::ViewClients)?;
    }
    let mut tx = store::export::snapshot(&state.db).await?;
    let snap = Snapshot::load(&mut tx, &realm).await?;
    let mut doc = Value::Object(sections::document(&mut tx, &snap, opts).await?);
    if opts.clients {
        let users = Users::new(&mut tx, &snap, opts.groups_and_roles).await?;
        let rows = store::export::service_accounts(&mut tx, &snap.realm.id).await?;
        let list = users.render(&mut tx, &snap, rows, false).await?;
        if !list.is_empty() {
            doc["users"] = json!(list);
        }
    }
    tx.rollback().await?;
    super::mask::strip_realm(&mut doc);
    Ok(Json(doc))
}

/// Keycloak's partial import: clients, roles, groups and users into an existing realm, in
/// one transaction. With `FAIL` an existing resource is a 409 and nothing is written.
async fn partial_import(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<PartialImportResults>> {
    let cached = state.realms.get(&state.db, &realm).await?;
    admin.require(&cached, Perm::ManageRealm)?;
    let rep: PartialImportRepresentation = serde_json::from_value(body)
        .map_err(|e| Error::bad_request(format!("Invalid partial import: {e}")))?;
    let policy = rep.policy()?;
    let hashed = import::hash_passwords(&state, &cached, rep).await?;
    let mut tx = state.begin().await?;
    let results = import::run(&state, &mut tx, &cached, hashed, policy).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(Json(results))
}
