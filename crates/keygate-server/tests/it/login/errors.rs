//! Every error branch of the authorization endpoint and the sign-in form: an untrusted
//! client or redirect URI gets Keygate's error page and never a redirect; the rest goes
//! back to the client; forged, foreign or stale form posts are refused.

use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::both_stores;
use crate::support::Srv;

/// Query parameters, the expected `error`, and a part of `error_description`.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

fn assert_page(p: &Page, status: StatusCode, text: &str) {
    assert_eq!(p.status, status, "{text}: {}", p.html);
    assert!(p.location.is_none(), "{text}: never a redirect");
    assert!(p.html.contains("We are sorry..."), "{}", p.html);
    assert!(p.html.contains(text), "want {text:?} in {}", p.html);
}

both_stores!(authorization_request_errors, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let admin = srv.admin_token().await;
    for (id, body) in [
        ("bearer", json!({"clientId": "bearer", "bearerOnly": true})),
        (
            "off",
            json!({"clientId": "off", "enabled": false, "redirectUris": [CB]}),
        ),
        (
            "nostd",
            json!({"clientId": "nostd", "publicClient": true, "standardFlowEnabled": false, "redirectUris": [CB]}),
        ),
        (
            "pkce",
            json!({"clientId": "pkce", "publicClient": true, "redirectUris": [CB],
                        "attributes": {"pkce.code.challenge.method": "S256"}}),
        ),
    ] {
        let r = srv
            .post(&admin, &format!("/admin/realms/{realm}/clients"), &body)
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{id}");
    }
    let mut b = Browser::new(&srv);
    let code = [("response_type", "code")];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut v: Vec<(&str, &str)> = code.to_vec();
        v.extend_from_slice(extra);
        v
    };

    // Error pages: nothing about the client or its redirect can be trusted.
    let p = b
        .authorize(
            "no-such-realm",
            &with(&[("client_id", "web"), ("redirect_uri", CB)]),
        )
        .await;
    assert_page(&p, StatusCode::NOT_FOUND, "Realm does not exist.");
    let p = b.authorize(&realm, &with(&[("redirect_uri", CB)])).await;
    assert_page(&p, StatusCode::BAD_REQUEST, "Missing parameters: client_id");
    let p = b
        .authorize(
            &realm,
            &with(&[("client_id", "nobody"), ("redirect_uri", CB)]),
        )
        .await;
    assert_page(&p, StatusCode::BAD_REQUEST, "Client not found.");
    let p = b
        .authorize(&realm, &with(&[("client_id", "off"), ("redirect_uri", CB)]))
        .await;
    assert_page(&p, StatusCode::BAD_REQUEST, "Client disabled.");
    let p = b
        .authorize(
            &realm,
            &with(&[("client_id", "bearer"), ("redirect_uri", CB)]),
        )
        .await;
    assert_page(
        &p,
        StatusCode::FORBIDDEN,
        "Bearer-only applications are not allowed",
    );
    for bad in [
        "http://evil.example/cb",
        "http://127.0.0.1:9/cb/extra",
        "http://127.0.0.1:9/cb#frag",
        "http://app.example/wilder",
        "http://app.example@evil.example/wild/x",
    ] {
        let p = b
            .authorize(
                &realm,
                &with(&[("client_id", "web"), ("redirect_uri", bad)]),
            )
            .await;
        assert_page(
            &p,
            StatusCode::BAD_REQUEST,
            "Invalid parameter: redirect_uri",
        );
    }
    // An OIDC request must name its redirect URI.
    let p = b
        .authorize(&realm, &with(&[("client_id", "web"), ("scope", "openid")]))
        .await;
    assert_page(
        &p,
        StatusCode::BAD_REQUEST,
        "Invalid parameter: redirect_uri",
    );
    // The wildcard accepts anything below it.
    let p = b
        .authorize(
            &realm,
            &with(&[
                ("client_id", "web"),
                ("redirect_uri", "http://app.example/wild/deep/x?q=1"),
            ]),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);

    // Errors that go back to the (verified) redirect URI, with the state.
    let cases: &[Case] = &[
        (
            &[("client_id", "web")],
            "invalid_request",
            "Missing parameter: response_type",
        ),
        (
            &[("client_id", "web"), ("response_type", "token")],
            "unauthorized_client",
            "Implicit flow is disabled",
        ),
        (
            &[("client_id", "web"), ("response_type", "bogus")],
            "unsupported_response_type",
            "",
        ),
        (
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("response_mode", "jwt"),
            ],
            "invalid_request",
            "Invalid parameter: response_mode",
        ),
        (
            &[("client_id", "nostd"), ("response_type", "code")],
            "unauthorized_client",
            "Standard flow is disabled",
        ),
        (
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("scope", "openid nonsense"),
            ],
            "invalid_scope",
            "Invalid scopes: openid nonsense",
        ),
        (
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("code_challenge_method", "S256"),
            ],
            "invalid_request",
            "Missing parameter: code_challenge",
        ),
        (
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("code_challenge", "short"),
                ("code_challenge_method", "S256"),
            ],
            "invalid_request",
            "Invalid parameter: code_challenge",
        ),
        (
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                (
                    "code_challenge",
                    "0123456789012345678901234567890123456789abc",
                ),
                ("code_challenge_method", "S512"),
            ],
            "invalid_request",
            "Invalid parameter: code_challenge_method",
        ),
        (
            &[("client_id", "pkce"), ("response_type", "code")],
            "invalid_request",
            "Missing parameter: code_challenge_method",
        ),
        (
            &[
                ("client_id", "pkce"),
                ("response_type", "code"),
                (
                    "code_challenge",
                    "0123456789012345678901234567890123456789abc",
                ),
                ("code_challenge_method", "plain"),
            ],
            "invalid_request",
            "not matching the configured one",
        ),
        (
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("max_age", "soon"),
            ],
            "invalid_request",
            "Invalid parameter: max_age",
        ),
    ];
    for (params, error, description) in cases {
        let mut q: Vec<(&str, &str)> = params.to_vec();
        q.push(("redirect_uri", CB));
        q.push(("state", "xyz"));
        let p = b.authorize(&realm, &q).await;
        assert_eq!(p.status, StatusCode::FOUND, "{params:?}: {}", p.html);
        let e = p.redirect_params();
        assert_eq!(e["error"], *error, "{params:?}");
        assert!(
            e.get("error_description")
                .map(String::as_str)
                .unwrap_or("")
                .contains(description),
            "{params:?}: {e:?}"
        );
        assert_eq!(e["state"], "xyz");
        assert!(p.location.unwrap().starts_with(CB));
    }
    // login_required honours the response mode.
    let p = b
        .authorize(
            &realm,
            &with(&[
                ("client_id", "web"),
                ("redirect_uri", CB),
                ("prompt", "none"),
                ("response_mode", "fragment"),
            ]),
        )
        .await;
    assert!(p.location.unwrap().contains("#error=login_required"));
    let p = b
        .authorize(
            &realm,
            &with(&[
                ("client_id", "web"),
                ("redirect_uri", CB),
                ("prompt", "none"),
                ("response_mode", "form_post"),
            ]),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.hidden("error").as_deref(), Some("login_required"));

    // A disabled realm.
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}"),
            &json!({"enabled": false}),
        )
        .await;
    assert!(r.status().is_success());
    let p = b
        .authorize(&realm, &with(&[("client_id", "web"), ("redirect_uri", CB)]))
        .await;
    assert_page(&p, StatusCode::BAD_REQUEST, "Realm not enabled");
});

