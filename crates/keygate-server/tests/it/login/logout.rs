//! Browser logout: with an id token hint and a post-logout redirect, with a confirmation
//! page without one, every error page, and the back-channel form still working.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

fn logout_url(srv: &Srv, realm: &str, params: &[(&str, &str)]) -> String {
    let mut u =
        url::Url::parse(&srv.url(&format!("/realms/{realm}/protocol/openid-connect/logout")))
            .unwrap();
    if !params.is_empty() {
        u.query_pairs_mut().extend_pairs(params);
    }
    u.to_string()
}

async fn signed_in(srv: &Srv, b: &mut Browser<'_>, realm: &str) -> Value {
    let p = b.login_code(realm, "web", &[]).await;
    let (status, tokens) = exchange_web(srv, realm, &p["code"], &[]).await;
    assert_eq!(status, StatusCode::OK);
    tokens
}

async fn refresh_ok(srv: &Srv, realm: &str, tokens: &Value) -> bool {
    let r = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", "web"),
                ("client_secret", "web-secret"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    r.status() == StatusCode::OK
}

both_stores!(
    logout_with_hint_redirects_and_ends_sso,
    |srv: Srv| async move {
        let realm = setup(&srv, json!({})).await;
        let mut b = Browser::new(&srv);
        let tokens = signed_in(&srv, &mut b, &realm).await;
        let hint = tokens["id_token"].as_str().unwrap();
        let p = b
            .get(&logout_url(
                &srv,
                &realm,
                &[
                    ("id_token_hint", hint),
                    ("post_logout_redirect_uri", "http://app.example/bye"),
                    ("state", "s1"),
                ],
            ))
            .await;
        assert_eq!(p.status, StatusCode::FOUND, "{}", p.html);
        assert_eq!(
            p.location.as_deref(),
            Some("http://app.example/bye?state=s1")
        );
        assert!(b
            .set_cookies
            .iter()
            .any(|c| c.starts_with("KEYCLOAK_IDENTITY=;") && c.contains("Max-Age=0")));
        assert!(!b.jar.contains_key("KEYCLOAK_IDENTITY"));
        assert!(
            !refresh_ok(&srv, &realm, &tokens).await,
            "the session ended"
        );
        let p = b
            .authorize(
                &realm,
                &[
                    ("client_id", "web"),
                    ("response_type", "code"),
                    ("redirect_uri", CB),
                    ("prompt", "none"),
                ],
            )
            .await;
        assert_eq!(p.redirect_params()["error"], "login_required");

        // POST works the same; a redirect URI from "+" (the redirect URIs); an expired hint
        // still identifies the session; without a redirect the logged-out page shows.
        let tokens = signed_in(&srv, &mut b, &realm).await;
        srv.state.clock.advance(400);
        let p = b
            .post(
                &logout_url(&srv, &realm, &[]),
                &[
                    ("id_token_hint", tokens["id_token"].as_str().unwrap()),
                    ("post_logout_redirect_uri", CB),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::FOUND, "{}", p.html);
        assert_eq!(p.location.as_deref(), Some(CB));
        let tokens = signed_in(&srv, &mut b, &realm).await;
        let p = b
            .get(&logout_url(
                &srv,
                &realm,
                &[("id_token_hint", tokens["id_token"].as_str().unwrap())],
            ))
            .await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains("You are logged out"));
    }
);

both_stores!(logout_without_hint_asks_first, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let mut b = Browser::new(&srv);
    let tokens = signed_in(&srv, &mut b, &realm).await;
    let p = b
        .get(&logout_url(
            &srv,
            &realm,
            &[
                ("client_id", "web"),
                ("post_logout_redirect_uri", CB),
                ("state", "z"),
            ],
        ))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Do you want to log out?"), "{}", p.html);
    assert!(refresh_ok(&srv, &realm, &tokens).await, "nothing ended yet");
    let confirm = p.hidden("confirm").unwrap();
    // A forged confirmation (another token) only shows the question again.
    let again = b
        .post(
            &p.action(),
            &[
                ("confirm", "forged"),
                ("client_id", "web"),
                ("post_logout_redirect_uri", CB),
            ],
        )
        .await;
    assert!(again.html.contains("Do you want to log out?"));
    let done = b
        .post(
            &p.action(),
            &[
                ("confirm", &confirm),
                ("client_id", "web"),
                ("post_logout_redirect_uri", CB),
                ("state", "z"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
    assert_eq!(done.location.as_deref(), Some(&*format!("{CB}?state=z")));
    assert!(!refresh_ok(&srv, &realm, &tokens).await);
    // Without a session there is nothing to confirm.
    let p = b.get(&logout_url(&srv, &realm, &[])).await;
    assert!(p.html.contains("You are logged out"));
});

both_stores!(logout_errors, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let mut b = Browser::new(&srv);
    let tokens = signed_in(&srv, &mut b, &realm).await;
    let hint = tokens["id_token"].as_str().unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("id_token_hint", "not.a.jwt")],
            "Invalid parameter: id_token_hint",
        ),
        (
            &[("id_token_hint", access)],
            "Invalid parameter: id_token_hint",
        ),
        (
            &[("post_logout_redirect_uri", CB)],
            "Missing parameters: id_token_hint",
        ),
        (
            &[("id_token_hint", hint), ("client_id", "spa")],
            "Invalid parameter: client_id",
        ),
        (&[("client_id", "nobody")], "Invalid parameter: client_id"),
        (
            &[
                ("id_token_hint", hint),
                ("post_logout_redirect_uri", "http://evil.example/"),
            ],
            "Invalid redirect uri",
        ),
        (
            &[
                ("client_id", "web"),
                ("post_logout_redirect_uri", "http://app.example/other"),
            ],
            "Invalid redirect uri",
        ),
    ];
    for (params, msg) in cases {
        let p = b.get(&logout_url(&srv, &realm, params)).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST, "{params:?}");
        assert!(p.location.is_none());
        assert!(p.html.contains(msg), "{msg}: {}", p.html);
    }
    assert!(
        refresh_ok(&srv, &realm, &tokens).await,
        "no error ended the session"
    );
    // The back-channel form (refresh token, client credentials) is still answered as before.
    let r = srv
        .oidc_form(
            &realm,
            "logout",
            &[
                ("client_id", "web"),
                ("client_secret", "web-secret"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv
        .oidc_form(
            &realm,
            "logout",
            &[("client_id", "web"), ("client_secret", "web-secret")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error_description"], "No refresh token");
});
