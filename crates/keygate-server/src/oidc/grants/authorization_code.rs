//! The authorization-code grant: redeems a one-time code from the browser login, bound to
//! its client, redirect URI and PKCE challenge. A code is spent by its first use, whatever
//! the outcome; a replay ends the client's part in the session the code started, so the
//! tokens it issued stop working (Keycloak's answer to a stolen code).

use keygate_model::TokenResponse;
use sha2::{Digest, Sha256};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::Ctx;
use crate::error::{Error, Result};
use crate::login::finish::code_key;
use crate::login::request::{enforced_pkce, valid_pkce_value};
use crate::login::store::{self as login_store, CodeRow, Redeemed};
use crate::oidc::issue::{issue_with_nonce, Grant};
use crate::oidc::validate::session_alive;
use crate::state::Change;
use crate::store;

fn invalid(description: &'static str) -> Error {
    Error::oauth("invalid_grant", description)
}

/// Keycloak's PKCE checks at the token endpoint.
fn check_pkce(code: &CodeRow, verifier: Option<&str>, enforced: bool) -> Result<()> {
    let challenge = code.code_challenge.as_deref();
    if enforced || challenge.is_some() {
        let verifier = verifier.ok_or_else(|| invalid("PKCE code verifier not specified"))?;
        let challenge =
            challenge.ok_or_else(|| invalid("PKCE verification failed: Code mismatch"))?;
        if !valid_pkce_value(verifier) {
            return Err(invalid("PKCE verification failed: Invalid code verifier"));
        }
        let encoded = match code.code_challenge_method.as_deref() {
            Some("S256") => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
            _ => verifier.to_string(),
        };
        if !crate::crypto::secret_eq(&encoded, challenge) {
            return Err(invalid("PKCE verification failed: Code mismatch"));
        }
    } else if verifier.is_some() {
        return Err(invalid(
            "PKCE code verifier specified but challenge not present in authorization",
        ));
    }
    Ok(())
}

pub async fn grant(ctx: &Ctx<'_>) -> Result<TokenResponse> {
    let state = ctx.state;
    let now = state.clock.now();
    let code = ctx
        .form
        .get("code")
        .ok_or_else(|| Error::oauth("invalid_request", "Missing parameter: code"))?;
    let mut tx = state.begin().await?;
    let row = match login_store::redeem_code(&mut tx, &ctx.realm.id, &code_key(code)).await? {
        Redeemed::Fresh(row) => row,
        Redeemed::Replayed(row) => {
            store::sessions::leave_client(&mut tx, &row.session_id, &row.client_id).await?;
            state.commit(tx, Change::Users).await?;
            return Err(invalid("Code not valid"));
        }
        Redeemed::Unknown => return Err(invalid("Code not valid")),
    };
    // The code is spent from here on, whatever follows.
    state.commit(tx, Change::Users).await?;
    if row.expires <= now {
        return Err(invalid("Code is expired"));
    }
    let mut conn = state.db.conn().await?;
    let session =
        store::sessions::get_for_client(&mut conn, &ctx.realm.id, &row.session_id, &row.client_id)
            .await?
            .ok_or_else(|| invalid("User session not found"))?;
    let user = store::users::by_id(&mut conn, &ctx.realm.id, &row.user_id)
        .await?
        .ok_or_else(|| invalid("User not found"))?;
    if !user.enabled {
        return Err(invalid("User disabled"));
    }
    let redirect = ctx.form.get("redirect_uri").unwrap_or_default();
    if !row.redirect_uri.is_empty() && row.redirect_uri != redirect {
        return Err(invalid("Incorrect redirect_uri"));
    }
    if row.client_id != ctx.client.id {
        return Err(invalid(
            "Auth error: Found different client_id in clientSession",
        ));
    }
    if ctx.client.rep.standard_flow_enabled == Some(false) {
        return Err(invalid("Client not allowed to exchange code"));
    }
    if !session_alive(ctx.realm, &session, now) {
        return Err(invalid("Session not active"));
    }
    check_pkce(
        &row,
        ctx.form.get("code_verifier"),
        enforced_pkce(ctx.client).is_some(),
    )?;
    let roles = store::roles::effective_for_user(&mut conn, &user.id).await?;
    let groups = store::scopes::group_paths(&mut conn, &user.id).await?;
    drop(conn);
    let offline =
        crate::session::offline::wanted(ctx.realm, ctx.client, row.scope.as_deref(), &roles)?;
    let session = ctx.token_session(session, &user.id, offline, now).await?;
    issue_with_nonce(
        &Grant {
            realm: ctx.realm,
            client: ctx.client,
            user: &user,
            roles: &roles,
            groups: &groups,
            session: Some(&session),
            requested: row.scope.as_deref(),
            issuer: ctx.issuer.clone(),
            now,
        },
        row.nonce.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(challenge: Option<&str>, method: Option<&str>) -> CodeRow {
        CodeRow {
            id: String::new(),
            realm_id: String::new(),
            client_id: String::new(),
            session_id: String::new(),
            user_id: String::new(),
            redirect_uri: String::new(),
            scope: None,
            nonce: None,
            code_challenge: challenge.map(str::to_string),
            code_challenge_method: method.map(str::to_string),
            created: 0,
            expires: 0,
        }
    }

    #[test]
    fn pkce_downgrades_fail() {
        let verifier = "v".repeat(50);
        let s256 = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        let c = code(Some(&s256), Some("S256"));
        assert!(check_pkce(&c, Some(&verifier), false).is_ok());
        assert!(check_pkce(&c, None, false).is_err());
        // "plain": sending the challenge itself as the verifier.
        assert!(check_pkce(&c, Some(&s256), false).is_err());
        let plain = code(Some(&verifier), Some("plain"));
        assert!(check_pkce(&plain, Some(&verifier), false).is_ok());
        let none = code(None, None);
        assert!(check_pkce(&none, None, false).is_ok());
        assert!(check_pkce(&none, Some(&verifier), false).is_err());
        assert!(check_pkce(&none, None, true).is_err());
    }
}
