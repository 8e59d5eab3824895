//! `/admin/realms/{realm}/attack-detection/brute-force/users[/{userId}]`: a user's
//! brute-force status, and clearing it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::brute_force::{self, Settings};
use super::store as login_store;
use crate::error::Result;
use crate::http::auth::{Admin, Perm};
use crate::state::AppState;
use crate::store;

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/attack-detection/brute-force/users";
    Router::new()
        .route(base, delete(clear_all))
        .route(&format!("{base}/{{id}}"), get(status).delete(clear_user))
}

/// Keycloak's shape: `{"numFailures", "disabled", "lastIPFailure", "lastFailure"}`.
async fn status(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut out =
        json!({"numFailures": 0, "disabled": false, "lastIPFailure": "n/a", "lastFailure": 0});
    let settings = Settings::of(&realm);
    if !settings.protected {
        return Ok(Json(out));
    }
    let mut conn = state.db.conn().await?;
    let user = store::users::by_id(&mut conn, &realm.id, &id).await?;
    let failure = login_store::failure(&mut conn, &realm.id, &id).await?;
    let now = state.clock.now();
    let disabled = match &user {
        Some(u) => brute_force::locked(&settings, failure.as_ref(), u, now),
        None => failure.as_ref().is_some_and(|f| f.not_before > now),
    };
    out["disabled"] = json!(disabled);
    if let Some(f) = failure {
        out["numFailures"] = json!(f.num_failures);
        out["lastFailure"] = json!(f.last_failure);
        out["lastIPFailure"] = json!(f.last_ip.unwrap_or_else(|| "n/a".into()));
    }
    Ok(Json(out))
}

async fn clear_user(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    brute_force::clear(&state, &realm, Some(&id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_all(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    brute_force::clear(&state, &realm, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
