//! Brute-force protection as Keycloak's `DefaultBruteForceProtector` applies it, shared by
//! the login page and the password grant. Every `failureFactor`-th failure locks the user
//! for `waitIncrementSeconds` times the number of such steps, at most
//! `maxFailureWaitSeconds`; two failures closer than `quickLoginCheckMilliSeconds` lock for
//! `minimumQuickLoginWaitSeconds`; failures older than `maxDeltaTimeSeconds` are forgotten;
//! with `permanentLockout` the user is disabled instead.

use crate::crypto::password::{PasswordHash, Verified};
use crate::error::{Error, Result};
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::users::UserRow;

use super::store::{self as login_store, FailureRow};

/// The user attribute Keycloak sets on a user that permanent lockout disabled.
const DISABLED_REASON: &str = "disabledReason";
const PERMANENT_LOCKOUT: &str = "permanentLockout";

/// The realm's brute-force settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub protected: bool,
    pub permanent: bool,
    pub failure_factor: i64,
    pub wait_increment: i64,
    pub max_wait: i64,
    pub quick_wait: i64,
    pub quick_check_ms: i64,
    pub max_delta: i64,
}

impl Settings {
    pub fn of(realm: &Realm) -> Settings {
        let x = &realm.rep.extra;
        let int = |k: &str, d: i64| x.get(k).and_then(|v| v.as_i64()).unwrap_or(d);
        let flag = |k: &str| x.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
        Settings {
            protected: flag("bruteForceProtected"),
            permanent: flag("permanentLockout"),
            failure_factor: int("failureFactor", 30).max(1),
            wait_increment: int("waitIncrementSeconds", 60),
            max_wait: int("maxFailureWaitSeconds", 900),
            quick_wait: int("minimumQuickLoginWaitSeconds", 60),
            quick_check_ms: int("quickLoginCheckMilliSeconds", 1000),
            max_delta: int("maxDeltaTimeSeconds", 43200),
        }
    }
}

/// Whether permanent lockout disabled this user.
pub fn permanently_locked(user: &UserRow) -> bool {
    !user.enabled
        && user
            .attributes
            .iter()
            .any(|(k, v)| k == DISABLED_REASON && v == PERMANENT_LOCKOUT)
}

/// Whether the user may not log in at `now` (seconds).
pub fn locked(s: &Settings, f: Option<&FailureRow>, user: &UserRow, now: i64) -> bool {
    s.protected && (permanently_locked(user) || f.is_some_and(|f| f.not_before > now))
}

/// The record after one more failure at `now_ms`, and whether it locks permanently. A
/// permanent lockout also sets the temporary lock, so attempts racing the disabling of
/// the user are refused too.
pub fn after_failure(
    s: &Settings,
    prev: Option<&FailureRow>,
    now_ms: i64,
    ip: Option<&str>,
) -> (FailureRow, bool) {
    let mut f = prev.cloned().unwrap_or_default();
    let delta = if f.last_failure > 0 {
        now_ms - f.last_failure
    } else {
        0
    };
    if delta > s.max_delta * 1000 {
        f = FailureRow::default();
    }
    f.num_failures += 1;
    f.last_failure = now_ms;
    f.last_ip = ip.map(str::to_string);
    let now = now_ms / 1000;
    if delta > 0 && delta < s.quick_check_ms {
        f.not_before = f.not_before.max(now + s.quick_wait);
    }
    if f.num_failures % s.failure_factor == 0 {
        let wait = (s.wait_increment * (f.num_failures / s.failure_factor)).min(s.max_wait);
        f.not_before = f.not_before.max(now + wait);
    }
    let permanent = s.permanent && f.num_failures >= s.failure_factor;
    (f, permanent)
}

/// What claiming a login attempt found.
enum Claim {
    Locked,
    /// Counted as a failure ahead of the password check; `permanent` when that failure
    /// reaches a permanent lockout.
    Counted {
        permanent: bool,
    },
}

/// Counts the attempt as a failure before its password is checked, in one transaction
/// holding the user's record, so concurrent guesses take turns at the lock check and no
/// more than `failureFactor` of them reach the password. A success clears the record.
async fn claim(
    state: &AppState,
    realm: &Realm,
    s: &Settings,
    user: &UserRow,
    ip: Option<&str>,
) -> Result<Claim> {
    let mut tx = state.begin().await?;
    let prev = login_store::lock_failure(&mut tx, &realm.id, &user.id).await?;
    let now_ms = state.clock.now_ms();
    if locked(s, prev.as_ref(), user, now_ms / 1000) {
        tx.rollback().await?;
        return Ok(Claim::Locked);
    }
    let (f, permanent) = after_failure(s, prev.as_ref(), now_ms, ip);
    login_store::put_failure(&mut tx, &realm.id, &user.id, &f).await?;
    state.commit(tx, Change::Users).await?;
    Ok(Claim::Counted { permanent })
}

