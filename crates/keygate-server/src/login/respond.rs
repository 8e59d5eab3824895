//! Turning outcomes into browser responses: pages with Keycloak's protective headers, and
//! the authorization response delivered by query, fragment or auto-posted form.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::templates::{pages, Theme};

/// How the authorization response reaches the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseMode {
    Query,
    Fragment,
    FormPost,
}

impl ResponseMode {
    pub fn parse(s: &str) -> Option<ResponseMode> {
        match s {
            "query" => Some(ResponseMode::Query),
            "fragment" => Some(ResponseMode::Fragment),
            "form_post" => Some(ResponseMode::FormPost),
            _ => None,
        }
    }
}

fn protect(r: Response) -> Response {
    let mut r = no_store(r);
    let h = r.headers_mut();
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-src 'self'; frame-ancestors 'self'; object-src 'none';"),
    );
    r
}

/// The headers every browser response carries. Redirects get only these: a `prompt=none`
/// answer travels through the application's hidden iframe, which framing headers on the
/// redirect would break (Keycloak sends none there either).
fn no_store(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, must-revalidate, max-age=0"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// An HTML page.
pub fn page(status: StatusCode, html: String) -> Response {
    protect(
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
    )
}

/// Keycloak's error page. Used wherever redirecting to the client would be unsafe.
pub fn error_page(theme: &Theme, status: StatusCode, message: &str) -> Response {
    page(status, pages::error(theme, message))
}

/// A `302 Found` to `location`.
pub fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => no_store((StatusCode::FOUND, [(header::LOCATION, v)]).into_response()),
        Err(_) => error_page(
            &Theme::plain(),
            StatusCode::BAD_REQUEST,
            "Invalid parameter: redirect_uri",
        ),
    }
}

fn encode(params: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The authorization response (a code, or an error) sent to the client's redirect URI.
pub fn to_client(mode: ResponseMode, redirect_uri: &str, params: &[(&str, &str)]) -> Response {
    match mode {
        ResponseMode::Query => {
            let location = match url::Url::parse(redirect_uri) {
                _ if params.is_empty() => redirect_uri.to_string(),
                Ok(mut u) => {
                    {
                        let mut q = u.query_pairs_mut();
                        for (k, v) in params {
                            q.append_pair(k, v);
                        }
                    }
                    u.to_string()
                }
                Err(_) => {
                    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
                    format!("{redirect_uri}{sep}{}", encode(params))
                }
            };
            redirect(&location)
        }
        ResponseMode::Fragment => redirect(&format!("{redirect_uri}#{}", encode(params))),
        ResponseMode::FormPost => page(StatusCode::OK, pages::form_post(redirect_uri, params)),
    }
}
