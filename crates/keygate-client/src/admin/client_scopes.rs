//! Client scopes, the default and optional scopes of clients and of the realm, and
//! protocol mappers on clients and client scopes.

use keygate_model::{ClientScopeRepresentation, ProtocolMapperRepresentation};

endpoints! {
    /// Creates a client scope; returns its id (gocloak `CreateClientScope`).
    create create_client_scope(; scope: &ClientScopeRepresentation) -> String
        = "/client-scopes";

    /// One client scope (gocloak `GetClientScope`).
    get get_client_scope(scope_id) -> ClientScopeRepresentation = "/client-scopes/{scope_id}";

    /// Every client scope of the realm (gocloak `GetClientScopes`).
    get get_client_scopes() -> Vec<ClientScopeRepresentation> = "/client-scopes";

    /// Updates a client scope; its `id` names it (gocloak `UpdateClientScope`).
    put update_client_scope(; scope: &ClientScopeRepresentation) -> ()
        = "/client-scopes/{id}", id = scope.id;

    /// Deletes a client scope (gocloak `DeleteClientScope`).
    delete delete_client_scope(scope_id) -> () = "/client-scopes/{scope_id}";
}

// --- a client's default and optional scopes ---

endpoints! {
    /// The client's default scopes (gocloak `GetClientsDefaultScopes`).
    get get_clients_default_scopes(id_of_client) -> Vec<ClientScopeRepresentation>
        = "/clients/{id_of_client}/default-client-scopes";

    /// Adds a default scope to the client (gocloak `AddDefaultScopeToClient`).
    put add_default_scope_to_client(id_of_client, scope_id) -> ()
        = "/clients/{id_of_client}/default-client-scopes/{scope_id}";

    /// Removes a default scope from the client (gocloak `RemoveDefaultScopeFromClient`).
    delete remove_default_scope_from_client(id_of_client, scope_id) -> ()
        = "/clients/{id_of_client}/default-client-scopes/{scope_id}";

    /// The client's optional scopes (gocloak `GetClientsOptionalScopes`).
    get get_clients_optional_scopes(id_of_client) -> Vec<ClientScopeRepresentation>
        = "/clients/{id_of_client}/optional-client-scopes";

    /// Adds an optional scope to the client (gocloak `AddOptionalScopeToClient`).
    put add_optional_scope_to_client(id_of_client, scope_id) -> ()
        = "/clients/{id_of_client}/optional-client-scopes/{scope_id}";

    /// Removes an optional scope from the client (gocloak
    /// `RemoveOptionalScopeFromClient`).
    delete remove_optional_scope_from_client(id_of_client, scope_id) -> ()
        = "/clients/{id_of_client}/optional-client-scopes/{scope_id}";
}

// --- the realm's defaults for new clients ---

endpoints! {
    /// The scopes new clients get as default scopes (gocloak
    /// `GetDefaultDefaultClientScopes`).
    get get_default_default_client_scopes() -> Vec<ClientScopeRepresentation>
        = "/default-default-client-scopes";

    /// Adds a realm default default scope (gocloak `AddDefaultDefaultClientScope`).
    put add_default_default_client_scope(scope_id) -> ()
        = "/default-default-client-scopes/{scope_id}";

    /// Removes a realm default default scope (gocloak `RemoveDefaultDefaultClientScope`).
    delete remove_default_default_client_scope(scope_id) -> ()
        = "/default-default-client-scopes/{scope_id}";

    /// The scopes new clients get as optional scopes (gocloak
    /// `GetDefaultOptionalClientScopes`).
    get get_default_optional_client_scopes() -> Vec<ClientScopeRepresentation>
        = "/default-optional-client-scopes";

    /// Adds a realm default optional scope (gocloak `AddDefaultOptionalClientScope`).
    put add_default_optional_client_scope(scope_id) -> ()
        = "/default-optional-client-scopes/{scope_id}";

    /// Removes a realm default optional scope (gocloak
    /// `RemoveDefaultOptionalClientScope`).
    delete remove_default_optional_client_scope(scope_id) -> ()
        = "/default-optional-client-scopes/{scope_id}";
}

// --- protocol mappers ---

endpoints! {
    /// Adds a protocol mapper to a client; returns its id (gocloak
    /// `CreateClientProtocolMapper`).
    create create_client_protocol_mapper(id_of_client; mapper: &ProtocolMapperRepresentation)
        -> String = "/clients/{id_of_client}/protocol-mappers/models";

    /// A client's protocol mappers.
    get get_client_protocol_mappers(id_of_client) -> Vec<ProtocolMapperRepresentation>
        = "/clients/{id_of_client}/protocol-mappers/models";

    /// One protocol mapper of a client.
    get get_client_protocol_mapper(id_of_client, mapper_id) -> ProtocolMapperRepresentation
        = "/clients/{id_of_client}/protocol-mappers/models/{mapper_id}";

    /// Updates a client's protocol mapper; its `id` names it (gocloak
    /// `UpdateClientProtocolMapper`).
    put update_client_protocol_mapper(id_of_client; mapper: &ProtocolMapperRepresentation)
        -> () = "/clients/{id_of_client}/protocol-mappers/models/{id}", id = mapper.id;

    /// Removes a protocol mapper from a client (gocloak `DeleteClientProtocolMapper`).
    delete delete_client_protocol_mapper(id_of_client, mapper_id) -> ()
        = "/clients/{id_of_client}/protocol-mappers/models/{mapper_id}";

    /// Adds a protocol mapper to a client scope; returns its id (gocloak
    /// `CreateClientScopeProtocolMapper`).
    create create_client_scope_protocol_mapper(scope_id; mapper: &ProtocolMapperRepresentation)
        -> String = "/client-scopes/{scope_id}/protocol-mappers/models";

    /// Adds several protocol mappers to a client scope at once.
    post add_client_scope_protocol_mappers(scope_id; mappers: &[ProtocolMapperRepresentation])
        -> () = "/client-scopes/{scope_id}/protocol-mappers/add-models";

    /// A client scope's protocol mappers (gocloak `GetClientScopeProtocolMappers`).
    get get_client_scope_protocol_mappers(scope_id) -> Vec<ProtocolMapperRepresentation>
        = "/client-scopes/{scope_id}/protocol-mappers/models";

    /// One protocol mapper of a client scope (gocloak `GetClientScopeProtocolMapper`).
    get get_client_scope_protocol_mapper(scope_id, mapper_id) -> ProtocolMapperRepresentation
        = "/client-scopes/{scope_id}/protocol-mappers/models/{mapper_id}";

    /// Updates a client scope's protocol mapper; its `id` names it (gocloak
    /// `UpdateClientScopeProtocolMapper`).
    put update_client_scope_protocol_mapper(scope_id; mapper: &ProtocolMapperRepresentation)
        -> () = "/client-scopes/{scope_id}/protocol-mappers/models/{id}", id = mapper.id;

    /// Removes a protocol mapper from a client scope (gocloak
    /// `DeleteClientScopeProtocolMapper`).
    delete delete_client_scope_protocol_mapper(scope_id, mapper_id) -> ()
        = "/client-scopes/{scope_id}/protocol-mappers/models/{mapper_id}";
}
