//! Ending sessions and not-before revocation: what happens to the tokens afterwards.

use reqwest::StatusCode;
use serde_json::json;

use super::{active, at, expect, get_json, login, post_empty, refresh, rt, setup, userinfo};
use crate::both_stores;
use crate::support::Srv;

both_stores!(delete_session_revokes_tokens, |srv: Srv| async move {
    let fx = setup(&srv, "rev-del").await;
    let t = login(&srv, &fx.realm, "app", "alice", "").await;
    let keep = login(&srv, &fx.realm, "app", "alice", "").await;
    let sid = t["session_state"].as_str().unwrap();
    assert_eq!(userinfo(&srv, &fx.realm, &at(&t)).await, StatusCode::OK);
    let path = format!("/admin/realms/{}/sessions/{sid}", fx.realm);

    // An online session is not found among offline ones.
    let r = srv
        .delete(&fx.admin, &format!("{path}?isOffline=true"))
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Sesssion not found"}),
    )
    .await;
    assert_eq!(
        srv.delete(&fx.admin, &path).await.status(),
        StatusCode::NO_CONTENT
    );

    assert_eq!(
        userinfo(&srv, &fx.realm, &at(&t)).await,
        StatusCode::UNAUTHORIZED
    );
    assert!(!active(&srv, &fx.realm, &at(&t)).await);
    assert!(!active(&srv, &fx.realm, &rt(&t)).await);
    let (status, body) = refresh(&srv, &fx.realm, "app", &rt(&t)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");

    // The other session lives on.
    assert_eq!(userinfo(&srv, &fx.realm, &at(&keep)).await, StatusCode::OK);
    let list = get_json(
        &srv,
        &fx.admin,
        &format!("/admin/realms/{}/users/{}/sessions", fx.realm, fx.user),
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let r = srv.delete(&fx.admin, &path).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Sesssion not found"}),
    )
    .await;
});

both_stores!(user_logout_ends_sessions, |srv: Srv| async move {
    let fx = setup(&srv, "rev-user").await;
    let bob = srv.create_user(&fx.admin, &fx.realm, "bob", "pw").await;
    let a1 = login(&srv, &fx.realm, "app", "alice", "").await;
    let a2 = login(&srv, &fx.realm, "app", "alice", "").await;
    let b = login(&srv, &fx.realm, "app", "bob", "").await;
    let base = format!("/admin/realms/{}/users", fx.realm);
    let now = srv.state.clock.now();
    let r = post_empty(&srv, &fx.admin, &format!("{base}/{}/logout", fx.user)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let list = get_json(&srv, &fx.admin, &format!("{base}/{}/sessions", fx.user)).await;
    assert_eq!(list, json!([]));
    for t in [&a1, &a2] {
        assert_eq!(
            userinfo(&srv, &fx.realm, &at(t)).await,
            StatusCode::UNAUTHORIZED
        );
        assert!(!active(&srv, &fx.realm, &at(t)).await);
        let (status, body) = refresh(&srv, &fx.realm, "app", &rt(t)).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_grant"))
        );
    }
    // The user's notBefore is now; bob is untouched.
    let user = get_json(&srv, &fx.admin, &format!("{base}/{}", fx.user)).await;
    assert!(user["notBefore"].as_i64().unwrap() >= now);
    assert_eq!(userinfo(&srv, &fx.realm, &at(&b)).await, StatusCode::OK);
    let bob_list = get_json(&srv, &fx.admin, &format!("{base}/{bob}/sessions")).await;
    assert_eq!(bob_list.as_array().unwrap().len(), 1);

    // A fresh login works again.
    let again = login(&srv, &fx.realm, "app", "alice", "").await;
    assert_eq!(userinfo(&srv, &fx.realm, &at(&again)).await, StatusCode::OK);
    let r = post_empty(&srv, &fx.admin, &format!("{base}/nope/logout")).await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "User not found"})).await;
});

both_stores!(logout_all_sets_realm_not_before, |srv: Srv| async move {
    let fx = setup(&srv, "rev-all").await;
    srv.create_user(&fx.admin, &fx.realm, "bob", "pw").await;
    let a = login(&srv, &fx.realm, "app", "alice", "").await;
    let b = login(&srv, &fx.realm, "app", "bob", "").await;
    let now = srv.state.clock.now();
    let r = post_empty(
        &srv,
        &fx.admin,
        &format!("/admin/realms/{}/logout-all", fx.realm),
    )
    .await;
    expect(r, StatusCode::OK, json!({})).await;
    let realm = get_json(&srv, &fx.admin, &format!("/admin/realms/{}", fx.realm)).await;
    assert!(realm["notBefore"].as_i64().unwrap() >= now);
    for t in [&a, &b] {
        assert_eq!(
            userinfo(&srv, &fx.realm, &at(t)).await,
            StatusCode::UNAUTHORIZED
        );
        assert!(!active(&srv, &fx.realm, &rt(t)).await);
    }
    let stats = get_json(
        &srv,
        &fx.admin,
        &format!("/admin/realms/{}/client-session-stats", fx.realm),
    )
    .await;
    assert_eq!(stats, json!([]));
    // The admin's own realm is untouched.
    let me = get_json(&srv, &fx.admin, "/admin/realms/master").await;
    assert_eq!(me["realm"], "master");
});

