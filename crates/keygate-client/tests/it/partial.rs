//! Partial import (fail, skip, overwrite) and partial export.

use keygate_client::model::{
    ClientRepresentation, GroupRepresentation, PartialImportRepresentation, RoleRepresentation,
    RolesRepresentation, UserRepresentation,
};
use keygate_client::{Error, GetUsersParams, PartialExportParams};

use crate::both_stores;
use crate::fixtures::Fx;
use crate::support::Srv;

fn import(policy: &str) -> PartialImportRepresentation {
    PartialImportRepresentation {
        if_resource_exists: Some(policy.into()),
        users: Some(vec![UserRepresentation {
            username: Some("imported".into()),
            enabled: Some(true),
            ..Default::default()
        }]),
        clients: Some(vec![ClientRepresentation {
            client_id: Some("imported-app".into()),
            secret: Some("s3cret".into()),
            ..Default::default()
        }]),
        groups: Some(vec![GroupRepresentation {
            name: Some("imported-group".into()),
            ..Default::default()
        }]),
        roles: Some(RolesRepresentation {
            realm: Some(vec![RoleRepresentation {
                name: Some("imported-role".into()),
                ..Default::default()
            }]),
            client: None,
        }),
        ..Default::default()
    }
}

both_stores!(partial_import_policies, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-pimp").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let added = kc.partial_import(t, r, &import("FAIL")).await.unwrap();
    assert_eq!(added.added, 4);
    assert_eq!(added.results.len(), 4);
    let users = GetUsersParams {
        username: Some("imported".into()),
        exact: Some(true),
        ..Default::default()
    };
    assert_eq!(kc.get_users(t, r, &users).await.unwrap().len(), 1);
    kc.get_realm_role(t, r, "imported-role").await.unwrap();

    let skipped = kc.partial_import(t, r, &import("SKIP")).await.unwrap();
    assert_eq!((skipped.added, skipped.skipped), (0, 4));
    let over = kc.partial_import(t, r, &import("OVERWRITE")).await.unwrap();
    assert_eq!(over.overwritten, 4);
    assert!(matches!(
        kc.partial_import(t, r, &import("FAIL")).await,
        Err(Error::Conflict(_))
    ));
});

both_stores!(partial_export_masks_secrets, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-pexp").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    kc.partial_import(t, r, &import("FAIL")).await.unwrap();
    let bare = kc
        .partial_export(t, r, &PartialExportParams::default())
        .await
        .unwrap();
    assert_eq!(bare.realm.as_deref(), Some(r));
    assert!(bare.clients.unwrap_or_default().is_empty());
    let full = PartialExportParams {
        export_clients: Some(true),
        export_groups_and_roles: Some(true),
    };
    let exported = kc.partial_export(t, r, &full).await.unwrap();
    let clients = exported.clients.unwrap();
    let app = clients
        .iter()
        .find(|c| c.client_id.as_deref() == Some("imported-app"))
        .unwrap();
    assert_eq!(app.secret.as_deref(), Some("**********"));
    assert!(exported
        .groups
        .unwrap()
        .iter()
        .any(|g| g.name.as_deref() == Some("imported-group")));
    let roles = exported.roles.unwrap().realm.unwrap();
    assert!(roles
        .iter()
        .any(|r| r.name.as_deref() == Some("imported-role")));
});
