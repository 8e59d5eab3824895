//! Sessions: per client and per user, logging users out, revoking every session of the
//! realm.

use std::collections::BTreeMap;

use keygate_model::{GlobalRequestResult, UserSessionRepresentation};
use reqwest::Method;

use crate::error::Result;
use crate::params::GetSessionsParams;
use crate::{seg, KeygateClient};

endpoints! {
    /// The client's online sessions (gocloak `GetClientUserSessions`).
    get get_client_user_sessions(id_of_client; params: &GetSessionsParams)
        -> Vec<UserSessionRepresentation> = "/clients/{id_of_client}/user-sessions";

    /// The client's offline sessions (gocloak `GetClientOfflineSessions`).
    get get_client_offline_sessions(id_of_client; params: &GetSessionsParams)
        -> Vec<UserSessionRepresentation> = "/clients/{id_of_client}/offline-sessions";

    /// How many online sessions the client has (gocloak `GetClientUserSessionsCount`).
    count get_client_user_sessions_count(id_of_client) -> i64
        = "/clients/{id_of_client}/session-count";

    /// How many offline sessions the client has (gocloak
    /// `GetClientOfflineSessionsCount`).
    count get_client_offline_sessions_count(id_of_client) -> i64
        = "/clients/{id_of_client}/offline-session-count";

    /// Per client with sessions: `id`, `clientId`, `active` and `offline` counts
    /// (`GET /client-session-stats`).
    get get_client_session_stats() -> Vec<BTreeMap<String, String>> = "/client-session-stats";

    /// The user's online sessions (gocloak `GetUserSessions`).
    get get_user_sessions(user_id) -> Vec<UserSessionRepresentation>
        = "/users/{user_id}/sessions";

    /// The user's offline sessions with one client (gocloak
    /// `GetUserOfflineSessionsForClient`).
    get get_user_offline_sessions_for_client(user_id, id_of_client)
        -> Vec<UserSessionRepresentation> = "/users/{user_id}/offline-sessions/{id_of_client}";

    /// Ends every session of the user (gocloak `LogoutAllSessions`).
    post logout_all_sessions(user_id) -> () = "/users/{user_id}/logout";

    /// Ends every session of the realm and sets its not-before to now, so earlier
    /// tokens stop working (`POST /logout-all`).
    act logout_all() -> GlobalRequestResult = "/logout-all";

    /// Pushes the realm's not-before to the clients' admin URLs (`POST
    /// /push-revocation`).
    act push_revocation() -> GlobalRequestResult = "/push-revocation";

    /// Pushes the client's not-before to its admin URL (`POST
    /// /clients/{id}/push-revocation`).
    act push_client_revocation(id_of_client) -> GlobalRequestResult
        = "/clients/{id_of_client}/push-revocation";
}

impl KeygateClient {
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
}
