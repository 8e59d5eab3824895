//! What keycloak-js asks of the server, over plain HTTP: the framed pages and their
//! `init` origin check, the `KEYCLOAK_SESSION` cookie the status iframe compares, framable
//! `prompt=none` answers, logout without confirmation, and the Account REST API.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{exchange_web, setup, Browser, CB, PW};
use crate::both_stores;
use crate::support::Srv;

const OIDC: &str = "protocol/openid-connect";

async fn get(srv: &Srv, path: &str) -> reqwest::Response {
    srv.http.get(srv.url(path)).send().await.unwrap()
}

both_stores!(framed_pages_and_origin_check, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let admin = srv.admin_token().await;
    let body = json!({"clientId": "app", "publicClient": true,
                      "redirectUris": ["http://app.example/*"], "webOrigins": ["+"]});
    let r = srv
        .post(&admin, &format!("/admin/realms/{realm}/clients"), &body)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    for (page, marker) in [
        ("3p-cookies/step1.html", "step2.html"),
        ("3p-cookies/step2.html", "\"supported\""),
        ("login-status-iframe.html", "KEYCLOAK_SESSION"),
    ] {
        for prefix in ["", "/auth"] {
            let r = get(&srv, &format!("{prefix}/realms/{realm}/{OIDC}/{page}")).await;
            assert_eq!(r.status(), StatusCode::OK, "{page}");
            assert!(r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"));
            assert!(r.headers().get("x-frame-options").is_none(), "{page}");
            assert!(r.headers().get("content-security-policy").is_none());
            assert!(r.text().await.unwrap().contains(marker), "{page}");
        }
    }
    let r = get(
        &srv,
        &format!("/realms/nope-{realm}/{OIDC}/3p-cookies/step1.html"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let init = |client: &str, origin: &str| {
        let mut u = url::Url::parse(&srv.url(&format!(
            "/realms/{realm}/{OIDC}/login-status-iframe.html/init"
        )))
        .unwrap();
        u.query_pairs_mut()
            .append_pair("client_id", client)
            .append_pair("origin", origin);
        srv.http.get(u.as_str()).send()
    };
    // `+`: the origins of the redirect URIs.
    assert_eq!(
        init("app", "http://app.example").await.unwrap().status(),
        204
    );
    assert_eq!(
        init("app", "http://evil.example").await.unwrap().status(),
        403
    );
    assert_eq!(
        init("nobody", "http://app.example").await.unwrap().status(),
        403
    );
    // Keygate's own origin may always ask.
    assert_eq!(init("app", &srv.base).await.unwrap().status(), 204);
    let r = get(
        &srv,
        &format!("/realms/{realm}/{OIDC}/login-status-iframe.html/init"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
});

fn cookie<'a>(b: &'a Browser<'_>, name: &str) -> &'a str {
    b.set_cookies
        .iter()
        .rev()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
}

both_stores!(
    session_cookie_prompt_none_and_logout,
    |srv: Srv| async move {
        let realm = setup(&srv, json!({})).await;
        let mut b = Browser::new(&srv);
        let p = b.login_code(&realm, "web", &[("state", "s")]).await;
        let sid = p["session_state"].clone();

        // The status iframe compares base64url(SHA-256(session_state)) with this cookie,
        // which a frame on the app's (other) site must see.
        let session = cookie(&b, "KEYCLOAK_SESSION");
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(sid.as_bytes()));
        assert!(
            session.starts_with(&format!("KEYCLOAK_SESSION={expected};")),
            "{session}"
        );
        for c in [session, cookie(&b, "KEYCLOAK_IDENTITY")] {
            assert!(c.contains("SameSite=None") && c.contains("Secure"), "{c}");
        }
        assert!(!session.contains("HttpOnly"), "scripts read it");

        // prompt=none answers by redirect, framable from the app's hidden iframe.
        let params = [
            ("client_id", "web"),
            ("response_type", "code"),
            ("redirect_uri", CB),
            ("scope", "openid"),
            ("prompt", "none"),
            ("response_mode", "fragment"),
        ];
        let silent = b.authorize(&realm, &params).await;
        assert_eq!(silent.status, StatusCode::FOUND);
        assert!(silent.location.as_deref().unwrap().contains("code="));
        let r = srv
            .http
            .get(srv.url(&format!("/realms/{realm}/{OIDC}/auth")))
            .query(&params)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FOUND);
        assert!(r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("error=login_required"));
        assert!(r.headers().get("x-frame-options").is_none());
        assert!(r.headers().get("content-security-policy").is_none());

        // keycloak-js's logout: straight back to the app, session cookies expired.
        let code = p["code"].clone();
        let (status, tokens) = exchange_web(&srv, &realm, &code, &[]).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        let mut u = url::Url::parse(&srv.url(&format!("/realms/{realm}/{OIDC}/logout"))).unwrap();
        u.query_pairs_mut()
            .append_pair("client_id", "web")
            .append_pair("post_logout_redirect_uri", "http://app.example/bye")
            .append_pair("id_token_hint", tokens["id_token"].as_str().unwrap());
        let out = b.get(u.as_str()).await;
        assert_eq!(out.status, StatusCode::FOUND, "{}", out.html);
        assert_eq!(out.location.as_deref(), Some("http://app.example/bye"));
        let gone = cookie(&b, "KEYCLOAK_SESSION");
        assert!(
            gone.contains("Max-Age=0") && gone.contains("SameSite=None"),
            "{gone}"
        );
        let again = b.authorize(&realm, &params).await;
        assert!(again
            .location
            .as_deref()
            .unwrap()
            .contains("error=login_required"));
    }
);

/// A call to the realm's account API as keycloak-js makes it.
async fn account(
    srv: &Srv,
    realm: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let url = srv.url(&format!("/realms/{realm}/account{path}"));
    let mut req = match body {
        None => srv.http.get(url),
        Some(b) => srv.http.post(url).json(&b),
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn profile_update(v: &Value) -> Value {
    json!({"username": v["username"], "email": v["email"],
           "firstName": v["firstName"], "lastName": v["lastName"]})
}

both_stores!(account_profile_api, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let admin = srv.admin_token().await;
    srv.create_user(&admin, &realm, "bob", PW).await;
    let tokens = srv.password_token(&realm, "spa", "alice", PW).await;
    let token = tokens["access_token"].as_str().unwrap();

    let (status, _) = account(&srv, &realm, "", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = account(&srv, &realm, "", Some("not-a-token"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, me) = account(&srv, &realm, "", Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["username"], "alice");
    assert_eq!(me["email"], "alice@example.com");
    assert_eq!(me["firstName"], "Test");
    assert_eq!(me["lastName"], "alice");
    assert_eq!(me["emailVerified"], false);
    assert!(me["id"].as_str().is_some_and(|id| id.len() == 36));
    let meta = me["userProfileMetadata"]["attributes"].as_array().unwrap();
    let username = meta.iter().find(|a| a["name"] == "username").unwrap();
    assert_eq!(username["readOnly"], true, "editUsernameAllowed is off");
    let email = meta.iter().find(|a| a["name"] == "email").unwrap();
    assert_eq!(
        (email["readOnly"].clone(), email["required"].clone()),
        (json!(false), json!(true))
    );
    let (_, bare) = account(
        &srv,
        &realm,
        "?userProfileMetadata=false",
        Some(token),
        None,
    )
    .await;
    assert!(bare.get("userProfileMetadata").is_none());

    // Validation, in Keycloak's shape: the first error on top and all under `errors`.
    let mut bad = profile_update(&me);
    bad["email"] = json!("not-an-email");
    let (status, err) = account(&srv, &realm, "", Some(token), Some(bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_eq!(err["field"], "email");
    assert_eq!(err["errorMessage"], "invalidEmailMessage");
    assert_eq!(err["errors"][0]["field"], "email");
    let mut renamed = profile_update(&me);
    renamed["username"] = json!("alicia");
    let (status, err) = account(&srv, &realm, "", Some(token), Some(renamed.clone())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["field"], "username");
    assert_eq!(err["errorMessage"], "error-user-attribute-read-only");
    let mut taken = profile_update(&me);
    taken["email"] = json!("bob@example.com");
    let (status, err) = account(&srv, &realm, "", Some(token), Some(taken)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["errorMessage"], "emailExistsMessage");
    let (status, err) = account(
        &srv,
        &realm,
        "",
        Some(token),
        Some(json!({"firstName": "A"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "left-out required fields are cleared"
    );
    let fields: Vec<(&str, &str)> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap(),
                e["errorMessage"].as_str().unwrap(),
            )
        })
        .collect();
    let required = "error-user-attribute-required";
    assert_eq!(fields, [("email", required), ("lastName", required)]);
    assert!(
        err.get("field").is_none(),
        "several errors: no top-level one"
    );

    let mut good = profile_update(&me);
    good["firstName"] = json!("Alice");
    good["email"] = json!("alice@wonderland.example");
    good["attributes"] = json!({"nickname": ["ali"]});
    let (status, err) = account(&srv, &realm, "", Some(token), Some(good)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{err}");
    let (_, me) = account(&srv, &realm, "", Some(token), None).await;
    assert_eq!(me["firstName"], "Alice");
    assert_eq!(me["email"], "alice@wonderland.example");
    assert_eq!(me["attributes"]["nickname"], json!(["ali"]));

    // With editUsernameAllowed the username is the user's to change.
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}"),
            &json!({"editUsernameAllowed": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    renamed["email"] = me["email"].clone();
    renamed["firstName"] = me["firstName"].clone();
    let (status, err) = account(&srv, &realm, "", Some(token), Some(renamed)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{err}");
    let (_, me) = account(&srv, &realm, "", Some(token), None).await;
    assert_eq!(me["username"], "alicia");

    let (status, sessions) = account(&srv, &realm, "/sessions", Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{sessions}");
    assert_eq!(sessions[0]["current"], true, "{sessions}");
    assert_eq!(sessions[0]["clients"][0]["clientId"], "spa");
    let (status, creds) = account(&srv, &realm, "/credentials", Some(token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(creds[0]["type"], "password");
    assert_eq!(
        creds[0]["userCredentialMetadatas"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(!creds.to_string().contains("secretData"));
    let (status, apps) = account(&srv, &realm, "/applications", Some(token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(apps[0]["clientId"], "spa");
    assert_eq!(apps[0]["inUse"], true);
});
