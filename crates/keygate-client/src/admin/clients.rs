use keygate_model::{ClientRepresentation, CredentialSecret, UserRepresentation};
use reqwest::Method;

use crate::error::Result;
use crate::params::GetClientsParams;
use crate::{seg, KeygateClient};

impl KeygateClient {
    /// Creates a client; returns its internal id (gocloak `CreateClient`).
    pub async fn create_client(
        &self,
        token: &str,
        realm: &str,
        client: &ClientRepresentation,
    ) -> Result<String> {
        self.create(&self.admin_url(realm, "/clients"), token, client)
            .await
    }

    /// gocloak `GetClient` (by internal id).
    pub async fn get_client(
        &self,
        token: &str,
        realm: &str,
        id: &str,
    ) -> Result<ClientRepresentation> {
        self.get_json(
            &self.admin_url(realm, &format!("/clients/{}", seg(id))),
            token,
        )
        .await
    }

    /// gocloak `GetClients`.
    pub async fn get_clients(
        &self,
        token: &str,
        realm: &str,
        params: &GetClientsParams,
    ) -> Result<Vec<ClientRepresentation>> {
        let req = self
            .request(Method::GET, &self.admin_url(realm, "/clients"), token)
            .query(params);
        Self::json(req).await
    }

    /// Partial update; the representation's `id` names the client (gocloak `UpdateClient`).
    pub async fn update_client(
        &self,
        token: &str,
        realm: &str,
        client: &ClientRepresentation,
    ) -> Result<()> {
        let id = client.id.as_deref().unwrap_or_default();
        self.put_json(
            &self.admin_url(realm, &format!("/clients/{}", seg(id))),
            token,
            client,
        )
        .await
    }

    /// gocloak `DeleteClient`.
    pub async fn delete_client(&self, token: &str, realm: &str, id: &str) -> Result<()> {
        self.delete(
            &self.admin_url(realm, &format!("/clients/{}", seg(id))),
            token,
        )
        .await
    }

    /// gocloak `GetClientSecret`.
    pub async fn get_client_secret(
        &self,
        token: &str,
        realm: &str,
        id: &str,
    ) -> Result<CredentialSecret> {
        self.get_json(
            &self.admin_url(realm, &format!("/clients/{}/client-secret", seg(id))),
            token,
        )
        .await
    }

    /// gocloak `RegenerateClientSecret`.
    pub async fn regenerate_client_secret(
        &self,
        token: &str,
        realm: &str,
        id: &str,
    ) -> Result<CredentialSecret> {
        let url = self.admin_url(realm, &format!("/clients/{}/client-secret", seg(id)));
        Self::json(self.request(Method::POST, &url, token)).await
    }

    /// gocloak `GetClientServiceAccount`.
    pub async fn get_client_service_account(
        &self,
        token: &str,
        realm: &str,
        id: &str,
    ) -> Result<UserRepresentation> {
        let url = self.admin_url(realm, &format!("/clients/{}/service-account-user", seg(id)));
        self.get_json(&url, token).await
    }
}
