//! The realm's user profile, and per user: consents and linked identity-provider
//! accounts.

use keygate_model::{
    FederatedIdentityRepresentation, UPConfig, UserConsentRepresentation, UserProfileMetadata,
};

use crate::error::Result;
use crate::{seg, KeygateClient};

impl KeygateClient {
    /// The realm's user-profile configuration (gocloak `GetUsersProfile`).
    pub async fn get_users_profile(&self, token: &str, realm: &str) -> Result<UPConfig> {
        self.get_json(&self.admin_url(realm, "/users/profile"), token)
            .await
    }

    /// Replaces the realm's user-profile configuration; returns it as stored (gocloak
    /// `UpdateUsersProfile`).
    pub async fn update_users_profile(
        &self,
        token: &str,
        realm: &str,
        config: &UPConfig,
    ) -> Result<UPConfig> {
        let url = self.admin_url(realm, "/users/profile");
        Self::json(self.request(reqwest::Method::PUT, &url, token).json(config)).await
    }

    /// The profile as forms render it: attributes with their validators, and groups.
    pub async fn get_users_profile_metadata(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<UserProfileMetadata> {
        self.get_json(&self.admin_url(realm, "/users/profile/metadata"), token)
            .await
    }

    /// The consents the user gave clients (`GET /users/{id}/consents`).
    pub async fn get_user_consents(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<Vec<UserConsentRepresentation>> {
        let url = self.admin_url(realm, &format!("/users/{}/consents", seg(user_id)));
        self.get_json(&url, token).await
    }

    /// Revokes the user's consent to a client (by `clientId`) and its offline tokens.
    pub async fn revoke_user_consents(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        client_id: &str,
    ) -> Result<()> {
        let path = format!("/users/{}/consents/{}", seg(user_id), seg(client_id));
        self.delete(&self.admin_url(realm, &path), token).await
    }

    fn federated_url(&self, realm: &str, user_id: &str, rest: &str) -> String {
        self.admin_url(
            realm,
            &format!("/users/{}/federated-identity{rest}", seg(user_id)),
        )
    }

    /// The user's linked identity-provider accounts (gocloak
    /// `GetUserFederatedIdentities`).
    pub async fn get_user_federated_identities(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<Vec<FederatedIdentityRepresentation>> {
        self.get_json(&self.federated_url(realm, user_id, ""), token)
            .await
    }

    /// Links an identity-provider account to the user (gocloak
    /// `CreateUserFederatedIdentity`).
    pub async fn create_user_federated_identity(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        provider_id: &str,
        identity: &FederatedIdentityRepresentation,
    ) -> Result<()> {
        let url = self.federated_url(realm, user_id, &format!("/{}", seg(provider_id)));
        self.post_json(&url, token, identity).await
    }

    /// Unlinks an identity-provider account (gocloak `DeleteUserFederatedIdentity`).
    pub async fn delete_user_federated_identity(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        provider_id: &str,
    ) -> Result<()> {
        let url = self.federated_url(realm, user_id, &format!("/{}", seg(provider_id)));
        self.delete(&url, token).await
    }
}
