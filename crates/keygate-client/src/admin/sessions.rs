//! Sessions (per client and per user, logging users out, revoking every session of the
//! realm) and a user's stored credentials.

use std::collections::BTreeMap;

use keygate_model::{CredentialRepresentation, GlobalRequestResult, UserSessionRepresentation};
use reqwest::Method;

use crate::error::Result;
use crate::params::GetSessionsParams;
use crate::{seg, KeygateClient};

/// No query parameters.
const NO_QUERY: &[(&str, &str)] = &[];

impl KeygateClient {
    fn client_sessions_url(&self, realm: &str, id_of_client: &str, rest: &str) -> String {
        self.admin_url(realm, &format!("/clients/{}{rest}", seg(id_of_client)))
    }

    /// The client's online sessions (gocloak `GetClientUserSessions`).
    pub async fn get_client_user_sessions(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        params: &GetSessionsParams,
    ) -> Result<Vec<UserSessionRepresentation>> {
        let url = self.client_sessions_url(realm, id_of_client, "/user-sessions");
        self.get_query(&url, token, params).await
    }

    /// The client's offline sessions (gocloak `GetClientOfflineSessions`).
    pub async fn get_client_offline_sessions(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
        params: &GetSessionsParams,
    ) -> Result<Vec<UserSessionRepresentation>> {
        let url = self.client_sessions_url(realm, id_of_client, "/offline-sessions");
        self.get_query(&url, token, params).await
    }

