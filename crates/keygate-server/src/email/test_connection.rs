//! `POST /admin/realms/{realm}/testSMTPConnection`: sends Keycloak's test message with the
//! given settings to the calling administrator's own address. A password of
//! `**********` (the masked value the console shows) stands for the realm's stored one.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::smtp::{self, Mail, Settings};
use crate::error::Result;
use crate::http::auth::{Admin, Perm};
use crate::http::json::JsonBody;
use crate::state::AppState;
use crate::store;

/// The masked secret of Keycloak's representations.
const SECRET_VALUE: &str = "**********";

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/admin/realms/{realm}/testSMTPConnection",
        post(test_connection),
    )
}

fn failure(message: &str) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({"errorMessage": message})),
    )
        .into_response()
}

async fn test_connection(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    JsonBody(mut settings): JsonBody<Map<String, Value>>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let mut conn = state.db.conn().await?;
    let me = store::users::by_id(&mut conn, &admin.realm.id, &admin.user_id).await?;
    drop(conn);
    let Some(to) = me.and_then(|u| u.email).filter(|e| !e.is_empty()) else {
        return Ok(failure("Logged in user does not have an e-mail."));
    };
    if settings.get("password").and_then(Value::as_str) == Some(SECRET_VALUE) {
        let stored = realm
            .rep
            .extra
            .get("smtpServer")
            .and_then(|s| s.get("password"))
            .cloned()
            .unwrap_or(Value::Null);
        settings.insert("password".into(), stored);
    }
    let mail = Mail {
        to,
        subject: "[KEYCLOAK] - SMTP test message".into(),
        text: "This is a test message".into(),
        html: "<html><body><p>This is a test message</p></body></html>".into(),
    };
    let sent = match Settings::from_map(&settings) {
        Ok(s) => smtp::send(&s, &mail).await,
        Err(e) => Err(e),
    };
    Ok(match sent {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::warn!(realm = %realm.name, error = %e, "SMTP test failed");
            failure("Failed to send email")
        }
    })
}
