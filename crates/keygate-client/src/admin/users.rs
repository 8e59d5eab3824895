//! Users: create, search, count, update, delete, set a password, brute-force status.

use keygate_model::{BruteForceStatus, CredentialRepresentation, UserRepresentation};

use crate::error::Result;
use crate::params::GetUsersParams;
use crate::{seg, KeygateClient};

endpoints! {
    /// Creates a user; returns its id (gocloak `CreateUser`).
    create create_user(; user: &UserRepresentation) -> String = "/users";

    /// gocloak `GetUserByID`.
    get get_user_by_id(user_id) -> UserRepresentation = "/users/{user_id}";

    /// Searches users, paged (gocloak `GetUsers`).
    get get_users(; params: &GetUsersParams) -> Vec<UserRepresentation> = "/users";

    /// Counts users matching the filters (gocloak `GetUserCount`).
    get get_user_count(; params: &GetUsersParams) -> i64 = "/users/count";

    /// Partial update; the representation's `id` names the user (gocloak `UpdateUser`).
    put update_user(; user: &UserRepresentation) -> () = "/users/{id}", id = user.id;

    /// gocloak `DeleteUser`.
    delete delete_user(user_id) -> () = "/users/{user_id}";

    /// A user's brute-force status: failed logins and whether they lock the user out now
    /// (gocloak `GetUserBruteForceDetectionStatus`). With protection off it reads as no
    /// failures, as Keycloak answers.
    get get_user_brute_force_detection_status(user_id) -> BruteForceStatus
        = "/attack-detection/brute-force/users/{user_id}";
}

impl KeygateClient {
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
}
