//! `grant_type=urn:ietf:params:oauth:grant-type:device_code`: the device's poll (RFC 8628
//! §3.4-3.5), answered in Keycloak's order: unknown, expired, too fast, denied, pending;
//! then tokens, once — the approved code is spent by the poll that collects it.

use keygate_model::TokenResponse;

use super::Ctx;
use crate::error::{Error, Result};
use crate::login::cookies::digest;
use crate::oidc::device;
use crate::oidc::issue::{issue_with_nonce, Grant};
use crate::oidc::validate::session_alive;
use crate::state::Change;
use crate::store;
use crate::store::device_codes::{self, Status};

pub const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";

fn invalid(description: &'static str) -> Error {
    Error::oauth("invalid_grant", description)
}

pub async fn grant(ctx: &Ctx<'_>) -> Result<TokenResponse> {
    let state = ctx.state;
    if !device::enabled(ctx.client) {
        return Err(invalid(
            "Client not allowed OAuth 2.0 Device Authorization Grant",
        ));
    }
    let code = ctx
        .form
        .get("device_code")
        .ok_or_else(|| Error::oauth("invalid_request", "Missing parameter: device_code"))?;
    let now = state.clock.now();
    let id = digest(code);
    let row = {
        let mut conn = state.db.conn().await?;
        device_codes::by_id(&mut conn, &ctx.realm.id, &id).await?
    };
    let row = row
        .filter(|r| r.client_id == ctx.client.id)
        .ok_or_else(|| invalid("Device code not valid"))?;
    if row.expires <= now {
        return Err(Error::oauth("expired_token", "Device code is expired"));
    }
    let mut tx = state.begin().await?;
    let allowed = device_codes::poll(&mut tx, &row.id, now).await?;
    state.commit(tx, Change::Users).await?;
    if !allowed {
        return Err(Error::oauth("slow_down", "Slow down"));
    }
    match row.status {
        Status::Denied => {
            return Err(Error::oauth(
                "access_denied",
                "The end user denied the authorization request",
            ))
        }
        Status::Pending => {
            return Err(Error::oauth(
                "authorization_pending",
                "The authorization request is still pending",
            ))
        }
        Status::Approved => {}
    }
    let mut tx = state.begin().await?;
    let spent = device_codes::delete(&mut tx, &row.id).await?;
    state.commit(tx, Change::Users).await?;
    if !spent {
        return Err(invalid("Device code not valid"));
    }
    tokens(
        ctx,
        row.session_id.as_deref(),
        row.scope.as_deref(),
        row.nonce.as_deref(),
        now,
    )
    .await
}

/// Tokens from the session the user approved in, as the code grant issues them.
async fn tokens(
    ctx: &Ctx<'_>,
    session_id: Option<&str>,
    scope: Option<&str>,
    nonce: Option<&str>,
    now: i64,
) -> Result<TokenResponse> {
    let state = ctx.state;
    let mut conn = state.db.conn().await?;
    let session = match session_id {
        Some(sid) => {
            store::sessions::get_for_client(&mut conn, &ctx.realm.id, sid, &ctx.client.id).await?
        }
        None => None,
    };
    let session = session
        .filter(|s| session_alive(ctx.realm, s, now))
        .ok_or_else(|| invalid("Session not active"))?;
    let user = store::users::by_id(&mut conn, &ctx.realm.id, &session.user_id)
        .await?
        .ok_or_else(|| invalid("User not found"))?;
    if !user.enabled {
        return Err(invalid("User disabled"));
    }
    let roles = store::roles::effective_for_user(&mut conn, &user.id).await?;
    let groups = store::scopes::group_paths(&mut conn, &user.id).await?;
    drop(conn);
    let offline = crate::session::offline::wanted(ctx.realm, ctx.client, scope, &roles)?;
    let session = ctx.token_session(session, &user.id, offline, now).await?;
    issue_with_nonce(
        &Grant {
            realm: ctx.realm,
            client: ctx.client,
            user: &user,
            roles: &roles,
            groups: &groups,
            session: Some(&session),
            requested: scope,
            issuer: ctx.issuer.clone(),
            now,
        },
        nonce,
    )
}
