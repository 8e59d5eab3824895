//! Scope mappings: with full scope off, only the roles in the client's scope reach its
//! tokens.

use keygate_client::model::{ClientRepresentation, ClientScopeRepresentation};

use crate::both_stores;
use crate::fixtures::{Fx, APP};
use crate::support::Srv;

fn has(roles: &[keygate_client::model::RoleRepresentation], name: &str) -> bool {
    roles.iter().any(|r| r.name.as_deref() == Some(name))
}

both_stores!(client_scope_mappings_limit_tokens, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-scm").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let api = fx.bearer_client("api").await;
    let (alpha, call) = fx.roles("alpha", &api, "call").await;
    let uid = fx.user("sam").await;
    kc.add_realm_role_to_user(t, r, &uid, std::slice::from_ref(&alpha))
        .await
        .unwrap();
    kc.add_client_role_to_user(t, r, &api, &uid, std::slice::from_ref(&call))
        .await
        .unwrap();
    let limit = ClientRepresentation {
        id: Some(app.clone()),
        full_scope_allowed: Some(false),
        ..Default::default()
    };
    kc.update_client(t, r, &limit).await.unwrap();
    let claims = fx.claims("sam").await;
    assert!(!claims.has_realm_role("alpha") && !claims.has_client_role("api", "call"));

    let avail = kc
        .get_client_scope_mappings_realm_roles_available(t, r, &app)
        .await
        .unwrap();
    assert!(has(&avail, "alpha"));
    kc.create_client_scope_mappings_realm_roles(t, r, &app, std::slice::from_ref(&alpha))
        .await
        .unwrap();
    kc.create_client_scope_mappings_client_roles(t, r, &app, &api, std::slice::from_ref(&call))
        .await
        .unwrap();
    assert!(has(
        &kc.get_client_scope_mappings_realm_roles(t, r, &app)
            .await
            .unwrap(),
        "alpha"
    ));
    assert!(has(
        &kc.get_client_scope_mappings_client_roles(t, r, &app, &api)
            .await
            .unwrap(),
        "call"
    ));
    assert!(!has(
        &kc.get_client_scope_mappings_client_roles_available(t, r, &app, &api)
            .await
            .unwrap(),
        "call"
    ));
    let all = kc.get_client_scope_mappings(t, r, &app).await.unwrap();
    assert!(has(&all.realm_mappings.unwrap_or_default(), "alpha"));
    assert!(all.client_mappings.unwrap_or_default().contains_key("api"));
    let claims = fx.claims("sam").await;
    assert!(claims.has_realm_role("alpha") && claims.has_client_role("api", "call"));

    kc.delete_client_scope_mappings_realm_roles(t, r, &app, &[alpha])
        .await
        .unwrap();
    kc.delete_client_scope_mappings_client_roles(t, r, &app, &api, &[call])
        .await
        .unwrap();
    let claims = fx.claims("sam").await;
    assert!(!claims.has_realm_role("alpha") && !claims.has_client_role("api", "call"));
});

