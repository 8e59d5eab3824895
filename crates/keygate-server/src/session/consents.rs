//! A user's consents as far as Keygate keeps them: the clients holding offline tokens.
//! Revoking one ends the user's offline sessions with that client, as Keycloak does.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::load_user;
use crate::app::{AppState, Change};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::store::{self};

/// `GET /users/{id}/consents`: one entry per client with an offline token, shaped as
/// Keycloak shows a client the user never consented to explicitly.
pub async fn list(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    let user = load_user(&mut conn, &realm, &id).await?;
    let clients = store::sessions::offline_clients_of_user(&mut conn, &realm.id, &user.id).await?;
    Ok(Json(
        clients
            .iter()
            .filter_map(|cid| realm.client_by_internal_id(cid))
            .map(|c| {
                json!({
                    "clientId": c.client_id(), "grantedClientScopes": [],
                    "createdDate": null, "lastUpdatedDate": null,
                    "additionalGrants": [{"client": c.id, "key": "Offline Token"}],
                })
            })
            .collect(),
    ))
}

/// `DELETE /users/{id}/consents/{clientId}` (the client's `clientId`, not its id).
pub async fn revoke(
    State(state): State<AppState>,
    Path((realm, id, client)): Path<(String, String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    let user = load_user(&mut tx, &realm, &id).await?;
    let client = realm
        .client(&client)
        .ok_or_else(|| Error::not_found("Client not found"))?;
    let ended =
        store::sessions::revoke_offline_for_client(&mut tx, &realm.id, &user.id, &client.id)
            .await?;
    if ended == 0 {
        return Err(Error::not_found("Consent nor offline token not found"));
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}
