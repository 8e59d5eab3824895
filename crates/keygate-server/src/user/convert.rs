//! Between `UserRepresentation` and the stored user row.

use std::collections::BTreeMap;

use keygate_model::UserRepresentation;

use crate::error::{Error, Result};
use crate::store::users::UserRow;

/// The representation the admin API returns.
pub fn to_rep(u: &UserRow, brief: bool) -> UserRepresentation {
    let mut rep = UserRepresentation {
        id: Some(u.id.clone()),
        username: Some(u.username.clone()),
        email: u.email.clone(),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        enabled: Some(u.enabled),
        email_verified: Some(u.email_verified),
        created_timestamp: Some(u.created),
        totp: Some(false),
        ..Default::default()
    };
    if !u.attributes.is_empty() && !brief {
        let mut attrs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in &u.attributes {
            attrs.entry(k.clone()).or_default().push(v.clone());
        }
        rep.attributes = Some(attrs);
    }
    if !brief {
        rep.required_actions = Some(u.required_actions.clone());
        rep.disableable_credential_types = Some(vec![]);
        rep.not_before = Some(u.not_before);
        rep.extra = serde_json::from_str(&u.extra).unwrap_or_default();
        rep.access = Some(BTreeMap::from([
            ("manageGroupMembership".to_string(), true),
            ("view".to_string(), true),
            ("mapRoles".to_string(), true),
            ("impersonate".to_string(), false),
            ("manage".to_string(), true),
        ]));
    }
    rep
}

/// Applies the fields a representation sends onto a row; absent fields stay as they are,
/// as Keycloak's partial update does.
pub fn apply(u: &mut UserRow, rep: &UserRepresentation) -> Result<()> {
    if let Some(name) = &rep.username {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            return Err(Error::bad_request("User name is missing"));
        }
        u.username = name;
    }
    if let Some(email) = &rep.email {
        let email = email.trim().to_lowercase();
        if !email.is_empty() && !valid_email(&email) {
            return Err(Error::bad_request("Invalid email address."));
        }
        u.email = (!email.is_empty()).then_some(email);
    }
    if let Some(v) = &rep.first_name {
        u.first_name = Some(v.clone());
    }
    if let Some(v) = &rep.last_name {
        u.last_name = Some(v.clone());
    }
    if let Some(v) = rep.enabled {
        u.enabled = v;
    }
    if let Some(v) = rep.email_verified {
        u.email_verified = v;
    }
    if let Some(v) = &rep.required_actions {
        u.required_actions = known_actions(v);
    }
    if let Some(attrs) = &rep.attributes {
        u.attributes = attrs
            .iter()
            .flat_map(|(k, vs)| vs.iter().map(move |v| (k.clone(), v.clone())))
            .collect();
    }
    if !rep.extra.is_empty() {
        let mut extra: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&u.extra).unwrap_or_default();
        for (k, v) in &rep.extra {
            extra.insert(k.clone(), v.clone());
        }
        u.extra = serde_json::Value::Object(extra).to_string();
    }
    Ok(())
}

fn valid_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !e.contains(' ')
        }
        None => false,
    }
}

/// A fresh row with Keycloak's defaults for a new user.
pub fn new_row(id: String, now_ms: i64) -> UserRow {
    UserRow {
        id,
        enabled: false,
        created: now_ms,
        extra: "{}".into(),
        ..Default::default()
    }
}

/// Keycloak's required-action provider ids. Keycloak walks these when it applies a user
/// representation, so any other name a client sends is dropped, not stored.
const REQUIRED_ACTIONS: &[&str] = &[
    "CONFIGURE_TOTP",
    "TERMS_AND_CONDITIONS",
    "UPDATE_PASSWORD",
    "UPDATE_PROFILE",
    "VERIFY_EMAIL",
    "VERIFY_PROFILE",
    "UPDATE_EMAIL",
    "CONFIGURE_RECOVERY_AUTHN_CODES",
    "delete_account",
    "delete_credential",
    "update_user_locale",
    "webauthn-register",
    "webauthn-register-passwordless",
    "idp_link",
];

fn known_actions(asked: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in asked {
        if REQUIRED_ACTIONS.contains(&a.as_str()) && !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}
