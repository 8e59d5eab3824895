//! Discovery, keys and the token lifecycle: grants, refresh, userinfo, introspection,
//! logout and revocation, with Keycloak's token shape.

use jsonwebtoken::{decode, decode_header, jwk::JwkSet, DecodingKey, Validation};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{claims, realm_name, Srv};

/// A realm with a user `alice` (password `pw`), and a confidential client `app`.
async fn setup(srv: &Srv) -> String {
    let admin = srv.admin_token().await;
    let realm = realm_name("tok");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    srv.create_user(&admin, &realm, "Alice", "pw").await;
    srv.create_client(&admin, &realm, "app", "app-secret").await;
    realm
}

async fn password(srv: &Srv, realm: &str, scope: Option<&str>) -> Value {
    let mut form = vec![
        ("grant_type", "password"),
        ("client_id", "app"),
        ("client_secret", "app-secret"),
        ("username", "alice"),
        ("password", "pw"),
    ];
    if let Some(s) = scope {
        form.push(("scope", s));
    }
    let r = srv.oidc_form(realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn introspect(srv: &Srv, realm: &str, token: &str) -> Value {
    let r = srv
        .oidc_form(
            realm,
            "token/introspect",
            &[
                ("client_id", "app"),
                ("client_secret", "app-secret"),
                ("token", token),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn refresh(srv: &Srv, realm: &str, rt: &str) -> reqwest::Response {
    srv.oidc_form(
        realm,
        "token",
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "app"),
            ("client_secret", "app-secret"),
            ("refresh_token", rt),
        ],
    )
    .await
}

both_stores!(discovery_and_realm_descriptor, |srv: Srv| async move {
    let realm = setup(&srv).await;
    let conf: Value = srv
        .http
        .get(srv.url(&format!("/realms/{realm}/.well-known/openid-configuration")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let issuer = format!("{}/realms/{realm}", srv.base);
    assert_eq!(conf["issuer"], json!(issuer));
    assert_eq!(
        conf["token_endpoint"],
        json!(format!("{issuer}/protocol/openid-connect/token"))
    );
    assert_eq!(
        conf["jwks_uri"],
        json!(format!("{issuer}/protocol/openid-connect/certs"))
    );
    assert!(conf["grant_types_supported"]
        .as_array()
        .unwrap()
        .contains(&json!("client_credentials")));

    let legacy: Value = srv
        .http
        .get(srv.url(&format!(
            "/auth/realms/{realm}/.well-known/openid-configuration"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        legacy["issuer"],
        json!(format!("{}/auth/realms/{realm}", srv.base))
    );

    let info: Value = srv
        .http
        .get(srv.url(&format!("/realms/{realm}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["realm"], json!(realm));
    assert_eq!(
        info["token-service"],
        json!(format!("{issuer}/protocol/openid-connect"))
    );
    assert_eq!(info["account-service"], json!(format!("{issuer}/account")));
    assert_eq!(info["tokens-not-before"], json!(0));
    let pem = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----",
        info["public_key"].as_str().unwrap()
    );
    let token = password(&srv, &realm, None).await;
    let key = DecodingKey::from_rsa_pem(pem.as_bytes()).expect("public_key is SPKI");
    let mut v = Validation::new(jsonwebtoken::Algorithm::RS256);
    v.validate_aud = false;
    decode::<Value>(token["access_token"].as_str().unwrap(), &key, &v)
        .expect("token verifies with the published public_key");
});

both_stores!(
    jwks_verifies_tokens_and_each_realm_has_its_own_key,
    |srv: Srv| async move {
        let realm = setup(&srv).await;
        let jwks: JwkSet = srv
            .http
            .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/certs")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let raw: Value = srv
            .http
            .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/certs")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let k = &raw["keys"][0];
        assert_eq!(
            (k["kty"].clone(), k["alg"].clone(), k["use"].clone()),
            (json!("RSA"), json!("RS256"), json!("sig"))
        );
        assert!(k["n"].as_str().unwrap().len() > 300, "RSA-2048 modulus");
        let token = password(&srv, &realm, Some("openid")).await;
        for t in ["access_token", "id_token"] {
            let jwt = token[t].as_str().unwrap();
            let kid = decode_header(jwt).unwrap().kid.unwrap();
            let jwk = jwks.find(&kid).expect("kid is published");
            let mut v = Validation::new(jsonwebtoken::Algorithm::RS256);
            v.validate_aud = false;
            decode::<Value>(jwt, &DecodingKey::from_jwk(jwk).unwrap(), &v).expect("signature");
        }
        let master: Value = srv
            .http
            .get(srv.url("/realms/master/protocol/openid-connect/certs"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_ne!(master["keys"][0]["kid"], raw["keys"][0]["kid"]);
    }
);

both_stores!(password_grant_token_shape, |srv: Srv| async move {
    let realm = setup(&srv).await;
    let t = password(&srv, &realm, Some("openid")).await;
    assert_eq!(t["token_type"], json!("Bearer"));
    assert_eq!(t["expires_in"], json!(300));
    assert_eq!(t["refresh_expires_in"], json!(1800));
    assert!(t["session_state"].is_string());
    assert_eq!(t["not-before-policy"], json!(0));
    assert!(t["scope"]
        .as_str()
        .unwrap()
        .split(' ')
        .any(|s| s == "openid"));
    let at = claims(t["access_token"].as_str().unwrap());
    for field in [
        "exp", "iat", "jti", "iss", "sub", "typ", "azp", "sid", "scope",
    ] {
        assert!(!at[field].is_null(), "access token lacks {field}: {at}");
    }
    assert_eq!(
        at["exp"].as_i64().unwrap() - at["iat"].as_i64().unwrap(),
        300
    );
    assert_eq!(at["typ"], json!("Bearer"));
    assert_eq!(at["azp"], json!("app"));
    assert_eq!(at["iss"], json!(format!("{}/realms/{realm}", srv.base)));
    assert_eq!(at["sid"], t["session_state"]);
    assert_eq!(at["preferred_username"], json!("alice"));
    assert_eq!(at["email"], json!("alice@example.com"));
    assert_eq!(at["email_verified"], json!(false));
    assert_eq!(at["given_name"], json!("Test"));
    assert_eq!(at["family_name"], json!("Alice"));
    assert_eq!(at["name"], json!("Test Alice"));
    let roles = at["realm_access"]["roles"].as_array().unwrap();
    for r in [
        "offline_access",
        "uma_authorization",
        &format!("default-roles-{realm}"),
    ] {
        assert!(roles.contains(&json!(r)), "realm role {r} in {roles:?}");
    }
    let account = at["resource_access"]["account"]["roles"]
        .as_array()
        .unwrap();
    assert!(account.contains(&json!("manage-account")) && account.contains(&json!("view-profile")));
    assert_eq!(at["aud"], json!("account"));

    let id = claims(t["id_token"].as_str().unwrap());
    assert_eq!(id["typ"], json!("ID"));
    assert_eq!(id["aud"], json!("app"));
    assert_eq!(id["sub"], at["sub"]);
    assert!(id["realm_access"].is_null());

    let rt = claims(t["refresh_token"].as_str().unwrap());
    assert_eq!(rt["typ"], json!("Refresh"));
    assert_eq!(rt["sid"], at["sid"]);

    let no_openid = password(&srv, &realm, None).await;
    assert!(
        no_openid["id_token"].is_null(),
        "no id_token without openid scope"
    );
});

both_stores!(
    client_credentials_is_the_service_account,
    |srv: Srv| async move {
        let realm = setup(&srv).await;
        let r = srv
            .oidc_form(
                &realm,
                "token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", "app"),
                    ("client_secret", "app-secret"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let t: Value = r.json().await.unwrap();
        assert!(t["refresh_token"].is_null());
        assert_eq!(t["refresh_expires_in"], json!(0));
        let at = claims(t["access_token"].as_str().unwrap());
        assert_eq!(at["preferred_username"], json!("service-account-app"));
        assert_eq!(at["azp"], json!("app"));
        // client_secret_basic works the same.
        let r = srv
            .http
            .post(srv.token_url(&realm))
            .basic_auth("app", Some("app-secret"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let t: Value = r.json().await.unwrap();
        assert_eq!(
            introspect(&srv, &realm, t["access_token"].as_str().unwrap()).await["active"],
            json!(true)
        );
    }
);

both_stores!(refresh_keeps_the_session, |srv: Srv| async move {
    let realm = setup(&srv).await;
    let t = password(&srv, &realm, None).await;
    srv.state.clock.advance(60);
    let r = refresh(&srv, &realm, t["refresh_token"].as_str().unwrap()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let t2: Value = r.json().await.unwrap();
    let (a, b) = (
        claims(t["access_token"].as_str().unwrap()),
        claims(t2["access_token"].as_str().unwrap()),
    );
    assert_eq!(a["sid"], b["sid"]);
    assert!(b["iat"].as_i64().unwrap() >= a["iat"].as_i64().unwrap() + 60);
    assert_ne!(a["jti"], b["jti"]);
});

both_stores!(userinfo_get_and_post, |srv: Srv| async move {
    let realm = setup(&srv).await;
    let t = password(&srv, &realm, Some("openid")).await;
    let at = t["access_token"].as_str().unwrap();
    let url = srv.url(&format!("/realms/{realm}/protocol/openid-connect/userinfo"));
    let r = srv.http.get(&url).bearer_auth(at).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let info: Value = r.json().await.unwrap();
    assert_eq!(info["sub"], claims(at)["sub"]);
    assert_eq!(info["preferred_username"], json!("alice"));
    assert_eq!(info["email"], json!("alice@example.com"));
    assert!(info["realm_access"].is_null() && info["exp"].is_null());
    let r = srv
        .http
        .post(&url)
        .form(&[("access_token", at)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = srv
        .http
        .get(&url)
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers().get("www-authenticate").is_some());
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], json!("invalid_token"));
});

both_stores!(
    introspection_active_and_every_inactive_case,
    |srv: Srv| async move {
        let realm = setup(&srv).await;
        let t = password(&srv, &realm, None).await;
        let at = t["access_token"].as_str().unwrap();
        let active = introspect(&srv, &realm, at).await;
        assert_eq!(active["active"], json!(true));
        assert_eq!(active["username"], json!("alice"));
        assert_eq!(active["client_id"], json!("app"));
        assert_eq!(active["sub"], claims(at)["sub"]);
        let rt_info = introspect(&srv, &realm, t["refresh_token"].as_str().unwrap()).await;
        assert_eq!(rt_info["active"], json!(true));

        // Unparseable.
        assert_eq!(
            introspect(&srv, &realm, "garbage").await,
            json!({"active": false})
        );
        // Tampered signature.
        let mut parts: Vec<String> = at.split('.').map(str::to_string).collect();
        parts[2] = parts[2].chars().rev().collect();
        assert_eq!(
            introspect(&srv, &realm, &parts.join(".")).await["active"],
            json!(false)
        );
        // Another realm's token.
        let admin = srv.admin_token().await;
        assert_eq!(
            introspect(&srv, &realm, &admin).await["active"],
            json!(false)
        );
        // Expired.
        srv.state.clock.advance(301);
        assert_eq!(introspect(&srv, &realm, at).await["active"], json!(false));
    }
);

both_stores!(logout_ends_the_session, |srv: Srv| async move {
    let realm = setup(&srv).await;
    let t = password(&srv, &realm, None).await;
    let rt = t["refresh_token"].as_str().unwrap();
    let r = srv
        .oidc_form(
            &realm,
            "logout",
            &[
                ("client_id", "app"),
                ("client_secret", "app-secret"),
                ("refresh_token", rt),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = refresh(&srv, &realm, rt).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], json!("invalid_grant"));
    assert_eq!(
        introspect(&srv, &realm, t["access_token"].as_str().unwrap()).await["active"],
        json!(false)
    );
    let url = srv.url(&format!("/realms/{realm}/protocol/openid-connect/userinfo"));
    let r = srv
        .http
        .get(&url)
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
});

both_stores!(
    revocation_of_access_and_refresh_tokens,
    |srv: Srv| async move {
        let realm = setup(&srv).await;
        let t = password(&srv, &realm, None).await;
        let at = t["access_token"].as_str().unwrap();
        let r = srv
            .oidc_form(
                &realm,
                "revoke",
                &[
                    ("client_id", "app"),
                    ("client_secret", "app-secret"),
                    ("token", at),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(introspect(&srv, &realm, at).await["active"], json!(false));
        // The session itself lives on: the refresh token still works.
        let rt = t["refresh_token"].as_str().unwrap();
        assert_eq!(refresh(&srv, &realm, rt).await.status(), StatusCode::OK);
        let r = srv
            .oidc_form(
                &realm,
                "revoke",
                &[
                    ("client_id", "app"),
                    ("client_secret", "app-secret"),
                    ("token", rt),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            refresh(&srv, &realm, rt).await.status(),
            StatusCode::BAD_REQUEST
        );
        // Unknown tokens are fine to revoke (RFC 7009).
        let r = srv
            .oidc_form(
                &realm,
                "revoke",
                &[
                    ("client_id", "app"),
                    ("client_secret", "app-secret"),
                    ("token", "x.y.z"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
);

both_stores!(realm_lifespans_shape_expiry, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("life");
    srv.create_realm(
        &admin,
        json!({"realm": realm, "accessTokenLifespan": 60, "ssoSessionIdleTimeout": 600, "ssoSessionMaxLifespan": 900}),
    )
    .await;
    srv.create_user(&admin, &realm, "bob", "pw").await;
    let t = srv.password_token(&realm, "admin-cli", "bob", "pw").await;
    assert_eq!(t["expires_in"], json!(60));
    assert_eq!(t["refresh_expires_in"], json!(600));
    // Idle timeout: the session dies after 600 s without use.
    srv.state.clock.advance(601);
    let r = srv
        .oidc_form(
            &realm,
            "token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", "admin-cli"),
                ("refresh_token", t["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
});
