//! `/admin/realms/{realm}/users/{id}/consents`: the consents a user granted, and the
//! clients holding an offline token of the user (shown as an "Offline Token" grant, as
//! Keycloak does); revoking removes both.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/users/{id}/consents";
    Router::new()
        .route(base, get(list))
        .route(&format!("{base}/{{client}}"), delete(revoke))
}

async fn user_exists(c: &mut Conn, realm: &Realm, id: &str) -> Result<()> {
    store::users::by_id(c, &realm.id, id)
        .await?
        .map(|_| ())
        .ok_or_else(|| Error::not_found("User not found"))
}

fn offline_grant(client_internal_id: &str) -> Value {
    json!({"client": client_internal_id, "key": "Offline Token"})
}

async fn list(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    user_exists(&mut conn, &realm, &id).await?;
    let consents = store::user_extras::consents(&mut conn, &realm.id, &id).await?;
    let offline = store::user_extras::offline_clients(&mut conn, &realm.id, &id).await?;
    let client_id = |internal: &str| {
        realm
            .client_by_internal_id(internal)
            .map(|c| c.client_id().to_string())
    };
    let mut out = Vec::new();
    for c in &consents {
        let Some(cid) = client_id(&c.client_id) else {
            continue;
        };
        let scopes: Vec<Value> = c
            .scopes
            .iter()
            .map(|s| match realm.scopes.get(s) {
                Some(rep) => serde_json::to_value(rep).unwrap_or(Value::Null),
                None => json!({"name": s}),
            })
            .collect();
        let grants: Vec<Value> = offline
            .iter()
            .filter(|o| **o == c.client_id)
            .map(|o| offline_grant(o))
            .collect();
        out.push(json!({
            "clientId": cid, "grantedClientScopes": scopes, "createdDate": c.created,
            "lastUpdatedDate": c.last_updated, "additionalGrants": grants,
        }));
    }
    for o in offline
        .iter()
        .filter(|o| !consents.iter().any(|c| c.client_id == **o))
    {
        if let Some(cid) = client_id(o) {
            out.push(json!({
                "clientId": cid, "grantedClientScopes": [], "createdDate": null,
                "lastUpdatedDate": null, "additionalGrants": [offline_grant(o)],
            }));
        }
    }
    Ok(Json(out))
}

/// Revokes the consent and ends the client's offline sessions of the user.
async fn revoke(
    State(state): State<AppState>,
    Path((realm, id, client)): Path<(String, String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    user_exists(&mut tx, &realm, &id).await?;
    let client = realm
        .client(&client)
        .cloned()
        .ok_or_else(|| Error::not_found("Client not found"))?;
    let mut revoked =
        store::user_extras::revoke_consent(&mut tx, &realm.id, &id, &client.id).await?;
    let sessions =
        store::user_extras::offline_sessions_of_client(&mut tx, &realm.id, &id, &client.id).await?;
    for s in &sessions {
        store::sessions::leave_client(&mut tx, s, &client.id).await?;
        revoked = true;
    }
    if !revoked {
        return Err(Error::not_found("Consent nor offline token not found"));
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}
