//! NUL characters are refused at the edge, before any handler or store sees them:
//! PostgreSQL rejects them in text (a 500 there, and a silently different value on SQLite),
//! and no Keycloak field can hold one. Checked in the path, the query, form bodies and JSON
//! bodies; the answer is a 400 in the shape of the API that was called.

use axum::body::{to_bytes, Body, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::Error;

/// No route takes a larger body (`axum`'s default limit is 2 MiB; this stays above it).
const BODY_LIMIT: usize = 16 * 1024 * 1024;

const MESSAGE: &str = "Invalid character in request: NUL is not allowed";

fn has_encoded_nul(s: &[u8]) -> bool {
    s.windows(3).any(|w| w == b"%00")
}

/// A raw NUL or a `\u0000` escape in a JSON text. A backslash always starts an escape in
/// valid JSON, so skipping the escaped character keeps `\\u0000` (text) apart.
fn json_has_nul(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0 => return true,
            b'\\' => {
                if b.get(i + 1) == Some(&b'u') && b.get(i + 2..i + 6) == Some(b"0000".as_slice()) {
                    return true;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    false
}

enum BodyKind {
    Form,
    Json,
    /// No or another content type: handlers that ignore it may parse either.
    Other,
}

fn body_kind(headers: &HeaderMap) -> BodyKind {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ct.starts_with("application/x-www-form-urlencoded") {
        BodyKind::Form
    } else if ct.starts_with("application/json") || ct.contains("+json") {
        BodyKind::Json
    } else {
        BodyKind::Other
    }
}

fn body_has_nul(kind: &BodyKind, b: &[u8]) -> bool {
    match kind {
        BodyKind::Form => b.contains(&0) || has_encoded_nul(b),
        BodyKind::Json => json_has_nul(b),
        BodyKind::Other => json_has_nul(b) || has_encoded_nul(b),
    }
}

/// The admin API answers `{"errorMessage"}`; everything else speaks OAuth.
fn reject(path: &str) -> Response {
    let admin = path.starts_with("/admin/") || path.starts_with("/auth/admin/");
    if admin {
        Error::bad_request(MESSAGE).into_response()
    } else {
        Error::oauth("invalid_request", MESSAGE).into_response()
    }
}

/// The middleware: path and query as sent (a NUL can only arrive percent-encoded there),
/// then the body, buffered and handed on unchanged.
pub async fn reject_nul(req: Request, next: Next) -> Response {
    let uri = req.uri().clone();
    let path = uri.path();
    if has_encoded_nul(path.as_bytes()) || has_encoded_nul(uri.query().unwrap_or("").as_bytes()) {
        return reject(path);
    }
    if req.body().size_hint().exact() == Some(0) {
        return next.run(req).await;
    }
    let kind = body_kind(req.headers());
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => return Error::bad_request("Unable to read request body").into_response(),
    };
    if body_has_nul(&kind, &bytes) {
        return reject(path);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes() {
        assert!(json_has_nul(br#"{"a":"x\u0000y"}"#));
        assert!(json_has_nul(b"{\"a\":\"x\0\"}"));
        assert!(!json_has_nul(br#"{"a":"x\\u0000y"}"#));
        assert!(json_has_nul(br#"{"a":"x\\\u0000y"}"#));
        assert!(!json_has_nul(br#"{"a":"\u0001 100%00"}"#));
        assert!(!json_has_nul(br#"{"a":"\"#));
    }

    #[test]
    fn forms_and_others() {
        assert!(body_has_nul(&BodyKind::Form, b"username=a%00b"));
        assert!(!body_has_nul(&BodyKind::Form, b"username=a%2500b"));
        assert!(!body_has_nul(&BodyKind::Form, br"username=a\u0000b"));
        assert!(body_has_nul(&BodyKind::Other, b"username=a%00b"));
        assert!(!body_has_nul(&BodyKind::Json, br#"{"d":"100%00"}"#));
    }
}
