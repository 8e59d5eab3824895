//! Login events, admin events and the realm's event settings.

use keygate_model::{
    AdminEventRepresentation, EventRepresentation, RealmEventsConfigRepresentation,
};

use crate::params::{GetAdminEventsParams, GetEventsParams};

endpoints! {
    /// Login events, newest first (gocloak `GetEvents`).
    get get_events(; params: &GetEventsParams) -> Vec<EventRepresentation> = "/events";

    /// Deletes every login event of the realm.
    delete clear_events() -> () = "/events";

    /// Admin events, newest first (gocloak `GetAdminEvents`).
    get get_admin_events(; params: &GetAdminEventsParams) -> Vec<AdminEventRepresentation>
        = "/admin-events";

    /// Deletes every admin event of the realm.
    delete clear_admin_events() -> () = "/admin-events";

    /// Which events the realm records, and for how long (`GET /events/config`).
    get get_events_config() -> RealmEventsConfigRepresentation = "/events/config";

    /// Changes which events the realm records (`PUT /events/config`).
    put update_events_config(; config: &RealmEventsConfigRepresentation) -> ()
        = "/events/config";
}
