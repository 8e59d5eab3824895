//! `management/permissions` of clients and groups. Keygate, like Keycloak 26 with
//! fine-grained admin permissions off, reports them disabled and refuses to enable them.

use keygate_client::model::{GroupRepresentation, ManagementPermissionReference};
use keygate_client::Error;

use crate::both_stores;
use crate::fixtures::{Fx, APP};
use crate::support::Srv;

both_stores!(client_management_permissions, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-mperm").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let p = kc
        .get_client_management_permissions(t, r, &app)
        .await
        .unwrap();
    assert!(!p.enabled);
    assert!(p.resource.is_none() && p.scope_permissions.is_none());
    assert!(matches!(
        kc.get_client_management_permissions(t, r, "no-such-client")
            .await,
        Err(Error::NotFound(_))
    ));
});

/// Enabling answers 501: Keygate has no fine-grained admin permissions to turn on.
fn refused(r: Result<ManagementPermissionReference, Error>) -> bool {
    matches!(r, Err(Error::Api(e)) if e.status == 501)
}

both_stores!(
    update_and_group_management_permissions,
    |srv: Srv| async move {
        let fx = Fx::new(&srv, "cl-mperm2").await;
        let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
        let app = fx.client_uuid(APP).await;
        let staff = GroupRepresentation {
            name: Some("staff".into()),
            ..Default::default()
        };
        let group = kc.create_group(t, r, &staff).await.unwrap();
        let off = ManagementPermissionReference::default();
        let on = ManagementPermissionReference {
            enabled: true,
            ..Default::default()
        };
        // Disabling is accepted and echoes the state.
        let client_off = kc.update_client_management_permissions(t, r, &app, &off);
        assert!(!client_off.await.unwrap().enabled);
        let group_off = kc.update_group_management_permissions(t, r, &group, &off);
        assert!(!group_off.await.unwrap().enabled);
        assert!(refused(
            kc.update_client_management_permissions(t, r, &app, &on)
                .await
        ));
        assert!(refused(
            kc.update_group_management_permissions(t, r, &group, &on)
                .await
        ));
        let now = kc.get_group_management_permissions(t, r, &group).await;
        assert!(!now.unwrap().enabled, "still off after the refused enable");
        assert!(matches!(
            kc.get_group_management_permissions(t, r, "no-such-group")
                .await,
            Err(Error::NotFound(_))
        ));
    }
);
