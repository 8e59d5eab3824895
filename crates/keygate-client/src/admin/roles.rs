//! Realm roles, client roles, roles by id, their composites, and who holds them.

use keygate_model::{GroupRepresentation, RoleRepresentation, UserRepresentation};

use crate::error::Result;
use crate::params::{GetMembersParams, GetRoleParams};
use crate::{seg, KeygateClient};

impl KeygateClient {
    /// `/roles/{name}` or, with a client, `/clients/{id}/roles/{name}`; `rest` follows.
    fn role_url(&self, realm: &str, client: Option<&str>, name: &str, rest: &str) -> String {
        let base = self.roles_url(realm, client);
        format!("{base}/{}{rest}", seg(name))
    }

    fn roles_url(&self, realm: &str, client: Option<&str>) -> String {
        match client {
            Some(id) => self.admin_url(realm, &format!("/clients/{}/roles", seg(id))),
            None => self.admin_url(realm, "/roles"),
        }
    }

    fn role_by_id_url(&self, realm: &str, role_id: &str, rest: &str) -> String {
        self.admin_url(realm, &format!("/roles-by-id/{}{rest}", seg(role_id)))
    }

    // --- realm roles ---

    /// Creates a realm role; returns its name (gocloak `CreateRealmRole`).
    pub async fn create_realm_role(
        &self,
        token: &str,
        realm: &str,
        role: &RoleRepresentation,
    ) -> Result<String> {
        self.create(&self.roles_url(realm, None), token, role).await
    }

    /// A realm role by name (gocloak `GetRealmRole`).
    pub async fn get_realm_role(
        &self,
        token: &str,
        realm: &str,
        role_name: &str,
    ) -> Result<RoleRepresentation> {
        self.get_json(&self.role_url(realm, None, role_name, ""), token)
            .await
    }

    /// The realm's roles, optionally searched and paged (gocloak `GetRealmRoles`).
    pub async fn get_realm_roles(
        &self,
        token: &str,
        realm: &str,
        params: &GetRoleParams,
    ) -> Result<Vec<RoleRepresentation>> {
        self.get_query(&self.roles_url(realm, None), token, params)
            .await
    }

    /// Renames a realm role or changes its description and attributes (gocloak
    /// `UpdateRealmRole`).
    pub async fn update_realm_role(
        &self,
        token: &str,
        realm: &str,
        role_name: &str,
        role: &RoleRepresentation,
    ) -> Result<()> {
        self.put_json(&self.role_url(realm, None, role_name, ""), token, role)
            .await
    }

    /// Deletes a realm role (gocloak `DeleteRealmRole`).
    pub async fn delete_realm_role(&self, token: &str, realm: &str, role_name: &str) -> Result<()> {
        self.delete(&self.role_url(realm, None, role_name, ""), token)
            .await
    }

    // --- client roles ---

    /// Creates a role of the client with internal id `id_of_client`; returns its name
    /// (gocloak `CreateClientRole`).
    pub async fn create_client_role(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role: &RoleRepresentation,
    ) -> Result<String> {
        let url = self.roles_url(realm, Some(id_of_client));
        self.create(&url, token, role).await
    }

    /// A client role by name (gocloak `GetClientRole`).
    pub async fn get_client_role(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role_name: &str,
    ) -> Result<RoleRepresentation> {
        let url = self.role_url(realm, Some(id_of_client), role_name, "");
        self.get_json(&url, token).await
    }

    /// A client's roles, optionally searched and paged (gocloak `GetClientRoles`).
    pub async fn get_client_roles(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        params: &GetRoleParams,
    ) -> Result<Vec<RoleRepresentation>> {
        let url = self.roles_url(realm, Some(id_of_client));
        self.get_query(&url, token, params).await
    }

    /// Updates a client role; the representation's `name` names it (gocloak
    /// `UpdateRole`).
    pub async fn update_role(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role: &RoleRepresentation,
    ) -> Result<()> {
        let name = role.name.as_deref().unwrap_or_default();
        let url = self.role_url(realm, Some(id_of_client), name, "");
        self.put_json(&url, token, role).await
    }

    /// Deletes a client role (gocloak `DeleteClientRole`).
    pub async fn delete_client_role(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role_name: &str,
    ) -> Result<()> {
        let url = self.role_url(realm, Some(id_of_client), role_name, "");
        self.delete(&url, token).await
    }

    // --- roles by id ---

    /// A realm or client role by its id (gocloak `GetRoleByID`).
    pub async fn get_role_by_id(
        &self,
        token: &str,
        realm: &str,
        role_id: &str,
    ) -> Result<RoleRepresentation> {
        self.get_json(&self.role_by_id_url(realm, role_id, ""), token)
            .await
    }

    /// Updates a role by its id (gocloak `UpdateRoleByID`).
    pub async fn update_role_by_id(
        &self,
        token: &str,
        realm: &str,
        role_id: &str,
        role: &RoleRepresentation,
    ) -> Result<()> {
        let url = self.role_by_id_url(realm, role_id, "");
        self.put_json(&url, token, role).await
    }

    /// Deletes a role by its id (gocloak `DeleteRoleByID`).
    pub async fn delete_role_by_id(&self, token: &str, realm: &str, role_id: &str) -> Result<()> {
        self.delete(&self.role_by_id_url(realm, role_id, ""), token)
            .await
    }

