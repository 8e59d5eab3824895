//! Role mappings of users and groups: direct, available and effective roles read back,
//! and a mapping shows in (or leaves) the user's token.

use keygate_client::model::{GroupRepresentation, RealmRepresentation};
use keygate_client::{Error, KeygateClient};

use crate::both_stores;
use crate::fixtures::role;
use crate::fixtures::{Fx, APP};
use crate::support::Srv;

fn names(roles: &[keygate_client::model::RoleRepresentation]) -> Vec<String> {
    let mut n: Vec<_> = roles.iter().filter_map(|r| r.name.clone()).collect();
    n.sort();
    n
}

both_stores!(user_realm_mappings_show_in_tokens, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-urm").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    kc.create_realm_role(t, r, &role("pilot")).await.unwrap();
    kc.create_realm_role(t, r, &role("crew")).await.unwrap();
    let pilot = kc.get_realm_role(t, r, "pilot").await.unwrap();
    let crew = kc.get_realm_role(t, r, "crew").await.unwrap();
    kc.add_realm_role_composite(t, r, "pilot", &[crew])
        .await
        .unwrap();
    let uid = fx.user("joe").await;
    assert!(!fx.claims("joe").await.has_realm_role("pilot"));

    let available = kc
        .get_available_realm_roles_by_user_id(t, r, &uid)
        .await
        .unwrap();
    assert!(names(&available).contains(&"pilot".to_string()));
    kc.add_realm_role_to_user(t, r, &uid, std::slice::from_ref(&pilot))
        .await
        .unwrap();
    let direct = kc.get_realm_roles_by_user_id(t, r, &uid).await.unwrap();
    assert!(names(&direct).contains(&"pilot".to_string()));
    assert!(!names(&direct).contains(&"crew".to_string()));
    let available = kc
        .get_available_realm_roles_by_user_id(t, r, &uid)
        .await
        .unwrap();
    assert!(!names(&available).contains(&"pilot".to_string()));
    let effective = kc
        .get_composite_realm_roles_by_user_id(t, r, &uid)
        .await
        .unwrap();
    let eff = names(&effective);
    assert!(eff.contains(&"pilot".to_string()) && eff.contains(&"crew".to_string()));
    assert!(
        eff.contains(&"offline_access".to_string()),
        "via the default role"
    );

    let claims = fx.claims("joe").await;
    assert!(claims.has_realm_role("pilot") && claims.has_realm_role("crew"));
    let all = kc.get_role_mapping_by_user_id(t, r, &uid).await.unwrap();
    assert!(names(&all.realm_mappings.unwrap_or_default()).contains(&"pilot".to_string()));

    kc.delete_realm_role_from_user(t, r, &uid, &[pilot])
        .await
        .unwrap();
    let claims = fx.claims("joe").await;
    assert!(!claims.has_realm_role("pilot") && !claims.has_realm_role("crew"));
});

both_stores!(user_client_mappings_show_in_tokens, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-ucm").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let read = fx.client_role(&app, "read").await;
    fx.client_role(&app, "write").await;
    let uid = fx.user("kay").await;

    let available = kc
        .get_available_client_roles_by_user_id(t, r, &app, &uid)
        .await
        .unwrap();
    assert_eq!(names(&available), ["read", "write"]);
    kc.add_client_role_to_user(t, r, &app, &uid, std::slice::from_ref(&read))
        .await
        .unwrap();
    let direct = kc
        .get_client_roles_by_user_id(t, r, &app, &uid)
        .await
        .unwrap();
    assert_eq!(names(&direct), ["read"]);
    let available = kc
        .get_available_client_roles_by_user_id(t, r, &app, &uid)
        .await
        .unwrap();
    assert_eq!(names(&available), ["write"]);
    let effective = kc
        .get_composite_client_roles_by_user_id(t, r, &app, &uid)
        .await
        .unwrap();
    assert_eq!(names(&effective), ["read"]);

    let all = kc.get_role_mapping_by_user_id(t, r, &uid).await.unwrap();
    let clients = all.client_mappings.unwrap();
    let mine = &clients[APP];
    assert_eq!(mine.id.as_deref(), Some(app.as_str()));
    assert_eq!(mine.client.as_deref(), Some(APP));
    assert_eq!(
        names(mine.mappings.as_deref().unwrap_or_default()),
        ["read"]
    );

    let claims = fx.claims("kay").await;
    assert!(claims.has_client_role(APP, "read"));
    assert!(!claims.has_client_role(APP, "write"));
    kc.delete_client_role_from_user(t, r, &app, &uid, &[read])
        .await
        .unwrap();
    assert!(kc
        .get_client_roles_by_user_id(t, r, &app, &uid)
        .await
        .unwrap()
        .is_empty());
    assert!(!fx.claims("kay").await.has_client_role(APP, "read"));
});

