//! `/admin/realms/{realm}/users`: create, search, count, read, update, delete, and
//! `reset-password`.

use crate::http::query::Query;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use keygate_model::{CredentialRepresentation, UserRepresentation};
use serde::Deserialize;

use super::convert;
use super::password_policy::{self, Subject};
use crate::crypto::password::PasswordHash;
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::json::{JsonBody, Strict, UserRep};
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::users::{UserFilter, UserRow};

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/users";
    Router::new()
        .route(base, get(list).post(create))
        .route(&format!("{base}/count"), get(count))
        .route(
            &format!("{base}/{{id}}"),
            get(read).put(update).delete(remove),
        )
        .route(
            &format!("{base}/{{id}}/reset-password"),
            put(reset_password),
        )
        .merge(super::extra_routes())
}

/// Query parameters of `GET /users` and `/users/count`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListParams {
    search: Option<String>,
    username: Option<String>,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    q: Option<String>,
    exact: Option<bool>,
    enabled: Option<bool>,
    email_verified: Option<bool>,
    first: Option<i64>,
    max: Option<i64>,
    brief_representation: Option<bool>,
}

impl ListParams {
    fn filter(&self) -> UserFilter {
        let attributes = self
            .q
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|pair| pair.split_once(':'))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        UserFilter {
            search: self.search.clone(),
            username: self.username.clone(),
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            exact: self.exact.unwrap_or(false),
            enabled: self.enabled,
            email_verified: self.email_verified,
            attributes,
        }
    }
}

async fn list(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<UserRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::QueryUsers)?;
    if !may_view_users(&admin, &realm) {
        return Ok(Json(Vec::new()));
    }
    let first = p.first.unwrap_or(0).max(0);
    let max = match p.max.unwrap_or(100) {
        m if m < 0 => 100,
        m => m.min(10_000),
    };
    let mut conn = state.db.conn().await?;
    let users = store::users::search(&mut conn, &realm.id, &p.filter(), first, max).await?;
    let brief = p.brief_representation.unwrap_or(false);
    let manage = admin.require(&realm, Perm::ManageUsers).is_ok();
    Ok(Json(
        users
            .iter()
            .map(|u| with_access(convert::to_rep(u, brief), manage))
            .collect(),
    ))
}

/// Whether the caller may see the users a search finds. Keycloak lists and counts only the
/// users the caller may view: with `query-users` alone (and no fine-grained permissions,
/// which Keygate does not have) that is nobody, so the list is `[]` and the count 0.
fn may_view_users(admin: &Admin, realm: &crate::realm::model::Realm) -> bool {
    admin.require(realm, Perm::ViewUsers).is_ok()
}

/// Sets `access` to what the caller may do with the user, as Keycloak's user permission
/// evaluator reports it: anyone who can see the user may view it; changing it, its role
/// mappings and its group memberships takes `manage-users`.
fn with_access(mut rep: UserRepresentation, manage: bool) -> UserRepresentation {
    if let Some(access) = rep.access.as_mut() {
        for key in ["manage", "mapRoles", "manageGroupMembership"] {
            access.insert(key.to_string(), manage);
        }
        access.insert("view".to_string(), true);
    }
    rep
}

async fn count(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    Query(p): Query<ListParams>,
) -> Result<Json<i64>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::QueryUsers)?;
    if !may_view_users(&admin, &realm) {
        return Ok(Json(0));
    }
    let mut conn = state.db.conn().await?;
    Ok(Json(
        store::users::count(&mut conn, &realm.id, &p.filter()).await?,
    ))
}

fn user_not_found() -> Error {
    Error::not_found("User not found")
}

/// The plain passwords of a new user's representation, checked against the realm's policy
/// and hashed as it asks, with their `temporary` flags.
async fn new_passwords(
    state: &AppState,
    realm: &Realm,
    row: &UserRow,
    rep: &UserRepresentation,
) -> Result<Vec<(PasswordHash, bool)>> {
    let policy = password_policy::apply::of_realm(realm)?;
    let who = Subject {
        username: &row.username,
        email: row.email.as_deref(),
    };
    let mut hashes = Vec::new();
    for cred in rep.credentials.iter().flatten() {
        if cred.type_.as_deref().unwrap_or("password") != "password" {
            continue;
        }
        if let Some(v) = &cred.value {
            let hash = password_policy::apply::prepare(state, &policy, &who, None, v)
                .await?
                .map_err(|v| password_policy::apply::admin_refusal(&v))?;
            hashes.push((hash, cred.temporary.unwrap_or(false)));
        }
    }
    Ok(hashes)
}

