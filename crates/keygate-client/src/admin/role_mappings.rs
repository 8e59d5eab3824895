//! Role mappings of users (`/users/{id}/role-mappings`) and groups
//! (`/groups/{id}/role-mappings`): direct, available and effective (composite) roles, per
//! realm and per client.

use keygate_model::{MappingsRepresentation, RoleRepresentation};

// --- users ---

endpoints! {
    /// Every direct mapping of a user, realm and per client (gocloak
    /// `GetRoleMappingByUserID`).
    get get_role_mapping_by_user_id(user_id) -> MappingsRepresentation
        = "/users/{user_id}/role-mappings";

    /// Maps realm roles to a user (gocloak `AddRealmRoleToUser`).
    post add_realm_role_to_user(user_id; roles: &[RoleRepresentation]) -> ()
        = "/users/{user_id}/role-mappings/realm";

    /// Unmaps realm roles from a user (gocloak `DeleteRealmRoleFromUser`).
    delete delete_realm_role_from_user(user_id; roles: &[RoleRepresentation]) -> ()
        = "/users/{user_id}/role-mappings/realm";

    /// The realm roles mapped to a user directly (gocloak `GetRealmRolesByUserID`).
    get get_realm_roles_by_user_id(user_id) -> Vec<RoleRepresentation>
        = "/users/{user_id}/role-mappings/realm";

    /// The realm roles that could still be mapped to a user (gocloak
    /// `GetAvailableRealmRolesByUserID`).
    get get_available_realm_roles_by_user_id(user_id) -> Vec<RoleRepresentation>
        = "/users/{user_id}/role-mappings/realm/available";

    /// The realm roles a user holds effectively, through composites and groups: those
    /// its tokens carry (gocloak `GetCompositeRealmRolesByUserID`).
    get get_composite_realm_roles_by_user_id(user_id) -> Vec<RoleRepresentation>
        = "/users/{user_id}/role-mappings/realm/composite";

    /// Maps roles of the client with internal id `id_of_client` to a user (gocloak
    /// `AddClientRoleToUser`).
    post add_client_role_to_user(id_of_client, user_id; roles: &[RoleRepresentation]) -> ()
        = "/users/{user_id}/role-mappings/clients/{id_of_client}";

    /// Unmaps client roles from a user (gocloak `DeleteClientRoleFromUser`).
    delete delete_client_role_from_user(id_of_client, user_id; roles: &[RoleRepresentation])
        -> () = "/users/{user_id}/role-mappings/clients/{id_of_client}";

    /// The client's roles mapped to a user directly (gocloak `GetClientRolesByUserID`).
    get get_client_roles_by_user_id(id_of_client, user_id) -> Vec<RoleRepresentation>
        = "/users/{user_id}/role-mappings/clients/{id_of_client}";

    /// The client's roles that could still be mapped to a user (gocloak
    /// `GetAvailableClientRolesByUserID`).
    get get_available_client_roles_by_user_id(id_of_client, user_id) -> Vec<RoleRepresentation>
        = "/users/{user_id}/role-mappings/clients/{id_of_client}/available";

    /// The client's roles a user holds effectively (gocloak
    /// `GetCompositeClientRolesByUserID`).
    get get_composite_client_roles_by_user_id(id_of_client, user_id) -> Vec<RoleRepresentation>
        = "/users/{user_id}/role-mappings/clients/{id_of_client}/composite";
}

// --- groups ---

endpoints! {
    /// Every direct mapping of a group (gocloak `GetRoleMappingByGroupID`).
    get get_role_mapping_by_group_id(group_id) -> MappingsRepresentation
        = "/groups/{group_id}/role-mappings";

    /// Maps realm roles to a group (gocloak `AddRealmRoleToGroup`).
    post add_realm_role_to_group(group_id; roles: &[RoleRepresentation]) -> ()
        = "/groups/{group_id}/role-mappings/realm";

    /// Unmaps realm roles from a group (gocloak `DeleteRealmRoleFromGroup`).
    delete delete_realm_role_from_group(group_id; roles: &[RoleRepresentation]) -> ()
        = "/groups/{group_id}/role-mappings/realm";

    /// The realm roles mapped to a group directly (gocloak `GetRealmRolesByGroupID`).
    get get_realm_roles_by_group_id(group_id) -> Vec<RoleRepresentation>
        = "/groups/{group_id}/role-mappings/realm";

    /// The realm roles that could still be mapped to a group (gocloak
    /// `GetAvailableRealmRolesByGroupID`).
    get get_available_realm_roles_by_group_id(group_id) -> Vec<RoleRepresentation>
        = "/groups/{group_id}/role-mappings/realm/available";

    /// The realm roles a group holds effectively, through composites and parent groups
    /// (gocloak `GetCompositeRealmRolesByGroupID`).
    get get_composite_realm_roles_by_group_id(group_id) -> Vec<RoleRepresentation>
        = "/groups/{group_id}/role-mappings/realm/composite";

    /// Maps client roles to a group (gocloak `AddClientRoleToGroup`).
    post add_client_role_to_group(id_of_client, group_id; roles: &[RoleRepresentation]) -> ()
        = "/groups/{group_id}/role-mappings/clients/{id_of_client}";

    /// Unmaps client roles from a group (gocloak `DeleteClientRoleFromGroup`).
    delete delete_client_role_from_group(id_of_client, group_id; roles: &[RoleRepresentation])
        -> () = "/groups/{group_id}/role-mappings/clients/{id_of_client}";

    /// The client's roles mapped to a group directly (gocloak `GetClientRolesByGroupID`).
    get get_client_roles_by_group_id(id_of_client, group_id) -> Vec<RoleRepresentation>
        = "/groups/{group_id}/role-mappings/clients/{id_of_client}";

    /// The client's roles that could still be mapped to a group (gocloak
    /// `GetAvailableClientRolesByGroupID`).
    get get_available_client_roles_by_group_id(id_of_client, group_id) -> Vec<RoleRepresentation>
        = "/groups/{group_id}/role-mappings/clients/{id_of_client}/available";

    /// The client's roles a group holds effectively (gocloak
    /// `GetCompositeClientRolesByGroupID`).
    get get_composite_client_roles_by_group_id(id_of_client, group_id) -> Vec<RoleRepresentation>
        = "/groups/{group_id}/role-mappings/clients/{id_of_client}/composite";
}
