//! `GET /realms/{realm}/account`: the user's profile (what keycloak-js's `loadUserProfile`
//! returns) with `userProfileMetadata` unless `?userProfileMetadata=false`; `POST` the same
//! to update it, validated against the realm's user profile, 204 when done.
//!
//! As in Keycloak's account context, an editable root attribute left out of the update is
//! cleared (and then fails `required` where it is required); attributes outside the root
//! fields change only when `attributes` is sent.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use keygate_model::UserRepresentation;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::profile_rules::{View, ROOT};
use super::Account;
use crate::error::{Error, FieldError, Result};
use crate::http::json::JsonBody;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::users::UserRow;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadQuery {
    user_profile_metadata: Option<String>,
}

fn edit_username(realm: &Realm) -> bool {
    realm
        .rep
        .extra
        .get("editUsernameAllowed")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

pub async fn read(
    State(state): State<AppState>,
    account: Account,
    Query(q): Query<ReadQuery>,
) -> Result<Json<Value>> {
    account.require_any(&["manage-account", "view-profile"])?;
    let config = crate::user::profile::config(&state, &account.realm).await?;
    let view = View {
        config: &config,
        edit_username: edit_username(&account.realm),
    };
    let u = &account.user;
    let mut rep = Map::new();
    rep.insert("id".into(), json!(u.id));
    rep.insert("username".into(), json!(u.username));
    for (key, value) in [
        ("firstName", &u.first_name),
        ("lastName", &u.last_name),
        ("email", &u.email),
    ] {
        if let Some(v) = value {
            rep.insert(key.into(), json!(v));
        }
    }
    rep.insert("emailVerified".into(), json!(u.email_verified));
    let attributes = view.visible_attributes(u);
    if !attributes.is_empty() {
        rep.insert("attributes".into(), Value::Object(attributes));
    }
    let metadata = q
        .user_profile_metadata
        .is_none_or(|v| !v.eq_ignore_ascii_case("false"));
    if metadata {
        rep.insert("userProfileMetadata".into(), view.metadata());
    }
    Ok(Json(Value::Object(rep)))
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Applies the root attributes of `rep` to `user`; the errors found on the way.
fn apply_root(view: &View, rep: &UserRepresentation, user: &mut UserRow) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let username = clean(&rep.username).map(|u| u.to_lowercase());
    if let Some(name) = username.filter(|n| *n != user.username) {
        let editable = view.declared("username").is_some_and(|a| view.can_edit(a));
        if !editable {
            errors.push(view.read_only("username"));
        } else {
            match crate::user::username::validate(view.config, &name) {
                Err(Error::Field {
                    field,
                    message,
                    params,
                }) => errors.push(FieldError {
                    field,
                    error_message: message,
                    params,
                }),
                _ => user.username = name,
            }
        }
    }
    let fields: [(&str, Option<String>); 3] = [
        ("email", clean(&rep.email).map(|e| e.to_lowercase())),
        ("firstName", clean(&rep.first_name)),
        ("lastName", clean(&rep.last_name)),
    ];
    for (name, value) in fields {
        let slot = match name {
            "email" => &mut user.email,
            "firstName" => &mut user.first_name,
            _ => &mut user.last_name,
        };
        let Some(attr) = view.declared(name) else {
            continue;
        };
        if !view.can_edit(attr) {
            if value.is_some() && value != *slot {
                errors.push(view.read_only(name));
            }
            continue;
        }
        match view.check(name, value.as_deref()) {
            Some(e) => errors.push(e),
            None => *slot = value,
        }
    }
    errors
}

/// Replaces the attributes the user may set with those sent; keeps the others.
fn apply_attributes(view: &View, rep: &UserRepresentation, user: &mut UserRow) {
    let Some(sent) = &rep.attributes else {
        return;
    };
    user.attributes
        .retain(|(name, _)| ROOT.contains(&name.as_str()) || !view.can_set_attribute(name));
    for (name, values) in sent {
        if ROOT.contains(&name.as_str()) || !view.can_set_attribute(name) {
            continue;
        }
        for v in values.iter().filter(|v| !v.is_empty()) {
            user.attributes.push((name.clone(), v.clone()));
        }
    }
}

pub async fn update(
    State(state): State<AppState>,
    account: Account,
    JsonBody(rep): JsonBody<UserRepresentation>,
) -> Result<StatusCode> {
    account.require_any(&["manage-account"])?;
    let realm = &account.realm;
    let config = crate::user::profile::config(&state, realm).await?;
    let view = View {
        config: &config,
        edit_username: edit_username(realm),
    };
    let mut tx = state.begin().await?;
    let mut user = store::users::by_id(&mut tx, &realm.id, &account.user.id)
        .await?
        .ok_or(Error::Unauthorized)?;
    let before = user.clone();
    let errors = apply_root(&view, &rep, &mut user);
    if !errors.is_empty() {
        return Err(Error::Fields {
            status: 400,
            errors,
        });
    }
    apply_attributes(&view, &rep, &mut user);
    let mut conflicts = Vec::new();
    if user.username != before.username
        && store::users::by_username(&mut tx, &realm.id, &user.username)
            .await?
            .is_some()
    {
        conflicts.push(view_error(&view, "username", "usernameExistsMessage"));
    }
    if user.email != before.email {
        user.email_verified = false;
        let unique = !realm.rep.duplicate_emails_allowed.unwrap_or(false);
        if let Some(email) = user.email.as_deref().filter(|_| unique) {
            let other = store::users::by_email(&mut tx, &realm.id, email).await?;
            if other.is_some_and(|o| o.id != user.id) {
                conflicts.push(view_error(&view, "email", "emailExistsMessage"));
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(Error::Fields {
            status: 409,
            errors: conflicts,
        });
    }
    store::users::update(&mut tx, &realm.id, &user).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn view_error(view: &View, field: &str, message: &'static str) -> FieldError {
    FieldError {
        field: field.to_string(),
        error_message: message,
        params: vec![view.display_name(field)],
    }
}
