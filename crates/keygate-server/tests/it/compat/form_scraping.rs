//! A client that scrapes the login form's action and posts only `username` and `password`
//! (python-keycloak's PKCE test, curl scripts) signs in, as on Keycloak where the action
//! carries `session_code`. The action is taken verbatim from the HTML, without unescaping,
//! as those clients take it. The CSRF protection stays: the same post without the
//! browser's cookie, or replayed after use, signs nobody in.

use reqwest::StatusCode;

use crate::both_stores;
use crate::login::{exchange, pkce, setup, Browser, CB, PW};
use crate::support::{claims, Srv};

fn raw_action(html: &str) -> String {
    let re = regex::Regex::new(r#"action="(.*)" method"#).unwrap();
    re.captures(html).expect("form action")[1].to_string()
}

both_stores!(
    posting_only_credentials_to_the_action,
    |srv: Srv| async move {
        let realm = setup(&srv, serde_json::json!({})).await;
        let (verifier, challenge) = pkce();
        let mut b = Browser::new(&srv);
        let params = [
            ("client_id", "spa"),
            ("response_type", "code"),
            ("redirect_uri", CB),
            ("scope", "openid email"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ];
        let page = b.authorize(&realm, &params).await;
        assert_eq!(page.status, StatusCode::OK);
        let action = raw_action(&page.html);
        assert!(action.contains("session_code="), "{action}");

        // Without the browser's cookie the action alone is refused.
        let r = srv
            .http
            .post(&action)
            .form(&[("username", "alice"), ("password", PW)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);

        let done = b
            .post(&action, &[("username", "alice"), ("password", PW)])
            .await;
        assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
        let code = done.redirect_params()["code"].clone();
        let (status, tokens) = exchange(
            &srv,
            &realm,
            &[
                ("client_id", "spa"),
                ("code", &code),
                ("redirect_uri", CB),
                ("code_verifier", &verifier),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        assert_eq!(
            claims(tokens["access_token"].as_str().unwrap())["preferred_username"],
            "alice"
        );
        // Keycloak's acr mapper writes the access and id tokens, never userinfo.
        let access = tokens["access_token"].as_str().unwrap();
        assert_eq!(claims(access)["acr"], "1");
        let info: serde_json::Value = srv
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
        assert!(info.get("acr").is_none(), "{info}");

        // The form was used: posting it again signs nobody in.
        let again = b
            .post(&action, &[("username", "alice"), ("password", PW)])
            .await;
        assert_ne!(again.status, StatusCode::FOUND);

        // A forged csrf field is not rescued by the action's session_code.
        let mut fresh = Browser::new(&srv);
        let page = fresh.authorize(&realm, &params).await;
        let r = fresh
            .post(
                &raw_action(&page.html),
                &[("csrf", "forged"), ("username", "alice"), ("password", PW)],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
    }
);
