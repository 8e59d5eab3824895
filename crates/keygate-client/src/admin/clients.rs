//! Clients: create, read, update, delete, their secret and service-account user.

use keygate_model::{ClientRepresentation, CredentialSecret, UserRepresentation};

use crate::params::GetClientsParams;

endpoints! {
    /// Creates a client; returns its internal id (gocloak `CreateClient`).
    create create_client(; client: &ClientRepresentation) -> String = "/clients";

    /// gocloak `GetClient` (by internal id).
    get get_client(id) -> ClientRepresentation = "/clients/{id}";

    /// gocloak `GetClients`.
    get get_clients(; params: &GetClientsParams) -> Vec<ClientRepresentation> = "/clients";

    /// Partial update; the representation's `id` names the client (gocloak `UpdateClient`).
    put update_client(; client: &ClientRepresentation) -> () = "/clients/{id}", id = client.id;

    /// gocloak `DeleteClient`.
    delete delete_client(id) -> () = "/clients/{id}";

    /// gocloak `GetClientSecret`.
    get get_client_secret(id) -> CredentialSecret = "/clients/{id}/client-secret";

    /// gocloak `RegenerateClientSecret`.
    act regenerate_client_secret(id) -> CredentialSecret = "/clients/{id}/client-secret";

    /// gocloak `GetClientServiceAccount`.
    get get_client_service_account(id) -> UserRepresentation
        = "/clients/{id}/service-account-user";
}
