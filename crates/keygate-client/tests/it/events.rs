//! Events: with recording on, logins and admin changes are listed and filtered, and
//! clearing empties the lists.

use keygate_client::model::RealmEventsConfigRepresentation;
use keygate_client::{GetAdminEventsParams, GetEventsParams};

use crate::both_stores;
use crate::fixtures::{Fx, APP, APP_SECRET};
use crate::support::Srv;

both_stores!(login_and_admin_events, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-events").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let config = RealmEventsConfigRepresentation {
        events_enabled: Some(true),
        admin_events_enabled: Some(true),
        admin_events_details_enabled: Some(true),
        events_listeners: Some(vec!["jboss-logging".into()]),
        ..Default::default()
    };
    kc.update_events_config(t, r, &config).await.unwrap();
    let read = kc.get_events_config(t, r).await.unwrap();
    assert_eq!(read.events_enabled, Some(true));
    assert_eq!(read.admin_events_enabled, Some(true));

    let uid = fx.user("fay").await;
    kc.login(APP, APP_SECRET, r, "fay", "pw").await.unwrap();
    assert!(kc.login(APP, APP_SECRET, r, "fay", "wrong").await.is_err());

    let logins = GetEventsParams {
        type_: vec!["LOGIN".into()],
        ..Default::default()
    };
    let events = kc.get_events(t, r, &logins).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].user_id.as_deref(), Some(uid.as_str()));
    assert_eq!(events[0].client_id.as_deref(), Some(APP));
    let both = GetEventsParams {
        type_: vec!["LOGIN".into(), "LOGIN_ERROR".into()],
        user: Some(uid.clone()),
        ..Default::default()
    };
    assert_eq!(kc.get_events(t, r, &both).await.unwrap().len(), 2);

    let created = GetAdminEventsParams {
        operation_types: vec!["CREATE".into()],
        resource_types: vec!["USER".into()],
        ..Default::default()
    };
    let admin = kc.get_admin_events(t, r, &created).await.unwrap();
    assert_eq!(admin.len(), 1);
    assert_eq!(admin[0].resource_path, Some(format!("users/{uid}")));
    assert!(admin[0].representation.is_some(), "details recorded");

    kc.clear_events(t, r).await.unwrap();
    assert!(kc
        .get_events(t, r, &GetEventsParams::default())
        .await
        .unwrap()
        .is_empty());
    kc.clear_admin_events(t, r).await.unwrap();
    assert!(kc
        .get_admin_events(t, r, &GetAdminEventsParams::default())
        .await
        .unwrap()
        .is_empty());
});