both_stores!(realm_not_before_makes_tokens_stale, |srv: Srv| async move {
    let fx = setup(&srv, "rev-realm").await;
    let old = login(&srv, &fx.realm, "app", "alice", "").await;
    srv.state.clock.advance(5);
    let nb = srv.state.clock.now();
    let r = srv
        .put(
            &fx.admin,
            &format!("/admin/realms/{}", fx.realm),
            &json!({"notBefore": nb}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        userinfo(&srv, &fx.realm, &at(&old)).await,
        StatusCode::UNAUTHORIZED
    );
    assert!(!active(&srv, &fx.realm, &at(&old)).await);
    assert!(!active(&srv, &fx.realm, &rt(&old)).await);
    let (status, body) = refresh(&srv, &fx.realm, "app", &rt(&old)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Stale token"})
    );

    // Tokens issued from the not-before on are good, and say so in the response.
    let fresh = login(&srv, &fx.realm, "app", "alice", "").await;
    assert_eq!(fresh["not-before-policy"], json!(nb));
    assert_eq!(userinfo(&srv, &fx.realm, &at(&fresh)).await, StatusCode::OK);
    assert!(active(&srv, &fx.realm, &rt(&fresh)).await);
    let (status, _) = refresh(&srv, &fx.realm, "app", &rt(&fresh)).await;
    assert_eq!(status, StatusCode::OK);
});

both_stores!(
    client_not_before_makes_its_tokens_stale,
    |srv: Srv| async move {
        let fx = setup(&srv, "rev-client").await;
        srv.create_client(&fx.admin, &fx.realm, "other", "secret")
            .await;
        let old = login(&srv, &fx.realm, "app", "alice", "").await;
        let other = login(&srv, &fx.realm, "other", "alice", "").await;
        srv.state.clock.advance(5);
        let nb = srv.state.clock.now();
        let path = format!("/admin/realms/{}/clients/{}", fx.realm, fx.app);
        let mut rep = get_json(&srv, &fx.admin, &path).await;
        rep["notBefore"] = json!(nb);
        assert_eq!(
            srv.put(&fx.admin, &path, &rep).await.status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            get_json(&srv, &fx.admin, &path).await["notBefore"],
            json!(nb)
        );

        assert_eq!(
            userinfo(&srv, &fx.realm, &at(&old)).await,
            StatusCode::UNAUTHORIZED
        );
        assert!(!active(&srv, &fx.realm, &at(&old)).await);
        assert!(!active(&srv, &fx.realm, &rt(&old)).await);
        let (status, body) = refresh(&srv, &fx.realm, "app", &rt(&old)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error_description"], "Stale token");
        // Another client's tokens are untouched.
        assert_eq!(userinfo(&srv, &fx.realm, &at(&other)).await, StatusCode::OK);
        let (status, _) = refresh(&srv, &fx.realm, "other", &rt(&other)).await;
        assert_eq!(status, StatusCode::OK);

        // Push-revocation answers a GlobalRequestResult (no admin URLs to tell).
        let r = post_empty(&srv, &fx.admin, &format!("{path}/push-revocation")).await;
        expect(r, StatusCode::OK, json!({})).await;
        let r = post_empty(
            &srv,
            &fx.admin,
            &format!("/admin/realms/{}/clients/nope/push-revocation", fx.realm),
        )
        .await;
        expect(
            r,
            StatusCode::NOT_FOUND,
            json!({"error": "Could not find client"}),
        )
        .await;
        let r = post_empty(
            &srv,
            &fx.admin,
            &format!("/admin/realms/{}/push-revocation", fx.realm),
        )
        .await;
        expect(r, StatusCode::OK, json!({})).await;
    }
);

both_stores!(sessions_stay_in_their_realm, |srv: Srv| async move {
    let fx = setup(&srv, "rev-iso").await;
    let other = setup(&srv, "rev-iso2").await;
    let t = login(&srv, &fx.realm, "app", "alice", "").await;
    let sid = t["session_state"].as_str().unwrap();
    let r = srv
        .delete(
            &fx.admin,
            &format!("/admin/realms/{}/sessions/{sid}", other.realm),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = srv
        .get(
            &fx.admin,
            &format!("/admin/realms/{}/users/{}/sessions", other.realm, fx.user),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = srv
        .get(
            &fx.admin,
            &format!(
                "/admin/realms/{}/clients/{}/user-sessions",
                other.realm, fx.app
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = post_empty(
        &srv,
        &fx.admin,
        &format!("/admin/realms/{}/users/{}/logout", other.realm, fx.user),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(userinfo(&srv, &fx.realm, &at(&t)).await, StatusCode::OK);
});
