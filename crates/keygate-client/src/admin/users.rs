use keygate_model::{BruteForceStatus, CredentialRepresentation, UserRepresentation};
use reqwest::Method;

use crate::error::Result;
use crate::params::GetUsersParams;
use crate::{seg, KeygateClient};

impl KeygateClient {
    /// Creates a user; returns its id (gocloak `CreateUser`).
    pub async fn create_user(
        &self,
        token: &str,
        realm: &str,
        user: &UserRepresentation,
    ) -> Result<String> {
        self.create(&self.admin_url(realm, "/users"), token, user)
            .await
    }

    /// gocloak `GetUserByID`.
    pub async fn get_user_by_id(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<UserRepresentation> {
        self.get_json(
            &self.admin_url(realm, &format!("/users/{}", seg(user_id))),
            token,
        )
        .await
    }

    /// Searches users, paged (gocloak `GetUsers`).
    pub async fn get_users(
        &self,
        token: &str,
        realm: &str,
        params: &GetUsersParams,
    ) -> Result<Vec<UserRepresentation>> {
        let req = self
            .request(Method::GET, &self.admin_url(realm, "/users"), token)
            .query(params);
        Self::json(req).await
    }

    /// Counts users matching the filters (gocloak `GetUserCount`).
    pub async fn get_user_count(
        &self,
        token: &str,
        realm: &str,
        params: &GetUsersParams,
    ) -> Result<i64> {
        let req = self
            .request(Method::GET, &self.admin_url(realm, "/users/count"), token)
            .query(params);
        Self::json(req).await
    }

    /// Partial update; the representation's `id` names the user (gocloak `UpdateUser`).
    pub async fn update_user(
        &self,
        token: &str,
        realm: &str,
        user: &UserRepresentation,
    ) -> Result<()> {
        let id = user.id.as_deref().unwrap_or_default();
        self.put_json(
            &self.admin_url(realm, &format!("/users/{}", seg(id))),
            token,
            user,
        )
        .await
    }

    /// gocloak `DeleteUser`.
    pub async fn delete_user(&self, token: &str, realm: &str, user_id: &str) -> Result<()> {
        self.delete(
            &self.admin_url(realm, &format!("/users/{}", seg(user_id))),
            token,
        )
        .await
    }

    /// Sets a password; `temporary` makes the user change it at next login (gocloak
    /// `SetPassword`).
    pub async fn set_password(
        &self,
        token: &str,
        user_id: &str,
        realm: &str,
        password: &str,
        temporary: bool,
    ) -> Result<()> {
        let cred = CredentialRepresentation {
            type_: Some("password".into()),
            value: Some(password.into()),
            temporary: Some(temporary),
            ..Default::default()
        };
        let url = self.admin_url(realm, &format!("/users/{}/reset-password", seg(user_id)));
        self.put_json(&url, token, &cred).await
    }

    /// A user's brute-force status: failed logins and whether they lock the user out now
    /// (gocloak `GetUserBruteForceDetectionStatus`). With protection off it reads as no
    /// failures, as Keycloak answers.
    pub async fn get_user_brute_force_detection_status(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
    ) -> Result<BruteForceStatus> {
        let path = format!("/attack-detection/brute-force/users/{}", seg(user_id));
        self.get_json(&self.admin_url(realm, &path), token).await
    }
}
