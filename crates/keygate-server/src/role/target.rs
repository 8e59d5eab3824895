//! What a role endpoint acts on, resolved from its path: the realm, the role container
//! (the realm itself or one client), and the role, with Keycloak's 404s for each.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::roles::RoleEntry;
use crate::store::{self, Conn};

/// A role container: realm roles, or one client's roles.
#[derive(Debug, Clone)]
pub enum Container {
    Realm,
    /// `id` is the client's internal id.
    Client {
        id: String,
    },
}

/// A realm plus the role container a request names.
pub struct Target {
    pub realm: Arc<Realm>,
    pub container: Container,
}

impl Target {
    /// The `container_id` of the roles in this container.
    pub fn container_id(&self) -> &str {
        match &self.container {
            Container::Realm => &self.realm.id,
            Container::Client { id, .. } => id,
        }
    }

    /// The container a role lives in, for endpoints that address roles by id.
    pub fn of_role(realm: Arc<Realm>, role: &RoleEntry) -> Target {
        let container = if role.role.client_role {
            Container::Client {
                id: role.role.container_id.clone(),
            }
        } else {
            Container::Realm
        };
        Target { realm, container }
    }

    /// The admin path of this container's roles, below `/admin/realms/{realm}`.
    pub fn roles_path(&self) -> String {
        match &self.container {
            Container::Realm => "roles".to_string(),
            Container::Client { id, .. } => format!("clients/{id}/roles"),
        }
    }
}

/// A path parameter axum matched; every route of this module names the ones it reads.
pub fn param<'a>(path: &'a HashMap<String, String>, key: &str) -> Result<&'a str> {
    path.get(key)
        .map(String::as_str)
        .ok_or_else(|| Error::internal(format!("route without {{{key}}}")))
}

/// The realm of the path and, when the path has a client (`{id}` under `/clients`), that
/// client as the container. A missing client is 404 to those who may list clients, 403
/// to others, as Keycloak answers so client ids cannot be probed.
pub async fn resolve(
    state: &AppState,
    admin: &Admin,
    path: &HashMap<String, String>,
) -> Result<Target> {
    let realm = state.realms.get(&state.db, param(path, "realm")?).await?;
    let container = match path.get("id") {
        None => Container::Realm,
        Some(id) => match realm.client_by_internal_id(id) {
            Some(c) => Container::Client { id: c.id.clone() },
            None if admin.require(&realm, Perm::QueryClients).is_ok() => {
                return Err(Error::not_found("Could not find client"))
            }
            None => return Err(Error::Forbidden),
        },
    };
    Ok(Target { realm, container })
}

/// The internal id of a client of the realm; `missing` is the 404 text the calling
/// endpoint uses.
pub fn client(realm: &Realm, id: &str, missing: &'static str) -> Result<String> {
    realm
        .client_by_internal_id(id)
        .map(|c| c.id.clone())
        .ok_or_else(|| Error::not_found(missing))
}

/// A role by name in the target's container.
pub async fn role_by_name(c: &mut Conn, t: &Target, name: &str) -> Result<RoleEntry> {
    store::roles::entry_by_name(c, t.container_id(), name)
        .await?
        .ok_or_else(|| Error::not_found("Could not find role"))
}

/// A role of the realm by id.
pub async fn role_by_id(c: &mut Conn, realm: &Realm, id: &str) -> Result<RoleEntry> {
    store::roles::entry_by_id(c, &realm.id, id)
        .await?
        .ok_or_else(|| Error::not_found("Could not find role with id"))
}

/// The name of the realm's default role (`default-roles-{realm}` unless imported otherwise).
pub fn default_role(realm: &Realm) -> String {
    realm.default_role_name()
}

pub fn is_default_role(realm: &Realm, role: &RoleEntry) -> bool {
    !role.role.client_role && role.role.name == default_role(realm)
}

/// No upper bound: `LIMIT` takes a number on both engines.
pub const UNBOUNDED: i64 = i64::MAX;

/// `first`/`max` as Keycloak's member listings read them: `first` from 0, `max` 100 by
/// default and unbounded when negative.
pub fn member_page(first: Option<i64>, max: Option<i64>) -> (i64, i64) {
    let first = first.unwrap_or(0).max(0);
    let max = match max.unwrap_or(100) {
        m if m < 0 => UNBOUNDED,
        m => m,
    };
    (first, max)
}

/// `first`/`max` where either may be absent: negative or absent means no bound.
pub fn open_page(first: Option<i64>, max: Option<i64>) -> (i64, i64) {
    (
        first.filter(|f| *f > 0).unwrap_or(0),
        max.filter(|m| *m >= 0).unwrap_or(UNBOUNDED),
    )
}

/// The role a path names — `{role}` in the path's container, or `{role_id}` anywhere in
/// the realm — after `check` passed on its container. Keycloak checks by-name endpoints
/// before the lookup and by-id endpoints after it; so does this.
pub async fn locate<F>(
    state: &AppState,
    admin: &Admin,
    path: &HashMap<String, String>,
    c: &mut Conn,
    check: F,
) -> Result<(Target, RoleEntry)>
where
    F: Fn(&Admin, &Target) -> Result<()>,
{
    if let Some(id) = path.get("role_id") {
        let realm = state.realms.get(&state.db, param(path, "realm")?).await?;
        let role = role_by_id(c, &realm, id).await?;
        let t = Target::of_role(realm, &role);
        check(admin, &t)?;
        Ok((t, role))
    } else {
        let t = resolve(state, admin, path).await?;
        check(admin, &t)?;
        let role = role_by_name(c, &t, param(path, "role")?).await?;
        Ok((t, role))
    }
}