both_stores!(group_mappings_round_trip, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-gm").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let (ranger, map) = fx.roles("ranger", &app, "map").await;
    let parent = kc
        .create_group(
            t,
            r,
            &GroupRepresentation {
                name: Some("park".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let child = kc
        .create_child_group(
            t,
            r,
            &parent,
            &GroupRepresentation {
                name: Some("north".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let avail = kc
        .get_available_realm_roles_by_group_id(t, r, &parent)
        .await
        .unwrap();
    assert!(names(&avail).contains(&"ranger".to_string()));
    kc.add_realm_role_to_group(t, r, &parent, std::slice::from_ref(&ranger))
        .await
        .unwrap();
    kc.add_client_role_to_group(t, r, &app, &parent, std::slice::from_ref(&map))
        .await
        .unwrap();
    assert_eq!(
        names(&kc.get_realm_roles_by_group_id(t, r, &parent).await.unwrap()),
        ["ranger"]
    );
    assert_eq!(
        names(
            &kc.get_client_roles_by_group_id(t, r, &app, &parent)
                .await
                .unwrap()
        ),
        ["map"]
    );
    assert!(kc
        .get_available_client_roles_by_group_id(t, r, &app, &parent)
        .await
        .unwrap()
        .is_empty());
    // The child inherits its parent's roles effectively, not directly.
    assert!(kc
        .get_realm_roles_by_group_id(t, r, &child)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        names(
            &kc.get_composite_realm_roles_by_group_id(t, r, &child)
                .await
                .unwrap()
        ),
        ["ranger"]
    );
    assert_eq!(
        names(
            &kc.get_composite_client_roles_by_group_id(t, r, &app, &child)
                .await
                .unwrap()
        ),
        ["map"]
    );
    let all = kc
        .get_role_mapping_by_group_id(t, r, &parent)
        .await
        .unwrap();
    assert_eq!(names(&all.realm_mappings.unwrap_or_default()), ["ranger"]);
    assert!(all.client_mappings.unwrap().contains_key(APP));

    let uid = fx.user("zoe").await;
    kc.add_user_to_group(t, r, &uid, &child).await.unwrap();
    let claims = fx.claims("zoe").await;
    assert!(claims.has_realm_role("ranger") && claims.has_client_role(APP, "map"));

    kc.delete_realm_role_from_group(t, r, &parent, &[ranger])
        .await
        .unwrap();
    kc.delete_client_role_from_group(t, r, &app, &parent, &[map])
        .await
        .unwrap();
    let all = kc
        .get_role_mapping_by_group_id(t, r, &parent)
        .await
        .unwrap();
    assert!(all.realm_mappings.unwrap_or_default().is_empty());
    assert!(all.client_mappings.unwrap_or_default().is_empty());
    let claims = fx.claims("zoe").await;
    assert!(!claims.has_realm_role("ranger") && !claims.has_client_role(APP, "map"));
});

both_stores!(mapping_errors_are_typed, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-merr").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let uid = fx.user("lou").await;
    assert!(matches!(
        kc.add_realm_role_to_user(t, r, &uid, &[role("no-such-role")])
            .await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        kc.get_realm_roles_by_user_id(t, r, "no-such-user").await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        kc.get_role_mapping_by_group_id(t, r, "no-such-group").await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        kc.get_client_roles_by_user_id(t, r, "no-such-client", &uid)
            .await,
        Err(Error::NotFound(_))
    ));
    // A user of another realm without admin roles may not map roles.
    let other = crate::support::realm_name("cl-merr-other");
    let rep: RealmRepresentation = serde_json::from_value(serde_json::json!({
        "realm": other,
        "users": [{"username": "pat", "enabled": true, "credentials": [{"value": "pw"}]}]
    }))
    .unwrap();
    kc.create_realm(t, &rep).await.unwrap();
    let pat = KeygateClient::new(&srv.base)
        .login_admin("pat", "pw", &other)
        .await
        .unwrap()
        .access_token;
    let offline = kc.get_realm_role(t, r, "offline_access").await.unwrap();
    match kc.add_realm_role_to_user(&pat, r, &uid, &[offline]).await {
        Err(Error::Unauthorized(e)) | Err(Error::Forbidden(e)) => {
            assert!(e.status == 401 || e.status == 403)
        }
        other => panic!("expected 401/403, got {other:?}"),
    }
});
