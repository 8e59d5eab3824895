//! CORS as Keycloak answers it, so browser apps (keycloak-js, the admin console on another
//! origin) can call the OIDC endpoints, the account API and the admin API:
//! - a preflight (`OPTIONS` with `Access-Control-Request-Method`) under `/realms` or
//!   `/admin` is allowed for any origin: it grants nothing by itself;
//! - an actual response carries `Access-Control-Allow-Origin` only when the caller's client
//!   allows the origin: the bearer token's `allowed-origins` (once the handler accepted the
//!   token), or, on the OIDC form endpoints, the `webOrigins` of the client the form names.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::oidc::form::Params;
use crate::state::AppState;

const ALLOW_HEADERS: &str = "Origin, Accept, X-Requested-With, Content-Type, \
    Access-Control-Request-Method, Access-Control-Request-Headers, DPoP, Authorization";
const ALLOW_METHODS: &str = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
/// OIDC form bodies are small; a larger one is left to the handler to refuse.
const MAX_FORM: usize = 64 * 1024;

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(origin) = header_str(req.headers(), header::ORIGIN) else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    let path = path.strip_prefix("/auth").unwrap_or(path).to_string();
    if !(path.starts_with("/realms/") || path.starts_with("/admin/")) {
        return next.run(req).await;
    }
    if req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        return preflight(&origin);
    }
    let (req, form_origins) = match oidc_form_realm(&req, &path) {
        Some(realm) => form_client_origins(&state, req, &realm).await,
        None => (req, None),
    };
    let token_origins = bearer(req.headers()).map(token_allowed_origins);
    let mut res = next.run(req).await;
    let allowed = match (form_origins, token_origins) {
        (Some(o), _) => o,
        // A token the handler refused says nothing about who may read the refusal.
        (None, Some(o)) if res.status() != StatusCode::UNAUTHORIZED => o,
        _ => return res,
    };
    if allows(&allowed, &origin) {
        allow(res.headers_mut(), &origin);
    }
    res
}

fn preflight(origin: &str) -> Response {
    let mut res = StatusCode::OK.into_response();
    let h = res.headers_mut();
    allow(h, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOW_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("3600"),
    );
    res
}

fn allow(h: &mut HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Location"),
        );
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

fn allows(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|a| a == "*" || a == origin)
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)?.to_str().ok().map(str::to_string)
}

fn bearer(h: &HeaderMap) -> Option<String> {
    let v = header_str(h, header::AUTHORIZATION)?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// The token's `allowed-origins`; only read after the handler has verified the token.
fn token_allowed_origins(token: String) -> Vec<String> {
    crate::crypto::jwt::peek::<Value>(&token)
        .and_then(|c| {
            c.get("allowed-origins")?.as_array().map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// The realm of a form POST to `/realms/{realm}/protocol/openid-connect/...`.
fn oidc_form_realm(req: &Request, path: &str) -> Option<String> {
    if req.method() != Method::POST {
        return None;
    }
    let mut parts = path.trim_start_matches('/').split('/');
    let (Some("realms"), Some(realm), Some("protocol"), Some("openid-connect")) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(realm.to_string())
}

/// Reads the form (and puts it back) to learn which client it names: `client_id` in the
/// body or the user of HTTP Basic authentication.
async fn form_client_origins(
    state: &AppState,
    req: Request,
    realm: &str,
) -> (Request, Option<Vec<String>>) {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM).await else {
        return (Request::from_parts(parts, Body::empty()), None);
    };
    let form = Params::parse(&bytes);
    let client_id = form
        .get("client_id")
        .map(str::to_string)
        .or_else(|| basic_user(&parts.headers));
    let origins = match (client_id, state.realms.find(&state.db, realm).await) {
        (Some(id), Ok(Some(realm))) => realm.client(&id).map(|c| c.allowed_origins()),
        _ => None,
    };
    (Request::from_parts(parts, Body::from(bytes)), origins)
}

fn basic_user(h: &HeaderMap) -> Option<String> {
    use base64::Engine;
    let v = header_str(h, header::AUTHORIZATION)?;
    let (scheme, b64) = v.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let user = text.split_once(':')?.0;
    url::form_urlencoded::parse(format!("u={user}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
}
