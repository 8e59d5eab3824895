//! Scope mappings of clients (`/clients/{id}/scope-mappings`) and client scopes
//! (`/client-scopes/{id}/scope-mappings`): which roles may appear in the tokens issued
//! through them, per realm and per client.

use keygate_model::{MappingsRepresentation, RoleRepresentation};

// --- clients ---

endpoints! {
    /// Every scope mapping of a client (gocloak `GetClientScopeMappings`).
    get get_client_scope_mappings(id_of_client) -> MappingsRepresentation
        = "/clients/{id_of_client}/scope-mappings";

    /// The realm roles in a client's scope (gocloak
    /// `GetClientScopeMappingsRealmRoles`).
    get get_client_scope_mappings_realm_roles(id_of_client) -> Vec<RoleRepresentation>
        = "/clients/{id_of_client}/scope-mappings/realm";

    /// The realm roles that could still be added to a client's scope (gocloak
    /// `GetClientScopeMappingsRealmRolesAvailable`).
    get get_client_scope_mappings_realm_roles_available(id_of_client) -> Vec<RoleRepresentation>
        = "/clients/{id_of_client}/scope-mappings/realm/available";

    /// Adds realm roles to a client's scope (gocloak
    /// `CreateClientScopeMappingsRealmRoles`).
    post create_client_scope_mappings_realm_roles(id_of_client; roles: &[RoleRepresentation])
        -> () = "/clients/{id_of_client}/scope-mappings/realm";

    /// Removes realm roles from a client's scope (gocloak
    /// `DeleteClientScopeMappingsRealmRoles`).
    delete delete_client_scope_mappings_realm_roles(id_of_client; roles: &[RoleRepresentation])
        -> () = "/clients/{id_of_client}/scope-mappings/realm";

    /// The roles of `id_of_role_client` in the scope of `id_of_client` (gocloak
    /// `GetClientScopeMappingsClientRoles`).
    get get_client_scope_mappings_client_roles(id_of_client, id_of_role_client)
        -> Vec<RoleRepresentation>
        = "/clients/{id_of_client}/scope-mappings/clients/{id_of_role_client}";

    /// The roles of `id_of_role_client` that could still be added to the scope (gocloak
    /// `GetClientScopeMappingsClientRolesAvailable`).
    get get_client_scope_mappings_client_roles_available(id_of_client, id_of_role_client)
        -> Vec<RoleRepresentation>
        = "/clients/{id_of_client}/scope-mappings/clients/{id_of_role_client}/available";

    /// Adds roles of `id_of_role_client` to the scope of `id_of_client` (gocloak
    /// `CreateClientScopeMappingsClientRoles`).
    post create_client_scope_mappings_client_roles(
        id_of_client, id_of_role_client; roles: &[RoleRepresentation]
    ) -> () = "/clients/{id_of_client}/scope-mappings/clients/{id_of_role_client}";

    /// Removes roles of `id_of_role_client` from the scope of `id_of_client` (gocloak
    /// `DeleteClientScopeMappingsClientRoles`).
    delete delete_client_scope_mappings_client_roles(
        id_of_client, id_of_role_client; roles: &[RoleRepresentation]
    ) -> () = "/clients/{id_of_client}/scope-mappings/clients/{id_of_role_client}";
}

// --- client scopes ---

