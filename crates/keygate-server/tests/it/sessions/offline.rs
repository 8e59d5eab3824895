//! Offline tokens: `scope=offline_access` gives a refresh token of type `Offline` backed by
//! an offline session, which outlives the SSO session and the user's logout.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{
    active, at, expect, get_json, login, post_empty, refresh, rt, setup, token_req, userinfo,
};
use crate::both_stores;
use crate::support::{claims, Srv};

fn sids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

both_stores!(offline_token_and_session, |srv: Srv| async move {
    let fx = setup(&srv, "off-issue").await;
    let t = login(&srv, &fx.realm, "app", "alice", "openid offline_access").await;
    let refresh_claims = claims(&rt(&t));
    assert_eq!(refresh_claims["typ"], "Offline");
    assert!(
        refresh_claims.get("exp").is_none(),
        "offline tokens do not expire"
    );
    assert_eq!(t["refresh_expires_in"], 0);
    let scope = t["scope"].as_str().unwrap();
    assert!(scope.split(' ').any(|s| s == "offline_access"), "{scope}");
    let sid = refresh_claims["sid"].as_str().unwrap().to_string();
    assert_eq!(t["session_state"], json!(sid));
    assert_eq!(claims(&at(&t))["sid"], json!(sid));

    // Listed as the user's offline session for the client and among the client's.
    let base = format!("/admin/realms/{}", fx.realm);
    let mine = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/users/{}/offline-sessions/{}", fx.user, fx.app),
    )
    .await;
    assert_eq!(sids(&mine), vec![sid.clone()]);
    assert_eq!(mine[0]["clients"], json!({ fx.app.clone(): "app" }));
    assert_eq!(mine[0]["username"], "alice");
    let of_client = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/clients/{}/offline-sessions", fx.app),
    )
    .await;
    assert_eq!(sids(&of_client), vec![sid.clone()]);
    let page = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/clients/{}/offline-sessions?first=1", fx.app),
    )
    .await;
    assert_eq!(page, json!([]));
    let count = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/clients/{}/offline-session-count", fx.app),
    )
    .await;
    assert_eq!(count, json!({"count": 1}));
    // The SSO session the login made is an online one, listed apart.
    let online = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/users/{}/sessions", fx.user),
    )
    .await;
    assert_eq!(online.as_array().unwrap().len(), 1);
    assert_ne!(sids(&online)[0], sid);

    // Another client's offline sessions of the user: none; unknown client: 404.
    let other = srv
        .create_client(&fx.admin, &fx.realm, "other", "secret")
        .await;
    let none = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/users/{}/offline-sessions/{other}", fx.user),
    )
    .await;
    assert_eq!(none, json!([]));
    let r = srv
        .get(
            &fx.admin,
            &format!("{base}/users/{}/offline-sessions/nope", fx.user),
        )
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Client not found"}),
    )
    .await;

    // Refresh keeps it offline; introspection sees it active.
    assert!(active(&srv, &fx.realm, &rt(&t)).await);
    let (status, again) = refresh(&srv, &fx.realm, "app", &rt(&t)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(claims(&rt(&again))["typ"], "Offline");
    assert_eq!(userinfo(&srv, &fx.realm, &at(&again)).await, StatusCode::OK);
});

