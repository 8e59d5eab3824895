//! Client scopes, the default and optional scopes of clients and of the realm, and
//! protocol mappers on clients and client scopes.

use keygate_model::{ClientScopeRepresentation, ProtocolMapperRepresentation};

use crate::error::Result;
use crate::{seg, KeygateClient};

/// Which list of scopes: a client's default or optional ones.
const DEFAULT: &str = "default-client-scopes";
const OPTIONAL: &str = "optional-client-scopes";

impl KeygateClient {
    fn scope_url(&self, realm: &str, scope_id: &str, rest: &str) -> String {
        self.admin_url(realm, &format!("/client-scopes/{}{rest}", seg(scope_id)))
    }

    /// Creates a client scope; returns its id (gocloak `CreateClientScope`).
    pub async fn create_client_scope(
        &self,
        token: &str,
        realm: &str,
        scope: &ClientScopeRepresentation,
    ) -> Result<String> {
        self.create(&self.admin_url(realm, "/client-scopes"), token, scope)
            .await
    }

    /// One client scope (gocloak `GetClientScope`).
    pub async fn get_client_scope(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<ClientScopeRepresentation> {
        self.get_json(&self.scope_url(realm, scope_id, ""), token)
            .await
    }

    /// Every client scope of the realm (gocloak `GetClientScopes`).
    pub async fn get_client_scopes(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<Vec<ClientScopeRepresentation>> {
        self.get_json(&self.admin_url(realm, "/client-scopes"), token)
            .await
    }

    /// Updates a client scope; its `id` names it (gocloak `UpdateClientScope`).
    pub async fn update_client_scope(
        &self,
        token: &str,
        realm: &str,
        scope: &ClientScopeRepresentation,
    ) -> Result<()> {
        let id = scope.id.as_deref().unwrap_or_default();
        self.put_json(&self.scope_url(realm, id, ""), token, scope)
            .await
    }

    /// Deletes a client scope (gocloak `DeleteClientScope`).
    pub async fn delete_client_scope(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<()> {
        self.delete(&self.scope_url(realm, scope_id, ""), token)
            .await
    }

    // --- a client's default and optional scopes ---

    fn client_scope_list_url(&self, realm: &str, client: &str, list: &str, rest: &str) -> String {
        self.admin_url(realm, &format!("/clients/{}/{list}{rest}", seg(client)))
    }

    /// The client's default scopes (gocloak `GetClientsDefaultScopes`).
    pub async fn get_clients_default_scopes(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<Vec<ClientScopeRepresentation>> {
        let url = self.client_scope_list_url(realm, id_of_client, DEFAULT, "");
        self.get_json(&url, token).await
    }

    /// Adds a default scope to the client (gocloak `AddDefaultScopeToClient`).
    pub async fn add_default_scope_to_client(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        scope_id: &str,
    ) -> Result<()> {
        let rest = format!("/{}", seg(scope_id));
        let url = self.client_scope_list_url(realm, id_of_client, DEFAULT, &rest);
        self.put_empty(&url, token).await
    }

    /// Removes a default scope from the client (gocloak `RemoveDefaultScopeFromClient`).
    pub async fn remove_default_scope_from_client(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        scope_id: &str,
    ) -> Result<()> {
        let rest = format!("/{}", seg(scope_id));
        let url = self.client_scope_list_url(realm, id_of_client, DEFAULT, &rest);
        self.delete(&url, token).await
    }

    /// The client's optional scopes (gocloak `GetClientsOptionalScopes`).
    pub async fn get_clients_optional_scopes(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<Vec<ClientScopeRepresentation>> {
        let url = self.client_scope_list_url(realm, id_of_client, OPTIONAL, "");
        self.get_json(&url, token).await
    }

    /// Adds an optional scope to the client (gocloak `AddOptionalScopeToClient`).
    pub async fn add_optional_scope_to_client(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        scope_id: &str,
    ) -> Result<()> {
        let rest = format!("/{}", seg(scope_id));
        let url = self.client_scope_list_url(realm, id_of_client, OPTIONAL, &rest);
        self.put_empty(&url, token).await
    }

    /// Removes an optional scope from the client (gocloak
    /// `RemoveOptionalScopeFromClient`).
    pub async fn remove_optional_scope_from_client(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        scope_id: &str,
    ) -> Result<()> {
        let rest = format!("/{}", seg(scope_id));
        let url = self.client_scope_list_url(realm, id_of_client, OPTIONAL, &rest);
        self.delete(&url, token).await
    }

    // --- the realm's defaults for new clients ---

    /// The scopes new clients get as default scopes (gocloak
    /// `GetDefaultDefaultClientScopes`).
    pub async fn get_default_default_client_scopes(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<Vec<ClientScopeRepresentation>> {
        let url = self.admin_url(realm, "/default-default-client-scopes");
        self.get_json(&url, token).await
    }

    /// Adds a realm default default scope (gocloak `AddDefaultDefaultClientScope`).
    pub async fn add_default_default_client_scope(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<()> {
        let path = format!("/default-default-client-scopes/{}", seg(scope_id));
        self.put_empty(&self.admin_url(realm, &path), token).await
    }

    /// Removes a realm default default scope (gocloak `RemoveDefaultDefaultClientScope`).
    pub async fn remove_default_default_client_scope(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<()> {
        let path = format!("/default-default-client-scopes/{}", seg(scope_id));
        self.delete(&self.admin_url(realm, &path), token).await
    }

    /// The scopes new clients get as optional scopes (gocloak
    /// `GetDefaultOptionalClientScopes`).
    pub async fn get_default_optional_client_scopes(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<Vec<ClientScopeRepresentation>> {
        let url = self.admin_url(realm, "/default-optional-client-scopes");
        self.get_json(&url, token).await
    }

    /// Adds a realm default optional scope (gocloak `AddDefaultOptionalClientScope`).
    pub async fn add_default_optional_client_scope(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<()> {
        let path = format!("/default-optional-client-scopes/{}", seg(scope_id));
        self.put_empty(&self.admin_url(realm, &path), token).await
    }

    /// Removes a realm default optional scope (gocloak
    /// `RemoveDefaultOptionalClientScope`).
    pub async fn remove_default_optional_client_scope(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<()> {
        let path = format!("/default-optional-client-scopes/{}", seg(scope_id));
        self.delete(&self.admin_url(realm, &path), token).await
    }

    // --- protocol mappers ---

    fn client_mappers_url(&self, realm: &str, id_of_client: &str, rest: &str) -> String {
        self.admin_url(
            realm,
            &format!("/clients/{}/protocol-mappers{rest}", seg(id_of_client)),
        )
    }

    /// Adds a protocol mapper to a client; returns its id (gocloak
    /// `CreateClientProtocolMapper`).
    pub async fn create_client_protocol_mapper(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        mapper: &ProtocolMapperRepresentation,
    ) -> Result<String> {
        let url = self.client_mappers_url(realm, id_of_client, "/models");
        self.create(&url, token, mapper).await
    }

    /// A client's protocol mappers.
    pub async fn get_client_protocol_mappers(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<Vec<ProtocolMapperRepresentation>> {
        let url = self.client_mappers_url(realm, id_of_client, "/models");
        self.get_json(&url, token).await
    }

    /// One protocol mapper of a client.
    pub async fn get_client_protocol_mapper(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        mapper_id: &str,
    ) -> Result<ProtocolMapperRepresentation> {
        let rest = format!("/models/{}", seg(mapper_id));
        self.get_json(&self.client_mappers_url(realm, id_of_client, &rest), token)
            .await
    }

    /// Updates a client's protocol mapper; its `id` names it (gocloak
    /// `UpdateClientProtocolMapper`).
    pub async fn update_client_protocol_mapper(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        mapper: &ProtocolMapperRepresentation,
    ) -> Result<()> {
        let id = mapper.id.as_deref().unwrap_or_default();
        let rest = format!("/models/{}", seg(id));
        let url = self.client_mappers_url(realm, id_of_client, &rest);
        self.put_json(&url, token, mapper).await
    }

    /// Removes a protocol mapper from a client (gocloak `DeleteClientProtocolMapper`).
    pub async fn delete_client_protocol_mapper(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        mapper_id: &str,
    ) -> Result<()> {
        let rest = format!("/models/{}", seg(mapper_id));
        self.delete(&self.client_mappers_url(realm, id_of_client, &rest), token)
            .await
    }

    fn scope_mappers_url(&self, realm: &str, scope_id: &str, rest: &str) -> String {
        self.scope_url(realm, scope_id, &format!("/protocol-mappers{rest}"))
    }

    /// Adds a protocol mapper to a client scope; returns its id (gocloak
    /// `CreateClientScopeProtocolMapper`).
    pub async fn create_client_scope_protocol_mapper(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        mapper: &ProtocolMapperRepresentation,
    ) -> Result<String> {
        let url = self.scope_mappers_url(realm, scope_id, "/models");
        self.create(&url, token, mapper).await
    }

    /// Adds several protocol mappers to a client scope at once.
    pub async fn add_client_scope_protocol_mappers(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        mappers: &[ProtocolMapperRepresentation],
    ) -> Result<()> {
        let url = self.scope_mappers_url(realm, scope_id, "/add-models");
        self.post_json(&url, token, mappers).await
    }

    /// A client scope's protocol mappers (gocloak `GetClientScopeProtocolMappers`).
    pub async fn get_client_scope_protocol_mappers(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<Vec<ProtocolMapperRepresentation>> {
        let url = self.scope_mappers_url(realm, scope_id, "/models");
        self.get_json(&url, token).await
    }

    /// One protocol mapper of a client scope (gocloak `GetClientScopeProtocolMapper`).
    pub async fn get_client_scope_protocol_mapper(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        mapper_id: &str,
    ) -> Result<ProtocolMapperRepresentation> {
        let rest = format!("/models/{}", seg(mapper_id));
        self.get_json(&self.scope_mappers_url(realm, scope_id, &rest), token)
            .await
    }

    /// Updates a client scope's protocol mapper; its `id` names it (gocloak
    /// `UpdateClientScopeProtocolMapper`).
    pub async fn update_client_scope_protocol_mapper(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        mapper: &ProtocolMapperRepresentation,
    ) -> Result<()> {
        let id = mapper.id.as_deref().unwrap_or_default();
        let rest = format!("/models/{}", seg(id));
        let url = self.scope_mappers_url(realm, scope_id, &rest);
        self.put_json(&url, token, mapper).await
    }

    /// Removes a protocol mapper from a client scope (gocloak
    /// `DeleteClientScopeProtocolMapper`).
    pub async fn delete_client_scope_protocol_mapper(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        mapper_id: &str,
    ) -> Result<()> {
        let rest = format!("/models/{}", seg(mapper_id));
        self.delete(&self.scope_mappers_url(realm, scope_id, &rest), token)
            .await
    }
}
