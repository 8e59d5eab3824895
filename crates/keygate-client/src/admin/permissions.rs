//! `management/permissions` of clients and groups: whether Keycloak's fine-grained admin
//! permissions are on for them. Keygate, like Keycloak 26 with that feature off, reads
//! them as disabled and answers 501 to enabling them.

use keygate_model::ManagementPermissionReference;

endpoints! {
    /// gocloak `GetClientManagementPermissions` (client by internal id).
    get get_client_management_permissions(id) -> ManagementPermissionReference
        = "/clients/{id}/management/permissions";

    /// Turns a client's management permissions on or off; returns the new state (gocloak
    /// `UpdateClientManagementPermissions`).
    update update_client_management_permissions(
        id_of_client; permissions: &ManagementPermissionReference
    ) -> ManagementPermissionReference = "/clients/{id_of_client}/management/permissions";

    /// Whether a group's management permissions are on (gocloak
    /// `GetGroupManagementPermissions`).
    get get_group_management_permissions(id_of_group) -> ManagementPermissionReference
        = "/groups/{id_of_group}/management/permissions";

    /// Turns a group's management permissions on or off; returns the new state (gocloak
    /// `UpdateGroupManagementPermissions`).
    update update_group_management_permissions(
        id_of_group; permissions: &ManagementPermissionReference
    ) -> ManagementPermissionReference = "/groups/{id_of_group}/management/permissions";
}
