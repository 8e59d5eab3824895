//! Components (key providers and the like), the realm's keys, server info and cache
//! clears.

use keygate_model::{
    ComponentRepresentation, KeysMetadataRepresentation, ServerInfoRepresentation,
};

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

    /// gocloak `GetServerInfo`.
    pub async fn get_server_info(&self, token: &str) -> Result<ServerInfoRepresentation> {
        self.get_json(&format!("{}/admin/serverinfo", self.base), token)
            .await
    }
}

endpoints! {
    /// gocloak `GetComponent`.
    get get_component(id) -> ComponentRepresentation = "/components/{id}";

    /// gocloak `CreateComponent`; returns the new id.
    create create_component(; component: &ComponentRepresentation) -> String = "/components";

    /// gocloak `UpdateComponent` (by the representation's id).
    put update_component(; component: &ComponentRepresentation) -> ()
        = "/components/{id}", id = component.id;

    /// gocloak `DeleteComponent`.
    delete delete_component(id) -> () = "/components/{id}";

    /// gocloak `GetKeyStoreConfig`: the realm's keys and the active kid per algorithm.
    get get_keys() -> KeysMetadataRepresentation = "/keys";

    /// gocloak `ClearRealmCache`.
    post clear_realm_cache() -> () = "/clear-realm-cache";

    /// gocloak `ClearUserCache`.
    post clear_user_cache() -> () = "/clear-user-cache";

    /// gocloak `ClearKeysCache`.
    post clear_keys_cache() -> () = "/clear-keys-cache";
}
