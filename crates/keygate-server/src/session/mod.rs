//! User sessions, offline sessions, credentials and not-before revocation, with their admin API.

mod credentials;
mod listing;
mod logout;
pub mod offline;
pub mod rules;
pub mod touches;
pub mod write_behind;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::error::{Error, Result};
use crate::realm::model::{Client, Realm};
use crate::state::AppState;
use crate::store::users::UserRow;
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    let realm = "/admin/realms/{realm}";
    let user = "/admin/realms/{realm}/users/{id}";
    let client = "/admin/realms/{realm}/clients/{id}";
    Router::new()
        .route(&format!("{user}/sessions"), get(listing::user_sessions))
        .route(
            &format!("{user}/offline-sessions/{{client}}"),
            get(listing::user_offline_sessions),
        )
        .route(
            &format!("{client}/user-sessions"),
            get(listing::client_sessions),
        )
        .route(
            &format!("{client}/offline-sessions"),
            get(listing::client_offline_sessions),
        )
        .route(
            &format!("{client}/session-count"),
            get(listing::client_session_count),
        )
        .route(
            &format!("{client}/offline-session-count"),
            get(listing::client_offline_session_count),
        )
        .route(
            &format!("{realm}/client-session-stats"),
            get(listing::client_session_stats),
        )
        .route(
            &format!("{realm}/sessions/{{session}}"),
            delete(logout::delete_session),
        )
        .route(&format!("{user}/logout"), post(logout::user_logout))
        .route(&format!("{realm}/logout-all"), post(logout::logout_all))
        .route(
            &format!("{realm}/push-revocation"),
            post(logout::push_revocation),
        )
        .route(
            &format!("{client}/push-revocation"),
            post(logout::client_push_revocation),
        )
        .route(&format!("{user}/credentials"), get(credentials::list))
        .route(
            &format!("{user}/credentials/{{cred}}"),
            delete(credentials::remove),
        )
        .route(
            &format!("{user}/credentials/{{cred}}/userLabel"),
            put(credentials::set_label),
        )
        .route(
            &format!("{user}/credentials/{{cred}}/moveToFirst"),
            post(credentials::move_to_first),
        )
        .route(
            &format!("{user}/credentials/{{cred}}/moveAfter/{{prev}}"),
            post(credentials::move_after),
        )
        .route(
            &format!("{user}/disable-credential-types"),
            put(credentials::disable_types),
        )
        .route(
            &format!("{user}/configured-user-storage-credential-types"),
            get(credentials::storage_types),
        )
        .route(
            &format!("{realm}/credential-registrators"),
            get(credentials::registrators),
        )
}

/// The user with this id in the realm, or Keycloak's 404.
async fn load_user(c: &mut Conn, realm: &Realm, id: &str) -> Result<UserRow> {
    store::users::by_id(c, &realm.id, id)
        .await?
        .ok_or_else(|| Error::not_found("User not found"))
}

/// A client by internal id, or the 404 the client resource answers.
fn load_client<'r>(realm: &'r Realm, id: &str) -> Result<&'r Client> {
    realm
        .client_by_internal_id(id)
        .map(|c| c.as_ref())
        .ok_or_else(|| Error::not_found("Could not find client"))
}
