//! Pending logins: one per browser tab, stored in `auth_sessions`, bound to the browser's
//! `AUTH_SESSION_ID` cookie and to a per-form CSRF token. A form post must come from the
//! same browser (the cookie) and from a page Keygate rendered (the token).

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use super::cookies::{self, AUTH_SESSION};
use super::request::AuthRequest;
use super::respond;
use super::store::{self as login_store, AuthSessionRow};
use super::templates::forms::{self, LoginForm};
use super::Flow;
use crate::crypto::{random_token, secret_eq};
use crate::error::Result;
use crate::realm::model::Client;
use crate::state::Change;

/// A pending login that passed its checks.
#[derive(Debug)]
pub struct Pending {
    pub row: AuthSessionRow,
    pub request: AuthRequest,
    pub client: Arc<Client>,
}

const TIMED_OUT: &str = "Your login attempt timed out. Login will start from the beginning.";
const INVALID_CODE: &str = "An error occurred, please login again through your application.";
const NO_COOKIE: &str = "Cookie not found. Please make sure cookies are enabled in your browser.";

/// Adds `Set-Cookie` headers to a response.
pub fn with_cookies(mut r: Response, cookies: impl IntoIterator<Item = HeaderValue>) -> Response {
    for c in cookies {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

/// Starts a pending login in this browser. Returns the row and, for a browser without an
/// `AUTH_SESSION_ID` yet, the cookie to set.
pub async fn start(
    flow: &Flow,
    headers: &HeaderMap,
    client: &Client,
    request: &AuthRequest,
    user_id: Option<&str>,
    remember_me: bool,
) -> Result<(AuthSessionRow, Option<HeaderValue>)> {
    let (browser, cookie) = match cookies::read(headers, AUTH_SESSION) {
        Some(b) if b.len() >= 16 && b.len() <= 128 => (b, None),
        _ => {
            let b = random_token(32);
            let c = flow.cookies.cookie(AUTH_SESSION, &b, None, true);
            (b, Some(c))
        }
    };
    let row = AuthSessionRow {
        id: random_token(24),
        realm_id: flow.realm.id.clone(),
        client_id: client.id.clone(),
        browser,
        csrf: random_token(32),
        request: serde_json::to_string(request)?,
        user_id: user_id.map(str::to_string),
        remember_me,
        created: flow.now,
        expires: flow.now + flow.setting_i64("accessCodeLifespanLogin", 1800),
    };
    let mut tx = flow.state.begin().await?;
    login_store::insert_auth_session(&mut tx, &row).await?;
    flow.state.commit(tx, Change::Users).await?;
    Ok((row, cookie))
}

/// The form action for a pending login's page.
/// A form's action carries the pending login and its token as Keycloak's `session_code`
/// does, in one parameter so an HTML-escaped `&` cannot split it: a client that scrapes the
/// action and posts only username and password (python-keycloak, curl scripts) still signs in.
pub fn action_url(flow: &Flow, endpoint: &str, row: &AuthSessionRow) -> String {
    format!(
        "{}?session_code={}.{}",
        flow.url(&format!("login-actions/{endpoint}")),
        row.id,
        row.csrf
    )
}

/// The sign-in page of a pending login.
pub fn login_page(
    flow: &Flow,
    row: &AuthSessionRow,
    username: &str,
    remember_me: bool,
    error: Option<&str>,
    info: Option<&str>,
) -> Response {
    let action = action_url(flow, "authenticate", row);
    let html = forms::login(
        &flow.theme,
        &LoginForm {
            action: &action,
            csrf: &row.csrf,
            username,
            login_with_email: flow.realm.login_with_email(),
            remember_me_allowed: flow.setting_bool("rememberMe"),
            remember_me,
            error,
            info,
        },
    );
    respond::page(StatusCode::OK, html)
}

/// Loads the pending login a form was posted for, checking browser, token and expiry. On
/// failure, the response to show instead: an error page, or a restarted login form when
/// the old one timed out.
pub async fn load(
    flow: &Flow,
    headers: &HeaderMap,
    tab_id: Option<&str>,
    csrf: Option<&str>,
) -> Result<Result<Pending, Response>> {
    let Some(browser) = cookies::read(headers, AUTH_SESSION) else {
        return Ok(Err(flow.error(StatusCode::BAD_REQUEST, NO_COOKIE)));
    };
    let row = match tab_id {
        Some(t) => {
            let mut conn = flow.state.db.conn().await?;
            login_store::auth_session(&mut conn, &flow.realm.id, t).await?
        }
        None => None,
    };
    let Some(row) = row.filter(|r| secret_eq(&r.browser, &browser)) else {
        return Ok(Err(flow.error(StatusCode::BAD_REQUEST, INVALID_CODE)));
    };
    if !csrf.is_some_and(|c| secret_eq(c, &row.csrf)) {
        return Ok(Err(flow.error(StatusCode::BAD_REQUEST, INVALID_CODE)));
    }
    let request: AuthRequest = serde_json::from_str(&row.request)?;
    let client = match flow.realm.client_by_internal_id(&row.client_id) {
        Some(c) if c.enabled() => c.clone(),
        Some(_) => return Ok(Err(flow.error(StatusCode::BAD_REQUEST, "Client disabled."))),
        None => return Ok(Err(flow.error(StatusCode::BAD_REQUEST, "Client not found."))),
    };
    if row.expires <= flow.now {
        let mut tx = flow.state.begin().await?;
        login_store::delete_auth_session(&mut tx, &row.id).await?;
        flow.state.commit(tx, Change::Users).await?;
        let (fresh, cookie) = start(flow, headers, &client, &request, None, false).await?;
        let hint = request.login_hint.clone().unwrap_or_default();
        let page = login_page(flow, &fresh, &hint, false, None, Some(TIMED_OUT));
        return Ok(Err(with_cookies(page, cookie)));
    }
    Ok(Ok(Pending {
        row,
        request,
        client,
    }))
}
