//! Who may do what with roles, after Keycloak's `RolePermissions`: listing and viewing a
//! container's roles, managing them, and mapping a role to a user, group or composite —
//! where an admin role may only be handed on by an admin who holds its power.

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::defaults::{management_client, MANAGEMENT_ROLES};
use crate::realm::model::Realm;
use crate::store::roles::RoleEntry;

use super::target::{Container, Target};

fn allowed(ok: bool) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Listing a container's roles: realm roles to anyone with a management role in the realm
/// (Keycloak: view-realm or any query right), client roles to those who may list clients.
pub fn require_list(admin: &Admin, t: &Target) -> Result<()> {
    match t.container {
        Container::Realm => allowed(admin.manages_any(&t.realm)),
        Container::Client { .. } => admin.require(&t.realm, Perm::QueryClients).map(drop),
    }
}

/// Reading one role, its composites, users and groups.
pub fn require_view(admin: &Admin, t: &Target) -> Result<()> {
    match t.container {
        Container::Realm => allowed(admin.manages_any(&t.realm)),
        Container::Client { .. } => admin.require(&t.realm, Perm::ViewClients).map(drop),
    }
}

/// Creating, changing and deleting roles and their composites.
pub fn require_manage(admin: &Admin, t: &Target) -> Result<()> {
    let perm = match t.container {
        Container::Realm => Perm::ManageRealm,
        Container::Client { .. } => Perm::ManageClients,
    };
    admin.require(&t.realm, perm).map(drop)
}

/// Whether the caller may map `role` to a user or group of `realm` (needs manage-users).
pub fn can_map_role(admin: &Admin, realm: &Realm, role: &RoleEntry) -> bool {
    admin.require(realm, Perm::ManageUsers).is_ok() && may_hand_on(admin, realm, role)
}

pub fn require_map_role(admin: &Admin, realm: &Realm, role: &RoleEntry) -> Result<()> {
    allowed(can_map_role(admin, realm, role))
}

/// Whether the caller may make `child` a composite child (needs to manage its container).
pub fn require_map_composite(admin: &Admin, realm: &Realm, child: &RoleEntry) -> Result<()> {
    let perm = if child.role.client_role {
        Perm::ManageClients
    } else {
        Perm::ManageRealm
    };
    admin.require(realm, perm)?;
    allowed(may_hand_on(admin, realm, child))
}

/// Keycloak's `checkAdminRoles`: an admin role (`realm-management` roles, master's `admin`
/// and `create-realm`) is only handed on by someone who holds it or the power it names.
fn may_hand_on(admin: &Admin, realm: &Realm, role: &RoleEntry) -> bool {
    let name = role.role.name.as_str();
    let is_admin_role = MANAGEMENT_ROLES.contains(&name)
        || matches!(name, "realm-admin" | "admin" | "create-realm");
    if !is_admin_role || admin.is_master_admin() || holds(admin, realm, role) {
        return true;
    }
    // The realm's own admin roles, handed on by someone with the power they name (a
    // master user through `{realm}-realm`, or an admin of the realm itself).
    if role.client_id.as_deref() == Some(management_client(&realm.name).as_str()) {
        let perm = match name {
            "query-realms" | "query-clients" | "query-users" | "query-groups" => return true,
            "manage-clients" | "create-client" => Perm::ManageClients,
            "view-clients" => Perm::ViewClients,
            "manage-users" => Perm::ManageUsers,
            "view-users" => Perm::ViewUsers,
            "manage-realm" => Perm::ManageRealm,
            "view-realm" => Perm::ViewRealm,
            // realm-admin needs master's admin; events, identity providers, authorization
            // and impersonation need the role itself, which `holds` checked.
            _ => return false,
        };
        return admin.require(realm, perm).is_ok();
    }
    if realm.name == "master" {
        // master's own admin roles, and the `{realm}-realm` clients' roles there.
        return match role.client_id.as_deref() {
            None => false,
            Some(client) => !client.ends_with("-realm"),
        };
    }
    true
}

/// Whether the caller's own effective roles include `role`.
fn holds(admin: &Admin, realm: &Realm, role: &RoleEntry) -> bool {
    admin.realm.id == realm.id
        && admin
            .roles
            .iter()
            .any(|r| r.name == role.role.name && r.client == role.client_id)
}
