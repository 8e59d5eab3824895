//! Required actions, shown after the password and before the code is issued:
//! `UPDATE_PASSWORD`, `UPDATE_PROFILE` and `VERIFY_EMAIL`, in Keycloak's priority order.
//! Actions Keygate cannot perform (an OTP or passkey setup) stop the login with an error.

use std::borrow::Cow;

use crate::http::query::Query;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::authorize;
use super::finish::{self, Authenticated};
use super::pending::{self, action_url};
use super::respond;
use super::store::AuthSessionRow;
use super::tab::Tab;
use super::templates::forms::{self, Profile};
use super::Flow;
use crate::error::Result;
use crate::http::base::Base;
use crate::oidc::form::Params;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::users::UserRow;
use crate::user::password_policy::{self, Subject};

/// A required action the login must pass through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    UpdatePassword,
    UpdateProfile,
    VerifyEmail,
    Unsupported(String),
}

const INVALID_CODE: &str = "An error occurred, please login again through your application.";

/// The next action the user has to do, if any.
pub fn next(flow: &Flow, user: &UserRow) -> Option<Action> {
    let has = |name: &str| user.required_actions.iter().any(|a| a == name);
    if let Some(other) = user.required_actions.iter().find(|a| {
        !matches!(
            a.as_str(),
            "UPDATE_PASSWORD" | "UPDATE_PROFILE" | "VERIFY_EMAIL"
        )
    }) {
        return Some(Action::Unsupported(other.clone()));
    }
    if has("UPDATE_PASSWORD") {
        return Some(Action::UpdatePassword);
    }
    if has("UPDATE_PROFILE") {
        return Some(Action::UpdateProfile);
    }
    let verify = has("VERIFY_EMAIL") || (flow.setting_bool("verifyEmail") && user.email.is_some());
    (verify && !user.email_verified).then_some(Action::VerifyEmail)
}

/// The page of the user's next action.
pub fn page(flow: &Flow, row: &AuthSessionRow, user: &UserRow, error: Option<&str>) -> Response {
    let action = action_url(flow, "required-action", row);
    let html = match next(flow, user) {
        Some(Action::UpdatePassword) => {
            forms::update_password(&flow.theme, &action, &row.csrf, error)
        }
        Some(Action::UpdateProfile) => {
            let p = Profile {
                username: &user.username,
                email: user.email.as_deref().unwrap_or_default(),
                first_name: user.first_name.as_deref().unwrap_or_default(),
                last_name: user.last_name.as_deref().unwrap_or_default(),
            };
            forms::update_profile(&flow.theme, &action, &row.csrf, &p, error)
        }
        Some(Action::VerifyEmail) => forms::verify_email(
            &flow.theme,
            &action,
            &row.csrf,
            user.email.as_deref().unwrap_or_default(),
            error,
        ),
        Some(Action::Unsupported(_)) => {
            return flow.error(
                StatusCode::BAD_REQUEST,
                "Cannot login, credential setup required.",
            )
        }
        None => return flow.error(StatusCode::BAD_REQUEST, INVALID_CODE),
    };
    respond::page(StatusCode::OK, html)
}

