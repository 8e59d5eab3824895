//! gocloak's names for the component and key calls, with typed query parameters.

use keygate_model::{ComponentRepresentation, KeysMetadataRepresentation};

use crate::error::Result;
use crate::params::GetComponentsParams;
use crate::KeygateClient;

impl KeygateClient {
    /// The realm's components, filtered by typed parameters (gocloak
    /// `GetComponentsWithParams`).
    pub async fn get_components_with_params(
        &self,
        token: &str,
        realm: &str,
        params: &GetComponentsParams,
    ) -> Result<Vec<ComponentRepresentation>> {
        self.get_query(&self.admin_url(realm, "/components"), token, params)
            .await
    }

    /// The realm's keys and the active one per algorithm (gocloak `GetKeyStoreConfig`;
    /// the same as [`KeygateClient::get_keys`]).
    pub async fn get_key_store_config(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<KeysMetadataRepresentation> {
        self.get_keys(token, realm).await
    }
}
