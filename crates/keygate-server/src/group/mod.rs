//! Groups: the group tree, members and default groups, with their admin API.
//!
//! `admin` serves `/groups` and `/group-by-path`, `members` the memberships seen from
//! either side, `defaults` the realm's default groups; `rules` and `convert` know nothing
//! of HTTP.

mod admin;
mod children;
mod convert;
mod defaults;
mod members;
mod params;
pub mod rules;
mod tree;

use std::collections::BTreeMap;

use axum::Router;

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::groups::Found;
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(admin::routes())
        .merge(members::routes())
        .merge(defaults::routes())
}

fn group_not_found() -> Error {
    Error::not_found("Could not find group by id")
}

/// The group `id` of `realm`, or Keycloak's 404.
async fn load(c: &mut Conn, realm: &Realm, id: &str) -> Result<Found> {
    store::groups::by_id(c, &realm.id, id)
        .await?
        .ok_or_else(group_not_found)
}

/// What the caller may do with groups of `realm`, as Keycloak's group permission
/// evaluator reports it in `access`.
fn access(admin: &Admin, realm: &Realm) -> BTreeMap<String, bool> {
    let view = admin.require(realm, Perm::ViewUsers).is_ok();
    let manage = admin.require(realm, Perm::ManageUsers).is_ok();
    BTreeMap::from([
        ("view".to_string(), view),
        ("manage".to_string(), manage),
        ("manageMembership".to_string(), manage),
    ])
}