/// Disables a user whose failures reached the factor under `permanentLockout`.
async fn lock_permanently(state: &AppState, realm: &Realm, user_id: &str) -> Result<()> {
    let mut tx = state.begin().await?;
    if let Some(mut u) = store::users::by_id(&mut tx, &realm.id, user_id).await? {
        u.enabled = false;
        u.attributes.retain(|(k, _)| k != DISABLED_REASON);
        u.attributes
            .push((DISABLED_REASON.into(), PERMANENT_LOCKOUT.into()));
        store::users::update(&mut tx, &realm.id, &u).await?;
    }
    state.commit(tx, Change::Users).await
}

/// Clears one user's record, lifting a permanent lockout too; or every record of the realm.
pub async fn clear(state: &AppState, realm: &Realm, user_id: Option<&str>) -> Result<()> {
    let mut tx = state.begin().await?;
    login_store::clear_failures(&mut tx, &realm.id, user_id).await?;
    if let Some(id) = user_id {
        if let Some(mut u) = store::users::by_id(&mut tx, &realm.id, id).await? {
            if permanently_locked(&u) {
                u.enabled = true;
                u.attributes.retain(|(k, _)| k != DISABLED_REASON);
                store::users::update(&mut tx, &realm.id, &u).await?;
            }
        }
    }
    state.commit(tx, Change::Users).await
}

/// The outcome of a guarded password check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The user is locked out; the password was not looked at.
    Locked,
    Checked(Verified),
}

/// Checks a password under brute-force protection: refuses a locked user without looking
/// at the password, counts the attempt as a failure first, clears the record on success.
pub async fn check_password(
    state: &AppState,
    realm: &Realm,
    user: &UserRow,
    ip: Option<&str>,
    password: String,
    stored: PasswordHash,
) -> Result<Check> {
    let s = Settings::of(realm);
    if !s.protected {
        return Ok(Check::Checked(state.hasher.verify(password, stored).await?));
    }
    let permanent = match claim(state, realm, &s, user, ip).await? {
        Claim::Locked => return Ok(Check::Locked),
        Claim::Counted { permanent } => permanent,
    };
    let verified = state.hasher.verify(password, stored).await?;
    if verified != Verified::No {
        clear(state, realm, Some(&user.id)).await?;
    } else if permanent {
        lock_permanently(state, realm, &user.id).await?;
    }
    Ok(Check::Checked(verified))
}

/// The password grant's check: a locked user gets Keycloak's 400 `invalid_grant`.
pub async fn verify_password(
    state: &AppState,
    realm: &Realm,
    user: &UserRow,
    ip: Option<&str>,
    password: String,
    stored: PasswordHash,
) -> Result<Verified> {
    match check_password(state, realm, user, ip, password, stored).await? {
        Check::Locked => Err(Error::oauth("invalid_grant", "Invalid user credentials")),
        Check::Checked(v) => Ok(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            protected: true,
            permanent: false,
            failure_factor: 3,
            wait_increment: 60,
            max_wait: 100,
            quick_wait: 30,
            quick_check_ms: 1000,
            max_delta: 3600,
        }
    }

    #[test]
    fn every_factor_th_failure_waits_longer_up_to_the_max() {
        let s = settings();
        let mut f: Option<FailureRow> = None;
        let mut t = 1_000_000_000;
        let mut waits = Vec::new();
        for _ in 0..6 {
            t += 5_000;
            let (next, perm) = after_failure(&s, f.as_ref(), t, Some("1.2.3.4"));
            assert!(!perm);
            waits.push(next.not_before - t / 1000);
            f = Some(next);
        }
        assert!(waits[0] < 0 && waits[1] < 0);
        assert_eq!(waits[2], 60);
        assert_eq!(waits[5], 100);
        // Quick successive failures lock briefly.
        let (q, _) = after_failure(&s, f.as_ref(), t + 10, None);
        assert!(q.not_before >= (t + 10) / 1000 + 30);
        // Old failures are forgotten.
        let (old, _) = after_failure(&s, f.as_ref(), t + 3_601_000, None);
        assert_eq!(old.num_failures, 1);
    }

    #[test]
    fn permanent_lockout_at_the_factor() {
        let s = Settings {
            permanent: true,
            ..settings()
        };
        let (f1, p1) = after_failure(&s, None, 10_000, None);
        let (f2, p2) = after_failure(&s, Some(&f1), 20_000, None);
        let (_, p3) = after_failure(&s, Some(&f2), 30_000, None);
        assert!(!p1 && !p2 && p3);
    }
}