    /// How many online sessions the client has (gocloak `GetClientUserSessionsCount`).
    pub async fn get_client_user_sessions_count(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<i64> {
        let url = self.client_sessions_url(realm, id_of_client, "/session-count");
        self.get_count(&url, token, NO_QUERY).await
    }

    /// How many offline sessions the client has (gocloak
    /// `GetClientOfflineSessionsCount`).
    pub async fn get_client_offline_sessions_count(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<i64> {
        let url = self.client_sessions_url(realm, id_of_client, "/offline-session-count");
        self.get_count(&url, token, NO_QUERY).await
    }

    /// Per client with sessions: `id`, `clientId`, `active` and `offline` counts
    /// (`GET /client-session-stats`).
    pub async fn get_client_session_stats(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<Vec<BTreeMap<String, String>>> {
        self.get_json(&self.admin_url(realm, "/client-session-stats"), token)
            .await
    }

    /// The user's online sessions (gocloak `GetUserSessions`).
    pub async fn get_user_sessions(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<Vec<UserSessionRepresentation>> {
        let url = self.admin_url(realm, &format!("/users/{}/sessions", seg(user_id)));
        self.get_json(&url, token).await
    }

    /// The user's offline sessions with one client (gocloak
    /// `GetUserOfflineSessionsForClient`).
    pub async fn get_user_offline_sessions_for_client(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        id_of_client: &str,
    ) -> Result<Vec<UserSessionRepresentation>> {
        let path = format!(
            "/users/{}/offline-sessions/{}",
            seg(user_id),
            seg(id_of_client)
        );
        self.get_json(&self.admin_url(realm, &path), token).await
    }

    /// Ends every session of the user (gocloak `LogoutAllSessions`).
    pub async fn logout_all_sessions(&self, token: &str, realm: &str, user_id: &str) -> Result<()> {
        let url = self.admin_url(realm, &format!("/users/{}/logout", seg(user_id)));
        self.post_no_body(&url, token).await
    }

    /// Ends one session (gocloak `LogoutUserSession`); `offline` ends an offline one.
    pub async fn logout_user_session(
        &self,
        token: &str,
        realm: &str,
        session: &str,
        offline: bool,
    ) -> Result<()> {
        let url = self.admin_url(realm, &format!("/sessions/{}", seg(session)));
        let req = self
            .request(Method::DELETE, &url, token)
            .query(&[("isOffline", offline)]);
        Self::empty(req).await
    }

    /// Ends every session of the realm and sets its not-before to now, so earlier
    /// tokens stop working (`POST /logout-all`).
    pub async fn logout_all(&self, token: &str, realm: &str) -> Result<GlobalRequestResult> {
        let url = self.admin_url(realm, "/logout-all");
        Self::json(self.request(Method::POST, &url, token)).await
    }

    /// Pushes the realm's not-before to the clients' admin URLs (`POST
    /// /push-revocation`).
    pub async fn push_revocation(&self, token: &str, realm: &str) -> Result<GlobalRequestResult> {
        let url = self.admin_url(realm, "/push-revocation");
        Self::json(self.request(Method::POST, &url, token)).await
    }

    /// Pushes the client's not-before to its admin URL (`POST
    /// /clients/{id}/push-revocation`).
    pub async fn push_client_revocation(
        &self,
        token: &str,
        realm: &str,
        id_of_client: &str,
    ) -> Result<GlobalRequestResult> {
        let url = self.client_sessions_url(realm, id_of_client, "/push-revocation");
        Self::json(self.request(Method::POST, &url, token)).await
    }

    // --- credentials ---

    /// The credential types the user's storage provider holds (empty for local users).
    pub async fn get_configured_user_storage_credential_types(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<Vec<String>> {
        let path = format!(
            "/users/{}/configured-user-storage-credential-types",
            seg(user_id)
        );
        self.get_json(&self.admin_url(realm, &path), token).await
    }

    /// The required actions that register a credential, e.g. `CONFIGURE_TOTP` (gocloak
    /// `GetCredentialRegistrators`).
    pub async fn get_credential_registrators(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<Vec<String>> {
        self.get_json(&self.admin_url(realm, "/credential-registrators"), token)
            .await
    }

    fn credential_url(&self, realm: &str, user_id: &str, rest: &str) -> String {
        self.admin_url(realm, &format!("/users/{}/credentials{rest}", seg(user_id)))
    }

    /// The user's stored credentials, secrets left out (gocloak `GetCredentials`).
    pub async fn get_credentials(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<Vec<CredentialRepresentation>> {
        self.get_json(&self.credential_url(realm, user_id, ""), token)
            .await
    }

    /// Deletes one of the user's credentials (gocloak `DeleteCredentials`).
    pub async fn delete_credentials(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        credential_id: &str,
    ) -> Result<()> {
        let url = self.credential_url(realm, user_id, &format!("/{}", seg(credential_id)));
        self.delete(&url, token).await
    }

    /// Renames a credential (gocloak `UpdateCredentialUserLabel`); the body is plain
    /// text, as Keycloak takes it.
    pub async fn update_credential_user_label(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        credential_id: &str,
        user_label: &str,
    ) -> Result<()> {
        let rest = format!("/{}/userLabel", seg(credential_id));
        let url = self.credential_url(realm, user_id, &rest);
        let req = self
            .request(Method::PUT, &url, token)
            .header(reqwest::header::CONTENT_TYPE, "text/plain")
            .body(user_label.to_string());
        Self::empty(req).await
    }

    /// Removes every credential of the listed types, e.g. `["otp"]` (gocloak
    /// `DisableAllCredentialsByType`).
    pub async fn disable_all_credentials_by_type(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        types: &[String],
    ) -> Result<()> {
        let path = format!("/users/{}/disable-credential-types", seg(user_id));
        self.put_json(&self.admin_url(realm, &path), token, types)
            .await
    }

    /// Moves a credential to the top of the user's list.
    pub async fn move_credential_to_first(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        credential_id: &str,
    ) -> Result<()> {
        let rest = format!("/{}/moveToFirst", seg(credential_id));
        self.post_no_body(&self.credential_url(realm, user_id, &rest), token)
            .await
    }

    /// Moves a credential right after another.
    pub async fn move_credential_after(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        credential_id: &str,
        previous_id: &str,
    ) -> Result<()> {
        let rest = format!("/{}/moveAfter/{}", seg(credential_id), seg(previous_id));
        self.post_no_body(&self.credential_url(realm, user_id, &rest), token)
            .await
    }
}
