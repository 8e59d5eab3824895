//! `/realms/{realm}/login-actions/action-token`: the page an action mail links to. `GET`
//! checks the token and shows one form for its actions; `POST` checks it again, checks
//! the CSRF pair (a random value in an HttpOnly cookie and in the form), performs the
//! actions in one transaction, removes them from the user's required actions and spends
//! the token (a replay or a concurrent second post finds it spent). With a new password,
//! "Sign out from other devices" (checked by default, as in Keycloak) ends the user's
//! sessions. A bad, expired or spent link gets the error page, never a 500.

use crate::http::query::Query;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::forms::{self, ActionForm};
use super::token::{self, ActionToken, Refused};
use crate::crypto;
use crate::error::Result;
use crate::http::base::Base;
use crate::login::templates::pages;
use crate::login::{cookies, respond, Flow};
use crate::oidc::form::Params;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::users::UserRow;
use crate::user::password_policy::{self, Subject};

/// The CSRF cookie of the action page.
const CSRF_COOKIE: &str = "KC_ACTION_CSRF";
const INVALID: &str = "An error occurred, please login again through your application.";
const EXPIRED: &str = "Action expired.";

#[derive(Debug, Deserialize)]
pub struct KeyQuery {
    key: Option<String>,
}

/// A checked link: its token and its user.
struct Link {
    token: ActionToken,
    user: UserRow,
}

/// Verifies the token, that it was not spent, and that its user is still the one mailed.
async fn open_link(flow: &Flow, key: Option<&str>) -> Result<Result<Link, Response>> {
    let bad = |m: &str| Ok(Err(flow.error(StatusCode::BAD_REQUEST, m)));
    let Some(key) = key.filter(|k| !k.is_empty()) else {
        return bad(INVALID);
    };
    let t = match token::verify(&flow.realm, &flow.issuer, key, flow.now) {
        Ok(t) => t,
        Err(Refused::Expired) => return bad(EXPIRED),
        Err(Refused::Invalid) => return bad(INVALID),
    };
    let mut conn = flow.state.db.conn().await?;
    if store::sessions::is_revoked(&mut conn, &t.jti).await? {
        return bad(EXPIRED);
    }
    let Some(user) = store::users::by_id(&mut conn, &flow.realm.id, &t.sub).await? else {
        return bad(INVALID);
    };
    if !user.enabled {
        return bad("Account is disabled, contact your administrator.");
    }
    if user.email != t.eml {
        return bad(INVALID);
    }
    Ok(Ok(Link { token: t, user }))
}

fn has(t: &ActionToken, action: &str) -> bool {
    t.rqac.iter().any(|a| a == action)
}

fn form_page(flow: &Flow, key: &str, link: &Link, csrf: &str, err: Option<&str>) -> Response {
    let action = flow.url("login-actions/action-token");
    let u = &link.user;
    let f = ActionForm {
        action: &action,
        key,
        csrf,
        update_password: has(&link.token, "UPDATE_PASSWORD"),
        update_profile: has(&link.token, "UPDATE_PROFILE"),
        verify_email: has(&link.token, "VERIFY_EMAIL"),
        email: u.email.as_deref().unwrap_or_default(),
        first_name: u.first_name.as_deref().unwrap_or_default(),
        last_name: u.last_name.as_deref().unwrap_or_default(),
        error: err,
    };
    let status = if err.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    respond::page(status, forms::page(&flow.theme, &f))
}

/// `GET`: the form, with a fresh CSRF cookie.
pub async fn show(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    Query(q): Query<KeyQuery>,
) -> Result<Response> {
    let flow = match Flow::open(&state, &name, &base, &headers).await? {
        Ok(f) => f,
        Err(page) => return Ok(page),
    };
    let link = match open_link(&flow, q.key.as_deref()).await? {
        Ok(l) => l,
        Err(page) => return Ok(page),
    };
    let csrf = crypto::random_token(32);
    let mut r = form_page(
        &flow,
        q.key.as_deref().unwrap_or_default(),
        &link,
        &csrf,
        None,
    );
    let cookie = flow.cookies.cookie(CSRF_COOKIE, &csrf, None, true);
    r.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(r)
}

fn valid_email(e: &str) -> bool {
    e.split_once('@').is_some_and(|(l, d)| {
        !l.is_empty() && !d.is_empty() && !d.contains('@') && !e.contains(char::is_whitespace)
    })
}

