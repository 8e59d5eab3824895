//! Browser login: the authorization endpoint, the login and required-action pages, the SSO
//! cookie, browser logout, and brute-force protection with its admin endpoints.
//!
//! A login runs as a pending authentication (`auth_sessions`, one row per browser tab,
//! bound to the `AUTH_SESSION_ID` cookie and carrying a per-form CSRF token) until the user
//! is authenticated; then a user session is created or joined, a one-time code is stored
//! (`auth_codes`) and the browser goes back to the client. Everything lives in the store,
//! so a restart or another node continues where this one stopped.

pub mod actions;
pub mod attack_detection;
pub mod authenticate;
pub mod authorize;
pub mod brute_force;
pub mod cookies;
pub mod finish;
pub mod logout;
pub mod pending;
pub mod redirect;
pub mod request;
pub mod respond;
pub mod status_iframe;
pub mod store;
pub mod tab;
pub mod templates;

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::error::Result;
use crate::http::base::Base;
use crate::realm::model::Realm;
use crate::state::AppState;
use templates::Theme;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/realms/{realm}/protocol/openid-connect/auth",
            get(authorize::authorize),
        )
        .route(
            "/realms/{realm}/login-actions/authenticate",
            post(authenticate::authenticate),
        )
        .route(
            "/realms/{realm}/login-actions/required-action",
            post(actions::required_action),
        )
        .merge(attack_detection::routes())
        .merge(status_iframe::routes())
}

/// What every browser-facing handler works with.
pub struct Flow {
    pub state: AppState,
    pub realm: Arc<Realm>,
    /// The server's public base URL, no trailing slash.
    pub base: String,
    pub issuer: String,
    pub theme: Theme,
    pub cookies: cookies::Scope,
    pub ip: Option<String>,
    pub now: i64,
}

impl Flow {
    /// The realm's flow, or the error page for a missing or disabled realm.
    pub async fn open(
        state: &AppState,
        name: &str,
        base: &Base,
        headers: &HeaderMap,
    ) -> Result<Result<Flow, Response>> {
        let plain = Theme::plain();
        let Some(realm) = state.realms.find(&state.db, name).await? else {
            return Ok(Err(respond::error_page(
                &plain,
                StatusCode::NOT_FOUND,
                "Realm does not exist.",
            )));
        };
        let theme = Theme::of(&realm);
        if !realm.enabled() {
            return Ok(Err(respond::error_page(
                &theme,
                StatusCode::BAD_REQUEST,
                "Realm not enabled",
            )));
        }
        // Login pages see headers only; the first forwarded hop, as everywhere else.
        let ip = crate::http::client_ip::client_ip(headers, &Default::default());
        Ok(Ok(Flow {
            state: state.clone(),
            issuer: base.issuer(&realm.name),
            cookies: cookies::Scope::new(&base.0, &realm.name),
            base: base.0.clone(),
            theme,
            ip,
            now: state.clock.now(),
            realm,
        }))
    }

    /// An absolute URL under the realm: `{base}/realms/{realm}/{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/realms/{}/{path}", self.base, self.realm.name)
    }

    /// Keygate's error page in the realm's theme.
    pub fn error(&self, status: StatusCode, message: &str) -> Response {
        respond::error_page(&self.theme, status, message)
    }

    /// A realm setting from the representation's untyped fields.
    pub fn setting_i64(&self, key: &str, default: i64) -> i64 {
        self.realm
            .rep
            .extra
            .get(key)
            .and_then(|v| v.as_i64())
            .unwrap_or(default)
    }

    pub fn setting_bool(&self, key: &str) -> bool {
        self.realm
            .rep
            .extra
            .get(key)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }
}
