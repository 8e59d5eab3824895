//! The admin API's bearer authentication and Keycloak's permission model: master's `admin`
//! role manages every realm; `realm-management` roles grant their rights in their realm.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::error::{Error, Result};
use crate::oidc::validate;
use crate::realm::defaults::management_client;
use crate::realm::delegation;
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::roles::EffectiveRole;
use crate::store::{self};

/// An authenticated admin caller. Handlers must pass it through `require` before acting.
pub struct Admin {
    /// The realm that issued the caller's token.
    pub realm: Arc<Realm>,
    pub user_id: String,
    pub roles: Vec<EffectiveRole>,
    /// The SSO session the caller's token belongs to, if any.
    pub session_id: Option<String>,
}

/// A right on a realm, named after the `realm-management` role that grants it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perm {
    ViewRealm,
    ManageRealm,
    ViewUsers,
    ManageUsers,
    QueryUsers,
    QueryGroups,
    ViewClients,
    ManageClients,
    QueryClients,
    ViewEvents,
    ManageEvents,
    Impersonate,
}

impl Perm {
    /// Roles any one of which grants the right (Keycloak's implied "manage ⇒ view").
    fn roles(self) -> &'static [&'static str] {
        match self {
            Perm::ViewRealm => &["view-realm", "manage-realm"],
            Perm::ManageRealm => &["manage-realm"],
            Perm::ViewUsers => &["view-users", "manage-users"],
            Perm::ManageUsers => &["manage-users"],
            Perm::QueryUsers => &["query-users", "view-users", "manage-users"],
            Perm::QueryGroups => &["query-groups", "view-users", "manage-users"],
            Perm::ViewClients => &["view-clients", "manage-clients"],
            Perm::ManageClients => &["manage-clients"],
            Perm::QueryClients => &["query-clients", "view-clients", "manage-clients"],
            Perm::ViewEvents => &["view-events", "manage-events"],
            Perm::ManageEvents => &["manage-events"],
            Perm::Impersonate => &["impersonation"],
        }
    }
}

/// Proof that a permission check passed for one realm.
#[derive(Debug, Clone, Copy)]
pub struct Allowed(());

impl Admin {
    fn has_realm_role(&self, name: &str) -> bool {
        self.roles
            .iter()
            .any(|r| r.client.is_none() && r.name == name)
    }

    fn has_client_role(&self, client: &str, name: &str) -> bool {
        self.roles
            .iter()
            .any(|r| r.client.as_deref() == Some(client) && r.name == name)
    }

    /// Whether the caller is master's administrator.
    pub fn is_master_admin(&self) -> bool {
        self.realm.name == "master" && self.has_realm_role("admin")
    }

    /// Whether the caller may create realms.
    pub fn can_create_realm(&self) -> bool {
        self.realm.name == "master"
            && (self.has_realm_role("admin") || self.has_realm_role("create-realm"))
    }

    /// Whether the caller holds any management role for `target`: of its own realm's
    /// management client, or of the target's `{realm}-realm` client in master.
    pub fn manages_any(&self, target: &Realm) -> bool {
        let client = match self.admin_client(target) {
            Some(c) => c,
            None => return self.is_master_admin(),
        };
        self.is_master_admin()
            || self
                .roles
                .iter()
                .any(|r| r.client.as_deref() == Some(client.as_str()))
    }

    /// The client whose roles give the caller rights on `target`, if any can.
    fn admin_client(&self, target: &Realm) -> Option<String> {
        if self.realm.name == "master" && target.name != "master" {
            Some(delegation::client_id(&target.name))
        } else if self.realm.id == target.id {
            Some(management_client(&target.name))
        } else {
            None
        }
    }

    /// Checks the right on `target`, as Keycloak's admin permission evaluator does.
    pub fn require(&self, target: &Realm, perm: Perm) -> Result<Allowed> {
        if self.is_master_admin() {
            return Ok(Allowed(()));
        }
        let client = self.admin_client(target).ok_or(Error::Forbidden)?;
        let ok = perm
            .roles()
            .iter()
            .any(|r| self.has_client_role(&client, r))
            || self.has_client_role(&client, "realm-admin");
        if ok {
            Ok(Allowed(()))
        } else {
            Err(Error::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or(Error::Unauthorized)?;
        let name = validate::realm_of(token).ok_or(Error::Unauthorized)?;
        let realm = state
            .realms
            .find(&state.db, &name)
            .await?
            .ok_or(Error::Unauthorized)?;
        let mut conn = state.db.conn().await?;
        let (claims, user) = validate::access_token(state, &mut conn, &realm, token)
            .await?
            .map_err(|_| Error::Unauthorized)?;
        let roles = store::roles::effective_for_user(&mut conn, &user.id).await?;
        Ok(Admin {
            realm,
            user_id: user.id,
            roles,
            session_id: claims.sid,
        })
    }
}
