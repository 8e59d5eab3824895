use keygate_model::RealmRepresentation;

use crate::error::Result;
use crate::KeygateClient;

impl KeygateClient {
    /// Every realm the caller may see (gocloak `GetRealms`).
    pub async fn get_realms(&self, token: &str) -> Result<Vec<RealmRepresentation>> {
        self.get_json(&format!("{}/admin/realms", self.base), token)
            .await
    }

    /// One realm's settings (gocloak `GetRealm`).
    pub async fn get_realm(&self, token: &str, realm: &str) -> Result<RealmRepresentation> {
        self.get_json(&self.admin_url(realm, ""), token).await
    }

    /// Creates a realm from a bare name or a full export (gocloak `CreateRealm`); returns
    /// its name.
    pub async fn create_realm(&self, token: &str, realm: &RealmRepresentation) -> Result<String> {
        self.create(&format!("{}/admin/realms", self.base), token, realm)
            .await
    }

    /// Partial update: only the fields set change (gocloak `UpdateRealm`).
    pub async fn update_realm(
        &self,
        token: &str,
        realm: &str,
        rep: &RealmRepresentation,
    ) -> Result<()> {
        self.put_json(&self.admin_url(realm, ""), token, rep).await
    }

    /// Deletes a realm and everything in it (gocloak `DeleteRealm`).
    pub async fn delete_realm(&self, token: &str, realm: &str) -> Result<()> {
        self.delete(&self.admin_url(realm, ""), token).await
    }
}
