//! `PUT /admin/realms/{realm}/users/{id}/execute-actions-email` and `.../send-verify-email`:
//! checks as Keycloak's `UserResource` does, signs an action token and mails its link.

use std::sync::Arc;

use crate::http::query::Query;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::smtp::{self, Mail, Settings};
use super::token::{self, ActionToken};
use super::{mail, SUPPORTED_ACTIONS};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::JsonBody;
use crate::login::redirect;
use crate::realm::model::{Client, Realm};
use crate::state::AppState;
use crate::store;
use crate::store::users::UserRow;

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/users/{id}";
    Router::new()
        .route(
            &format!("{base}/execute-actions-email"),
            put(execute_actions_email),
        )
        .route(&format!("{base}/send-verify-email"), put(send_verify_email))
        .route(
            &format!("{base}/reset-password-email"),
            put(reset_password_email),
        )
}

/// The query of both endpoints.
#[derive(Debug, Default, Deserialize)]
pub struct SendParams {
    redirect_uri: Option<String>,
    client_id: Option<String>,
    lifespan: Option<String>,
}

/// What the checks settled: the client, the checked redirect and the lifespan.
struct Checked {
    client: Arc<Client>,
    redirect_uri: Option<String>,
    lifespan: i64,
}

/// Keycloak's `verifySendEmailParams`, in its order.
fn check(realm: &Realm, base: &str, user: &UserRow, p: &SendParams) -> Result<Checked> {
    if user.email.as_deref().is_none_or(str::is_empty) {
        return Err(Error::bad_request("User email missing"));
    }
    if !user.enabled {
        return Err(Error::bad_request("User is disabled"));
    }
    let redirect_uri = p.redirect_uri.as_deref().filter(|r| !r.is_empty());
    let client_id = p.client_id.as_deref().filter(|c| !c.is_empty());
    if redirect_uri.is_some() && client_id.is_none() {
        return Err(Error::bad_request("Client id missing"));
    }
    let client = match client_id {
        Some(id) => realm.client(id),
        None => realm
            .client("account")
            .or_else(|| realm.client("admin-cli")),
    }
    .cloned()
    .ok_or_else(|| Error::bad_request("Client doesn't exist"))?;
    if !client.enabled() {
        return Err(Error::bad_request("Client is not enabled"));
    }
    let redirect_uri = match redirect_uri {
        Some(r) => {
            let registered = client.rep.redirect_uris.clone().unwrap_or_default();
            Some(
                redirect::verify_against(&registered, &client, base, r)
                    .ok_or_else(|| Error::bad_request("Invalid redirect uri."))?,
            )
        }
        None => None,
    };
    let lifespan = match p.lifespan.as_deref() {
        Some(l) => l
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::bad_request("Invalid lifespan"))?,
        None => realm
            .rep
            .extra
            .get("actionTokenGeneratedByAdminLifespan")
            .and_then(|v| v.as_i64())
            .unwrap_or(43_200),
    };
    Ok(Checked {
        client,
        redirect_uri,
        lifespan,
    })
}

async fn load(state: &AppState, realm: &Realm, id: &str) -> Result<UserRow> {
    let mut conn = state.db.conn().await?;
    store::users::by_id(&mut conn, &realm.id, id)
        .await?
        .ok_or_else(|| Error::not_found("User not found"))
}

/// Signs the token and returns the link that carries it.
fn link(realm: &Realm, base: &Base, t: ActionToken) -> Result<String> {
    let key = token::sign(realm, &t)?;
    Ok(format!(
        "{}/realms/{}/login-actions/action-token?key={key}",
        base.0, realm.name
    ))
}

fn new_token(
    state: &AppState,
    issuer: &str,
    user: &UserRow,
    c: &Checked,
    typ: &str,
) -> ActionToken {
    let now = state.clock.now();
    ActionToken {
        exp: now + c.lifespan,
        iat: now,
        jti: uuid::Uuid::new_v4().to_string(),
        iss: issuer.to_string(),
        aud: issuer.to_string(),
        sub: user.id.clone(),
        typ: typ.to_string(),
        azp: c.client.client_id().to_string(),
        rqac: Vec::new(),
        reduri: c.redirect_uri.clone(),
        eml: user.email.clone(),
    }
}

/// Sends, or answers 500 with Keycloak's message.
async fn deliver(realm: &Realm, mail: Mail, failure: &str, detail: bool) -> Response {
    let sent = match Settings::of(realm) {
        Ok(settings) => smtp::send(&settings, &mail).await,
        Err(e) => Err(e),
    };
    match sent {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::warn!(realm = %realm.name, error = %e, "failed to send email");
            let message = if detail {
                format!("{failure}: {e}")
            } else {
                failure.to_string()
            };
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({"errorMessage": message})),
            )
                .into_response()
        }
    }
}

async fn execute_actions_email(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    base: Base,
    Query(p): Query<SendParams>,
    JsonBody(actions): JsonBody<Vec<String>>,
) -> Result<Response> {
    send_actions(&state, &realm, &id, &admin, &base, &p, actions).await
}

/// The deprecated `PUT /users/{id}/reset-password-email`: execute-actions with
/// `UPDATE_PASSWORD`, as Keycloak still serves it.
async fn reset_password_email(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    base: Base,
    Query(p): Query<SendParams>,
) -> Result<Response> {
    let p = SendParams {
        lifespan: None,
        ..p
    };
    let actions = vec!["UPDATE_PASSWORD".to_string()];
    send_actions(&state, &realm, &id, &admin, &base, &p, actions).await
}

async fn send_actions(
    state: &AppState,
    realm: &str,
    id: &str,
    admin: &Admin,
    base: &Base,
    p: &SendParams,
    actions: Vec<String>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let user = load(state, &realm, id).await?;
    let checked = check(&realm, &base.0, &user, p)?;
    if actions
        .iter()
        .any(|a| !SUPPORTED_ACTIONS.contains(&a.as_str()))
    {
        return Err(Error::bad_request("Provided invalid required actions"));
    }
    let issuer = base.issuer(&realm.name);
    let mut t = new_token(state, &issuer, &user, &checked, token::EXECUTE_ACTIONS);
    t.rqac = actions.clone();
    let link = link(&realm, base, t)?;
    let to = user.email.clone().unwrap_or_default();
    let display = realm
        .rep
        .display_name
        .clone()
        .unwrap_or_else(|| realm.name.clone());
    let m = mail::execute_actions(&to, &display, &actions, &link, checked.lifespan);
    Ok(deliver(&realm, m, "Failed to send execute actions email", true).await)
}

async fn send_verify_email(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    base: Base,
    Query(p): Query<SendParams>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let user = load(&state, &realm, &id).await?;
    let checked = check(&realm, &base.0, &user, &p)?;
    let issuer = base.issuer(&realm.name);
    let mut t = new_token(&state, &issuer, &user, &checked, token::VERIFY_EMAIL);
    t.rqac = vec!["VERIFY_EMAIL".into()];
    let link = link(&realm, &base, t)?;
    let to = user.email.clone().unwrap_or_default();
    let display = realm
        .rep
        .display_name
        .clone()
        .unwrap_or_else(|| realm.name.clone());
    let m = mail::verify_email(&to, &display, &link, checked.lifespan);
    Ok(deliver(&realm, m, "Failed to send verify email", false).await)
}
