//! A user's credentials through the admin API: listed without their secrets, relabelled,
//! reordered and removed.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use keygate_model::CredentialRepresentation;

use super::{load_user, rules};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store::credentials::{self, PRIORITY_STEP};
use crate::store::users::CredentialRow;
use crate::store::Conn;

/// The required actions of a default realm that register a credential, in Keycloak's
/// order. Keygate has no configurable required-action providers yet.
const REGISTRATORS: &[&str] = &[
    "CONFIGURE_TOTP",
    "UPDATE_PASSWORD",
    "webauthn-register",
    "webauthn-register-passwordless",
];

/// What Keycloak shows of a credential: never its `secretData`.
fn rep(c: CredentialRow) -> CredentialRepresentation {
    CredentialRepresentation {
        id: Some(c.id),
        type_: Some(c.type_),
        user_label: c.user_label,
        created_date: Some(c.created),
        credential_data: Some(c.credential_data),
        ..Default::default()
    }
}

fn cred_not_found() -> Error {
    Error::not_found("Credential not found")
}

/// The user's credential with this id, checked to exist.
async fn load_cred(c: &mut Conn, realm: &Realm, user: &str, cred: &str) -> Result<CredentialRow> {
    let user = load_user(c, realm, user).await?;
    credentials::for_user(c, &user.id)
        .await?
        .into_iter()
        .find(|r| r.id == cred)
        .ok_or_else(cred_not_found)
}

pub async fn list(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Vec<CredentialRepresentation>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    let user = load_user(&mut conn, &realm, &id).await?;
    let rows = credentials::for_user(&mut conn, &user.id).await?;
    Ok(Json(rows.into_iter().map(rep).collect()))
}

pub async fn remove(
    State(state): State<AppState>,
    Path((realm, id, cred)): Path<(String, String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    let row = load_cred(&mut tx, &realm, &id, &cred).await?;
    credentials::delete(&mut tx, &id, &row.id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT .../userLabel` with a `text/plain` body; a blank label is refused as Keycloak does.
pub async fn set_label(
    State(state): State<AppState>,
    Path((realm, id, cred)): Path<(String, String, String)>,
    admin: Admin,
    body: Bytes,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let label = String::from_utf8_lossy(&body).to_string();
    let mut tx = state.begin().await?;
    let row = load_cred(&mut tx, &realm, &id, &cred).await?;
    if label.trim().is_empty() {
        return Err(Error::oauth(
            "missingCredentialLabel",
            "Credential label must not be empty",
        ));
    }
    credentials::set_label(&mut tx, &id, &row.id, &label).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves a credential behind another (or first); an unknown `after` changes nothing.
async fn reorder(
    state: &AppState,
    realm: &str,
    admin: &Admin,
    id: &str,
    cred: &str,
    after: Option<&str>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    let mut tx = state.begin().await?;
    load_cred(&mut tx, &realm, id, cred).await?;
    let rows = credentials::for_user(&mut tx, id).await?;
    let order: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    if let Some(new_order) = rules::move_after(&order, cred, after) {
        for (i, cid) in new_order.iter().enumerate() {
            let priority = (i as i64 + 1) * PRIORITY_STEP;
            let current = rows.iter().find(|r| &r.id == cid).map(|r| r.priority);
            if current != Some(priority) {
                credentials::set_priority(&mut tx, id, cid, priority).await?;
            }
        }
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn move_to_first(
    State(state): State<AppState>,
    Path((realm, id, cred)): Path<(String, String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    reorder(&state, &realm, &admin, &id, &cred, None).await
}

pub async fn move_after(
    State(state): State<AppState>,
    Path((realm, id, cred, prev)): Path<(String, String, String, String)>,
    admin: Admin,
) -> Result<StatusCode> {
    reorder(&state, &realm, &admin, &id, &cred, Some(&prev)).await
}

/// `PUT .../disable-credential-types`: removes the user's credentials of each type but
/// the password.
pub async fn disable_types(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    body: Bytes,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageUsers)?;
    // No body is no types, as Keycloak takes a null list.
    let types: Option<Vec<String>> = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice(&body).map_err(|_| Error::Unparsable)?
    };
    let mut tx = state.begin().await?;
    let user = load_user(&mut tx, &realm, &id).await?;
    // Keycloak's password provider cannot disable a local user's password (its
    // `disableCredentialType` does nothing); OTP and the others are removed.
    for t in types.iter().flatten().filter(|t| *t != "password") {
        credentials::delete_type(&mut tx, &user.id, t).await?;
    }
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Always empty: Keygate's users live in its own store, not in a federated one.
pub async fn storage_types(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Vec<String>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let mut conn = state.db.conn().await?;
    load_user(&mut conn, &realm, &id).await?;
    Ok(Json(Vec::new()))
}

pub async fn registrators(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<Vec<&'static str>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewRealm)?;
    Ok(Json(REGISTRATORS.to_vec()))
}
