//! `/admin/realms/{realm}/users/{id}/federated-identity`: links to identity-provider
//! accounts. As in Keycloak, a link is stored whatever the provider, but only links to
//! providers the realm defines (`identityProviders` of the realm representation) are listed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::JsonBody;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::user_extras::FederatedRow;
use crate::store::{self, Conn};

/// Keycloak's `FederatedIdentityRepresentation`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FederatedIdentityRepresentation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/users/{id}/federated-identity";
    Router::new()
        .route(base, get(list))
        .route(&format!("{base}/{{provider}}"), post(add).delete(remove))
}

async fn user_exists(c: &mut Conn, realm: &Realm, id: &str) -> Result<()> {
    store::users::by_id(c, &realm.id, id)
        .await?
        .map(|_| ())
        .ok_or_else(|| Error::not_found("User not found"))
}

/// Whether the realm defines an identity provider with this alias.
fn provider_exists(realm: &Realm, alias: &str) -> bool {
    realm
        .rep
        .extra
        .get("identityProviders")
        .and_then(|v| v.as_array())
        .is_some_and(|ps| {
            ps.iter()
                .any(|p| p.get("alias").and_then(|a| a.as_str()) == Some(alias))
        })
}

async fn list(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Vec<FederatedIdentityRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    user_exists(&mut conn, &realm, &id).await?;
    let links = store::user_extras::federated(&mut conn, &realm.id, &id).await?;
    Ok(Json(
        links
            .into_iter()
            .filter(|l| provider_exists(&realm, &l.provider))
            .map(|l| FederatedIdentityRepresentation {
                identity_provider: Some(l.provider),
                user_id: Some(l.user_id),
                user_name: Some(l.username),
            })
            .collect(),
    ))
}

async fn add(
    State(state): State<AppState>,
    Path((realm, id, provider)): Path<(String, String, String)>,
    admin: Admin,
    JsonBody(rep): JsonBody<FederatedIdentityRepresentation>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let row = FederatedRow {
        provider,
        user_id: rep.user_id.unwrap_or_default(),
        username: rep.user_name.unwrap_or_default(),
    };
    let mut tx = state.begin().await?;
    user_exists(&mut tx, &realm, &id).await?;
    if !store::user_extras::link(&mut tx, &realm.id, &id, &row).await? {
        return Err(Error::conflict("User is already linked with provider"));
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove(
    State(state): State<AppState>,
    Path((realm, id, provider)): Path<(String, String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    user_exists(&mut tx, &realm, &id).await?;
    if !store::user_extras::unlink(&mut tx, &realm.id, &id, &provider).await? {
        return Err(Error::not_found("Link not found"));
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}