fn valid_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !e.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Applies the posted form to `user`; `Err` is the message to show with the form again.
async fn apply(
    flow: &Flow,
    action: &Action,
    user: &mut UserRow,
    form: &Params,
) -> Result<Result<(), Cow<'static, str>>> {
    let state = &flow.state;
    match action {
        Action::UpdatePassword => {
            let new = form.get("password-new").unwrap_or_default();
            if new.is_empty() {
                return Ok(Err("Please specify password.".into()));
            }
            if form.get("password-confirm") != Some(new) {
                return Ok(Err("Passwords don't match.".into()));
            }
            let policy = password_policy::apply::of_realm(&flow.realm)?;
            let who = Subject {
                username: &user.username,
                email: user.email.as_deref(),
            };
            let prepared =
                password_policy::apply::prepare(state, &policy, &who, Some(&user.id), new).await?;
            let hash = match prepared {
                Ok(h) => h,
                Err(v) => return Ok(Err(v.message().into())),
            };
            let now_ms = state.clock.now_ms();
            let mut tx = state.begin().await?;
            password_policy::apply::store_password(&mut tx, &policy, &user.id, &hash, now_ms)
                .await?;
            user.required_actions.retain(|a| a != "UPDATE_PASSWORD");
            store::users::update(&mut tx, &flow.realm.id, user).await?;
            state.commit(tx, Change::Users).await?;
        }
        Action::UpdateProfile => {
            let email = form.get("email").unwrap_or_default().trim().to_lowercase();
            let first = form.get("firstName").unwrap_or_default().trim().to_string();
            let last = form.get("lastName").unwrap_or_default().trim().to_string();
            if email.is_empty() {
                return Ok(Err("Please specify email.".into()));
            }
            if !valid_email(&email) {
                return Ok(Err("Invalid email address.".into()));
            }
            if first.is_empty() {
                return Ok(Err("Please specify first name.".into()));
            }
            if last.is_empty() {
                return Ok(Err("Please specify last name.".into()));
            }
            let mut tx = state.begin().await?;
            if !flow.setting_bool("duplicateEmailsAllowed") {
                let other = store::users::by_email(&mut tx, &flow.realm.id, &email).await?;
                if other.is_some_and(|o| o.id != user.id) {
                    return Ok(Err("Email already exists.".into()));
                }
            }
            if user.email.as_deref() != Some(email.as_str()) {
                user.email_verified = false;
            }
            user.email = Some(email);
            user.first_name = Some(first);
            user.last_name = Some(last);
            user.required_actions.retain(|a| a != "UPDATE_PROFILE");
            store::users::update(&mut tx, &flow.realm.id, user).await?;
            state.commit(tx, Change::Users).await?;
        }
        Action::VerifyEmail => {
            if !user.email_verified {
                return Ok(Err(
                    "Your email address has not been verified yet. Please check back once it is."
                        .into(),
                ));
            }
        }
        Action::Unsupported(_) => {
            return Ok(Err("Cannot login, credential setup required.".into()))
        }
    }
    Ok(Ok(()))
}

/// Drops `VERIFY_EMAIL` once the address is verified, so other flows stop asking.
async fn settle_verify_email(flow: &Flow, user: &mut UserRow) -> Result<()> {
    if user.email_verified && user.required_actions.iter().any(|a| a == "VERIFY_EMAIL") {
        user.required_actions.retain(|a| a != "VERIFY_EMAIL");
        let mut tx = flow.state.begin().await?;
        store::users::update(&mut tx, &flow.realm.id, user).await?;
        flow.state.commit(tx, Change::Users).await?;
    }
    Ok(())
}

/// `POST /realms/{realm}/login-actions/required-action`.
pub async fn required_action(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    Query(tab): Query<Tab>,
    body: Bytes,
) -> Result<Response> {
    let flow = match Flow::open(&state, &name, &base, &headers).await? {
        Ok(f) => f,
        Err(page) => return Ok(page),
    };
    let form = Params::parse(&body);
    let (tab_id, token) = tab.resolve(&form);
    let p = match pending::load(&flow, &headers, tab_id, token).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let Some(uid) = p.row.user_id.clone() else {
        return Ok(flow.error(StatusCode::BAD_REQUEST, INVALID_CODE));
    };
    let mut conn = state.db.conn().await?;
    let user = store::users::by_id(&mut conn, &flow.realm.id, &uid).await?;
    drop(conn);
    let Some(mut user) = user else {
        return Ok(flow.error(StatusCode::BAD_REQUEST, INVALID_CODE));
    };
    if !user.enabled {
        return Ok(flow.error(
            StatusCode::BAD_REQUEST,
            "Account is disabled, contact your administrator.",
        ));
    }
    if let Some(action) = next(&flow, &user) {
        if let Err(msg) = apply(&flow, &action, &mut user, &form).await? {
            return Ok(page(&flow, &p.row, &user, Some(&msg)));
        }
    }
    settle_verify_email(&flow, &mut user).await?;
    if next(&flow, &user).is_some() {
        return Ok(page(&flow, &p.row, &user, None));
    }
    let sso = authorize::current(&flow, &headers)
        .await?
        .filter(|s| s.user.id == user.id)
        .map(|s| s.session);
    let a = Authenticated {
        user_id: &user.id,
        remember_me: p.row.remember_me,
        sso,
        tab: Some(&p.row.id),
    };
    finish::finish(&flow, &p.client, &p.request, a).await
}
