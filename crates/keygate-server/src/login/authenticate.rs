//! `POST /realms/{realm}/login-actions/authenticate`: the sign-in form. A wrong or locked
//! login shows the form again with "Invalid username or password."; a right one goes on to
//! the user's required actions, or straight back to the client.

use crate::http::query::Query;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::actions;
use super::brute_force::{self, Check};
use super::finish::{self, Authenticated};
use super::pending;
use super::store as login_store;
use super::tab::Tab;
use super::Flow;
use crate::crypto::password::{hash_argon2, PasswordHash, Verified};
use crate::error::Result;
use crate::http::base::Base;
use crate::http::client_ip::ClientIp;
use crate::oidc::form::Params;
use crate::state::{AppState, Change};
use crate::store;
use crate::user::password_policy::apply as password_policy;

pub const INVALID_USER: &str = "Invalid username or password.";
const ACCOUNT_DISABLED: &str = "Account is disabled, contact your administrator.";

/// A hash to check when the user does not exist, so the answer takes as long as for a
/// real user and does not reveal which usernames exist.
fn decoy() -> PasswordHash {
    static DECOY: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
    DECOY
        .get_or_init(|| {
            hash_argon2("decoy").unwrap_or(PasswordHash {
                secret_data: String::new(),
                credential_data: String::new(),
            })
        })
        .clone()
}

pub async fn authenticate(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
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
    if let Some(uid) = &p.row.user_id {
        // Already signed in on this tab: the pending required action is what is left.
        let mut conn = state.db.conn().await?;
        if let Some(user) = store::users::by_id(&mut conn, &flow.realm.id, uid).await? {
            return Ok(actions::page(&flow, &p.row, &user, None));
        }
    }
    let username = form.get("username").unwrap_or_default().trim().to_string();
    let password = form.get("password").unwrap_or_default().to_string();
    let remember = flow.setting_bool("rememberMe")
        && form
            .get("rememberMe")
            .is_some_and(|v| v == "on" || v == "true");
    let again =
        |error: &str| pending::login_page(&flow, &p.row, &username, remember, Some(error), None);
    if username.is_empty() || password.is_empty() {
        return Ok(again(INVALID_USER));
    }

    let mut conn = state.db.conn().await?;
    let mut user = store::users::by_username(&mut conn, &flow.realm.id, &username).await?;
    if user.is_none() && flow.realm.login_with_email() && username.contains('@') {
        user = store::users::by_email(&mut conn, &flow.realm.id, &username).await?;
    }
    let user = user.filter(|u| u.service_account_client_id.is_none());
    let cred = match &user {
        Some(u) => store::users::password(&mut conn, &u.id).await?,
        None => None,
    };
    drop(conn);
    let (Some(user), Some(cred)) = (user, cred) else {
        let _ = state.hasher.verify(password, decoy()).await;
        crate::events::record::browser_login_error(
            &flow,
            &p.client,
            &p.request.redirect_uri,
            None,
            &username,
            "user_not_found",
        )
        .await;
        return Ok(again(INVALID_USER));
    };
    let stored = PasswordHash {
        secret_data: cred.secret_data.clone(),
        credential_data: cred.credential_data.clone(),
    };
    // The one client-IP rule, peer included (the flow sees only the headers).
    let check = brute_force::check_password(
        &state,
        &flow.realm,
        &user,
        ip.as_deref(),
        password.clone(),
        stored.clone(),
    )
    .await?;
    let verified = match check {
        Check::Locked | Check::Checked(Verified::No) => {
            crate::events::record::browser_login_error(
                &flow,
                &p.client,
                &p.request.redirect_uri,
                Some(&user.id),
                &username,
                "invalid_user_credentials",
            )
            .await;
            return Ok(again(INVALID_USER));
        }
        Check::Checked(v) => v,
    };
    if !user.enabled {
        crate::events::record::browser_login_error(
            &flow,
            &p.client,
            &p.request.redirect_uri,
            Some(&user.id),
            &username,
            "user_disabled",
        )
        .await;
        return Ok(again(ACCOUNT_DISABLED));
    }
    let policy = password_policy::of_realm(&flow.realm)?;
    if password_policy::rehash(&policy, verified, &stored) {
        let hash = password_policy::hash(&state, &policy, &password).await?;
        let mut tx = state.begin().await?;
        store::users::rehash_password(&mut tx, &cred.id, &hash).await?;
        state.commit(tx, Change::Users).await?;
    }
    let mut user = user;
    password_policy::expire_if_due(&state, &flow.realm, &mut user, cred.created).await?;
    if actions::next(&flow, &user).is_some() {
        let mut tx = state.begin().await?;
        login_store::authenticate_auth_session(&mut tx, &p.row.id, &user.id, remember).await?;
        state.commit(tx, Change::Users).await?;
        return Ok(actions::page(&flow, &p.row, &user, None));
    }
    let a = Authenticated {
        user_id: &user.id,
        remember_me: remember,
        sso: None,
        tab: Some(&p.row.id),
    };
    finish::finish(&flow, &p.client, &p.request, a).await
}
