//! `/health/live` and `/health/ready`, answered as Keycloak's health endpoints are.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::error::Result;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
}

async fn live() -> Json<Value> {
    Json(json!({"status": "UP", "checks": []}))
}

async fn ready(State(state): State<AppState>) -> Result<Json<Value>> {
    sqlx::query("SELECT 1").execute(&state.db.pool).await?;
    Ok(Json(
        json!({"status": "UP", "checks": [{"name": "database", "status": "UP"}]}),
    ))
}
