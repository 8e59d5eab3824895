//! Groups: what is created reads back, renames and moves show in paths, deleted groups
//! are gone, memberships show from both sides and in tokens.

use std::collections::BTreeMap;

use keygate_client::model::{GroupRepresentation, RoleRepresentation};
use keygate_client::{Error, GetGroupsParams, GetMembersParams};

use crate::both_stores;
use crate::fixtures::Fx;
use crate::support::Srv;

fn group(name: &str) -> GroupRepresentation {
    GroupRepresentation {
        name: Some(name.into()),
        ..Default::default()
    }
}

both_stores!(group_crud_round_trip, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-groups").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let mut rep = group("staff");
    rep.attributes = Some(BTreeMap::from([(
        "site".to_string(),
        vec!["north".to_string()],
    )]));
    let id = kc.create_group(t, r, &rep).await.unwrap();
    let read = kc.get_group(t, r, &id).await.unwrap();
    assert_eq!(read.name.as_deref(), Some("staff"));
    assert_eq!(read.path.as_deref(), Some("/staff"));
    assert_eq!(read.attributes.unwrap()["site"], vec!["north"]);

    let rename = GroupRepresentation {
        id: Some(id.clone()),
        name: Some("people".into()),
        attributes: Some(BTreeMap::from([(
            "site".to_string(),
            vec!["south".to_string()],
        )])),
        ..Default::default()
    };
    kc.update_group(t, r, &rename).await.unwrap();
    let read = kc.get_group_by_path(t, r, "/people").await.unwrap();
    assert_eq!(read.id.as_deref(), Some(id.as_str()));
    assert_eq!(read.attributes.unwrap()["site"], vec!["south"]);
    assert!(matches!(
        kc.get_group_by_path(t, r, "/staff").await,
        Err(Error::NotFound(_))
    ));

    kc.delete_group(t, r, &id).await.unwrap();
    assert!(matches!(
        kc.get_group(t, r, &id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        kc.delete_group(t, r, &id).await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(child_groups_search_and_counts, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-tree").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let top = kc.create_group(t, r, &group("eng")).await.unwrap();
    let child = kc
        .create_child_group(t, r, &top, &group("backend team"))
        .await
        .unwrap();
    kc.create_child_group(t, r, &top, &group("frontend"))
        .await
        .unwrap();
    kc.create_group(t, r, &group("sales")).await.unwrap();

    let by_path = kc
        .get_group_by_path(t, r, "/eng/backend team")
        .await
        .unwrap();
    assert_eq!(by_path.id.as_deref(), Some(child.as_str()));
    assert_eq!(by_path.parent_id.as_deref(), Some(top.as_str()));

    let children = kc
        .get_child_groups(t, r, &top, &GetGroupsParams::default())
        .await
        .unwrap();
    let names: Vec<_> = children.iter().filter_map(|g| g.name.clone()).collect();
    assert_eq!(names, ["backend team", "frontend"]);

    let tops = kc
        .get_groups(t, r, &GetGroupsParams::default())
        .await
        .unwrap();
    let names: Vec<_> = tops.iter().filter_map(|g| g.name.clone()).collect();
    assert_eq!(names, ["eng", "sales"]);
    assert_eq!(tops[0].sub_group_count, Some(2));

    // A search hangs the match under its ancestors.
    let found = kc
        .get_groups(
            t,
            r,
            &GetGroupsParams {
                search: Some("backend".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name.as_deref(), Some("eng"));
    let subs = found[0].sub_groups.clone().unwrap_or_default();
    assert_eq!(subs[0].name.as_deref(), Some("backend team"));

    let all = GetGroupsParams::default();
    assert_eq!(kc.get_groups_count(t, r, &all).await.unwrap(), 4);
    let top_only = GetGroupsParams {
        top: Some(true),
        ..Default::default()
    };
    assert_eq!(kc.get_groups_count(t, r, &top_only).await.unwrap(), 2);
    let search = GetGroupsParams {
        search: Some("end".into()),
        ..Default::default()
    };
    assert_eq!(kc.get_groups_count(t, r, &search).await.unwrap(), 2);

    // Deleting the parent takes the subtree.
    kc.delete_group(t, r, &top).await.unwrap();
    assert!(matches!(
        kc.get_group(t, r, &child).await,
        Err(Error::NotFound(_))
    ));
    assert_eq!(kc.get_groups_count(t, r, &all).await.unwrap(), 1);
});

both_stores!(group_errors_are_typed, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-gerr").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let id = kc.create_group(t, r, &group("ops")).await.unwrap();
    match kc.create_group(t, r, &group("ops")).await {
        Err(Error::Conflict(e)) => {
            assert_eq!(e.status, 409);
            assert_eq!(
                e.error_message.as_deref(),
                Some("Top level group named 'ops' already exists.")
            );
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    kc.create_child_group(t, r, &id, &group("a")).await.unwrap();
    assert!(matches!(
        kc.create_child_group(t, r, &id, &group("a")).await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        kc.create_child_group(t, r, "no-such-group", &group("b"))
            .await,
        Err(Error::NotFound(_))
    ));
    // A nameless group is a 400 with a reason.
    match kc.create_group(t, r, &GroupRepresentation::default()).await {
        Err(Error::Api(e)) => assert_eq!(e.status, 400),
        other => panic!("expected 400, got {other:?}"),
    }
    assert!(matches!(
        kc.get_group_by_path(t, r, "/nowhere").await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        kc.get_groups("bad-token", r, &GetGroupsParams::default())
            .await,
        Err(Error::Unauthorized(_))
    ));
});

both_stores!(memberships_from_both_sides, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-members").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let ann = fx.user("ann").await;
    let bob = fx.user("bob").await;
    let g1 = kc.create_group(t, r, &group("alpha")).await.unwrap();
    let g2 = kc.create_group(t, r, &group("beta")).await.unwrap();
    kc.add_user_to_group(t, r, &ann, &g1).await.unwrap();
    kc.add_user_to_group(t, r, &bob, &g1).await.unwrap();
    kc.add_user_to_group(t, r, &ann, &g2).await.unwrap();
    // Joining twice changes nothing.
    kc.add_user_to_group(t, r, &ann, &g2).await.unwrap();

    let members = kc
        .get_group_members(t, r, &g1, &GetMembersParams::default())
        .await
        .unwrap();
    let names: Vec<_> = members.iter().filter_map(|u| u.username.clone()).collect();
    assert_eq!(names, ["ann", "bob"]);
    let page = GetMembersParams {
        first: Some(1),
        max: Some(1),
        ..Default::default()
    };
    let second = kc.get_group_members(t, r, &g1, &page).await.unwrap();
    assert_eq!(second[0].username.as_deref(), Some("bob"));

    let groups = kc
        .get_user_groups(t, r, &ann, &GetGroupsParams::default())
        .await
        .unwrap();
    let paths: Vec<_> = groups.iter().filter_map(|g| g.path.clone()).collect();
    assert_eq!(paths, ["/alpha", "/beta"]);
    let all = GetGroupsParams::default();
    assert_eq!(kc.get_user_groups_count(t, r, &ann, &all).await.unwrap(), 2);
    let search = GetGroupsParams {
        search: Some("bet".into()),
        ..Default::default()
    };
    assert_eq!(
        kc.get_user_groups_count(t, r, &ann, &search).await.unwrap(),
        1
    );

    kc.delete_user_from_group(t, r, &ann, &g1).await.unwrap();
    let members = kc
        .get_group_members(t, r, &g1, &GetMembersParams::default())
        .await
        .unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(kc.get_user_groups_count(t, r, &ann, &all).await.unwrap(), 1);
    assert!(matches!(
        kc.add_user_to_group(t, r, "no-such-user", &g1).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        kc.add_user_to_group(t, r, &ann, "no-such-group").await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(default_groups_apply_to_new_users, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-defgroups").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let g = kc.create_group(t, r, &group("everyone")).await.unwrap();
    assert!(kc.get_default_groups(t, r).await.unwrap().is_empty());
    kc.add_default_group(t, r, &g).await.unwrap();
    let defaults = kc.get_default_groups(t, r).await.unwrap();
    assert_eq!(defaults.len(), 1);
    assert_eq!(defaults[0].id.as_deref(), Some(g.as_str()));

    let newcomer = fx.user("newcomer").await;
    let groups = kc
        .get_user_groups(t, r, &newcomer, &GetGroupsParams::default())
        .await
        .unwrap();
    assert_eq!(groups[0].path.as_deref(), Some("/everyone"));

    kc.remove_default_group(t, r, &g).await.unwrap();
    assert!(kc.get_default_groups(t, r).await.unwrap().is_empty());
    let later = fx.user("later").await;
    let groups = kc
        .get_user_groups(t, r, &later, &GetGroupsParams::default())
        .await
        .unwrap();
    assert!(groups.is_empty());
    assert!(matches!(
        kc.add_default_group(t, r, "no-such-group").await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(group_roles_reach_members_tokens, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-grole").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let role = RoleRepresentation {
        name: Some("editor".into()),
        ..Default::default()
    };
    kc.create_realm_role(t, r, &role).await.unwrap();
    let parent = kc.create_group(t, r, &group("org")).await.unwrap();
    let child = kc
        .create_child_group(t, r, &parent, &group("team"))
        .await
        .unwrap();
    let editor = kc.get_realm_role(t, r, "editor").await.unwrap();
    kc.add_realm_role_to_group(t, r, &parent, &[editor])
        .await
        .unwrap();
    fx.user("mia").await;
    let mia = fx.claims("mia").await;
    assert!(!mia.has_realm_role("editor"));

    let id = kc
        .get_users(
            t,
            r,
            &keygate_client::GetUsersParams {
                username: Some("mia".into()),
                exact: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap()[0]
        .id
        .clone()
        .unwrap();
    // Membership of a subgroup inherits the parent's roles.
    kc.add_user_to_group(t, r, &id, &child).await.unwrap();
    assert!(fx.claims("mia").await.has_realm_role("editor"));
    kc.delete_user_from_group(t, r, &id, &child).await.unwrap();
    assert!(!fx.claims("mia").await.has_realm_role("editor"));
});