both_stores!(offline_survives_sso_logout, |srv: Srv| async move {
    let fx = setup(&srv, "off-sso").await;
    let online = login(&srv, &fx.realm, "app", "alice", "").await;
    let off = login(&srv, &fx.realm, "app", "alice", "offline_access").await;
    // End every online session: the SSO one through the OIDC logout, the rest by admin.
    let r = srv
        .oidc_form(
            &fx.realm,
            "logout",
            &[
                ("client_id", "app"),
                ("client_secret", "secret"),
                ("refresh_token", &rt(&online)),
            ],
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    let base = format!("/admin/realms/{}", fx.realm);
    for s in get_json(
        &srv,
        &fx.admin,
        &format!("{base}/users/{}/sessions", fx.user),
    )
    .await
    .as_array()
    .unwrap()
    {
        let id = s["id"].as_str().unwrap();
        assert_eq!(
            srv.delete(&fx.admin, &format!("{base}/sessions/{id}"))
                .await
                .status(),
            StatusCode::NO_CONTENT
        );
    }
    assert_eq!(
        get_json(
            &srv,
            &fx.admin,
            &format!("{base}/users/{}/sessions", fx.user)
        )
        .await,
        json!([])
    );
    assert_eq!(
        userinfo(&srv, &fx.realm, &at(&online)).await,
        StatusCode::UNAUTHORIZED
    );

    assert!(active(&srv, &fx.realm, &rt(&off)).await);
    assert_eq!(userinfo(&srv, &fx.realm, &at(&off)).await, StatusCode::OK);
    let (status, body) = refresh(&srv, &fx.realm, "app", &rt(&off)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(claims(&rt(&body))["typ"], "Offline");
});

both_stores!(
    offline_session_survives_user_logout,
    |srv: Srv| async move {
        let fx = setup(&srv, "off-user").await;
        let off = login(&srv, &fx.realm, "app", "alice", "offline_access").await;
        let sid = off["session_state"].as_str().unwrap().to_string();
        let base = format!("/admin/realms/{}", fx.realm);
        srv.state.clock.advance(2);
        let r = post_empty(&srv, &fx.admin, &format!("{base}/users/{}/logout", fx.user)).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            get_json(
                &srv,
                &fx.admin,
                &format!("{base}/users/{}/sessions", fx.user)
            )
            .await,
            json!([])
        );
        // The offline session stays...
        let kept = get_json(
            &srv,
            &fx.admin,
            &format!("{base}/users/{}/offline-sessions/{}", fx.user, fx.app),
        )
        .await;
        assert_eq!(sids(&kept), [sid]);
        // ...but, as in Keycloak, tokens issued before the user's not-before are stale.
        let (status, body) = refresh(&srv, &fx.realm, "app", &rt(&off)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            body,
            json!({"error": "invalid_grant", "error_description": "Stale token"})
        );
        assert!(!active(&srv, &fx.realm, &rt(&off)).await);
        // A new offline login works.
        let again = login(&srv, &fx.realm, "app", "alice", "offline_access").await;
        let (status, _) = refresh(&srv, &fx.realm, "app", &rt(&again)).await;
        assert_eq!(status, StatusCode::OK);
    }
);

both_stores!(offline_session_deleted_by_admin, |srv: Srv| async move {
    let fx = setup(&srv, "off-del").await;
    let off = login(&srv, &fx.realm, "app", "alice", "offline_access").await;
    let sid = off["session_state"].as_str().unwrap();
    let path = format!("/admin/realms/{}/sessions/{sid}", fx.realm);
    let r = srv.delete(&fx.admin, &path).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Sesssion not found"}),
    )
    .await;
    let r = srv
        .delete(&fx.admin, &format!("{path}?isOffline=true"))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (status, body) = refresh(&srv, &fx.realm, "app", &rt(&off)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    assert!(!active(&srv, &fx.realm, &rt(&off)).await);
    assert_eq!(
        userinfo(&srv, &fx.realm, &at(&off)).await,
        StatusCode::UNAUTHORIZED
    );
    let count = get_json(
        &srv,
        &fx.admin,
        &format!(
            "/admin/realms/{}/clients/{}/offline-session-count",
            fx.realm, fx.app
        ),
    )
    .await;
    assert_eq!(count, json!({"count": 0}));
});

both_stores!(offline_needs_role_and_scope, |srv: Srv| async move {
    let fx = setup(&srv, "off-role").await;
    // Without the offline_access role (alice loses the default roles): 400 not_allowed.
    let base = format!("/admin/realms/{}", fx.realm);
    let default = get_json(
        &srv,
        &fx.admin,
        &format!("{base}/roles/default-roles-{}", fx.realm),
    )
    .await;
    let r = srv
        .http
        .delete(srv.url(&format!("{base}/users/{}/role-mappings/realm", fx.user)))
        .bearer_auth(&fx.admin)
        .json(&json!([default]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = token_req(&srv, &fx.realm, "app", "alice", "openid offline_access").await;
    expect(
        r,
        StatusCode::BAD_REQUEST,
        json!({"error": "not_allowed", "error_description": "Offline tokens not allowed for the user or client"}),
    )
    .await;
    assert_eq!(
        get_json(
            &srv,
            &fx.admin,
            &format!("{base}/users/{}/sessions", fx.user)
        )
        .await,
        json!([])
    );
    // Without the scope asked for, the same user gets an ordinary refresh token.
    let t = login(&srv, &fx.realm, "app", "alice", "openid").await;
    assert_eq!(claims(&rt(&t))["typ"], "Refresh");

    // A client without the offline_access scope ignores the request.
    let r = srv
        .post(
            &fx.admin,
            &format!("{base}/clients"),
            &json!({"clientId": "plain", "secret": "secret", "directAccessGrantsEnabled": true,
                    "optionalClientScopes": []}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    srv.create_user(&fx.admin, &fx.realm, "bob", "pw").await;
    let t = login(&srv, &fx.realm, "plain", "bob", "offline_access").await;
    assert_eq!(claims(&rt(&t))["typ"], "Refresh");
    let t = login(&srv, &fx.realm, "app", "bob", "offline_access").await;
    assert_eq!(claims(&rt(&t))["typ"], "Offline");
});

both_stores!(
    required_actions_block_password_grant,
    |srv: Srv| async move {
        let fx = setup(&srv, "off-actions").await;
        let path = format!("/admin/realms/{}/users/{}", fx.realm, fx.user);
        let r = srv
            .put(
                &fx.admin,
                &path,
                &json!({"requiredActions": ["UPDATE_PASSWORD"]}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let r = token_req(&srv, &fx.realm, "app", "alice", "").await;
        expect(
            r,
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "Account is not fully set up"}),
        )
        .await;
        let r = srv
            .put(&fx.admin, &path, &json!({"requiredActions": []}))
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        login(&srv, &fx.realm, "app", "alice", "").await;
    }
);

both_stores!(offline_token_from_the_code_flow, |srv: Srv| async move {
    use crate::login::{exchange_web, setup as login_setup, Browser, CB};
    let realm = login_setup(&srv, json!({})).await;
    let admin = srv.admin_token().await;
    let mut b = Browser::new(&srv);
    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("scope", "openid offline_access"),
            ],
        )
        .await;
    let done = b.sign_in(&page, "alice", crate::login::PW).await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
    let p = done.redirect_params();
    let (status, t) = exchange_web(&srv, &realm, &p["code"], &[]).await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(claims(&rt(&t))["typ"], "Offline");
    let sid = t["session_state"].as_str().unwrap().to_string();

    // The browser's SSO session ends; the offline one goes on.
    let base = format!("/admin/realms/{realm}");
    let alice = get_json(
        &srv,
        &admin,
        &format!("{base}/users?username=alice&exact=true"),
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let online = get_json(&srv, &admin, &format!("{base}/users/{alice}/sessions")).await;
    assert_eq!(online.as_array().unwrap().len(), 1);
    assert_ne!(online[0]["id"], json!(sid));
    let sso = online[0]["id"].as_str().unwrap();
    let r = srv.delete(&admin, &format!("{base}/sessions/{sso}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv
        .oidc_form(
            &realm,
            "token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", "web"),
                ("client_secret", "web-secret"),
                ("refresh_token", &rt(&t)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let web = get_json(&srv, &admin, &format!("{base}/clients?clientId=web")).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let listed = get_json(
        &srv,
        &admin,
        &format!("{base}/users/{alice}/offline-sessions/{web}"),
    )
    .await;
    assert_eq!(sids(&listed), vec![sid]);
});

both_stores!(
    revoking_consent_ends_offline_sessions,
    |srv: Srv| async move {
        let fx = setup(&srv, "off-consent").await;
        let other = srv
            .create_client(&fx.admin, &fx.realm, "other", "secret")
            .await;
        let online = login(&srv, &fx.realm, "app", "alice", "").await;
        let off = login(&srv, &fx.realm, "app", "alice", "offline_access").await;
        let keep = login(&srv, &fx.realm, "other", "alice", "offline_access").await;
        let base = format!("/admin/realms/{}/users/{}/consents", fx.realm, fx.user);
        let mut list = get_json(&srv, &fx.admin, &base).await;
        list.as_array_mut()
            .unwrap()
            .sort_by_key(|c| c["clientId"].as_str().unwrap().to_string());
        assert_eq!(
            list,
            json!([
                {"clientId": "app", "grantedClientScopes": [], "createdDate": null, "lastUpdatedDate": null,
                 "additionalGrants": [{"client": fx.app, "key": "Offline Token"}]},
                {"clientId": "other", "grantedClientScopes": [], "createdDate": null, "lastUpdatedDate": null,
                 "additionalGrants": [{"client": other, "key": "Offline Token"}]},
            ])
        );

        // By clientId, as Keycloak takes it.
        let r = srv.delete(&fx.admin, &format!("{base}/app")).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let (status, _) = refresh(&srv, &fx.realm, "app", &rt(&off)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            userinfo(&srv, &fx.realm, &at(&off)).await,
            StatusCode::UNAUTHORIZED
        );
        // The online session and the other client's offline token are untouched.
        assert_eq!(
            userinfo(&srv, &fx.realm, &at(&online)).await,
            StatusCode::OK
        );
        let (status, _) = refresh(&srv, &fx.realm, "other", &rt(&keep)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            get_json(&srv, &fx.admin, &base)
                .await
                .as_array()
                .unwrap()
                .len(),
            1
        );

        let r = srv.delete(&fx.admin, &format!("{base}/app")).await;
        expect(
            r,
            StatusCode::NOT_FOUND,
            json!({"error": "Consent nor offline token not found"}),
        )
        .await;
        let r = srv.delete(&fx.admin, &format!("{base}/nope")).await;
        expect(
            r,
            StatusCode::NOT_FOUND,
            json!({"error": "Client not found"}),
        )
        .await;
    }
);
