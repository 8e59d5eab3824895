//! `GET|POST /realms/{realm}/device`: the user enters (or follows a link with) the user
//! code; a good code starts the ordinary browser login for the device's client. The login
//! ends, like any other, with a one-time code sent to a redirect URI: here Keygate's own
//! `device/login` (see `consent`), named in the request built below, never by the browser.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::pages;
use crate::error::Result;
use crate::http::base::Base;
use crate::http::query::Query;
use crate::login::authorize::current;
use crate::login::finish::{self, Authenticated};
use crate::login::pending::{self, with_cookies};
use crate::login::request::AuthRequest;
use crate::login::respond::ResponseMode;
use crate::login::{actions, Flow};
use crate::oidc::form::Params;
use crate::state::AppState;
use crate::store::device_codes::{self, DeviceRow, Status};

#[derive(Debug, Deserialize)]
pub struct UserCode {
    pub user_code: Option<String>,
}

pub async fn enter_code(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    Query(q): Query<UserCode>,
) -> Result<Response> {
    let flow = match Flow::open(&state, &name, &base, &headers).await? {
        Ok(f) => f,
        Err(page) => return Ok(page),
    };
    match q.user_code.filter(|c| !c.trim().is_empty()) {
        Some(code) => start(&flow, &headers, &code).await,
        None => Ok(pages::enter_code(&flow.theme, &flow.url("device"), None)),
    }
}

pub async fn submit_code(
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
    if form.get("cancel").is_some() {
        let restart = flow.url("device");
        return Ok(pages::outcome(
            &flow.theme,
            Some(pages::CONSENT_DENIED),
            &restart,
        ));
    }
    match form.get("device_user_code") {
        Some(code) => start(&flow, &headers, code).await,
        None => Ok(pages::enter_code(
            &flow.theme,
            &flow.url("device"),
            Some(pages::INVALID_CODE),
        )),
    }
}

/// The pending authorization a user code names, or the message to show instead.
pub async fn pending_by_user_code(
    flow: &Flow,
    typed: &str,
) -> Result<std::result::Result<DeviceRow, &'static str>> {
    let code = super::normalize(typed);
    let mut conn = flow.state.db.conn().await?;
    let row = device_codes::by_user_code(&mut conn, &flow.realm.id, &code).await?;
    Ok(match row {
        Some(d) if d.status != Status::Pending || d.user_id.is_some() => Err(pages::INVALID_CODE),
        Some(d) if d.expires <= flow.now => Err(pages::EXPIRED_CODE),
        Some(d) => Ok(d),
        None => Err(pages::INVALID_CODE),
    })
}

/// Starts the login for the device's client, or answers at once from the SSO session.
async fn start(flow: &Flow, headers: &HeaderMap, typed: &str) -> Result<Response> {
    let action = flow.url("device");
    let device = match pending_by_user_code(flow, typed).await? {
        Ok(d) => d,
        Err(msg) => return Ok(pages::enter_code(&flow.theme, &action, Some(msg))),
    };
    let Some(client) = flow
        .realm
        .client_by_internal_id(&device.client_id)
        .filter(|c| c.enabled())
        .cloned()
    else {
        return Ok(pages::enter_code(
            &flow.theme,
            &action,
            Some(pages::INVALID_CODE),
        ));
    };
    let req = AuthRequest {
        client_id: client.client_id().to_string(),
        redirect_uri: flow.url("device/login"),
        redirect_param: None,
        response_mode: ResponseMode::Query,
        scope: device.scope.clone(),
        state: Some(device.user_code.clone()),
        nonce: device.nonce.clone(),
        code_challenge: None,
        code_challenge_method: None,
        prompt: None,
        login_hint: None,
        max_age: None,
    };
    if let Some(sso) = current(flow, headers).await? {
        if actions::next(flow, &sso.user).is_none() {
            let a = Authenticated {
                user_id: &sso.user.id,
                remember_me: sso.claims.remember_me,
                tab: None,
                sso: Some(sso.session.clone()),
            };
            return finish::finish(flow, &client, &req, a).await;
        }
        let (row, cookie) = pending::start(
            flow,
            headers,
            &client,
            &req,
            Some(&sso.user.id),
            sso.claims.remember_me,
        )
        .await?;
        let page = actions::page(flow, &row, &sso.user, None);
        return Ok(with_cookies(page, cookie));
    }
    let (row, cookie) = pending::start(flow, headers, &client, &req, None, false).await?;
    let page = pending::login_page(flow, &row, "", false, None, None);
    Ok(with_cookies(page, cookie))
}
