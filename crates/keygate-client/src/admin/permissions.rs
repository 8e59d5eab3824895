//! `management/permissions` of clients and groups: whether Keycloak's fine-grained admin
//! permissions are on for them. Keygate, like Keycloak 26 with that feature off, reads
//! them as disabled and answers 501 to enabling them.

use keygate_model::ManagementPermissionReference;

use crate::error::Result;
use crate::{seg, KeygateClient};

impl KeygateClient {
    fn permissions_url(&self, realm: &str, kind: &str, id: &str) -> String {
        self.admin_url(
            realm,
            &format!("/{kind}/{}/management/permissions", seg(id)),
        )
    }

    /// gocloak `GetClientManagementPermissions` (client by internal id).
    pub async fn get_client_management_permissions(
        &self,
        token: &str,
        realm: &str,
        id: &str,
    ) -> Result<ManagementPermissionReference> {
        self.get_json(&self.permissions_url(realm, "clients", id), token)
            .await
    }

    /// Turns a client's management permissions on or off; returns the new state (gocloak
    /// `UpdateClientManagementPermissions`).
    pub async fn update_client_management_permissions(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        permissions: &ManagementPermissionReference,
    ) -> Result<ManagementPermissionReference> {
        let url = self.permissions_url(realm, "clients", id_of_client);
        self.put_for_json(&url, token, permissions).await
    }

    /// Whether a group's management permissions are on (gocloak
    /// `GetGroupManagementPermissions`).
    pub async fn get_group_management_permissions(
        &self,
        token: &str,
        realm: &str,
        id_of_group: &str,
    ) -> Result<ManagementPermissionReference> {
        self.get_json(&self.permissions_url(realm, "groups", id_of_group), token)
            .await
    }

    /// Turns a group's management permissions on or off; returns the new state (gocloak
    /// `UpdateGroupManagementPermissions`).
    pub async fn update_group_management_permissions(
        &self,
        token: &str,
        realm: &str,
        id_of_group: &str,
        permissions: &ManagementPermissionReference,
    ) -> Result<ManagementPermissionReference> {
        let url = self.permissions_url(realm, "groups", id_of_group);
        self.put_for_json(&url, token, permissions).await
    }
}
