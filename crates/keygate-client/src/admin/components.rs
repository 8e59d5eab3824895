//! Components (key providers and the like), the realm's keys, the server's info, and
//! the cache clears.

use keygate_model::{
    ComponentRepresentation, KeysMetadataRepresentation, ServerInfoRepresentation,
};

use crate::error::Result;
use crate::params::GetComponentsParams;
use crate::{seg, KeygateClient};

impl KeygateClient {
    fn component_url(&self, realm: &str, id: &str) -> String {
        self.admin_url(realm, &format!("/components/{}", seg(id)))
    }

    /// Creates a component; returns its id (gocloak `CreateComponent`).
    pub async fn create_component(
        &self,
        token: &str,
        realm: &str,
        component: &ComponentRepresentation,
    ) -> Result<String> {
        self.create(&self.admin_url(realm, "/components"), token, component)
            .await
    }

    /// The realm's components, filtered (gocloak `GetComponentsWithParams`).
    pub async fn get_components(
        &self,
        token: &str,
        realm: &str,
        params: &GetComponentsParams,
    ) -> Result<Vec<ComponentRepresentation>> {
        self.get_query(&self.admin_url(realm, "/components"), token, params)
            .await
    }

    /// One component (gocloak `GetComponent`).
    pub async fn get_component(
        &self,
        token: &str,
        realm: &str,
        component_id: &str,
    ) -> Result<ComponentRepresentation> {
        self.get_json(&self.component_url(realm, component_id), token)
            .await
    }

    /// Updates a component; its `id` names it (gocloak `UpdateComponent`).
    pub async fn update_component(
        &self,
        token: &str,
        realm: &str,
        component: &ComponentRepresentation,
    ) -> Result<()> {
        let id = component.id.as_deref().unwrap_or_default();
        self.put_json(&self.component_url(realm, id), token, component)
            .await
    }

    /// Deletes a component (gocloak `DeleteComponent`).
    pub async fn delete_component(
        &self,
        token: &str,
        realm: &str,
        component_id: &str,
    ) -> Result<()> {
        self.delete(&self.component_url(realm, component_id), token)
            .await
    }

    /// The realm's keys and the active one per algorithm (gocloak `GetKeyStoreConfig`).
    pub async fn get_key_store_config(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<KeysMetadataRepresentation> {
        self.get_json(&self.admin_url(realm, "/keys"), token).await
    }

    /// The server's version, providers and memory (gocloak `GetServerInfo`).
    pub async fn get_server_info(&self, token: &str) -> Result<ServerInfoRepresentation> {
        self.get_json(&format!("{}/admin/serverinfo", self.base), token)
            .await
    }

    /// Drops the realm's cached settings, clients and roles (gocloak `ClearRealmCache`).
    pub async fn clear_realm_cache(&self, token: &str, realm: &str) -> Result<()> {
        self.post_empty(&self.admin_url(realm, "/clear-realm-cache"), token)
            .await
    }

    /// Drops the realm's cached users (gocloak `ClearUserCache`).
    pub async fn clear_user_cache(&self, token: &str, realm: &str) -> Result<()> {
        self.post_empty(&self.admin_url(realm, "/clear-user-cache"), token)
            .await
    }

    /// Drops cached external public keys (gocloak `ClearKeysCache`).
    pub async fn clear_keys_cache(&self, token: &str, realm: &str) -> Result<()> {
        self.post_empty(&self.admin_url(realm, "/clear-keys-cache"), token)
            .await
    }
}