async fn create(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    base: Base,
    Strict(rep, _): Strict<UserRep, UserRepresentation>,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let now_ms = state.clock.now_ms();
    let mut row = convert::new_row(uuid::Uuid::new_v4().to_string(), now_ms);
    let mut rep = rep;
    let email_as_username = realm
        .rep
        .extra
        .get("registrationEmailAsUsername")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if email_as_username && rep.username.is_none() {
        rep.username = rep.email.clone();
    }
    if rep.username.as_deref().is_none_or(|u| u.trim().is_empty()) {
        return Err(Error::bad_request("User name is missing"));
    }
    convert::apply(&mut row, &rep)?;
    super::username::validate(
        &super::profile::config(&state, &realm).await?,
        &row.username,
    )?;
    let hashes = new_passwords(&state, &realm, &row, &rep).await?;
    if hashes.iter().any(|(_, temporary)| *temporary)
        && !row.required_actions.iter().any(|a| a == "UPDATE_PASSWORD")
    {
        row.required_actions.push("UPDATE_PASSWORD".into());
    }
    let mut tx = state.begin().await?;
    if store::users::by_username(&mut tx, &realm.id, &row.username)
        .await?
        .is_some()
    {
        return Err(Error::conflict("User exists with same username"));
    }
    // A duplicate email is refused by the store's unique index (409), even under races.
    store::users::insert(&mut tx, &realm.id, &row).await?;
    for (hash, _) in &hashes {
        store::users::set_password(&mut tx, &row.id, hash, None, state.clock.now_ms()).await?;
    }
    let default_role = realm.default_role_name();
    if let Some(role) = store::roles::by_name(&mut tx, &realm.id, &default_role).await? {
        store::roles::grant_user(&mut tx, &row.id, &role.id).await?;
    }
    store::groups::members::join_defaults(&mut tx, &realm.id, &row.id).await?;
    for path in rep.groups.iter().flatten() {
        let path = if path.starts_with('/') {
            path.clone()
        } else {
            format!("/{path}")
        };
        let group = store::groups::by_path(&mut tx, &realm.id, &path)
            .await?
            .ok_or_else(|| Error::bad_request(format!("Group {path} not found")))?;
        store::groups::add_member(&mut tx, &row.id, &group.id).await?;
    }
    state.commit(tx, Change::Users).await?;
    let location = format!("{}/admin/realms/{}/users/{}", base.0, realm.name, row.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReadParams {
    user_profile_metadata: Option<String>,
}

async fn read(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    Query(p): Query<ReadParams>,
) -> Result<Json<UserRepresentation>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    let user = store::users::by_id(&mut conn, &realm.id, &id)
        .await?
        .ok_or_else(user_not_found)?;
    drop(conn);
    let manage = admin.require(&realm, Perm::ManageUsers).is_ok();
    let mut rep = with_access(convert::to_rep(&user, false), manage);
    // `?userProfileMetadata=true`: the admin console's (and python-keycloak's) profile form.
    if p.user_profile_metadata
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        let cfg = super::profile::config(&state, &realm).await?;
        let metadata = super::profile::admin_metadata(&cfg);
        rep.extra.insert("userProfileMetadata".into(), metadata);
    }
    Ok(Json(rep))
}

async fn update(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    Strict(rep, _): Strict<UserRep, UserRepresentation>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    // Read before the transaction opens: only a rename is checked against the profile.
    let profile = match rep.username {
        Some(_) => Some(super::profile::config(&state, &realm).await?),
        None => None,
    };
    let mut tx = state.begin().await?;
    let mut user = store::users::by_id(&mut tx, &realm.id, &id)
        .await?
        .ok_or_else(user_not_found)?;
    let old_username = user.username.clone();
    convert::apply(&mut user, &rep)?;
    let edit_username = realm
        .rep
        .extra
        .get("editUsernameAllowed")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if user.username != old_username {
        if !edit_username {
            return Err(Error::bad_request("error-user-attribute-read-only"));
        }
        if let Some(profile) = &profile {
            super::username::validate(profile, &user.username)?;
        }
        if store::users::by_username(&mut tx, &realm.id, &user.username)
            .await?
            .is_some()
        {
            return Err(Error::conflict("User exists with same username"));
        }
    }
    store::users::update(&mut tx, &realm.id, &user).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    if !store::users::delete(&mut tx, &realm.id, &id).await? {
        return Err(user_not_found());
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reset_password(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    JsonBody(cred): JsonBody<CredentialRepresentation>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    // Keycloak finds the user before it looks at the credential: a missing user is 404.
    let mut conn = state.db.conn().await?;
    let found = store::users::by_id(&mut conn, &realm.id, &id).await?;
    drop(conn);
    let found = found.ok_or_else(user_not_found)?;
    let value = cred
        .value
        .clone()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::bad_request("Password value is missing"))?;
    if cred.type_.as_deref().is_some_and(|t| t != "password") {
        return Err(Error::bad_request("Unsupported credential type"));
    }
    let policy = password_policy::apply::of_realm(&realm)?;
    let who = Subject {
        username: &found.username,
        email: found.email.as_deref(),
    };
    let hash = password_policy::apply::prepare(&state, &policy, &who, Some(&found.id), &value)
        .await?
        .map_err(|v| password_policy::apply::admin_refusal(&v))?;
    let mut tx = state.begin().await?;
    let mut user = store::users::by_id(&mut tx, &realm.id, &id)
        .await?
        .ok_or_else(user_not_found)?;
    let now_ms = state.clock.now_ms();
    password_policy::apply::store_password(&mut tx, &policy, &user.id, &hash, now_ms).await?;
    let temporary = cred.temporary.unwrap_or(false);
    let has_action = user.required_actions.iter().any(|a| a == "UPDATE_PASSWORD");
    if temporary && !has_action {
        user.required_actions.push("UPDATE_PASSWORD".into());
        store::users::update(&mut tx, &realm.id, &user).await?;
    } else if !temporary && has_action {
        user.required_actions.retain(|a| a != "UPDATE_PASSWORD");
        store::users::update(&mut tx, &realm.id, &user).await?;
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}
