//! The resource-owner password grant.

use keygate_model::TokenResponse;

use super::Ctx;
use crate::crypto::password::{hash_argon2, PasswordHash, Verified};
use crate::error::{Error, Result};
use crate::oidc::issue::{issue, Grant};
use crate::state::Change;
use crate::store::sessions::SessionRow;
use crate::store::{self};
use crate::user::password_policy::apply as password_policy;

fn invalid_credentials() -> Error {
    Error::oauth_status(401, "invalid_grant", "Invalid user credentials")
}

/// A hash to check against when the user does not exist, so the answer takes as long
/// as for a real user and does not reveal which usernames exist.
fn decoy() -> &'static PasswordHash {
    static DECOY: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        hash_argon2("decoy").unwrap_or(PasswordHash {
            secret_data: String::new(),
            credential_data: String::new(),
        })
    })
}

pub async fn grant(ctx: &Ctx<'_>) -> Result<TokenResponse> {
    let state = ctx.state;
    if !ctx.client.direct_grants() {
        return Err(Error::oauth(
            "unauthorized_client",
            "Client not allowed for direct access grants",
        ));
    }
    let username = ctx.form.get("username").unwrap_or_default();
    let password = ctx.form.get("password").unwrap_or_default().to_string();
    let mut conn = state.db.conn().await?;
    let mut user = store::users::by_username(&mut conn, &ctx.realm.id, username).await?;
    if user.is_none() && ctx.realm.login_with_email() && username.contains('@') {
        user = store::users::by_email(&mut conn, &ctx.realm.id, username).await?;
    }
    let cred = match &user {
        Some(u) => store::users::password(&mut conn, &u.id).await?,
        None => None,
    };
    drop(conn);
    let (Some(user), Some(cred)) = (user, cred) else {
        let _ = state.hasher.verify(password, decoy().clone()).await;
        return Err(invalid_credentials());
    };
    if user.service_account_client_id.is_some() {
        return Err(invalid_credentials());
    }
    let stored = PasswordHash {
        secret_data: cred.secret_data.clone(),
        credential_data: cred.credential_data.clone(),
    };
    let verified = crate::login::brute_force::verify_password(
        state,
        ctx.realm,
        &user,
        ctx.ip.as_deref(),
        password.clone(),
        stored.clone(),
    )
    .await?;
    if verified == Verified::No {
        return Err(invalid_credentials());
    }
    if !user.enabled {
        return Err(Error::oauth("invalid_grant", "Account disabled"));
    }
    let mut user = user;
    password_policy::expire_if_due(state, ctx.realm, &mut user, cred.created).await?;
    if !user.required_actions.is_empty() {
        return Err(Error::oauth("invalid_grant", "Account is not fully set up"));
    }
    let policy = password_policy::of_realm(ctx.realm)?;
    let upgrade = if password_policy::rehash(&policy, verified, &stored) {
        Some(password_policy::hash(state, &policy, &password).await?)
    } else {
        None
    };

    let roles = {
        let mut conn = state.db.conn().await?;
        store::roles::effective_for_user(&mut conn, &user.id).await?
    };
    let offline =
        crate::session::offline::wanted(ctx.realm, ctx.client, ctx.form.get("scope"), &roles)?;
    let now = state.clock.now();
    let session = SessionRow {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: user.id.clone(),
        started: now,
        last_access: now,
        offline: false,
    };
    let mut tx = state.begin().await?;
    if let Some(hash) = &upgrade {
        store::users::rehash_password(&mut tx, &cred.id, hash).await?;
    }
    store::sessions::insert(
        &mut tx,
        &ctx.realm.id,
        &session,
        &ctx.client.id,
        ctx.ip.as_deref(),
    )
    .await?;
    let groups = store::scopes::group_paths(&mut tx, &user.id).await?;
    let session = if offline {
        crate::session::offline::create(
            &mut tx,
            &ctx.realm.id,
            &ctx.client.id,
            &user.id,
            ctx.ip.as_deref(),
            now,
        )
        .await?
    } else {
        session
    };
    state.commit(tx, Change::Users).await?;

    issue(&Grant {
        realm: ctx.realm,
        client: ctx.client,
        user: &user,
        roles: &roles,
        groups: &groups,
        session: Some(&session),
        requested: ctx.form.get("scope"),
        issuer: ctx.issuer.clone(),
        now,
    })
}
