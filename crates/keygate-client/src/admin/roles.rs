//! Realm roles, client roles, roles by id, their composites, and who holds them.

use keygate_model::{GroupRepresentation, RoleRepresentation, UserRepresentation};

use crate::error::Result;
use crate::params::{GetMembersParams, GetRoleParams};
use crate::{seg, KeygateClient};

// --- realm roles ---

endpoints! {
    /// Creates a realm role; returns its name (gocloak `CreateRealmRole`).
    create create_realm_role(; role: &RoleRepresentation) -> String = "/roles";

    /// A realm role by name (gocloak `GetRealmRole`).
    get get_realm_role(role_name) -> RoleRepresentation = "/roles/{role_name}";

    /// The realm's roles, optionally searched and paged (gocloak `GetRealmRoles`).
    get get_realm_roles(; params: &GetRoleParams) -> Vec<RoleRepresentation> = "/roles";

    /// Renames a realm role or changes its description and attributes (gocloak
    /// `UpdateRealmRole`).
    put update_realm_role(role_name; role: &RoleRepresentation) -> () = "/roles/{role_name}";

    /// Deletes a realm role (gocloak `DeleteRealmRole`).
    delete delete_realm_role(role_name) -> () = "/roles/{role_name}";
}

// --- client roles ---

endpoints! {
    /// Creates a role of the client with internal id `id_of_client`; returns its name
    /// (gocloak `CreateClientRole`).
    create create_client_role(id_of_client; role: &RoleRepresentation) -> String
        = "/clients/{id_of_client}/roles";

    /// A client role by name (gocloak `GetClientRole`).
    get get_client_role(id_of_client, role_name) -> RoleRepresentation
        = "/clients/{id_of_client}/roles/{role_name}";

    /// A client's roles, optionally searched and paged (gocloak `GetClientRoles`).
    get get_client_roles(id_of_client; params: &GetRoleParams) -> Vec<RoleRepresentation>
        = "/clients/{id_of_client}/roles";

    /// Deletes a client role (gocloak `DeleteClientRole`).
    delete delete_client_role(id_of_client, role_name) -> ()
        = "/clients/{id_of_client}/roles/{role_name}";
}

impl KeygateClient {
    /// Updates a client role; the representation's `name` names it (gocloak
    /// `UpdateRole`).
    pub async fn update_role(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role: &RoleRepresentation,
    ) -> Result<()> {
        let name = role.name.as_deref().unwrap_or_default();
        let path = format!("/clients/{}/roles/{}", seg(id_of_client), seg(name));
        self.put_json(&self.admin_url(realm, &path), token, role)
            .await
    }
}

// --- roles by id ---

endpoints! {
    /// A realm or client role by its id (gocloak `GetRoleByID`).
    get get_role_by_id(role_id) -> RoleRepresentation = "/roles-by-id/{role_id}";

    /// Updates a role by its id (gocloak `UpdateRoleByID`).
    put update_role_by_id(role_id; role: &RoleRepresentation) -> () = "/roles-by-id/{role_id}";

    /// Deletes a role by its id (gocloak `DeleteRoleByID`).
    delete delete_role_by_id(role_id) -> () = "/roles-by-id/{role_id}";
}

// --- composites ---

endpoints! {
    /// Makes `roles` children of the realm role (gocloak `AddRealmRoleComposite`).
    post add_realm_role_composite(role_name; roles: &[RoleRepresentation]) -> ()
        = "/roles/{role_name}/composites";

    /// Removes children from the realm role (gocloak `DeleteRealmRoleComposite`).
    delete delete_realm_role_composite(role_name; roles: &[RoleRepresentation]) -> ()
        = "/roles/{role_name}/composites";

    /// The children of a realm role, realm and client roles alike (gocloak
    /// `GetCompositeRealmRoles`).
    get get_composite_realm_roles(role_name) -> Vec<RoleRepresentation>
        = "/roles/{role_name}/composites";

    /// Makes `roles` children of the role with id `role_id`, a client role typically
    /// (gocloak `AddClientRoleComposite`).
    post add_client_role_composite(role_id; roles: &[RoleRepresentation]) -> ()
        = "/roles-by-id/{role_id}/composites";

    /// Removes children from the role with id `role_id` (gocloak
    /// `DeleteClientRoleComposite`).
    delete delete_client_role_composite(role_id; roles: &[RoleRepresentation]) -> ()
        = "/roles-by-id/{role_id}/composites";

    /// Makes `roles` children of the client role named `role_name`, addressed by name
    /// rather than id (Keycloak `POST /clients/{id}/roles/{name}/composites`).
    post add_client_role_composite_by_name(
        id_of_client, role_name; roles: &[RoleRepresentation]
    ) -> () = "/clients/{id_of_client}/roles/{role_name}/composites";

    /// Removes children from the client role named `role_name` (Keycloak
    /// `DELETE /clients/{id}/roles/{name}/composites`).
    delete delete_client_role_composite_by_name(
        id_of_client, role_name; roles: &[RoleRepresentation]
    ) -> () = "/clients/{id_of_client}/roles/{role_name}/composites";

    /// The children of the client role named `role_name`, realm and client roles alike
    /// (the client-role counterpart of gocloak `GetCompositeRealmRoles`).
    get get_composite_client_roles(id_of_client, role_name) -> Vec<RoleRepresentation>
        = "/clients/{id_of_client}/roles/{role_name}/composites";

    /// The children of a role by id (gocloak `GetCompositeRolesByRoleID`).
    get get_composite_roles_by_role_id(role_id) -> Vec<RoleRepresentation>
        = "/roles-by-id/{role_id}/composites";

    /// The realm-role children of a role by id (gocloak
    /// `GetCompositeRealmRolesByRoleID`).
    get get_composite_realm_roles_by_role_id(role_id) -> Vec<RoleRepresentation>
        = "/roles-by-id/{role_id}/composites/realm";

    /// The children of a role by id that are roles of one client (gocloak
    /// `GetCompositeClientRolesByRoleID`).
    get get_composite_client_roles_by_role_id(id_of_client, role_id)
        -> Vec<RoleRepresentation>
        = "/roles-by-id/{role_id}/composites/clients/{id_of_client}";
}

// --- holders ---

endpoints! {
    /// Users the realm role is mapped to directly (gocloak `GetUsersByRoleName`).
    get get_users_by_role_name(role_name; params: &GetMembersParams)
        -> Vec<UserRepresentation> = "/roles/{role_name}/users";

    /// Users the client role is mapped to directly (gocloak `GetUsersByClientRoleName`).
    get get_users_by_client_role_name(id_of_client, role_name; params: &GetMembersParams)
        -> Vec<UserRepresentation> = "/clients/{id_of_client}/roles/{role_name}/users";

    /// Groups the realm role is mapped to directly (gocloak `GetGroupsByRole`).
    get get_groups_by_role(role_name; params: &GetMembersParams)
        -> Vec<GroupRepresentation> = "/roles/{role_name}/groups";

    /// Groups the client role is mapped to directly (gocloak `GetGroupsByClientRole`).
    get get_groups_by_client_role(role_name, id_of_client; params: &GetMembersParams)
        -> Vec<GroupRepresentation> = "/clients/{id_of_client}/roles/{role_name}/groups";
}
