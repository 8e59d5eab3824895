//! A realm's event settings (`RealmEventsConfigRepresentation`), kept in the realm document
//! under Keycloak's realm-representation names so `PUT /admin/realms/{realm}` and
//! `PUT .../events/config` change the same fields.

use serde_json::{json, Map, Value};

use crate::realm::model::Realm;

/// Keycloak's `EventType` values stored when `enabledEventTypes` is empty (the types whose
/// `saveByDefault` flag is set).
pub const SAVED_BY_DEFAULT: &[&str] = &[
    "LOGIN",
    "LOGIN_ERROR",
    "REGISTER",
    "REGISTER_ERROR",
    "LOGOUT",
    "LOGOUT_ERROR",
    "CODE_TO_TOKEN",
    "CODE_TO_TOKEN_ERROR",
    "CLIENT_LOGIN",
    "CLIENT_LOGIN_ERROR",
    "FEDERATED_IDENTITY_LINK",
    "FEDERATED_IDENTITY_LINK_ERROR",
    "REMOVE_FEDERATED_IDENTITY",
    "REMOVE_FEDERATED_IDENTITY_ERROR",
    "UPDATE_EMAIL",
    "UPDATE_EMAIL_ERROR",
    "UPDATE_PROFILE",
    "UPDATE_PROFILE_ERROR",
    "UPDATE_PASSWORD",
    "UPDATE_PASSWORD_ERROR",
    "UPDATE_TOTP",
    "UPDATE_TOTP_ERROR",
    "VERIFY_EMAIL",
    "VERIFY_EMAIL_ERROR",
    "VERIFY_PROFILE",
    "VERIFY_PROFILE_ERROR",
    "REMOVE_TOTP",
    "REMOVE_TOTP_ERROR",
    "GRANT_CONSENT",
    "GRANT_CONSENT_ERROR",
    "UPDATE_CONSENT",
    "UPDATE_CONSENT_ERROR",
    "REVOKE_GRANT",
    "REVOKE_GRANT_ERROR",
    "SEND_VERIFY_EMAIL",
    "SEND_VERIFY_EMAIL_ERROR",
    "SEND_RESET_PASSWORD",
    "SEND_RESET_PASSWORD_ERROR",
    "SEND_IDENTITY_PROVIDER_LINK",
    "SEND_IDENTITY_PROVIDER_LINK_ERROR",
    "RESET_PASSWORD",
    "RESET_PASSWORD_ERROR",
    "RESTART_AUTHENTICATION",
    "RESTART_AUTHENTICATION_ERROR",
    "IDENTITY_PROVIDER_LINK_ACCOUNT",
    "IDENTITY_PROVIDER_LINK_ACCOUNT_ERROR",
    "IDENTITY_PROVIDER_FIRST_LOGIN",
    "IDENTITY_PROVIDER_FIRST_LOGIN_ERROR",
    "IDENTITY_PROVIDER_POST_LOGIN",
    "IDENTITY_PROVIDER_POST_LOGIN_ERROR",
    "IMPERSONATE",
    "IMPERSONATE_ERROR",
    "CUSTOM_REQUIRED_ACTION",
    "CUSTOM_REQUIRED_ACTION_ERROR",
    "EXECUTE_ACTIONS",
    "EXECUTE_ACTIONS_ERROR",
    "EXECUTE_ACTION_TOKEN",
    "EXECUTE_ACTION_TOKEN_ERROR",
    "CLIENT_REGISTER",
    "CLIENT_REGISTER_ERROR",
    "CLIENT_UPDATE",
    "CLIENT_UPDATE_ERROR",
    "CLIENT_DELETE",
    "CLIENT_DELETE_ERROR",
    "CLIENT_INITIATED_ACCOUNT_LINKING",
    "CLIENT_INITIATED_ACCOUNT_LINKING_ERROR",
    "TOKEN_EXCHANGE",
    "TOKEN_EXCHANGE_ERROR",
    "OAUTH2_DEVICE_AUTH",
    "OAUTH2_DEVICE_AUTH_ERROR",
    "OAUTH2_DEVICE_VERIFY_USER_CODE",
    "OAUTH2_DEVICE_VERIFY_USER_CODE_ERROR",
    "OAUTH2_DEVICE_CODE_TO_TOKEN",
    "OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR",
    "AUTHREQID_TO_TOKEN",
    "AUTHREQID_TO_TOKEN_ERROR",
    "PERMISSION_TOKEN",
    "DELETE_ACCOUNT",
    "DELETE_ACCOUNT_ERROR",
];

/// The settings as the recording paths read them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventsConfig {
    pub events_enabled: bool,
    /// Seconds a login event is kept; `None` or 0 keeps it until deleted.
    pub expiration: Option<i64>,
    pub listeners: Vec<String>,
    /// As configured; empty means Keycloak's default set.
    pub enabled_types: Vec<String>,
    pub admin_events_enabled: bool,
    pub admin_details_enabled: bool,
    /// Seconds an admin event is kept: the realm attribute `adminEventsExpiration`.
    pub admin_expiration: Option<i64>,
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    })
}