endpoints! {
    /// Every scope mapping of a client scope (gocloak `GetClientScopesScopeMappings`).
    get get_client_scopes_scope_mappings(scope_id) -> MappingsRepresentation
        = "/client-scopes/{scope_id}/scope-mappings";

    /// The realm roles in a client scope's scope (gocloak
    /// `GetClientScopesScopeMappingsRealmRoles`).
    get get_client_scopes_scope_mappings_realm_roles(scope_id) -> Vec<RoleRepresentation>
        = "/client-scopes/{scope_id}/scope-mappings/realm";

    /// The realm roles that could still be added to a client scope's scope (gocloak
    /// `GetClientScopesScopeMappingsRealmRolesAvailable`).
    get get_client_scopes_scope_mappings_realm_roles_available(scope_id)
        -> Vec<RoleRepresentation>
        = "/client-scopes/{scope_id}/scope-mappings/realm/available";

    /// Adds realm roles to a client scope's scope (gocloak
    /// `CreateClientScopesScopeMappingsRealmRoles`).
    post create_client_scopes_scope_mappings_realm_roles(
        scope_id; roles: &[RoleRepresentation]
    ) -> () = "/client-scopes/{scope_id}/scope-mappings/realm";

    /// Removes realm roles from a client scope's scope (gocloak
    /// `DeleteClientScopesScopeMappingsRealmRoles`).
    delete delete_client_scopes_scope_mappings_realm_roles(
        scope_id; roles: &[RoleRepresentation]
    ) -> () = "/client-scopes/{scope_id}/scope-mappings/realm";

    /// The roles of `id_of_client` in a client scope's scope (gocloak
    /// `GetClientScopesScopeMappingsClientRoles`).
    get get_client_scopes_scope_mappings_client_roles(scope_id, id_of_client)
        -> Vec<RoleRepresentation>
        = "/client-scopes/{scope_id}/scope-mappings/clients/{id_of_client}";

    /// The roles of `id_of_client` that could still be added to a client scope's scope
    /// (gocloak `GetClientScopesScopeMappingsClientRolesAvailable`).
    get get_client_scopes_scope_mappings_client_roles_available(scope_id, id_of_client)
        -> Vec<RoleRepresentation>
        = "/client-scopes/{scope_id}/scope-mappings/clients/{id_of_client}/available";

    /// Adds roles of `id_of_client` to a client scope's scope (gocloak
    /// `CreateClientScopesScopeMappingsClientRoles`).
    post create_client_scopes_scope_mappings_client_roles(
        scope_id, id_of_client; roles: &[RoleRepresentation]
    ) -> () = "/client-scopes/{scope_id}/scope-mappings/clients/{id_of_client}";

    /// Removes roles of `id_of_client` from a client scope's scope (gocloak
    /// `DeleteClientScopesScopeMappingsClientRoles`).
    delete delete_client_scopes_scope_mappings_client_roles(
        scope_id, id_of_client; roles: &[RoleRepresentation]
    ) -> () = "/client-scopes/{scope_id}/scope-mappings/clients/{id_of_client}";
}

// --- effective (composite) scopes ---

endpoints! {
    /// The realm roles in a client's scope, expanded through composites: what its tokens
    /// may carry (Keycloak `GET .../scope-mappings/realm/composite`).
    get get_client_scope_mappings_realm_roles_composite(id_of_client)
        -> Vec<RoleRepresentation>
        = "/clients/{id_of_client}/scope-mappings/realm/composite";

    /// The roles of `id_of_role_client` in the scope of `id_of_client`, expanded through
    /// composites (Keycloak `GET .../scope-mappings/clients/{client}/composite`).
    get get_client_scope_mappings_client_roles_composite(id_of_client, id_of_role_client)
        -> Vec<RoleRepresentation>
        = "/clients/{id_of_client}/scope-mappings/clients/{id_of_role_client}/composite";

    /// The realm roles in a client scope's scope, expanded through composites (Keycloak
    /// `GET /client-scopes/{id}/scope-mappings/realm/composite`).
    get get_client_scopes_scope_mappings_realm_roles_composite(scope_id)
        -> Vec<RoleRepresentation>
        = "/client-scopes/{scope_id}/scope-mappings/realm/composite";

    /// The roles of `id_of_client` in a client scope's scope, expanded through composites
    /// (Keycloak `GET /client-scopes/{id}/scope-mappings/clients/{client}/composite`).
    get get_client_scopes_scope_mappings_client_roles_composite(scope_id, id_of_client)
        -> Vec<RoleRepresentation>
        = "/client-scopes/{scope_id}/scope-mappings/clients/{id_of_client}/composite";
}
