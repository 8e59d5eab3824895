use keygate_model::{
    ComponentRepresentation, KeysMetadataRepresentation, ServerInfoRepresentation,
};
use reqwest::Method;

use crate::error::Result;
use crate::{seg, KeygateClient};

impl KeygateClient {
    /// gocloak `GetComponents` / `GetComponentsWithParams`: filters by parent id, provider
    /// type and name.
    pub async fn get_components(
        &self,
        token: &str,
        realm: &str,
        parent: Option<&str>,
        provider_type: Option<&str>,
        name: Option<&str>,
    ) -> Result<Vec<ComponentRepresentation>> {
        let mut query = Vec::new();
        for (k, v) in [("parent", parent), ("type", provider_type), ("name", name)] {
            if let Some(v) = v {
                query.push(format!("{k}={}", seg(v)));
            }
        }
        let q = if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        };
        self.get_json(&self.admin_url(realm, &format!("/components{q}")), token)
            .await
    }

    /// gocloak `GetComponent`.
    pub async fn get_component(
        &self,
        token: &str,
        realm: &str,
        id: &str,
    ) -> Result<ComponentRepresentation> {
        let url = self.admin_url(realm, &format!("/components/{}", seg(id)));
        self.get_json(&url, token).await
    }

    /// gocloak `CreateComponent`; returns the new id.
    pub async fn create_component(
        &self,
        token: &str,
        realm: &str,
        component: &ComponentRepresentation,
    ) -> Result<String> {
        self.create(&self.admin_url(realm, "/components"), token, component)
            .await
    }

    /// gocloak `UpdateComponent` (by the representation's id).
    pub async fn update_component(
        &self,
        token: &str,
        realm: &str,
        component: &ComponentRepresentation,
    ) -> Result<()> {
        let id = component.id.as_deref().unwrap_or_default();
        let url = self.admin_url(realm, &format!("/components/{}", seg(id)));
        self.put_json(&url, token, component).await
    }

    /// gocloak `DeleteComponent`.
    pub async fn delete_component(&self, token: &str, realm: &str, id: &str) -> Result<()> {
        let url = self.admin_url(realm, &format!("/components/{}", seg(id)));
        self.delete(&url, token).await
    }

    /// gocloak `GetKeyStoreConfig`: the realm's keys and the active kid per algorithm.
    pub async fn get_keys(&self, token: &str, realm: &str) -> Result<KeysMetadataRepresentation> {
        self.get_json(&self.admin_url(realm, "/keys"), token).await
    }

    /// gocloak `GetServerInfo`.
    pub async fn get_server_info(&self, token: &str) -> Result<ServerInfoRepresentation> {
        self.get_json(&format!("{}/admin/serverinfo", self.base), token)
            .await
    }

    /// gocloak `ClearRealmCache`.
    pub async fn clear_realm_cache(&self, token: &str, realm: &str) -> Result<()> {
        self.post_empty(realm, "/clear-realm-cache", token).await
    }

    /// gocloak `ClearUserCache`.
    pub async fn clear_user_cache(&self, token: &str, realm: &str) -> Result<()> {
        self.post_empty(realm, "/clear-user-cache", token).await
    }

    /// gocloak `ClearKeysCache`.
    pub async fn clear_keys_cache(&self, token: &str, realm: &str) -> Result<()> {
        self.post_empty(realm, "/clear-keys-cache", token).await
    }

    async fn post_empty(&self, realm: &str, path: &str, token: &str) -> Result<()> {
        let req = self.request(Method::POST, &self.admin_url(realm, path), token);
        Self::empty(req).await
    }
}
