//! The one place login and admin events are written. Recording never fails the request
//! that caused it: a store error is logged and the answer goes out unchanged.

use std::sync::atomic::{AtomicI64, Ordering};

use serde_json::{Map, Value};

use super::config::EventsConfig;
use super::store::{self as events_store, AdminEventRow, EventRow};
use crate::error::Result;
use crate::login::Flow;
use crate::realm::model::{Client, Realm};
use crate::state::AppState;
use crate::store;

/// The time of a new event: the clock's ms, moved just past the previous event's when two
/// fall in one millisecond, so a node's events list in the order they happened.
pub fn stamp(now_ms: i64) -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let mut prev = LAST.load(Ordering::Relaxed);
    loop {
        // Never more than a second off the clock (tests run servers with shifted clocks).
        let next = if prev >= now_ms && prev - now_ms < 1000 {
            prev + 1
        } else {
            now_ms
        };
        match LAST.compare_exchange_weak(prev, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return next,
            Err(actual) => prev = actual,
        }
    }
}

/// A login event before it is stamped with an id, a time and the realm.
#[derive(Debug, Clone, Default)]
pub struct LoginEvent {
    pub kind: &'static str,
    pub client_id: Option<String>,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub ip_address: Option<String>,
    pub error: Option<String>,
    pub details: Map<String, Value>,
}

impl LoginEvent {
    pub fn new(kind: &'static str) -> LoginEvent {
        LoginEvent {
            kind,
            ..LoginEvent::default()
        }
    }

    /// Adds a detail when it has a value.
    pub fn detail(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.details
                .insert(key.into(), Value::String(v.to_string()));
        }
    }
}

/// Stores `e` when the realm saves its type; expired events of the realm go in the same
/// transaction, so the table never holds more than the retention window.
pub async fn login(state: &AppState, realm: &Realm, e: LoginEvent) {
    let config = EventsConfig::of(realm);
    if !config.saves(e.kind) {
        return;
    }
    if let Err(err) = write_login(state, realm, &config, e).await {
        tracing::warn!(error = %err, "login event not recorded");
    }
}

async fn write_login(
    state: &AppState,
    realm: &Realm,
    config: &EventsConfig,
    e: LoginEvent,
) -> Result<()> {
    let now_ms = stamp(state.clock.now_ms());
    let row = EventRow {
        id: uuid::Uuid::new_v4().to_string(),
        realm_id: realm.id.clone(),
        time: now_ms,
        kind: e.kind.to_string(),
        client_id: e.client_id,
        user_id: e.user_id,
        session_id: e.session_id,
        ip_address: e.ip_address,
        error: e.error,
        details: (!e.details.is_empty()).then_some(Value::Object(e.details)),
    };
    let mut tx = state.begin().await?;
    if let Some(cutoff) = config.cutoff_ms(now_ms) {
        events_store::purge(&mut tx, &realm.id, cutoff).await?;
    }
    events_store::insert(&mut tx, &row).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores an admin event (the caller has checked the realm records them), dropping the
/// realm's admin events older than `cutoff_ms` in the same transaction.
pub async fn admin(state: &AppState, row: AdminEventRow, cutoff_ms: Option<i64>) {
    let result = async {
        let mut tx = state.begin().await?;
        if let Some(cutoff) = cutoff_ms {
            events_store::purge_admin(&mut tx, &row.realm_id, cutoff).await?;
        }
        events_store::insert_admin(&mut tx, &row).await?;
        tx.commit().await?;
        Ok::<_, crate::error::Error>(())
    }
    .await;
    if let Err(err) = result {
        tracing::warn!(error = %err, "admin event not recorded");
    }
}

/// The username behind a user id, for the `username` detail.
async fn username(state: &AppState, realm: &Realm, user_id: &str) -> Option<String> {
    let mut conn = state.db.conn().await.ok()?;
    store::users::by_id(&mut conn, &realm.id, user_id)
        .await
        .ok()
        .flatten()
        .map(|u| u.username)
}

/// `LOGIN` at the end of a browser login (a password form or an SSO cookie).
pub async fn browser_login(
    flow: &Flow,
    client: &Client,
    redirect_uri: &str,
    user_id: &str,
    session_id: &str,
) {
    if !EventsConfig::of(&flow.realm).saves("LOGIN") {
        return;
    }
    let mut e = LoginEvent::new("LOGIN");
    e.client_id = Some(client.client_id().to_string());
    e.user_id = Some(user_id.to_string());
    e.session_id = Some(session_id.to_string());
    e.ip_address = flow.ip.clone();
    e.detail("auth_method", Some("openid-connect"));
    e.detail("auth_type", Some("code"));
    e.detail("redirect_uri", Some(redirect_uri));
    e.detail("consent", Some("no_consent_required"));
    e.detail("code_id", Some(session_id));
    let name = username(&flow.state, &flow.realm, user_id).await;
    e.detail("username", name.as_deref());
    login(&flow.state, &flow.realm, e).await;
}

/// `LOGIN_ERROR` from the browser sign-in form.
pub async fn browser_login_error(
    flow: &Flow,
    client: &Client,
    redirect_uri: &str,
    user_id: Option<&str>,
    username: &str,
    error: &str,
) {
    let mut e = LoginEvent::new("LOGIN_ERROR");
    e.client_id = Some(client.client_id().to_string());
    e.user_id = user_id.map(str::to_string);
    e.ip_address = flow.ip.clone();
    e.error = Some(error.to_string());
    e.detail("auth_method", Some("openid-connect"));
    e.detail("auth_type", Some("code"));
    e.detail("redirect_uri", Some(redirect_uri));
    e.detail("username", Some(username));
    login(&flow.state, &flow.realm, e).await;
}

/// `LOGOUT` for each session a browser logout ended.
pub async fn browser_logout(
    flow: &Flow,
    sessions: &[String],
    user_id: Option<&str>,
    client_id: Option<&str>,
    redirect_uri: Option<&str>,
) {
    for (i, sid) in sessions.iter().enumerate() {
        // The hinted session and the browser's are often the same one.
        if sessions[..i].contains(sid) {
            continue;
        }
        let mut e = LoginEvent::new("LOGOUT");
        e.client_id = client_id.map(str::to_string);
        e.user_id = user_id.map(str::to_string);
        e.session_id = Some(sid.clone());
        e.ip_address = flow.ip.clone();
        e.detail("redirect_uri", redirect_uri);
        login(&flow.state, &flow.realm, e).await;
    }
}