impl EventsConfig {
    /// Reads the settings from a realm document's fields.
    pub fn from_fields(fields: &Map<String, Value>) -> EventsConfig {
        let flag = |k: &str| fields.get(k).and_then(Value::as_bool).unwrap_or(false);
        EventsConfig {
            events_enabled: flag("eventsEnabled"),
            expiration: fields.get("eventsExpiration").and_then(Value::as_i64),
            listeners: strings(fields.get("eventsListeners"))
                .unwrap_or_else(|| vec!["jboss-logging".to_string()]),
            enabled_types: strings(fields.get("enabledEventTypes")).unwrap_or_default(),
            admin_events_enabled: flag("adminEventsEnabled"),
            admin_details_enabled: flag("adminEventsDetailsEnabled"),
            admin_expiration: fields
                .get("attributes")
                .and_then(|a| a.get("adminEventsExpiration"))
                .and_then(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok())),
        }
    }

    /// The settings of a cached realm.
    pub fn of(realm: &Realm) -> EventsConfig {
        EventsConfig::from_fields(&realm.rep.extra)
    }

    /// Whether a login event of `kind` is stored, by Keycloak's rule: events must be
    /// enabled, and the type listed, or among the defaults when the list is empty.
    pub fn saves(&self, kind: &str) -> bool {
        if !self.events_enabled {
            return false;
        }
        if self.enabled_types.is_empty() {
            SAVED_BY_DEFAULT.contains(&kind)
        } else {
            self.enabled_types.iter().any(|t| t == kind)
        }
    }

    /// The oldest event time (ms) still kept at `now_ms`, if events expire.
    pub fn cutoff_ms(&self, now_ms: i64) -> Option<i64> {
        self.expiration
            .filter(|e| *e > 0)
            .map(|e| now_ms.saturating_sub(e.saturating_mul(1000)))
    }

    /// The oldest admin event time (ms) still kept at `now_ms`, if admin events expire.
    pub fn admin_cutoff_ms(&self, now_ms: i64) -> Option<i64> {
        self.admin_expiration
            .filter(|e| *e > 0)
            .map(|e| now_ms.saturating_sub(e.saturating_mul(1000)))
    }

    /// `RealmEventsConfigRepresentation`, with the default types spelled out when the
    /// configured list is empty (as Keycloak answers).
    pub fn to_rep(&self) -> Value {
        let types: Vec<String> = if self.enabled_types.is_empty() {
            SAVED_BY_DEFAULT.iter().map(|s| s.to_string()).collect()
        } else {
            self.enabled_types.clone()
        };
        let mut rep = json!({
            "eventsEnabled": self.events_enabled,
            "eventsListeners": self.listeners,
            "enabledEventTypes": types,
            "adminEventsEnabled": self.admin_events_enabled,
            "adminEventsDetailsEnabled": self.admin_details_enabled,
        });
        if let Some(e) = self.expiration {
            rep["eventsExpiration"] = json!(e);
        }
        rep
    }
}

/// Applies a `RealmEventsConfigRepresentation` to the realm document's fields, as
/// Keycloak's `RealmManager.updateRealmEventsConfig` does: `eventsEnabled` is a plain
/// boolean (absent means false); every other field changes only when sent.
pub fn apply(fields: &mut Map<String, Value>, rep: &Map<String, Value>) -> Result<(), String> {
    let enabled = match rep.get("eventsEnabled") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("eventsEnabled must be a boolean".into()),
    };
    fields.insert("eventsEnabled".into(), json!(enabled));
    match rep.get("eventsExpiration") {
        None | Some(Value::Null) => {}
        Some(v) => {
            let secs = v
                .as_i64()
                .filter(|s| *s >= 0)
                .ok_or("eventsExpiration must be a non-negative number")?;
            fields.insert("eventsExpiration".into(), json!(secs));
        }
    }
    for key in ["eventsListeners", "enabledEventTypes"] {
        match rep.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                fields.insert(key.into(), Value::Array(items.clone()));
            }
            Some(_) => return Err(format!("{key} must be a list of strings")),
        }
    }
    for key in ["adminEventsEnabled", "adminEventsDetailsEnabled"] {
        match rep.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => {
                fields.insert(key.into(), json!(b));
            }
            Some(_) => return Err(format!("{key} must be a boolean")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_type_list_means_defaults() {
        let mut c = EventsConfig {
            events_enabled: true,
            ..EventsConfig::default()
        };
        assert!(c.saves("LOGIN"));
        assert!(!c.saves("REFRESH_TOKEN"));
        c.enabled_types = vec!["REFRESH_TOKEN".into()];
        assert!(c.saves("REFRESH_TOKEN"));
        assert!(!c.saves("LOGIN"));
        c.events_enabled = false;
        assert!(!c.saves("REFRESH_TOKEN"));
    }

    #[test]
    fn apply_keeps_unsent_fields() {
        let mut fields = Map::new();
        fields.insert("adminEventsEnabled".into(), json!(true));
        let rep = json!({"eventsEnabled": true, "eventsExpiration": 60});
        apply(&mut fields, rep.as_object().unwrap_or(&Map::new())).unwrap();
        let c = EventsConfig::from_fields(&fields);
        assert!(c.events_enabled && c.admin_events_enabled);
        assert_eq!(c.expiration, Some(60));
        assert!(apply(
            &mut fields,
            json!({"eventsExpiration": "x"}).as_object().unwrap()
        )
        .is_err());
    }
}
