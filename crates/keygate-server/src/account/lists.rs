//! The read-only lists of the account API: the user's sessions
//! (`/account/sessions`), credentials (`/account/credentials`, no secrets) and the
//! applications in use (`/account/applications`). Times are in seconds for sessions and
//! milliseconds for credentials, as Keycloak answers them.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use super::Account;
use crate::error::Result;
use crate::realm::model::{Client, Realm};
use crate::session::rules;
use crate::state::AppState;
use crate::store;

fn client_entry(c: &Client) -> Value {
    json!({"clientId": c.client_id(), "clientName": c.rep.name.clone().unwrap_or_default()})
}

/// `GET /account/sessions`: the user's live SSO sessions, the caller's marked `current`.
pub async fn sessions(State(state): State<AppState>, account: Account) -> Result<Json<Vec<Value>>> {
    account.require_any(&["manage-account", "view-profile"])?;
    let realm = &account.realm;
    let mut conn = state.db.conn().await?;
    let live = rules::live(realm, false, state.clock.now());
    let sessions =
        store::sessions::for_user(&mut conn, &realm.id, &account.user.id, false, live).await?;
    let out = sessions
        .into_iter()
        .map(|s| {
            let clients: Vec<Value> = s
                .clients
                .iter()
                .filter_map(|id| realm.client_by_internal_id(id))
                .map(|c| client_entry(c))
                .collect();
            json!({
                "id": s.row.id,
                "ipAddress": s.ip_address.unwrap_or_default(),
                "started": s.row.started,
                "lastAccess": s.row.last_access,
                "expires": s.row.started + realm.sso_max(),
                "clients": clients,
                "current": account.claims.sid.as_deref() == Some(s.row.id.as_str()),
            })
        })
        .collect();
    Ok(Json(out))
}

/// `GET /account/credentials`: the password container, with the user's password
/// (metadata only) when one is set.
pub async fn credentials(
    State(state): State<AppState>,
    account: Account,
) -> Result<Json<Vec<Value>>> {
    account.require_any(&["manage-account", "view-profile"])?;
    let mut conn = state.db.conn().await?;
    let creds = store::credentials::for_user(&mut conn, &account.user.id).await?;
    let passwords: Vec<Value> = creds
        .iter()
        .filter(|c| c.type_ == "password")
        .map(|c| {
            json!({"credential": {
                "id": c.id, "type": c.type_, "userLabel": c.user_label,
                "createdDate": c.created, "credentialData": c.credential_data,
            }})
        })
        .collect();
    Ok(Json(vec![json!({
        "type": "password",
        "category": "basic-authentication",
        "displayName": "password-display-name",
        "helptext": "password-help-text",
        "iconCssClass": "kcAuthenticatorDefaultClass",
        "updateAction": "UPDATE_PASSWORD",
        "removeable": false,
        "userCredentialMetadatas": passwords,
    })]))
}

/// `GET /account/applications`: the clients taking part in the user's online or offline
/// sessions, by client id.
pub async fn applications(
    State(state): State<AppState>,
    account: Account,
) -> Result<Json<Vec<Value>>> {
    account.require_any(&["manage-account", "view-applications"])?;
    let realm: &Realm = &account.realm;
    let now = state.clock.now();
    let mut conn = state.db.conn().await?;
    let mut in_use = BTreeSet::new();
    let mut offline = BTreeSet::new();
    for (is_offline, set) in [(false, &mut in_use), (true, &mut offline)] {
        let live = rules::live(realm, is_offline, now);
        let sessions =
            store::sessions::for_user(&mut conn, &realm.id, &account.user.id, is_offline, live)
                .await?;
        set.extend(sessions.into_iter().flat_map(|s| s.clients));
    }
    let mut ids: Vec<&String> = in_use.union(&offline).collect();
    ids.sort();
    let out = ids
        .into_iter()
        .filter_map(|id| realm.client_by_internal_id(id))
        .map(|c| {
            let root = c.rep.extra.get("rootUrl").and_then(Value::as_str);
            let base = c.rep.extra.get("baseUrl").and_then(Value::as_str);
            let consent = c.rep.extra.get("consentRequired").and_then(Value::as_bool);
            json!({
                "clientId": c.client_id(),
                "clientName": c.rep.name.clone().unwrap_or_default(),
                "description": c.rep.description.clone().unwrap_or_default(),
                "userConsentRequired": consent.unwrap_or(false),
                "inUse": in_use.contains(&c.id),
                "offlineAccess": offline.contains(&c.id),
                "rootUrl": root,
                "baseUrl": base,
                "effectiveUrl": match (root, base) {
                    (Some(r), Some(b)) if b.starts_with('/') => Some(format!("{}{b}", r.trim_end_matches('/'))),
                    (_, Some(b)) => Some(b.to_string()),
                    (Some(r), None) => Some(r.to_string()),
                    _ => None,
                },
            })
        })
        .collect();
    Ok(Json(out))
}
