//! Realm roles, client roles, roles by id and composites: created roles read back,
//! updates stick, deleted roles are gone, composites expand in tokens.

use keygate_client::model::{GroupRepresentation, RoleRepresentation};
use keygate_client::{Error, GetMembersParams, GetRoleParams};

use crate::both_stores;
use crate::fixtures::{role, Fx, APP};
use crate::support::Srv;

both_stores!(realm_roles_round_trip, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-roles").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let mut rep = role("auditor");
    rep.description = Some("reads logs".into());
    assert_eq!(kc.create_realm_role(t, r, &rep).await.unwrap(), "auditor");
    let read = kc.get_realm_role(t, r, "auditor").await.unwrap();
    assert_eq!(read.description.as_deref(), Some("reads logs"));
    assert_eq!(read.client_role, Some(false));
    assert!(matches!(
        kc.create_realm_role(t, r, &rep).await,
        Err(Error::Conflict(_))
    ));
    kc.create_realm_role(t, r, &role("auditor-lead"))
        .await
        .unwrap();

    let search = GetRoleParams {
        search: Some("audit".into()),
        ..Default::default()
    };
    let found = kc.get_realm_roles(t, r, &search).await.unwrap();
    let names: Vec<_> = found.iter().filter_map(|r| r.name.clone()).collect();
    assert_eq!(names, ["auditor", "auditor-lead"]);
    let all = kc
        .get_realm_roles(t, r, &GetRoleParams::default())
        .await
        .unwrap();
    assert!(all
        .iter()
        .any(|r| r.name.as_deref() == Some("offline_access")));

    let update = RoleRepresentation {
        name: Some("auditor".into()),
        description: Some("reads every log".into()),
        ..Default::default()
    };
    kc.update_realm_role(t, r, "auditor", &update)
        .await
        .unwrap();
    let read = kc.get_realm_role(t, r, "auditor").await.unwrap();
    assert_eq!(read.description.as_deref(), Some("reads every log"));

    kc.delete_realm_role(t, r, "auditor").await.unwrap();
    assert!(matches!(
        kc.get_realm_role(t, r, "auditor").await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        kc.delete_realm_role(t, r, "auditor").await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(role_names_are_encoded, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-rname").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    for name in ["with space", "a/b", "x+y%z", "ünï"] {
        assert_eq!(kc.create_realm_role(t, r, &role(name)).await.unwrap(), name);
        let read = kc.get_realm_role(t, r, name).await.unwrap();
        assert_eq!(read.name.as_deref(), Some(name));
        kc.delete_realm_role(t, r, name).await.unwrap();
    }
});

both_stores!(client_roles_round_trip, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-croles").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    assert_eq!(
        kc.create_client_role(t, r, &app, &role("viewer"))
            .await
            .unwrap(),
        "viewer"
    );
    kc.create_client_role(t, r, &app, &role("writer"))
        .await
        .unwrap();
    let read = kc.get_client_role(t, r, &app, "viewer").await.unwrap();
    assert_eq!(read.client_role, Some(true));
    assert_eq!(read.container_id.as_deref(), Some(app.as_str()));
    let roles = kc
        .get_client_roles(t, r, &app, &GetRoleParams::default())
        .await
        .unwrap();
    let names: Vec<_> = roles.iter().filter_map(|r| r.name.clone()).collect();
    assert_eq!(names, ["viewer", "writer"]);
    let page = GetRoleParams {
        first: Some(1),
        max: Some(1),
        ..Default::default()
    };
    let second = kc.get_client_roles(t, r, &app, &page).await.unwrap();
    assert_eq!(second[0].name.as_deref(), Some("writer"));

    let mut update = role("viewer");
    update.description = Some("sees".into());
    kc.update_role(t, r, &app, &update).await.unwrap();
    let read = kc.get_client_role(t, r, &app, "viewer").await.unwrap();
    assert_eq!(read.description.as_deref(), Some("sees"));

    kc.delete_client_role(t, r, &app, "viewer").await.unwrap();
    assert!(matches!(
        kc.get_client_role(t, r, &app, "viewer").await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        kc.get_client_roles(t, r, "no-such-client", &GetRoleParams::default())
            .await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(roles_by_id_round_trip, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-rbyid").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let id = fx.client_role(&app, "op").await.id.unwrap();
    let read = kc.get_role_by_id(t, r, &id).await.unwrap();
    assert_eq!(read.name.as_deref(), Some("op"));
    let update = RoleRepresentation {
        name: Some("operator".into()),
        description: Some("runs things".into()),
        ..Default::default()
    };
    kc.update_role_by_id(t, r, &id, &update).await.unwrap();
    let read = kc.get_client_role(t, r, &app, "operator").await.unwrap();
    assert_eq!(read.id.as_deref(), Some(id.as_str()));
    assert_eq!(read.description.as_deref(), Some("runs things"));
    kc.delete_role_by_id(t, r, &id).await.unwrap();
    assert!(matches!(
        kc.get_role_by_id(t, r, &id).await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(realm_composites_expand_in_tokens, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-comp").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    kc.create_realm_role(t, r, &role("manager")).await.unwrap();
    let (reader, approve) = fx.roles("reader", &app, "approve").await;
    kc.add_realm_role_composite(t, r, "manager", &[reader.clone(), approve.clone()])
        .await
        .unwrap();
    let children = kc.get_composite_realm_roles(t, r, "manager").await.unwrap();
    let mut names: Vec<_> = children.iter().filter_map(|r| r.name.clone()).collect();
    names.sort();
    assert_eq!(names, ["approve", "reader"]);
    assert_eq!(
        kc.get_realm_role(t, r, "manager").await.unwrap().composite,
        Some(true)
    );

    let uid = fx.user("max").await;
    let manager = kc.get_realm_role(t, r, "manager").await.unwrap();
    kc.add_realm_role_to_user(t, r, &uid, &[manager])
        .await
        .unwrap();
    let claims = fx.claims("max").await;
    assert!(claims.has_realm_role("manager"));
    assert!(claims.has_realm_role("reader"), "composite child in token");
    assert!(claims.has_client_role(APP, "approve"));

    kc.delete_realm_role_composite(t, r, "manager", &[reader])
        .await
        .unwrap();
    let children = kc.get_composite_realm_roles(t, r, "manager").await.unwrap();
    assert_eq!(children.len(), 1);
    let claims = fx.claims("max").await;
    assert!(!claims.has_realm_role("reader"));
    assert!(claims.has_client_role(APP, "approve"));
    assert!(matches!(
        kc.add_realm_role_composite(t, r, "no-such-role", &[approve])
            .await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(composites_by_role_id, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-compid").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let admin_id = fx.client_role(&app, "admin").await.id.unwrap();
    let (base, view) = fx.roles("base", &app, "view").await;
    kc.add_client_role_composite(t, r, &admin_id, &[view.clone(), base.clone()])
        .await
        .unwrap();

    let all = kc
        .get_composite_roles_by_role_id(t, r, &admin_id)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let realm_only = kc
        .get_composite_realm_roles_by_role_id(t, r, &admin_id)
        .await
        .unwrap();
    assert_eq!(realm_only.len(), 1);
    assert_eq!(realm_only[0].name.as_deref(), Some("base"));
    let client_only = kc
        .get_composite_client_roles_by_role_id(t, r, &app, &admin_id)
        .await
        .unwrap();
    assert_eq!(client_only.len(), 1);
    assert_eq!(client_only[0].name.as_deref(), Some("view"));

    kc.delete_client_role_composite(t, r, &admin_id, &[view])
        .await
        .unwrap();
    let all = kc
        .get_composite_roles_by_role_id(t, r, &admin_id)
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert!(matches!(
        kc.get_composite_roles_by_role_id(t, r, "no-such-id").await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(role_holders_users_and_groups, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-holders").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let (member, use_) = fx.roles("member", &app, "use").await;
    let ann = fx.user("ann").await;
    let bob = fx.user("bob").await;
    kc.add_realm_role_to_user(t, r, &ann, std::slice::from_ref(&member))
        .await
        .unwrap();
    kc.add_realm_role_to_user(t, r, &bob, std::slice::from_ref(&member))
        .await
        .unwrap();
    kc.add_client_role_to_user(t, r, &app, &bob, std::slice::from_ref(&use_))
        .await
        .unwrap();
    let g = kc
        .create_group(
            t,
            r,
            &GroupRepresentation {
                name: Some("crew".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    kc.add_realm_role_to_group(t, r, &g, &[member])
        .await
        .unwrap();
    kc.add_client_role_to_group(t, r, &app, &g, &[use_])
        .await
        .unwrap();

    let p = GetMembersParams::default();
    let users = kc.get_users_by_role_name(t, r, "member", &p).await.unwrap();
    let names: Vec<_> = users.iter().filter_map(|u| u.username.clone()).collect();
    assert_eq!(names, ["ann", "bob"]);
    let page = GetMembersParams {
        first: Some(1),
        max: Some(5),
        ..Default::default()
    };
    let users = kc
        .get_users_by_role_name(t, r, "member", &page)
        .await
        .unwrap();
    assert_eq!(users.len(), 1);
    let users = kc
        .get_users_by_client_role_name(t, r, &app, "use", &p)
        .await
        .unwrap();
    assert_eq!(users[0].username.as_deref(), Some("bob"));
    let groups = kc.get_groups_by_role(t, r, "member", &p).await.unwrap();
    assert_eq!(groups[0].name.as_deref(), Some("crew"));
    let groups = kc
        .get_groups_by_client_role(t, r, "use", &app, &p)
        .await
        .unwrap();
    assert_eq!(groups[0].path.as_deref(), Some("/crew"));
    assert!(matches!(
        kc.get_users_by_role_name(t, r, "no-such-role", &p).await,
        Err(Error::NotFound(_))
    ));
});
