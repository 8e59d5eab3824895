//! Refusals made below the handlers — an over-long URI, a framework extractor's rejection
//! (bad path segment, body too large, wrong media type) — answered in Keycloak's JSON shape
//! instead of the framework's plain text.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::error::status_error;

/// Longest request target served, as Keycloak's HTTP layer limits its request line.
/// Longer URIs up to hyper's own limit (64 KiB) get a JSON 414; beyond that hyper answers.
pub const MAX_URI_LEN: usize = 8192;

/// Longest framework rejection text passed on as `error_description`.
const MAX_DESCRIPTION: usize = 512;

pub async fn layer(req: Request, next: Next) -> Response {
    let target_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target_len > MAX_URI_LEN {
        return status_error(StatusCode::URI_TOO_LONG.as_u16());
    }
    let res = next.run(req).await;
    if !res.status().is_client_error() || !is_plain_text(&res) {
        return res;
    }
    let status = res.status();
    match status {
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            status_error(status.as_u16())
        }
        _ => {
            let text = body_text(res).await;
            let reason = status.canonical_reason().unwrap_or("Error");
            let body = json!({
                "error": format!("HTTP {} {reason}", status.as_u16()),
                "error_description": text,
            });
            (status, Json(body)).into_response()
        }
    }
}

fn is_plain_text(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/plain"))
}

async fn body_text(res: Response) -> String {
    let bytes = axum::body::to_bytes(Body::new(res.into_body()), MAX_DESCRIPTION * 4)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    text.chars().take(MAX_DESCRIPTION).collect()
}
