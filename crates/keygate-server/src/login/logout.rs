//! Browser logout (OIDC RP-initiated logout) at `GET|POST .../logout`: `id_token_hint`,
//! `post_logout_redirect_uri` (checked against the client's `post.logout.redirect.uris`),
//! `client_id` and `state`. Without a hint the user confirms first; the SSO session ends
//! and its cookies are expired. The back-channel form (with a refresh token) stays in
//! `oidc::logout`, which hands everything else here.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::cookies::{self, IDENTITY};
use super::pending::with_cookies;
use super::redirect;
use super::respond;
use super::templates::pages;
use super::Flow;
use crate::crypto::{jwt, secret_eq};
use crate::error::Result;
use crate::http::base::Base;
use crate::oidc::form::Params;
use crate::realm::model::Client;
use crate::state::{AppState, Change};
use crate::store;

/// The claims of an `id_token_hint` that logout acts on.
#[derive(Debug, Deserialize)]
struct HintClaims {
    iss: String,
    sub: String,
    typ: String,
    azp: String,
    #[serde(default)]
    sid: Option<String>,
}

fn bad(flow: &Flow, msg: &str) -> Response {
    flow.error(StatusCode::BAD_REQUEST, msg)
}

/// Verifies the hint's signature with the realm's keys; an expired hint is still good for
/// logging out, as in Keycloak.
fn verify_hint(flow: &Flow, hint: &str) -> Option<HintClaims> {
    let claims: HintClaims = jwt::verify(
        flow.realm.keys.iter().filter(|k| k.jwk.is_some()),
        hint,
        i64::MIN,
    )
    .ok()?;
    (claims.typ == "ID" && claims.iss == flow.issuer).then_some(claims)
}

pub async fn browser(
    state: &AppState,
    name: &str,
    base: &Base,
    headers: &HeaderMap,
    params: &Params,
) -> Result<Response> {
    let flow = match Flow::open(state, name, base, headers).await? {
        Ok(f) => f,
        Err(page) => return Ok(page),
    };
    let hint = match params.get("id_token_hint") {
        Some(h) => match verify_hint(&flow, h) {
            Some(c) => Some(c),
            None => return Ok(bad(&flow, "Invalid parameter: id_token_hint")),
        },
        None => None,
    };
    let client: Option<&Client> = match params.get("client_id") {
        Some(id) => match flow.realm.client(id) {
            Some(c) if hint.as_ref().is_none_or(|h| h.azp == id) => Some(&**c),
            _ => return Ok(bad(&flow, "Invalid parameter: client_id")),
        },
        None => hint
            .as_ref()
            .and_then(|h| flow.realm.client(&h.azp))
            .map(|c| &**c),
    };
    let post_logout = params.get("post_logout_redirect_uri");
    let target = match post_logout {
        Some(uri) => {
            if hint.is_none() && params.get("client_id").is_none() {
                return Ok(bad(&flow, "Missing parameters: id_token_hint"));
            }
            let allowed = client.and_then(|c| {
                redirect::verify_against(&redirect::post_logout_uris(c), c, &flow.base, uri)
            });
            match allowed {
                Some(u) => Some(u),
                None => return Ok(bad(&flow, "Invalid redirect uri")),
            }
        }
        None => None,
    };
    let state_param = params.get("state");

    let cookie = cookies::read(headers, IDENTITY);
    let browser_session = cookie
        .as_deref()
        .and_then(|v| cookies::verify_identity(&flow.realm, &flow.issuer, v, flow.now));
    if hint.is_none() {
        if let (Some(value), Some(_)) = (&cookie, &browser_session) {
            let token = cookies::digest(value);
            if !params.get("confirm").is_some_and(|c| secret_eq(c, &token)) {
                let mut fields: Vec<(&str, &str)> = vec![("confirm", &token)];
                for key in ["post_logout_redirect_uri", "state", "client_id"] {
                    if let Some(v) = params.get(key) {
                        fields.push((key, v));
                    }
                }
                let action = flow.url("protocol/openid-connect/logout");
                let html = pages::logout_confirm(&flow.theme, &action, &fields);
                return Ok(respond::page(StatusCode::OK, html));
            }
        }
    }

    // The hinted session ends; so does the browser's when it is the same user's (or no
    // hint names another one).
    let mut ended: Vec<String> = Vec::new();
    if let Some(sid) = hint.as_ref().and_then(|h| h.sid.clone()) {
        ended.push(sid);
    }
    let clear_cookies = match &browser_session {
        Some(b) => hint.as_ref().is_none_or(|h| h.sub == b.sub),
        None => cookie.is_some(),
    };
    if let Some(b) = browser_session.as_ref().filter(|_| clear_cookies) {
        ended.push(b.sid.clone());
    }
    if !ended.is_empty() {
        let mut tx = state.begin().await?;
        for sid in &ended {
            store::sessions::delete(&mut tx, &flow.realm.id, sid).await?;
        }
        state.commit(tx, Change::Users).await?;
    }
    crate::events::record::browser_logout(
        &flow,
        &ended,
        hint.as_ref()
            .map(|h| h.sub.as_str())
            .or(browser_session.as_ref().map(|b| b.sub.as_str())),
        client.map(|c| c.client_id()),
        post_logout,
    )
    .await;
    let expire = if clear_cookies {
        flow.cookies.expire_identity()
    } else {
        Vec::new()
    };
    let resp = match target {
        Some(uri) => {
            let params: Vec<(&str, &str)> = state_param.map(|s| ("state", s)).into_iter().collect();
            respond::to_client(respond::ResponseMode::Query, &uri, &params)
        }
        None => respond::page(
            StatusCode::OK,
            pages::info(&flow.theme, "You are logged out", None),
        ),
    };
    Ok(with_cookies(resp, expire))
}