both_stores!(client_scope_scope_mappings, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-sscm").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let (beta, op) = fx.roles("beta", &app, "op").await;
    let sid = kc
        .create_client_scope(
            t,
            r,
            &ClientScopeRepresentation {
                name: Some("ops".into()),
                protocol: Some("openid-connect".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(has(
        &kc.get_client_scopes_scope_mappings_realm_roles_available(t, r, &sid)
            .await
            .unwrap(),
        "beta"
    ));
    kc.create_client_scopes_scope_mappings_realm_roles(t, r, &sid, std::slice::from_ref(&beta))
        .await
        .unwrap();
    kc.create_client_scopes_scope_mappings_client_roles(
        t,
        r,
        &sid,
        &app,
        std::slice::from_ref(&op),
    )
    .await
    .unwrap();
    assert!(has(
        &kc.get_client_scopes_scope_mappings_realm_roles(t, r, &sid)
            .await
            .unwrap(),
        "beta"
    ));
    assert!(has(
        &kc.get_client_scopes_scope_mappings_client_roles(t, r, &sid, &app)
            .await
            .unwrap(),
        "op"
    ));
    assert!(kc
        .get_client_scopes_scope_mappings_client_roles_available(t, r, &sid, &app)
        .await
        .unwrap()
        .is_empty());
    let all = kc
        .get_client_scopes_scope_mappings(t, r, &sid)
        .await
        .unwrap();
    assert!(has(&all.realm_mappings.unwrap_or_default(), "beta"));
    kc.delete_client_scopes_scope_mappings_realm_roles(t, r, &sid, &[beta])
        .await
        .unwrap();
    kc.delete_client_scopes_scope_mappings_client_roles(t, r, &sid, &app, &[op])
        .await
        .unwrap();
    let all = kc
        .get_client_scopes_scope_mappings(t, r, &sid)
        .await
        .unwrap();
    assert!(all.realm_mappings.unwrap_or_default().is_empty());
});

both_stores!(
    scope_mappings_expanded_through_composites,
    |srv: Srv| async move {
        let fx = Fx::new(&srv, "cl-scmc").await;
        let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
        let app = fx.client_uuid(APP).await;
        let api = fx.bearer_client("api").await;
        let (parent, cparent) = fx.roles("parent", &api, "cparent").await;
        let (child, cchild) = fx.roles("child", &api, "cchild").await;
        kc.add_realm_role_composite(t, r, "parent", std::slice::from_ref(&child))
            .await
            .unwrap();
        kc.add_client_role_composite_by_name(t, r, &api, "cparent", std::slice::from_ref(&cchild))
            .await
            .unwrap();
        let kids = kc
            .get_composite_client_roles(t, r, &api, "cparent")
            .await
            .unwrap();
        assert!(has(&kids, "cchild") && kids.len() == 1);
        assert_eq!(
            kc.get_client_role(t, r, &api, "cparent")
                .await
                .unwrap()
                .composite,
            Some(true)
        );

        // A client with full scope has every role in scope; limit it first.
        let limit = ClientRepresentation {
            id: Some(app.clone()),
            full_scope_allowed: Some(false),
            ..Default::default()
        };
        kc.update_client(t, r, &limit).await.unwrap();
        kc.create_client_scope_mappings_realm_roles(t, r, &app, std::slice::from_ref(&parent))
            .await
            .unwrap();
        kc.create_client_scope_mappings_client_roles(
            t,
            r,
            &app,
            &api,
            std::slice::from_ref(&cparent),
        )
        .await
        .unwrap();
        let direct = kc
            .get_client_scope_mappings_realm_roles(t, r, &app)
            .await
            .unwrap();
        assert!(has(&direct, "parent") && !has(&direct, "child"));
        let all = kc
            .get_client_scope_mappings_realm_roles_composite(t, r, &app)
            .await
            .unwrap();
        assert!(has(&all, "parent") && has(&all, "child"), "{all:?}");
        let all = kc
            .get_client_scope_mappings_client_roles_composite(t, r, &app, &api)
            .await
            .unwrap();
        assert!(has(&all, "cparent") && has(&all, "cchild"), "{all:?}");

        let scope = kc
            .create_client_scope(
                t,
                r,
                &ClientScopeRepresentation {
                    name: Some("extra".into()),
                    protocol: Some("openid-connect".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        kc.create_client_scopes_scope_mappings_realm_roles(
            t,
            r,
            &scope,
            std::slice::from_ref(&parent),
        )
        .await
        .unwrap();
        kc.create_client_scopes_scope_mappings_client_roles(
            t,
            r,
            &scope,
            &api,
            std::slice::from_ref(&cparent),
        )
        .await
        .unwrap();
        let all = kc
            .get_client_scopes_scope_mappings_realm_roles_composite(t, r, &scope)
            .await
            .unwrap();
        assert!(
            has(&all, "parent") && has(&all, "child") && all.len() == 2,
            "{all:?}"
        );
        let all = kc
            .get_client_scopes_scope_mappings_client_roles_composite(t, r, &scope, &api)
            .await
            .unwrap();
        assert!(
            has(&all, "cparent") && has(&all, "cchild") && all.len() == 2,
            "{all:?}"
        );

        // Taking the child out of the composite takes it out of the expanded scope.
        kc.delete_client_role_composite_by_name(
            t,
            r,
            &api,
            "cparent",
            std::slice::from_ref(&cchild),
        )
        .await
        .unwrap();
        assert!(kc
            .get_composite_client_roles(t, r, &api, "cparent")
            .await
            .unwrap()
            .is_empty());
        let all = kc
            .get_client_scope_mappings_client_roles_composite(t, r, &app, &api)
            .await
            .unwrap();
        assert!(has(&all, "cparent") && !has(&all, "cchild"), "{all:?}");
    }
);
