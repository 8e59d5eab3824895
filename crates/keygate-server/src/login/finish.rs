//! The end of a successful login: the user session is created (or the SSO session joined),
//! a one-time code is stored, the SSO cookies are set and the browser goes back to the
//! client with `code`, `state`, `session_state` and `iss`.

use axum::response::Response;

use super::cookies::{self, IDENTITY, SESSION};
use super::pending::with_cookies;
use super::request::AuthRequest;
use super::respond;
use super::store::{self as login_store, CodeRow};
use super::Flow;
use crate::crypto::random_token;
use crate::error::Result;
use crate::realm::model::Client;
use crate::state::Change;
use crate::store;
use crate::store::sessions::SessionRow;

/// Who logged in, and how.
pub struct Authenticated<'a> {
    pub user_id: &'a str,
    pub remember_me: bool,
    /// The live SSO session to join; `None` starts a new one.
    pub sso: Option<SessionRow>,
    /// The pending login this closes, if any.
    pub tab: Option<&'a str>,
}

/// The authorization code's database key: its SHA-256, so a leaked table holds no codes.
pub fn code_key(code: &str) -> String {
    cookies::digest(code)
}

pub async fn finish(
    flow: &Flow,
    client: &Client,
    req: &AuthRequest,
    a: Authenticated<'_>,
) -> Result<Response> {
    let now = flow.now;
    let state = &flow.state;
    let realm = &flow.realm;
    let mut tx = state.begin().await?;
    let (session, remember_me) = match a.sso {
        Some(s) => {
            store::sessions::join_client(&mut tx, &s.id, &client.id, now).await?;
            state.touches.record(&s.id, now);
            (
                SessionRow {
                    last_access: now,
                    ..s
                },
                a.remember_me,
            )
        }
        None => {
            let s = SessionRow {
                id: uuid::Uuid::new_v4().to_string(),
                user_id: a.user_id.to_string(),
                started: now,
                last_access: now,
                offline: false,
            };
            store::sessions::insert(&mut tx, &realm.id, &s, &client.id, flow.ip.as_deref()).await?;
            (s, a.remember_me)
        }
    };
    let code = random_token(32);
    let row = CodeRow {
        id: code_key(&code),
        realm_id: realm.id.clone(),
        client_id: client.id.clone(),
        session_id: session.id.clone(),
        user_id: a.user_id.to_string(),
        redirect_uri: req.redirect_param.clone().unwrap_or_default(),
        scope: req.scope.clone(),
        nonce: req.nonce.clone(),
        code_challenge: req.code_challenge.clone(),
        code_challenge_method: req.code_challenge_method.clone(),
        created: now,
        expires: now + flow.setting_i64("accessCodeLifespan", 60),
    };
    login_store::insert_code(&mut tx, &row).await?;
    if let Some(tab) = a.tab {
        login_store::delete_auth_session(&mut tx, tab).await?;
    }
    state.commit(tx, Change::Users).await?;
    crate::events::record::browser_login(flow, client, &req.redirect_uri, a.user_id, &session.id)
        .await;

    let sso_max = realm.sso_max();
    let exp = session.started + sso_max;
    let claims =
        cookies::identity_claims(&flow.issuer, a.user_id, &session.id, now, exp, remember_me);
    let identity = cookies::sign_identity(realm, &claims)?;
    let max_age = remember_me.then_some((exp - now).max(0));
    let set = [
        flow.cookies.cookie(IDENTITY, &identity, max_age, true),
        flow.cookies
            .cookie(SESSION, &cookies::digest(&session.id), max_age, false),
    ];
    let mut params: Vec<(&str, &str)> = Vec::new();
    if let Some(s) = &req.state {
        params.push(("state", s));
    }
    params.push(("session_state", &session.id));
    params.push(("iss", &flow.issuer));
    params.push(("code", &code));
    let resp = respond::to_client(req.response_mode, &req.redirect_uri, &params);
    Ok(with_cookies(resp, set))
}

/// An error for the client, at its verified redirect URI.
pub fn client_error(
    flow: &Flow,
    req: &AuthRequest,
    error: &str,
    description: Option<&str>,
) -> Response {
    let mut params: Vec<(&str, &str)> = vec![("error", error)];
    if let Some(d) = description {
        params.push(("error_description", d));
    }
    if let Some(s) = &req.state {
        params.push(("state", s));
    }
    params.push(("iss", &flow.issuer));
    respond::to_client(req.response_mode, &req.redirect_uri, &params)
}
