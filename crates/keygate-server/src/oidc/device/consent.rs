//! After the login: `GET device/login` redeems the login's one-time code and asks the user
//! to grant the device access; `POST device/consent` records the answer the device's next
//! poll collects; `GET device/status` tells the user how it ended.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::pages;
use crate::crypto::random_token;
use crate::error::Result;
use crate::http::base::Base;
use crate::http::query::Query;
use crate::login::cookies::digest;
use crate::login::finish::code_key;
use crate::login::respond::{self, ResponseMode};
use crate::login::store::{self as login_store, Redeemed};
use crate::login::Flow;
use crate::oidc::form::Params;
use crate::state::{AppState, Change};
use crate::store::device_codes::{self, Status};

#[derive(Debug, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Outcome {
    pub error: Option<String>,
}

pub async fn signed_in(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Result<Response> {
    let flow = match Flow::open(&state, &name, &base, &headers).await? {
        Ok(f) => f,
        Err(page) => return Ok(page),
    };
    let failed = || flow.error(StatusCode::BAD_REQUEST, pages::INVALID_CODE);
    let (Some(code), Some(user_code)) = (q.code, q.state) else {
        return Ok(failed());
    };
    let mut tx = state.begin().await?;
    let redeemed = login_store::redeem_code(&mut tx, &flow.realm.id, &code_key(&code)).await?;
    state.commit(tx, Change::Users).await?;
    let Redeemed::Fresh(login) = redeemed else {
        return Ok(failed());
    };
    if login.expires <= flow.now {
        return Ok(failed());
    }
    let device = match super::verify::pending_by_user_code(&flow, &user_code).await? {
        Ok(d) if d.client_id == login.client_id => d,
        Ok(_) => return Ok(failed()),
        Err(msg) => return Ok(flow.error(StatusCode::BAD_REQUEST, msg)),
    };
    let token = random_token(32);
    let mut tx = state.begin().await?;
    let marked = device_codes::signed_in(
        &mut tx,
        &device.id,
        &login.user_id,
        &login.session_id,
        &digest(&token),
    )
    .await?;
    state.commit(tx, Change::Users).await?;
    if !marked {
        return Ok(failed());
    }
    let client = flow
        .realm
        .client_by_internal_id(&device.client_id)
        .map(|c| {
            c.rep
                .name
                .clone()
                .unwrap_or_else(|| c.client_id().to_string())
        })
        .unwrap_or_default();
    Ok(pages::consent(
        &flow.theme,
        &flow.url("device/consent"),
        &client,
        &token,
    ))
}

pub async fn consent(
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
    let device = match form.get("code") {
        Some(token) => {
            let mut conn = state.db.conn().await?;
            device_codes::by_verify_key(&mut conn, &flow.realm.id, &digest(token)).await?
        }
        None => None,
    };
    let status_url = flow.url("device/status");
    let Some(device) = device else {
        return Ok(flow.error(StatusCode::BAD_REQUEST, pages::INVALID_CODE));
    };
    if device.expires <= flow.now {
        let p = [("error", "expired_token")];
        return Ok(respond::to_client(ResponseMode::Query, &status_url, &p));
    }
    let answer = if form.get("accept").is_some() && form.get("cancel").is_none() {
        Status::Approved
    } else {
        Status::Denied
    };
    let mut tx = state.begin().await?;
    let decided = device_codes::decide(&mut tx, &device.id, answer).await?;
    state.commit(tx, Change::Users).await?;
    let error = match (decided, answer) {
        (false, _) => Some("expired_token"),
        (true, Status::Denied) => Some("access_denied"),
        (true, _) => None,
    };
    let params: Vec<(&str, &str)> = error.map(|e| ("error", e)).into_iter().collect();
    Ok(respond::to_client(
        ResponseMode::Query,
        &status_url,
        &params,
    ))
}

pub async fn status(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    Query(q): Query<Outcome>,
) -> Result<Response> {
    let flow = match Flow::open(&state, &name, &base, &headers).await? {
        Ok(f) => f,
        Err(page) => return Ok(page),
    };
    let message = q.error.as_deref().map(|e| match e {
        "access_denied" => pages::CONSENT_DENIED,
        "expired_token" => pages::EXPIRED_CODE,
        _ => pages::FAILED,
    });
    Ok(pages::outcome(&flow.theme, message, &flow.url("device")))
}
