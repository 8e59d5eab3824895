//! The Account REST API at `/realms/{realm}/account`: what keycloak-js's `loadUserProfile`
//! reads and what an account page edits, for the user of a bearer token.
//!
//! As on Keycloak, the token must be one of this realm's, active, and meant for the
//! `account` client (`aud`), else 401; each endpoint then asks for the `account` client
//! roles it needs (`manage-account`, `view-profile`...) in the token, else 403.

pub mod lists;
pub mod profile;
pub mod profile_rules;

use std::sync::Arc;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::get;
use axum::Router;
use keygate_model::AccessTokenClaims;

use crate::error::{Error, Result};
use crate::oidc::validate;
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::users::UserRow;

/// The client whose roles and audience the account API checks.
pub const ACCOUNT_CLIENT: &str = "account";

pub fn routes() -> Router<AppState> {
    let base = "/realms/{realm}/account";
    Router::new()
        .route(base, get(profile::read).post(profile::update))
        .route(&format!("{base}/sessions"), get(lists::sessions))
        .route(&format!("{base}/credentials"), get(lists::credentials))
        .route(&format!("{base}/applications"), get(lists::applications))
}

/// The caller: an active access token of the realm, meant for the account client.
pub struct Account {
    pub realm: Arc<Realm>,
    pub claims: AccessTokenClaims,
    pub user: UserRow,
}

impl Account {
    /// Whether the token carries the `account` client role.
    pub fn has(&self, role: &str) -> bool {
        self.claims
            .resource_access
            .as_ref()
            .and_then(|r| r.get(ACCOUNT_CLIENT))
            .is_some_and(|a| a.roles.iter().any(|r| r == role))
    }

    /// 403 unless the token has one of `roles`.
    pub fn require_any(&self, roles: &[&str]) -> Result<()> {
        roles
            .iter()
            .any(|r| self.has(r))
            .then_some(())
            .ok_or(Error::Forbidden)
    }
}

fn audience_has(aud: Option<&serde_json::Value>, client: &str) -> bool {
    match aud {
        Some(serde_json::Value::String(s)) => s == client,
        Some(serde_json::Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(client)),
        _ => false,
    }
}

impl FromRequestParts<AppState> for Account {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| Error::not_found("Realm does not exist"))?;
        let name = params
            .iter()
            .find(|(k, _)| *k == "realm")
            .map(|(_, v)| v.to_string())
            .ok_or_else(|| Error::not_found("Realm does not exist"))?;
        let realm = state.realms.public(&state.db, &name).await?;
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or(Error::Unauthorized)?;
        let mut conn = state.db.conn().await?;
        let (claims, user) = validate::access_token(state, &mut conn, &realm, token)
            .await?
            .map_err(|_| Error::Unauthorized)?;
        if !audience_has(claims.aud.as_ref(), ACCOUNT_CLIENT) {
            return Err(Error::Unauthorized);
        }
        Ok(Account {
            realm,
            claims,
            user,
        })
    }
}