/// Applies the form to the user in memory; `Err` is the message to show with the form.
fn apply_profile(user: &mut UserRow, form: &Params) -> Result<(), &'static str> {
    let email = form.get("email").unwrap_or_default().trim().to_lowercase();
    let first = form.get("firstName").unwrap_or_default().trim().to_string();
    let last = form.get("lastName").unwrap_or_default().trim().to_string();
    if email.is_empty() {
        return Err("Please specify email.");
    }
    if !valid_email(&email) {
        return Err("Invalid email address.");
    }
    if first.is_empty() {
        return Err("Please specify first name.");
    }
    if last.is_empty() {
        return Err("Please specify last name.");
    }
    if user.email.as_deref() != Some(email.as_str()) {
        user.email_verified = false;
    }
    user.email = Some(email);
    user.first_name = Some(first);
    user.last_name = Some(last);
    Ok(())
}

fn new_password(form: &Params) -> Result<String, &'static str> {
    let new = form.get("password-new").unwrap_or_default();
    if new.is_empty() {
        return Err("Please specify password.");
    }
    if form.get("password-confirm") != Some(new) {
        return Err("Passwords don't match.");
    }
    Ok(new.to_string())
}

/// `POST`: performs the actions.
pub async fn submit(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let flow = match Flow::open(&state, &name, &base, &headers).await? {
        Ok(f) => f,
        Err(page) => return Ok(page),
    };
    let form = Params::parse(&body);
    let key = form.get("key").unwrap_or_default().to_string();
    let link = match open_link(&flow, Some(&key)).await? {
        Ok(l) => l,
        Err(page) => return Ok(page),
    };
    let csrf_ok = match (cookies::read(&headers, CSRF_COOKIE), form.get("csrf")) {
        (Some(c), Some(f)) => crypto::secret_eq(&c, f),
        _ => false,
    };
    if !csrf_ok {
        return Ok(flow.error(StatusCode::BAD_REQUEST, INVALID));
    }
    let csrf = form.get("csrf").unwrap_or_default().to_string();
    let t = &link.token;
    let mut user = link.user.clone();
    let fail = |msg: &str| Ok(form_page(&flow, &key, &link, &csrf, Some(msg)));
    let password = if has(t, "UPDATE_PASSWORD") {
        match new_password(&form) {
            Ok(p) => Some(p),
            Err(m) => return fail(m),
        }
    } else {
        None
    };
    if has(t, "UPDATE_PROFILE") {
        if let Err(m) = apply_profile(&mut user, &form) {
            return fail(m);
        }
    }
    if has(t, "VERIFY_EMAIL") {
        user.email_verified = true;
    }
    let policy = password_policy::apply::of_realm(&flow.realm)?;
    let hash = match password {
        Some(p) => {
            let who = Subject {
                username: &user.username,
                email: user.email.as_deref(),
            };
            match password_policy::apply::prepare(&state, &policy, &who, Some(&user.id), &p).await?
            {
                Ok(h) => Some(h),
                Err(v) => return fail(&v.message()),
            }
        }
        None => None,
    };
    let mut tx = state.begin().await?;
    if user.email != link.user.email && !flow.setting_bool("duplicateEmailsAllowed") {
        let email = user.email.clone().unwrap_or_default();
        let other = store::users::by_email(&mut tx, &flow.realm.id, &email).await?;
        if other.is_some_and(|o| o.id != user.id) {
            return fail("Email already exists.");
        }
    }
    if let Some(h) = &hash {
        let now_ms = state.clock.now_ms();
        password_policy::apply::store_password(&mut tx, &policy, &user.id, h, now_ms).await?;
    }
    user.required_actions.retain(|a| !has(t, a));
    store::users::update(&mut tx, &flow.realm.id, &user).await?;
    if hash.is_some() && form.get("logout-sessions") == Some("on") {
        store::user_extras::end_user_sessions(&mut tx, &flow.realm.id, &user.id).await?;
    }
    if !store::user_extras::spend_token(&mut tx, &t.jti, t.exp).await? {
        return Ok(flow.error(StatusCode::BAD_REQUEST, EXPIRED));
    }
    state.commit(tx, Change::Users).await?;
    Ok(done(&flow, t))
}

/// "Your account has been updated." with the way back to the application, if any.
fn done(flow: &Flow, t: &ActionToken) -> Response {
    let message = if t.typ == token::VERIFY_EMAIL {
        "Your email address has been verified."
    } else {
        "Your account has been updated."
    };
    let back = t
        .reduri
        .as_deref()
        .map(|r| (r, "\u{ab} Back to Application"));
    let mut r = respond::page(StatusCode::OK, pages::info(&flow.theme, message, back));
    let expire = flow.cookies.cookie(CSRF_COOKIE, "", Some(0), true);
    r.headers_mut().append(header::SET_COOKIE, expire);
    r
}
