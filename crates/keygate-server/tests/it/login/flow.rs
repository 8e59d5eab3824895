//! The happy path: login page, code with PKCE, tokens with nonce and auth_time, userinfo,
//! SSO for a second client, `prompt`, `max_age`, response modes, and a pending login
//! that another node (sharing the store) completes.

use keygate_server::Config;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::{claims, Srv};

both_stores!(code_flow_with_pkce_and_sso, |srv: Srv| async move {
    let realm = setup(&srv, json!({"rememberMe": true})).await;
    let mut b = Browser::new(&srv);
    let (verifier, challenge) = pkce();
    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("scope", "openid profile"),
                ("state", "st-1"),
                ("nonce", "n-0S6"),
                ("code_challenge", &challenge),
                ("code_challenge_method", "S256"),
                ("login_hint", "ali<ce"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // The page: realm display name (escaped), labelled fields, remember me, hint, token.
    assert!(page.html.contains("Acme &lt;Corp&gt;"), "{}", page.html);
    assert!(!page.html.contains("Acme <Corp>"));
    assert!(page
        .html
        .contains(r#"<label for="username">Username or email</label>"#));
    assert!(page
        .html
        .contains(r#"<label for="password">Password</label>"#));
    assert!(page.html.contains(r#"id="rememberMe""#));
    assert!(page.html.contains(r#"value="ali&lt;ce""#));
    assert!(page.hidden("csrf").is_some_and(|c| c.len() >= 32));
    assert!(page
        .action()
        .contains("/login-actions/authenticate?session_code="));
    assert!(!page.html.contains("<script"));
    assert!(b
        .set_cookies
        .iter()
        .any(|c| c.starts_with("AUTH_SESSION_ID=")
            && c.contains("HttpOnly")
            && c.contains(&format!("Path=/realms/{realm}/"))));

    // A wrong password shows the form again.
    let wrong = b.sign_in(&page, "alice", "nope").await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.html.contains("Invalid username or password."));
    assert!(wrong.html.contains(r#"role="alert""#));
    assert!(wrong.html.contains(r#"aria-invalid="true""#));

    let done = b.sign_in(&wrong, "alice", PW).await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
    let loc = done.location.clone().unwrap();
    assert!(loc.starts_with(&format!("{CB}?")), "{loc}");
    let p = done.redirect_params();
    assert_eq!(p["state"], "st-1");
    assert_eq!(p["iss"], srv.url(&format!("/realms/{realm}")));
    let identity = b
        .set_cookies
        .iter()
        .find(|c| c.starts_with("KEYCLOAK_IDENTITY="))
        .expect("identity cookie");
    assert!(identity.contains("HttpOnly") && identity.contains(&format!("Path=/realms/{realm}/")));
    // A loopback base is a secure context: cross-site for keycloak-js's frames.
    assert!(
        identity.contains("SameSite=None") && identity.contains("Secure"),
        "{identity}"
    );
    assert!(
        !identity.contains("Max-Age"),
        "no remember me: a browser-session cookie"
    );

    let (status, tokens) =
        exchange_web(&srv, &realm, &p["code"], &[("code_verifier", &verifier)]).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["session_state"], json!(p["session_state"]));
    let id = claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["nonce"], "n-0S6");
    assert_eq!(id["azp"], "web");
    assert_eq!(id["sid"], json!(p["session_state"]));
    assert!(id["auth_time"].as_i64().is_some());
    let access = tokens["access_token"].as_str().unwrap();
    let info: Value = srv
        .http
        .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/userinfo")))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["preferred_username"], "alice");

    // SSO: the second client gets a code without a password, in the same session.
    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "spa"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("scope", "openid"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FOUND, "{}", page.html);
    let p2 = page.redirect_params();
    assert_eq!(p2["session_state"], p["session_state"]);
    let (status, t2) = exchange(
        &srv,
        &realm,
        &[
            ("code", &p2["code"]),
            ("client_id", "spa"),
            ("redirect_uri", CB),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{t2}");
    let id2 = claims(t2["id_token"].as_str().unwrap());
    assert_eq!(
        id2["auth_time"], id["auth_time"],
        "auth_time is the original login"
    );

    // prompt=none: a code with the session, login_required without.
    let p3 = b.login_code(&realm, "web", &[("prompt", "none")]).await;
    assert!(p3.contains_key("code"));
    let mut stranger = Browser::new(&srv);
    let page = stranger
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("prompt", "none"),
                ("state", "s"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FOUND);
    let e = page.redirect_params();
    assert_eq!(e["error"], "login_required");
    assert_eq!(e["state"], "s");
    assert!(!e.contains_key("code"));

    // prompt=login and an exceeded max_age force the form despite the session.
    for extra in [("prompt", "login"), ("max_age", "0")] {
        srv.state.clock.advance(2);
        let page = b
            .authorize(
                &realm,
                &[
                    ("client_id", "web"),
                    ("response_type", "code"),
                    ("redirect_uri", CB),
                    extra,
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{extra:?}");
        assert!(page.html.contains("kc-form-login"));
    }
    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("max_age", "3600"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FOUND);
});

both_stores!(response_modes_and_remember_me, |srv: Srv| async move {
    let realm = setup(&srv, json!({"rememberMe": true})).await;
    let mut b = Browser::new(&srv);
    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("response_mode", "fragment"),
                ("state", "f"),
            ],
        )
        .await;
    let csrf = page.hidden("csrf").unwrap();
    let done = b
        .post(
            &page.action(),
            &[
                ("csrf", &csrf),
                ("username", "alice@example.com"),
                ("password", PW),
                ("rememberMe", "on"),
            ],
        )
        .await;
    assert_eq!(
        done.status,
        StatusCode::FOUND,
        "login by email: {}",
        done.html
    );
    let loc = done.location.unwrap();
    let (_, fragment) = loc.split_once('#').expect("fragment response");
    assert!(
        fragment.contains("state=f") && fragment.contains("code="),
        "{loc}"
    );
    let identity = b
        .set_cookies
        .iter()
        .find(|c| c.starts_with("KEYCLOAK_IDENTITY="))
        .unwrap();
    assert!(
        identity.contains("Max-Age="),
        "remember me: persistent cookie"
    );

    let page = b
        .authorize(
            &realm,
            &[
                ("client_id", "web"),
                ("response_type", "code"),
                ("redirect_uri", CB),
                ("response_mode", "form_post"),
                ("state", "fp"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.action(), CB);
    assert_eq!(page.hidden("state").as_deref(), Some("fp"));
    let code = page.hidden("code").expect("code field");
    let (status, _) = exchange_web(&srv, &realm, &code, &[]).await;
    assert_eq!(status, StatusCode::OK);
});

both_stores!(theme_from_realm_attributes, |srv: Srv| async move {
    let realm = setup(
        &srv,
        json!({"attributes": {
            "keygate.theme.logoUrl": "https://cdn.example/logo.svg",
            "keygate.theme.primaryColor": "#ff6600",
            "keygate.theme.backgroundColor": "red;}body{display:none"
        }}),
    )
    .await;
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
    assert!(page
        .html
        .contains(r#"<img src="https://cdn.example/logo.svg""#));
    assert!(page.html.contains("--primary:#ff6600"));
    assert!(
        !page.html.contains("display:none"),
        "invalid colours are dropped"
    );
    assert!(
        !page.html.contains("rememberMe"),
        "remember me off by default"
    );
});

both_stores!(pending_login_survives_a_restart, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
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
    // A second server on the same store (a restarted or another node) takes the form.
    let other = Srv::start(Config::for_url(srv.db_url.clone()), None).await;
    let action = page.action().replace(&srv.base, &other.base);
    let csrf = page.hidden("csrf").unwrap();
    let mut b2 = Browser::new(&other);
    b2.jar = b.jar.clone();
    let done = b2
        .post(
            &action,
            &[("csrf", &csrf), ("username", "alice"), ("password", PW)],
        )
        .await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
    let code = done.redirect_params()["code"].clone();
    let (status, body) = exchange_web(&srv, &realm, &code, &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
});
