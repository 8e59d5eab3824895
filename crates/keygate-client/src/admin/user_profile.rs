//! The realm's user profile, and per user: consents and linked identity-provider
//! accounts.

use keygate_model::{
    FederatedIdentityRepresentation, UPConfig, UserConsentRepresentation, UserProfileMetadata,
};

endpoints! {
    /// The realm's user-profile configuration (gocloak `GetUsersProfile`).
    get get_users_profile() -> UPConfig = "/users/profile";

    /// Replaces the realm's user-profile configuration; returns it as stored (gocloak
    /// `UpdateUsersProfile`).
    update update_users_profile(; config: &UPConfig) -> UPConfig = "/users/profile";

    /// The profile as forms render it: attributes with their validators, and groups.
    get get_users_profile_metadata() -> UserProfileMetadata = "/users/profile/metadata";

    /// The consents the user gave clients (`GET /users/{id}/consents`).
    get get_user_consents(user_id) -> Vec<UserConsentRepresentation>
        = "/users/{user_id}/consents";

    /// Revokes the user's consent to a client (by `clientId`) and its offline tokens.
    delete revoke_user_consents(user_id, client_id) -> ()
        = "/users/{user_id}/consents/{client_id}";

    /// The user's linked identity-provider accounts (gocloak
    /// `GetUserFederatedIdentities`).
    get get_user_federated_identities(user_id) -> Vec<FederatedIdentityRepresentation>
        = "/users/{user_id}/federated-identity";

    /// Links an identity-provider account to the user (gocloak
    /// `CreateUserFederatedIdentity`).
    post create_user_federated_identity(
        user_id, provider_id; identity: &FederatedIdentityRepresentation
    ) -> () = "/users/{user_id}/federated-identity/{provider_id}";

    /// Unlinks an identity-provider account (gocloak `DeleteUserFederatedIdentity`).
    delete delete_user_federated_identity(user_id, provider_id) -> ()
        = "/users/{user_id}/federated-identity/{provider_id}";
}
