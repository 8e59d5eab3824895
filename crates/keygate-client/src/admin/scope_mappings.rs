//! Scope mappings of clients (`/clients/{id}/scope-mappings`) and client scopes
//! (`/client-scopes/{id}/scope-mappings`): which roles may appear in the tokens issued
//! through them, per realm and per client.

use keygate_model::{MappingsRepresentation, RoleRepresentation};

use crate::error::Result;
use crate::{seg, KeygateClient};

/// Whose scope mappings.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Client(&'a str),
    Scope(&'a str),
}

impl KeygateClient {
    /// `.../scope-mappings{part}{rest}`: `part` is "" (all), `/realm` or
    /// `/clients/{role_client}`.
    fn scope_mapping_url(
        &self,
        realm: &str,
        o: Owner<'_>,
        part: Option<Option<&str>>,
        rest: &str,
    ) -> String {
        let (kind, id) = match o {
            Owner::Client(id) => ("clients", id),
            Owner::Scope(id) => ("client-scopes", id),
        };
        let part = match part {
            None => String::new(),
            Some(None) => "/realm".to_string(),
            Some(Some(c)) => format!("/clients/{}", seg(c)),
        };
        self.admin_url(
            realm,
            &format!("/{kind}/{}/scope-mappings{part}{rest}", seg(id)),
        )
    }

    // --- clients ---

