//! Role mappings of users (`/users/{id}/role-mappings`) and groups
//! (`/groups/{id}/role-mappings`): direct, available and effective (composite) roles, per
//! realm and per client.

use keygate_model::{MappingsRepresentation, RoleRepresentation};

use crate::error::Result;
use crate::{seg, KeygateClient};

/// Whose mappings.
#[derive(Clone, Copy)]
enum Holder<'a> {
    User(&'a str),
    Group(&'a str),
}

impl KeygateClient {
    /// `.../role-mappings{part}`, `part` being "", `/realm` or `/clients/{id}`, then `rest`.
    fn mapping_url(&self, realm: &str, h: Holder<'_>, client: Option<&str>, rest: &str) -> String {
        let (kind, id) = match h {
            Holder::User(id) => ("users", id),
            Holder::Group(id) => ("groups", id),
        };
        let part = match client {
            Some(c) => format!("/clients/{}", seg(c)),
            None => "/realm".to_string(),
        };
        self.admin_url(
            realm,
            &format!("/{kind}/{}/role-mappings{part}{rest}", seg(id)),
        )
    }

    async fn mapped(
        &self,
        token: &str,
        realm: &str,
        h: Holder<'_>,
        client: Option<&str>,
        rest: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.get_json(&self.mapping_url(realm, h, client, rest), token)
            .await
    }

    // --- users ---

    /// Every direct mapping of a user, realm and per client (gocloak
    /// `GetRoleMappingByUserID`).
    pub async fn get_role_mapping_by_user_id(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<MappingsRepresentation> {
        let url = self.admin_url(realm, &format!("/users/{}/role-mappings", seg(user_id)));
        self.get_json(&url, token).await
    }

    /// Maps realm roles to a user (gocloak `AddRealmRoleToUser`).
    pub async fn add_realm_role_to_user(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.mapping_url(realm, Holder::User(user_id), None, "");
        self.post_json(&url, token, roles).await
    }

    /// Unmaps realm roles from a user (gocloak `DeleteRealmRoleFromUser`).
    pub async fn delete_realm_role_from_user(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.mapping_url(realm, Holder::User(user_id), None, "");
        self.delete_json(&url, token, roles).await
    }

    /// The realm roles mapped to a user directly (gocloak `GetRealmRolesByUserID`).
    pub async fn get_realm_roles_by_user_id(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.mapped(token, realm, Holder::User(user_id), None, "")
            .await
    }

    /// The realm roles that could still be mapped to a user (gocloak
    /// `GetAvailableRealmRolesByUserID`).
    pub async fn get_available_realm_roles_by_user_id(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.mapped(token, realm, Holder::User(user_id), None, "/available")
            .await
    }

    /// The realm roles a user holds effectively, through composites and groups: those
    /// its tokens carry (gocloak `GetCompositeRealmRolesByUserID`).
    pub async fn get_composite_realm_roles_by_user_id(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.mapped(token, realm, Holder::User(user_id), None, "/composite")
            .await
    }

    /// Maps roles of the client with internal id `id_of_client` to a user (gocloak
    /// `AddClientRoleToUser`).
    pub async fn add_client_role_to_user(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        user_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.mapping_url(realm, Holder::User(user_id), Some(id_of_client), "");
        self.post_json(&url, token, roles).await
    }

    /// Unmaps client roles from a user (gocloak `DeleteClientRoleFromUser`).
    pub async fn delete_client_role_from_user(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        user_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.mapping_url(realm, Holder::User(user_id), Some(id_of_client), "");
        self.delete_json(&url, token, roles).await
    }

    /// The client's roles mapped to a user directly (gocloak `GetClientRolesByUserID`).
    pub async fn get_client_roles_by_user_id(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        user_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.mapped(token, realm, Holder::User(user_id), Some(id_of_client), "")
            .await
    }

    /// The client's roles that could still be mapped to a user (gocloak
    /// `GetAvailableClientRolesByUserID`).
    pub async fn get_available_client_roles_by_user_id(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        user_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let h = Holder::User(user_id);
        self.mapped(token, realm, h, Some(id_of_client), "/available")
            .await
    }

    /// The client's roles a user holds effectively (gocloak
    /// `GetCompositeClientRolesByUserID`).
    pub async fn get_composite_client_roles_by_user_id(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        user_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let h = Holder::User(user_id);
        self.mapped(token, realm, h, Some(id_of_client), "/composite")
            .await
    }

    // --- groups ---

    /// Every direct mapping of a group (gocloak `GetRoleMappingByGroupID`).
    pub async fn get_role_mapping_by_group_id(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
    ) -> Result<MappingsRepresentation> {
        let url = self.admin_url(realm, &format!("/groups/{}/role-mappings", seg(group_id)));
        self.get_json(&url, token).await
    }

    /// Maps realm roles to a group (gocloak `AddRealmRoleToGroup`).
    pub async fn add_realm_role_to_group(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.mapping_url(realm, Holder::Group(group_id), None, "");
        self.post_json(&url, token, roles).await
    }

    /// Unmaps realm roles from a group (gocloak `DeleteRealmRoleFromGroup`).
    pub async fn delete_realm_role_from_group(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.mapping_url(realm, Holder::Group(group_id), None, "");
        self.delete_json(&url, token, roles).await
    }

    /// The realm roles mapped to a group directly (gocloak `GetRealmRolesByGroupID`).
    pub async fn get_realm_roles_by_group_id(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.mapped(token, realm, Holder::Group(group_id), None, "")
            .await
    }

    /// The realm roles that could still be mapped to a group (gocloak
    /// `GetAvailableRealmRolesByGroupID`).
    pub async fn get_available_realm_roles_by_group_id(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.mapped(token, realm, Holder::Group(group_id), None, "/available")
            .await
    }

    /// The realm roles a group holds effectively, through composites and parent groups
    /// (gocloak `GetCompositeRealmRolesByGroupID`).
    pub async fn get_composite_realm_roles_by_group_id(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.mapped(token, realm, Holder::Group(group_id), None, "/composite")
            .await
    }

    /// Maps client roles to a group (gocloak `AddClientRoleToGroup`).
    pub async fn add_client_role_to_group(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        group_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.mapping_url(realm, Holder::Group(group_id), Some(id_of_client), "");
        self.post_json(&url, token, roles).await
    }

    /// Unmaps client roles from a group (gocloak `DeleteClientRoleFromGroup`).
    pub async fn delete_client_role_from_group(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        group_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.mapping_url(realm, Holder::Group(group_id), Some(id_of_client), "");
        self.delete_json(&url, token, roles).await
    }

    /// The client's roles mapped to a group directly (gocloak `GetClientRolesByGroupID`).
    pub async fn get_client_roles_by_group_id(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        group_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        self.mapped(
            token,
            realm,
            Holder::Group(group_id),
            Some(id_of_client),
            "",
        )
        .await
    }

    /// The client's roles that could still be mapped to a group (gocloak
    /// `GetAvailableClientRolesByGroupID`).
    pub async fn get_available_client_roles_by_group_id(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        group_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let h = Holder::Group(group_id);
        self.mapped(token, realm, h, Some(id_of_client), "/available")
            .await
    }

    /// The client's roles a group holds effectively (gocloak
    /// `GetCompositeClientRolesByGroupID`).
    pub async fn get_composite_client_roles_by_group_id(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        group_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let h = Holder::Group(group_id);
        self.mapped(token, realm, h, Some(id_of_client), "/composite")
            .await
    }
}
