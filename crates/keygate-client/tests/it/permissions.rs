//! `management/permissions` of clients and groups. Keygate, like Keycloak 26 with
//! fine-grained admin permissions off, reports them disabled and refuses to enable them.

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
