//! The client-credentials grant: a token for the client's service-account user, with no
//! session and no refresh token (Keycloak's default).

use keygate_model::TokenResponse;

use super::Ctx;
use crate::error::{Error, Result};
use crate::oidc::issue::{issue, Grant};
use crate::store;

pub async fn grant(ctx: &Ctx<'_>) -> Result<TokenResponse> {
    if ctx.client.is_public() {
        return Err(Error::oauth_status(
            401,
            "unauthorized_client",
            "Public client not allowed to retrieve service account",
        ));
    }
    if !ctx.client.service_accounts() {
        return Err(Error::oauth_status(
            401,
            "unauthorized_client",
            "Client not enabled to retrieve service account",
        ));
    }
    let mut conn = ctx.state.db.conn().await?;
    let user = store::users::by_service_account(&mut conn, &ctx.realm.id, &ctx.client.id)
        .await?
        .filter(|u| u.enabled)
        .ok_or_else(|| {
            Error::oauth(
                "invalid_request",
                "Service account user not found or disabled",
            )
        })?;
    let roles = store::roles::effective_for_user(&mut conn, &user.id).await?;
    let groups = store::scopes::group_paths(&mut conn, &user.id).await?;
    issue(&Grant {
        realm: ctx.realm,
        client: ctx.client,
        user: &user,
        roles: &roles,
        groups: &groups,
        session: None,
        requested: ctx.form.get("scope"),
        issuer: ctx.issuer.clone(),
        now: ctx.state.clock.now(),
    })
}
