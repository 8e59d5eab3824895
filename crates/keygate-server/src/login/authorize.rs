//! `GET /realms/{realm}/protocol/openid-connect/auth`: checks the request, then either
//! answers at once from the SSO session (or `login_required` for `prompt=none`), or starts
//! a pending login and shows the sign-in page.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::actions;
use super::brute_force::{self, Settings};
use super::cookies::{self, IdentityClaims, IDENTITY};
use super::finish::{self, Authenticated};
use super::pending::{self, with_cookies};
use super::request::{self, Rejected};
use super::respond;
use super::store as login_store;
use super::Flow;
use crate::error::Result;
use crate::http::base::Base;
use crate::oidc::form::Params;
use crate::oidc::validate::session_alive;
use crate::state::AppState;
use crate::store;
use crate::store::sessions::SessionRow;
use crate::store::users::UserRow;

/// The browser's live SSO session, from a valid `KEYCLOAK_IDENTITY` cookie.
pub struct Sso {
    pub claims: IdentityClaims,
    pub session: SessionRow,
    pub user: UserRow,
}

/// The SSO session the request's identity cookie names, if it is still good: signed by
/// the realm, session alive, user enabled and not locked out.
pub async fn current(flow: &Flow, headers: &HeaderMap) -> Result<Option<Sso>> {
    let Some(value) = cookies::read(headers, IDENTITY) else {
        return Ok(None);
    };
    let Some(claims) = cookies::verify_identity(&flow.realm, &flow.issuer, &value, flow.now) else {
        return Ok(None);
    };
    let mut conn = flow.state.db.conn().await?;
    let session = login_store::user_session(&mut conn, &flow.realm.id, &claims.sid).await?;
    let Some(session) = session.filter(|s| {
        !s.offline && s.user_id == claims.sub && session_alive(&flow.realm, s, flow.now)
    }) else {
        return Ok(None);
    };
    let Some(user) = store::users::by_id(&mut conn, &flow.realm.id, &claims.sub).await? else {
        return Ok(None);
    };
    let failure = login_store::failure(&mut conn, &flow.realm.id, &user.id).await?;
    let locked = brute_force::locked(
        &Settings::of(&flow.realm),
        failure.as_ref(),
        &user,
        flow.now,
    );
    if !user.enabled || locked {
        return Ok(None);
    }
    Ok(Some(Sso {
        claims,
        session,
        user,
    }))
}

pub async fn authorize(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response> {
    let flow = match Flow::open(&state, &name, &base, &headers).await? {
        Ok(f) => f,
        Err(page) => return Ok(page),
    };
    let params = Params::parse(&Bytes::from(query.unwrap_or_default()));
    let (client, req) = match request::parse(&flow.realm, &flow.base, &params) {
        Ok(ok) => ok,
        Err(Rejected::Page(status, msg)) => return Ok(flow.error(status, &msg)),
        Err(Rejected::Client {
            mode,
            redirect_uri,
            state,
            error,
            description,
        }) => {
            let mut p: Vec<(&str, &str)> = vec![("error", error)];
            if let Some(d) = &description {
                p.push(("error_description", d));
            }
            if let Some(s) = &state {
                p.push(("state", s));
            }
            p.push(("iss", &flow.issuer));
            return Ok(respond::to_client(mode, &redirect_uri, &p));
        }
    };

    let sso = current(&flow, &headers).await?;
    let fresh_enough = |s: &Sso| {
        req.max_age
            .is_none_or(|max| flow.now - s.session.started <= max)
    };
    if let Some(sso) = sso.filter(|s| !req.prompt_has("login") && fresh_enough(s)) {
        if actions::next(&flow, &sso.user).is_none() {
            let a = Authenticated {
                user_id: &sso.user.id,
                remember_me: sso.claims.remember_me,
                tab: None,
                sso: Some(sso.session.clone()),
            };
            return finish::finish(&flow, &client, &req, a).await;
        }
        if req.prompt_has("none") {
            return Ok(finish::client_error(
                &flow,
                &req,
                "interaction_required",
                None,
            ));
        }
        let (row, cookie) = pending::start(
            &flow,
            &headers,
            &client,
            &req,
            Some(&sso.user.id),
            sso.claims.remember_me,
        )
        .await?;
        let page = actions::page(&flow, &row, &sso.user, None);
        return Ok(with_cookies(page, cookie));
    }
    if req.prompt_has("none") {
        return Ok(finish::client_error(&flow, &req, "login_required", None));
    }
    let (row, cookie) = pending::start(&flow, &headers, &client, &req, None, false).await?;
    let hint = req.login_hint.clone().unwrap_or_default();
    let page = pending::login_page(&flow, &row, &hint, false, None, None);
    Ok(with_cookies(page, cookie))
}