both_stores!(sign_in_form_errors, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let admin = srv.admin_token().await;
    let bob = srv.create_user(&admin, &realm, "bob", PW).await;
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}/users/{bob}"),
            &json!({"enabled": false}),
        )
        .await;
    assert!(r.status().is_success());
    let mut b = Browser::new(&srv);
    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
            ],
        )
        .await;
    let action = page.action();
    let csrf = page.hidden("csrf").unwrap();
    let creds =
        |token: &'static str| vec![("csrf", token), ("username", "alice"), ("password", PW)];

    // Forged: no token, a wrong token, another browser's cookie, no cookie, no tab. The
    // action's `session_code` is `{tab}.{token}`: the tab alone carries no token.
    let (path, code) = action.split_once("?session_code=").unwrap();
    let tab_only = format!("{path}?tab_id={}", code.split_once('.').unwrap().0);
    let p = b
        .post(&tab_only, &[("username", "alice"), ("password", PW)])
        .await;
    assert_page(
        &p,
        StatusCode::BAD_REQUEST,
        "please login again through your application",
    );
    let p = b.post(&action, &creds("not-the-token")).await;
    assert_page(
        &p,
        StatusCode::BAD_REQUEST,
        "please login again through your application",
    );
    let mut attacker = Browser::new(&srv);
    attacker
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
            ],
        )
        .await;
    let form = [
        ("csrf", csrf.as_str()),
        ("username", "alice"),
        ("password", PW),
    ];
    let p = attacker.post(&action, &form).await;
    assert_page(
        &p,
        StatusCode::BAD_REQUEST,
        "please login again through your application",
    );
    let mut cookieless = Browser::new(&srv);
    let p = cookieless.post(&action, &form).await;
    assert_page(&p, StatusCode::BAD_REQUEST, "Cookie not found.");
    let no_tab = action.split('?').next().unwrap().to_string();
    let p = b.post(&no_tab, &form).await;
    assert_page(
        &p,
        StatusCode::BAD_REQUEST,
        "please login again through your application",
    );

    // Wrong input shows the form again with Keycloak's messages.
    for (user, pw, msg) in [
        ("", PW, "Invalid username or password."),
        ("alice", "", "Invalid username or password."),
        ("nobody", PW, "Invalid username or password."),
        ("alice", "wrong", "Invalid username or password."),
        (
            "bob",
            PW,
            "Account is disabled, contact your administrator.",
        ),
    ] {
        let p = b
            .post(
                &action,
                &[("csrf", &csrf), ("username", user), ("password", pw)],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{user}");
        assert!(p.html.contains(msg), "{user}: {}", p.html);
        assert!(
            p.html.contains(&format!(r#"value="{user}""#)),
            "username kept"
        );
    }

    // A pending login times out (accessCodeLifespanLogin) and restarts with a fresh form.
    srv.state.clock.advance(1801);
    let p = b.post(&action, &form).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.html.contains("Your login attempt timed out."),
        "{}",
        p.html
    );
    assert_ne!(p.action(), action);
    let done = b.sign_in(&p, "alice", PW).await;
    assert_eq!(done.status, StatusCode::FOUND);
    // The finished tab is gone.
    let p = b.post(&action, &form).await;
    assert_page(
        &p,
        StatusCode::BAD_REQUEST,
        "please login again through your application",
    );
});
