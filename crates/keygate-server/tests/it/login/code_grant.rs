//! The authorization-code grant's error branches, PKCE downgrade attacks, and code replay.

use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::both_stores;
use crate::support::Srv;

both_stores!(
    code_replay_revokes_what_the_code_issued,
    |srv: Srv| async move {
        let realm = setup(&srv, json!({})).await;
        let mut b = Browser::new(&srv);
        let p = b.login_code(&realm, "web", &[]).await;
        let (status, tokens) = exchange_web(&srv, &realm, &p["code"], &[]).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        let access = tokens["access_token"].as_str().unwrap();
        let refresh = tokens["refresh_token"].as_str().unwrap();

        let (status, body) = exchange_web(&srv, &realm, &p["code"], &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(oauth_error(&body), ("invalid_grant", "Code not valid"));
        // What the code issued is dead: the refresh token and the access token.
        let r = srv
            .oidc_form(
                &realm,
                "token",
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", "web"),
                    ("client_secret", "web-secret"),
                    ("refresh_token", refresh),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = srv
            .http
            .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/userinfo")))
            .bearer_auth(access)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        // A code replayed before anyone redeemed it still counts once only.
        let p = b.login_code(&realm, "web", &[]).await;
        let (a, b2) = tokio::join!(
            exchange_web(&srv, &realm, &p["code"], &[]),
            exchange_web(&srv, &realm, &p["code"], &[])
        );
        let oks = [a.0, b2.0].iter().filter(|s| **s == StatusCode::OK).count();
        assert!(oks <= 1, "one redemption at most: {a:?} {b2:?}");
    }
);

both_stores!(code_exchange_errors, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let mut b = Browser::new(&srv);
    b.login_code(&realm, "web", &[]).await;

    let (status, body) = exchange(
        &srv,
        &realm,
        &[("client_id", "web"), ("client_secret", "web-secret")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        oauth_error(&body),
        ("invalid_request", "Missing parameter: code")
    );
    let (_, body) = exchange_web(&srv, &realm, "made-up", &[]).await;
    assert_eq!(oauth_error(&body), ("invalid_grant", "Code not valid"));

    // Bound to the redirect URI.
    let p = b.login_code(&realm, "web", &[]).await;
    let (_, body) = exchange(
        &srv,
        &realm,
        &[
            ("code", &p["code"]),
            ("client_id", "web"),
            ("client_secret", "web-secret"),
            ("redirect_uri", "http://app.example/wild/x"),
        ],
    )
    .await;
    assert_eq!(
        oauth_error(&body),
        ("invalid_grant", "Incorrect redirect_uri")
    );
    // Bound to the client.
    let p = b.login_code(&realm, "web", &[]).await;
    let (_, body) = exchange(
        &srv,
        &realm,
        &[
            ("code", &p["code"]),
            ("client_id", "spa"),
            ("redirect_uri", CB),
        ],
    )
    .await;
    assert_eq!(
        oauth_error(&body),
        (
            "invalid_grant",
            "Auth error: Found different client_id in clientSession"
        )
    );
    // Client authentication still applies.
    let p = b.login_code(&realm, "web", &[]).await;
    let (status, body) = exchange(
        &srv,
        &realm,
        &[
            ("code", &p["code"]),
            ("client_id", "web"),
            ("client_secret", "bad"),
            ("redirect_uri", CB),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(oauth_error(&body).0, "invalid_client");
    // Expires after accessCodeLifespan (60 s).
    let p = b.login_code(&realm, "web", &[]).await;
    srv.state.clock.advance(61);
    let (_, body) = exchange_web(&srv, &realm, &p["code"], &[]).await;
    assert_eq!(oauth_error(&body), ("invalid_grant", "Code is expired"));
    // The session behind the code ended (logout) before the exchange.
    let p = b.login_code(&realm, "web", &[]).await;
    let page = b
        .get(&srv.url(&format!("/realms/{realm}/protocol/openid-connect/logout")))
        .await;
    let confirm = page.hidden("confirm").expect("confirmation form");
    b.post(&page.action(), &[("confirm", &confirm)]).await;
    let (_, body) = exchange_web(&srv, &realm, &p["code"], &[]).await;
    assert_eq!(
        oauth_error(&body),
        ("invalid_grant", "User session not found")
    );
});

both_stores!(pkce_downgrade_attacks_fail, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let mut b = Browser::new(&srv);
    b.login_code(&realm, "spa", &[]).await;
    let spa = |code: &str, verifier: Option<&str>| {
        let mut f = vec![
            ("code".to_string(), code.to_string()),
            ("client_id".into(), "spa".into()),
            ("redirect_uri".into(), CB.into()),
        ];
        if let Some(v) = verifier {
            f.push(("code_verifier".into(), v.into()));
        }
        f
    };
    let redeem = |f: Vec<(String, String)>| {
        let srv = &srv;
        let realm = realm.clone();
        async move {
            let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            exchange(srv, &realm, &form).await
        }
    };

    let (verifier, challenge) = pkce();
    let s256 = [
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    // Issued with an S256 challenge, redeemed without a verifier.
    let p = b.login_code(&realm, "spa", &s256).await;
    let (_, body) = redeem(spa(&p["code"], None)).await;
    assert_eq!(
        oauth_error(&body),
        ("invalid_grant", "PKCE code verifier not specified")
    );
    // ... or as if the method were plain (the challenge itself as the verifier).
    let p = b.login_code(&realm, "spa", &s256).await;
    let (_, body) = redeem(spa(&p["code"], Some(&challenge))).await;
    assert_eq!(
        oauth_error(&body),
        ("invalid_grant", "PKCE verification failed: Code mismatch")
    );
    // ... or with another verifier, or a malformed one.
    let p = b.login_code(&realm, "spa", &s256).await;
    let (other, _) = pkce();
    let (_, body) = redeem(spa(&p["code"], Some(&other))).await;
    assert_eq!(
        oauth_error(&body),
        ("invalid_grant", "PKCE verification failed: Code mismatch")
    );
    let p = b.login_code(&realm, "spa", &s256).await;
    let (_, body) = redeem(spa(&p["code"], Some("short"))).await;
    assert_eq!(
        oauth_error(&body),
        (
            "invalid_grant",
            "PKCE verification failed: Invalid code verifier"
        )
    );
    // A failed attempt spent the code: the right verifier is too late now.
    let (_, body) = redeem(spa(&p["code"], Some(&verifier))).await;
    assert_eq!(oauth_error(&body), ("invalid_grant", "Code not valid"));
    // A verifier for a code issued without a challenge.
    let p = b.login_code(&realm, "spa", &[]).await;
    let (_, body) = redeem(spa(&p["code"], Some(&verifier))).await;
    assert_eq!(
        oauth_error(&body),
        (
            "invalid_grant",
            "PKCE code verifier specified but challenge not present in authorization"
        )
    );
    // The honest client gets its tokens; plain works when plain was asked for.
    let p = b.login_code(&realm, "spa", &s256).await;
    let (status, body) = redeem(spa(&p["code"], Some(&verifier))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let plain = [
        ("code_challenge", verifier.as_str()),
        ("code_challenge_method", "plain"),
    ];
    let p = b.login_code(&realm, "spa", &plain).await;
    let (status, body) = redeem(spa(&p["code"], Some(&verifier))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
});