    /// Every scope mapping of a client (gocloak `GetClientScopeMappings`).
    pub async fn get_client_scope_mappings(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<MappingsRepresentation> {
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), None, "");
        self.get_json(&url, token).await
    }

    /// The realm roles in a client's scope (gocloak
    /// `GetClientScopeMappingsRealmRoles`).
    pub async fn get_client_scope_mappings_realm_roles(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), Some(None), "");
        self.get_json(&url, token).await
    }

    /// The realm roles that could still be added to a client's scope (gocloak
    /// `GetClientScopeMappingsRealmRolesAvailable`).
    pub async fn get_client_scope_mappings_realm_roles_available(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let o = Owner::Client(id_of_client);
        let url = self.scope_mapping_url(realm, o, Some(None), "/available");
        self.get_json(&url, token).await
    }

    /// Adds realm roles to a client's scope (gocloak
    /// `CreateClientScopeMappingsRealmRoles`).
    pub async fn create_client_scope_mappings_realm_roles(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), Some(None), "");
        self.post_json(&url, token, roles).await
    }

    /// Removes realm roles from a client's scope (gocloak
    /// `DeleteClientScopeMappingsRealmRoles`).
    pub async fn delete_client_scope_mappings_realm_roles(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), Some(None), "");
        self.delete_json(&url, token, roles).await
    }

    /// The roles of `id_of_role_client` in the scope of `id_of_client` (gocloak
    /// `GetClientScopeMappingsClientRoles`).
    pub async fn get_client_scope_mappings_client_roles(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        id_of_role_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let part = Some(Some(id_of_role_client));
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), part, "");
        self.get_json(&url, token).await
    }

    /// The roles of `id_of_role_client` that could still be added to the scope (gocloak
    /// `GetClientScopeMappingsClientRolesAvailable`).
    pub async fn get_client_scope_mappings_client_roles_available(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        id_of_role_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let part = Some(Some(id_of_role_client));
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), part, "/available");
        self.get_json(&url, token).await
    }

    /// Adds roles of `id_of_role_client` to the scope of `id_of_client` (gocloak
    /// `CreateClientScopeMappingsClientRoles`).
    pub async fn create_client_scope_mappings_client_roles(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        id_of_role_client: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let part = Some(Some(id_of_role_client));
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), part, "");
        self.post_json(&url, token, roles).await
    }

    /// Removes roles of `id_of_role_client` from the scope of `id_of_client` (gocloak
    /// `DeleteClientScopeMappingsClientRoles`).
    pub async fn delete_client_scope_mappings_client_roles(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        id_of_role_client: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let part = Some(Some(id_of_role_client));
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), part, "");
        self.delete_json(&url, token, roles).await
    }

    // --- client scopes ---

    /// Every scope mapping of a client scope (gocloak `GetClientScopesScopeMappings`).
    pub async fn get_client_scopes_scope_mappings(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<MappingsRepresentation> {
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), None, "");
        self.get_json(&url, token).await
    }

    /// The realm roles in a client scope's scope (gocloak
    /// `GetClientScopesScopeMappingsRealmRoles`).
    pub async fn get_client_scopes_scope_mappings_realm_roles(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), Some(None), "");
        self.get_json(&url, token).await
    }

    /// The realm roles that could still be added to a client scope's scope (gocloak
    /// `GetClientScopesScopeMappingsRealmRolesAvailable`).
    pub async fn get_client_scopes_scope_mappings_realm_roles_available(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let o = Owner::Scope(scope_id);
        let url = self.scope_mapping_url(realm, o, Some(None), "/available");
        self.get_json(&url, token).await
    }

    /// Adds realm roles to a client scope's scope (gocloak
    /// `CreateClientScopesScopeMappingsRealmRoles`).
    pub async fn create_client_scopes_scope_mappings_realm_roles(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), Some(None), "");
        self.post_json(&url, token, roles).await
    }

    /// Removes realm roles from a client scope's scope (gocloak
    /// `DeleteClientScopesScopeMappingsRealmRoles`).
    pub async fn delete_client_scopes_scope_mappings_realm_roles(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), Some(None), "");
        self.delete_json(&url, token, roles).await
    }

    /// The roles of `id_of_client` in a client scope's scope (gocloak
    /// `GetClientScopesScopeMappingsClientRoles`).
    pub async fn get_client_scopes_scope_mappings_client_roles(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        id_of_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let part = Some(Some(id_of_client));
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), part, "");
        self.get_json(&url, token).await
    }

    /// The roles of `id_of_client` that could still be added to a client scope's scope
    /// (gocloak `GetClientScopesScopeMappingsClientRolesAvailable`).
    pub async fn get_client_scopes_scope_mappings_client_roles_available(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        id_of_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let part = Some(Some(id_of_client));
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), part, "/available");
        self.get_json(&url, token).await
    }

    /// Adds roles of `id_of_client` to a client scope's scope (gocloak
    /// `CreateClientScopesScopeMappingsClientRoles`).
    pub async fn create_client_scopes_scope_mappings_client_roles(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        id_of_client: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let part = Some(Some(id_of_client));
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), part, "");
        self.post_json(&url, token, roles).await
    }

    /// Removes roles of `id_of_client` from a client scope's scope (gocloak
    /// `DeleteClientScopesScopeMappingsClientRoles`).
    pub async fn delete_client_scopes_scope_mappings_client_roles(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        id_of_client: &str,
        roles: &[RoleRepresentation],
    ) -> Result<()> {
        let part = Some(Some(id_of_client));
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), part, "");
        self.delete_json(&url, token, roles).await
    }

    // --- effective (composite) scopes ---

    /// The realm roles in a client's scope, expanded through composites: what its tokens
    /// may carry (Keycloak `GET .../scope-mappings/realm/composite`).
    pub async fn get_client_scope_mappings_realm_roles_composite(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let o = Owner::Client(id_of_client);
        let url = self.scope_mapping_url(realm, o, Some(None), "/composite");
        self.get_json(&url, token).await
    }

    /// The roles of `id_of_role_client` in the scope of `id_of_client`, expanded through
    /// composites (Keycloak `GET .../scope-mappings/clients/{client}/composite`).
    pub async fn get_client_scope_mappings_client_roles_composite(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        id_of_role_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let part = Some(Some(id_of_role_client));
        let url = self.scope_mapping_url(realm, Owner::Client(id_of_client), part, "/composite");
        self.get_json(&url, token).await
    }

    /// The realm roles in a client scope's scope, expanded through composites (Keycloak
    /// `GET /client-scopes/{id}/scope-mappings/realm/composite`).
    pub async fn get_client_scopes_scope_mappings_realm_roles_composite(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let o = Owner::Scope(scope_id);
        let url = self.scope_mapping_url(realm, o, Some(None), "/composite");
        self.get_json(&url, token).await
    }

    /// The roles of `id_of_client` in a client scope's scope, expanded through composites
    /// (Keycloak `GET /client-scopes/{id}/scope-mappings/clients/{client}/composite`).
    pub async fn get_client_scopes_scope_mappings_client_roles_composite(
        &self,
        token: &str,
        realm: &str,
        scope_id: &str,
        id_of_client: &str,
    ) -> Result<Vec<RoleRepresentation>> {
        let part = Some(Some(id_of_client));
        let url = self.scope_mapping_url(realm, Owner::Scope(scope_id), part, "/composite");
        self.get_json(&url, token).await
    }
}
