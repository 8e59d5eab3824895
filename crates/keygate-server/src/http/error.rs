//! The single mapping from `Error` to HTTP: OAuth errors as `{error, error_description}`,
//! admin errors as Keycloak's admin API renders them. Internal details are logged, never
//! returned.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::error::Error;

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self {
            Error::OAuth {
                status,
                error,
                description,
            } => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
                let body = Json(json!({"error": error, "error_description": description}));
                if status == StatusCode::UNAUTHORIZED && error == "invalid_token" {
                    let challenge = format!(
                        "Bearer realm=\"keygate\", error=\"invalid_token\", error_description=\"{description}\""
                    );
                    (status, [(header::WWW_AUTHENTICATE, challenge)], body).into_response()
                } else {
                    (status, body).into_response()
                }
            }
            Error::Described {
                status,
                error,
                description,
            } => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
                let body = json!({"error": error, "error_description": description});
                (status, Json(body)).into_response()
            }
            Error::NotFound(what) => {
                (StatusCode::NOT_FOUND, Json(json!({"error": what}))).into_response()
            }
            Error::Conflict(msg) => {
                (StatusCode::CONFLICT, Json(json!({"errorMessage": msg}))).into_response()
            }
            Error::BadRequest(msg) => {
                (StatusCode::BAD_REQUEST, Json(json!({"errorMessage": msg}))).into_response()
            }
            Error::Field {
                field,
                message,
                params,
            } => (
                StatusCode::BAD_REQUEST,
                Json(json!({"field": field, "errorMessage": message, "params": params})),
            )
                .into_response(),
            Error::Fields { status, errors } => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
                let mut body = json!({ "errors": errors });
                if let ([one], Some(obj)) = (errors.as_slice(), body.as_object_mut()) {
                    obj.insert("field".into(), json!(one.field));
                    obj.insert("errorMessage".into(), json!(one.error_message));
                    obj.insert("params".into(), json!(one.params));
                }
                (status, Json(body)).into_response()
            }
            Error::Unparsable => (
                StatusCode::BAD_REQUEST,
                Json(
                    json!({"error": "unknown_error", "error_description": "Cannot parse the JSON"}),
                ),
            )
                .into_response(),
            Error::Rejected(msg) => {
                (StatusCode::BAD_REQUEST, Json(json!({"error": msg}))).into_response()
            }
            Error::PreconditionFailed(msg) => (
                StatusCode::PRECONDITION_FAILED,
                Json(json!({"errorMessage": msg})),
            )
                .into_response(),
            Error::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                Json(json!({"error": "HTTP 401 Unauthorized"})),
            )
                .into_response(),
            Error::Forbidden => (
                StatusCode::FORBIDDEN,
                Json(json!({"error": "HTTP 403 Forbidden"})),
            )
                .into_response(),
            Error::Status(code) => status_error(code),
            Error::Config(msg) | Error::Internal(msg) => {
                tracing::error!(error = %msg, "request failed");
                internal()
            }
            Error::Db(e) => {
                tracing::error!(error = %e, "database error");
                internal()
            }
        }
    }
}

fn internal() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({"error": "unknown_error"})),
    )
        .into_response()
}

/// Keycloak's body for a refusal made by its HTTP layer rather than a resource.
pub fn status_error(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    let reason = status.canonical_reason().unwrap_or("Error");
    let body = Json(json!({"error": format!("HTTP {} {reason}", status.as_u16())}));
    (status, body).into_response()
}