    // --- composites ---

    /// Makes `roles` children of the realm role (gocloak `AddRealmRoleComposite`).
    pub async fn add_realm_role_composite(
        &self,
        token: &str,
        realm: &str,
        role_name: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.role_url(realm, None, role_name, "/composites");
        self.post_json(&url, token, roles).await
    }

    /// Removes children from the realm role (gocloak `DeleteRealmRoleComposite`).
    pub async fn delete_realm_role_composite(
        &self,
        token: &str,
        realm: &str,
        role_name: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.role_url(realm, None, role_name, "/composites");
        self.delete_json(&url, token, roles).await
    }

    /// The children of a realm role, realm and client roles alike (gocloak
    /// `GetCompositeRealmRoles`).
    pub async fn get_composite_realm_roles(
        &self,
        token: &str,
        realm: &str,
        role_name: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let url = self.role_url(realm, None, role_name, "/composites");
        self.get_json(&url, token).await
    }

    /// Makes `roles` children of the role with id `role_id`, a client role typically
    /// (gocloak `AddClientRoleComposite`).
    pub async fn add_client_role_composite(
        &self,
        token: &str,
        realm: &str,
        role_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.role_by_id_url(realm, role_id, "/composites");
        self.post_json(&url, token, roles).await
    }

    /// Removes children from the role with id `role_id` (gocloak
    /// `DeleteClientRoleComposite`).
    pub async fn delete_client_role_composite(
        &self,
        token: &str,
        realm: &str,
        role_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.role_by_id_url(realm, role_id, "/composites");
        self.delete_json(&url, token, roles).await
    }

    /// Makes `roles` children of the client role named `role_name`, addressed by name
    /// rather than id (Keycloak `POST /clients/{id}/roles/{name}/composites`).
    pub async fn add_client_role_composite_by_name(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role_name: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.role_url(realm, Some(id_of_client), role_name, "/composites");
        self.post_json(&url, token, roles).await
    }

    /// Removes children from the client role named `role_name` (Keycloak
    /// `DELETE /clients/{id}/roles/{name}/composites`).
    pub async fn delete_client_role_composite_by_name(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role_name: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.role_url(realm, Some(id_of_client), role_name, "/composites");
        self.delete_json(&url, token, roles).await
    }

    /// The children of the client role named `role_name`, realm and client roles alike
    /// (the client-role counterpart of gocloak `GetCompositeRealmRoles`).
    pub async fn get_composite_client_roles(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role_name: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let url = self.role_url(realm, Some(id_of_client), role_name, "/composites");
        self.get_json(&url, token).await
    }

    /// The children of a role by id (gocloak `GetCompositeRolesByRoleID`).
    pub async fn get_composite_roles_by_role_id(
        &self,
        token: &str,
        realm: &str,
        role_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let url = self.role_by_id_url(realm, role_id, "/composites");
        self.get_json(&url, token).await
    }

    /// The realm-role children of a role by id (gocloak
    /// `GetCompositeRealmRolesByRoleID`).
    pub async fn get_composite_realm_roles_by_role_id(
        &self,
        token: &str,
        realm: &str,
        role_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let url = self.role_by_id_url(realm, role_id, "/composites/realm");
        self.get_json(&url, token).await
    }

    /// The children of a role by id that are roles of one client (gocloak
    /// `GetCompositeClientRolesByRoleID`).
    pub async fn get_composite_client_roles_by_role_id(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let rest = format!("/composites/clients/{}", seg(id_of_client));
        let url = self.role_by_id_url(realm, role_id, &rest);
        self.get_json(&url, token).await
    }

    // --- holders ---

    /// Users the realm role is mapped to directly (gocloak `GetUsersByRoleName`).
    pub async fn get_users_by_role_name(
        &self,
        token: &str,
        realm: &str,
        role_name: &str,
        params: &GetMembersParams,
    ) -> Result<Vec<UserRepresentation>> {
        let url = self.role_url(realm, None, role_name, "/users");
        self.get_query(&url, token, params).await
    }

    /// Users the client role is mapped to directly (gocloak `GetUsersByClientRoleName`).
    pub async fn get_users_by_client_role_name(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        role_name: &str,
        params: &GetMembersParams,
    ) -> Result<Vec<UserRepresentation>> {
        let url = self.role_url(realm, Some(id_of_client), role_name, "/users");
        self.get_query(&url, token, params).await
    }

    /// Groups the realm role is mapped to directly (gocloak `GetGroupsByRole`).
    pub async fn get_groups_by_role(
        &self,
        token: &str,
        realm: &str,
        role_name: &str,
        params: &GetMembersParams,
    ) -> Result<Vec<GroupRepresentation>> {
        let url = self.role_url(realm, None, role_name, "/groups");
        self.get_query(&url, token, params).await
    }

    /// Groups the client role is mapped to directly (gocloak `GetGroupsByClientRole`).
    pub async fn get_groups_by_client_role(
        &self,
        token: &str,
        realm: &str,
        role_name: &str,
        id_of_client: &str,
        params: &GetMembersParams,
    ) -> Result<Vec<GroupRepresentation>> {
        let url = self.role_url(realm, Some(id_of_client), role_name, "/groups");
        self.get_query(&url, token, params).await
    }
}
