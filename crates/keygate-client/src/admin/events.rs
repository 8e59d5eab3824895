//! Login events, admin events and the realm's event settings.

use keygate_model::{
    AdminEventRepresentation, EventRepresentation, RealmEventsConfigRepresentation,
};

use crate::error::Result;
use crate::params::{GetAdminEventsParams, GetEventsParams};
use crate::KeygateClient;

impl KeygateClient {
    /// Login events, newest first (gocloak `GetEvents`).
    pub async fn get_events(
        &self,
        token: &str,
        realm: &str,
        params: &GetEventsParams,
    ) -> Result<Vec<EventRepresentation>> {
        self.get_query(&self.admin_url(realm, "/events"), token, params)
            .await
    }

    /// Deletes every login event of the realm.
    pub async fn clear_events(&self, token: &str, realm: &str) -> Result<()> {
        self.delete(&self.admin_url(realm, "/events"), token).await
    }

    /// Admin events, newest first (gocloak `GetAdminEvents`).
    pub async fn get_admin_events(
        &self,
        token: &str,
        realm: &str,
        params: &GetAdminEventsParams,
    ) -> Result<Vec<AdminEventRepresentation>> {
        self.get_query(&self.admin_url(realm, "/admin-events"), token, params)
            .await
    }

    /// Deletes every admin event of the realm.
    pub async fn clear_admin_events(&self, token: &str, realm: &str) -> Result<()> {
        self.delete(&self.admin_url(realm, "/admin-events"), token)
            .await
    }

    /// Which events the realm records, and for how long (`GET /events/config`).
    pub async fn get_events_config(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<RealmEventsConfigRepresentation> {
        self.get_json(&self.admin_url(realm, "/events/config"), token)
            .await
    }

    /// Changes which events the realm records (`PUT /events/config`).
    pub async fn update_events_config(
        &self,
        token: &str,
        realm: &str,
        config: &RealmEventsConfigRepresentation,
    ) -> Result<()> {
        self.put_json(&self.admin_url(realm, "/events/config"), token, config)
            .await
    }
}
