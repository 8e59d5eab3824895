//! A user's stored credentials: listed without secrets, relabelled, reordered, removed.

use keygate_model::CredentialRepresentation;
use reqwest::Method;

use crate::error::Result;
use crate::{seg, KeygateClient};

endpoints! {
    /// The credential types the user's storage provider holds (empty for local users).
    get get_configured_user_storage_credential_types(user_id) -> Vec<String>
        = "/users/{user_id}/configured-user-storage-credential-types";

    /// The required actions that register a credential, e.g. `CONFIGURE_TOTP` (gocloak
    /// `GetCredentialRegistrators`).
    get get_credential_registrators() -> Vec<String> = "/credential-registrators";

    /// The user's stored credentials, secrets left out (gocloak `GetCredentials`).
    get get_credentials(user_id) -> Vec<CredentialRepresentation>
        = "/users/{user_id}/credentials";

    /// Deletes one of the user's credentials (gocloak `DeleteCredentials`).
    delete delete_credentials(user_id, credential_id) -> ()
        = "/users/{user_id}/credentials/{credential_id}";

    /// Removes every credential of the listed types, e.g. `["otp"]` (gocloak
    /// `DisableAllCredentialsByType`).
    put disable_all_credentials_by_type(user_id; types: &[String]) -> ()
        = "/users/{user_id}/disable-credential-types";

    /// Moves a credential to the top of the user's list.
    post move_credential_to_first(user_id, credential_id) -> ()
        = "/users/{user_id}/credentials/{credential_id}/moveToFirst";

    /// Moves a credential right after another.
    post move_credential_after(user_id, credential_id, previous_id) -> ()
        = "/users/{user_id}/credentials/{credential_id}/moveAfter/{previous_id}";
}

impl KeygateClient {
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
        let path = format!(
            "/users/{}/credentials/{}/userLabel",
            seg(user_id),
            seg(credential_id)
        );
        let req = self
            .request(Method::PUT, &self.admin_url(realm, &path), token)
            .header(reqwest::header::CONTENT_TYPE, "text/plain")
            .body(user_label.to_string());
        Self::empty(req).await
    }
}
