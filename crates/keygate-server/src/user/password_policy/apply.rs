//! Where the policy meets the store and the hasher: every path that sets a password
//! checks it here, hashes it as the policy asks and stores it keeping the history the
//! policy wants; logins ask here whether the password has expired.

use super::{parse, ConfigError, Policy, Subject, Violation};
use crate::crypto::password::{PasswordHash, Verified};
use crate::error::{Error, Result};
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::credentials;
use crate::store::users::UserRow;
use crate::store::{self, Conn};

/// A refused policy string: 400 with Keycloak's message, as its realm update answers.
pub fn config_error(e: ConfigError) -> Error {
    Error::bad_request(e.to_string())
}

/// A refused password on the admin API: Keycloak's `ErrorResponseException`, 400
/// `{"error": key, "error_description": text}`.
pub fn admin_refusal(v: &Violation) -> Error {
    Error::oauth(v.key, v.message())
}

/// The policy a realm representation carries (`passwordPolicy`).
pub fn of_rep(extra: &serde_json::Map<String, serde_json::Value>) -> Result<Policy> {
    let s = extra
        .get("passwordPolicy")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    parse(s).map_err(config_error)
}

/// The realm's policy.
pub fn of_realm(realm: &Realm) -> Result<Policy> {
    of_rep(&realm.rep.extra)
}

/// Checks a policy string as a realm update or import sets it: it parses and every
/// blacklist it names is there.
pub fn validate(state: &AppState, policy: &str) -> Result<()> {
    parse(policy)
        .and_then(|p| p.resolve_blacklists(&state.config.password_blacklists))
        .map_err(config_error)
}

/// The policy of a realm about to be created or imported, its blacklists checked.
pub fn of_import(state: &AppState, rep: &keygate_model::RealmRepresentation) -> Result<Policy> {
    let policy = of_rep(&rep.extra)?;
    policy
        .resolve_blacklists(&state.config.password_blacklists)
        .map_err(config_error)?;
    Ok(policy)
}

/// The first refusal of `password` for this user, history included when the user exists.
pub async fn check(
    state: &AppState,
    policy: &Policy,
    who: &Subject<'_>,
    user_id: Option<&str>,
    password: &str,
) -> Result<Option<Violation>> {
    let dir = &state.config.password_blacklists;
    if let Some(v) = policy.check(who, password, dir).map_err(config_error)? {
        return Ok(Some(v));
    }
    let (Some(n), Some(uid)) = (policy.history().filter(|n| *n > 0), user_id) else {
        return Ok(None);
    };
    let mut conn = state.db.conn().await?;
    let mut kept: Vec<_> = store::users::password(&mut conn, uid)
        .await?
        .into_iter()
        .collect();
    kept.extend(credentials::history(&mut conn, uid, i64::from(n) - 1).await?);
    drop(conn);
    for c in kept {
        let stored = PasswordHash {
            secret_data: c.secret_data,
            credential_data: c.credential_data,
        };
        if state.hasher.verify(password.to_string(), stored).await? != Verified::No {
            return Ok(Some(Violation::history(n)));
        }
    }
    Ok(None)
}

/// Checks, then hashes as the policy asks: `Ok(Err(_))` is the refusal to show.
pub async fn prepare(
    state: &AppState,
    policy: &Policy,
    who: &Subject<'_>,
    user_id: Option<&str>,
    password: &str,
) -> Result<Result<PasswordHash, Violation>> {
    if let Some(v) = check(state, policy, who, user_id, password).await? {
        return Ok(Err(v));
    }
    Ok(Ok(hash(state, policy, password).await?))
}

/// Hashes with the policy's algorithm and iterations.
pub async fn hash(state: &AppState, policy: &Policy, password: &str) -> Result<PasswordHash> {
    state
        .hasher
        .hash_with(password.to_string(), policy.hash_spec())
        .await
}

/// Replaces the user's password, keeping the replaced one when `passwordHistory` wants
/// it and dropping kept ones beyond it (all of them without the policy, as Keycloak does).
pub async fn store_password(
    c: &mut Conn,
    policy: &Policy,
    user_id: &str,
    hash: &PasswordHash,
    now_ms: i64,
) -> Result<()> {
    let keep = i64::from(policy.history().unwrap_or(0).saturating_sub(1));
    if keep > 0 {
        credentials::archive_password(c, user_id).await?;
    }
    store::users::set_password(c, user_id, hash, None, now_ms).await?;
    credentials::prune_history(c, user_id, keep).await
}

/// Whether a verified password should be hashed again (another algorithm or iteration
/// count than the policy's).
pub fn rehash(policy: &Policy, verified: Verified, stored: &PasswordHash) -> bool {
    verified != Verified::No && policy.hash_spec().differs_from(stored)
}

/// `forceExpiredPasswordChange`: a password older than the policy allows gives the user
/// the `UPDATE_PASSWORD` required action, kept until the password is changed.
pub async fn expire_if_due(
    state: &AppState,
    realm: &Realm,
    user: &mut UserRow,
    created_ms: i64,
) -> Result<()> {
    let policy = of_realm(realm)?;
    let has = user.required_actions.iter().any(|a| a == "UPDATE_PASSWORD");
    if has || !policy.expired(created_ms, state.clock.now_ms()) {
        return Ok(());
    }
    user.required_actions.push("UPDATE_PASSWORD".into());
    let mut tx = state.begin().await?;
    store::users::update(&mut tx, &realm.id, user).await?;
    state.commit(tx, Change::Users).await
}
