//! `POST /admin/realms/{realm}/clear-realm-cache`, `clear-user-cache`, `clear-keys-cache`:
//! 204 for a caller with manage-realm. The realm and keys caches are the realm cache here,
//! so both drop it; users are not cached, so that clear has nothing to drop.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;

use crate::error::Result;
use crate::http::auth::{Admin, Perm};
use crate::state::{AppState, Change};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/realms/{realm}/clear-realm-cache", post(clear_realm))
        .route("/admin/realms/{realm}/clear-user-cache", post(clear_users))
        .route("/admin/realms/{realm}/clear-keys-cache", post(clear_realm))
}

async fn clear_realm(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    // Through the write path, so every node drops its copy too.
    let tx = state.begin().await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_users(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    Ok(StatusCode::NO_CONTENT)
}
