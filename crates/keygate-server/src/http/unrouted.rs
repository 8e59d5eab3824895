//! Answers for requests no route takes, in the body Keycloak (RESTEasy behind
//! `KeycloakErrorHandler`) gives them, so clients that read every error as JSON get one.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

const SEE_LOG: &str = "For more on this error consult the server log.";

/// No route matches the path.
pub async fn not_found() -> Response {
    let body = json!({"error": "Unable to find matching target resource method",
                      "error_description": SEE_LOG});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

/// The path exists, the method does not.
pub async fn method_not_allowed() -> Response {
    let body = json!({"error": "HTTP 405 Method Not Allowed", "error_description": SEE_LOG});
    (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response()
}
