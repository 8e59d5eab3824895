//! The offline verifier rejects every forged, stale or foreign token with a clear reason,
//! and follows key rotation.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use keygate_client::{Bearer, KeygateClient, TokenError, TokenVerifier, VerifierConfig};
use serde_json::json;

use crate::both_stores;
use crate::support::Srv;

async fn token(kc: &KeygateClient, realm: &str) -> String {
    kc.login("web", "web-secret", realm, "lee", "pw")
        .await
        .unwrap()
        .access_token
}

fn b64(v: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

/// Adds a new, higher-priority RSA key to the realm, as a rotation does.
async fn rotate_key(srv: &Srv, realm: &str) {
    use keygate_server::store;
    let mut tx = srv.state.begin().await.unwrap();
    let row = store::realms::by_name(&mut tx, realm)
        .await
        .unwrap()
        .unwrap();
    let mut key = keygate_server::crypto::keys::generate_rsa(
        uuid::Uuid::new_v4().to_string(),
        srv.state.clock.now(),
    )
    .unwrap();
    key.priority = 500;
    store::keys::insert(&mut tx, &row.id, &key).await.unwrap();
    srv.state
        .commit(tx, keygate_server::state::Change::Realm)
        .await
        .unwrap();
}

both_stores!(accepts_valid_and_rejects_forgeries, |srv: Srv| async move {
    let (kc, realm) = crate::oidc::realm_with_user(&srv).await;
    let v = TokenVerifier::new(kc.clone(), VerifierConfig::new(&realm).audience("web"));
    let good = token(&kc, &realm).await;
    let claims = v.verify(&good).await.unwrap();
    assert_eq!(claims.preferred_username.as_deref(), Some("lee"));
    assert!(claims.has_realm_role("offline_access"));

    let parts: Vec<&str> = good.split('.').collect();
    // Tampered payload.
    let mut payload = keygate_client::model::AccessTokenClaims::clone(&claims);
    payload.preferred_username = Some("admin".into());
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64(&serde_json::to_value(&payload).unwrap()),
        parts[2]
    );
    assert_eq!(
        v.verify(&forged).await.unwrap_err(),
        TokenError::BadSignature
    );
    // alg none.
    let kid = jsonwebtoken::decode_header(&good).unwrap().kid.unwrap();
    let none = format!("{}.{}.", b64(&json!({"alg": "none", "kid": kid})), parts[1]);
    assert_eq!(
        v.verify(&none).await.unwrap_err(),
        TokenError::UnsupportedAlgorithm("none".into())
    );
    // HS256 signed with the realm's public key as the HMAC secret.
    let public = kc.get_issuer(&realm).await.unwrap().public_key;
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(kid.clone());
    let hs = jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(public.as_bytes()),
    )
    .unwrap();
    assert_eq!(
        v.verify(&hs).await.unwrap_err(),
        TokenError::UnsupportedAlgorithm("HS256".into())
    );
    // Garbage.
    assert_eq!(v.verify("abc").await.unwrap_err(), TokenError::Malformed);
    // Wrong audience.
    let strict = TokenVerifier::new(kc.clone(), VerifierConfig::new(&realm).audience("billing"));
    assert_eq!(
        strict.verify(&good).await.unwrap_err(),
        TokenError::WrongAudience
    );
});

both_stores!(rejects_expired_and_foreign_tokens, |srv: Srv| async move {
    let (kc, realm) = crate::oidc::realm_with_user(&srv).await;
    let v = TokenVerifier::new(
        kc.clone(),
        VerifierConfig::new(&realm).leeway(Duration::from_secs(5)),
    );
    // A token issued 400 s ago has been expired for 100 s.
    srv.state.clock.advance(-400);
    let old = token(&kc, &realm).await;
    srv.state.clock.advance(400);
    assert_eq!(v.verify(&old).await.unwrap_err(), TokenError::Expired);
    // Another realm's token: its key is not this realm's.
    let (_, other) = crate::oidc::realm_with_user(&srv).await;
    let foreign = token(&kc, &other).await;
    assert!(matches!(
        v.verify(&foreign).await.unwrap_err(),
        TokenError::UnknownKey(_)
    ));
    // The same realm name on an issuer that is not the expected one.
    let wrong_issuer = VerifierConfig {
        issuer: Some("https://elsewhere/realms/x".into()),
        ..VerifierConfig::new(&realm)
    };
    let v2 = TokenVerifier::new(kc.clone(), wrong_issuer);
    let fresh = token(&kc, &realm).await;
    assert!(matches!(
        v2.verify(&fresh).await.unwrap_err(),
        TokenError::WrongIssuer(_)
    ));
});

both_stores!(
    follows_key_rotation_with_rate_limited_refetch,
    |srv: Srv| async move {
        let (kc, realm) = crate::oidc::realm_with_user(&srv).await;
        let patient = TokenVerifier::new(kc.clone(), VerifierConfig::new(&realm));
        let eager = TokenVerifier::new(
            kc.clone(),
            VerifierConfig {
                refetch_interval: Duration::ZERO,
                ..VerifierConfig::new(&realm)
            },
        );
        let before = token(&kc, &realm).await;
        patient.verify(&before).await.unwrap();
        eager.verify(&before).await.unwrap();
        rotate_key(&srv, &realm).await;
        let after = token(&kc, &realm).await;
        assert_ne!(
            jsonwebtoken::decode_header(&before).unwrap().kid,
            jsonwebtoken::decode_header(&after).unwrap().kid,
            "the new key signs"
        );
        // Within the refetch interval the unknown kid is not fetched again.
        assert!(matches!(
            patient.verify(&after).await.unwrap_err(),
            TokenError::UnknownKey(_)
        ));
        // Past it, the verifier refetches and accepts; the old key still verifies.
        eager.verify(&after).await.unwrap();
        eager.verify(&before).await.unwrap();
    }
);

both_stores!(introspection_mode_sees_logout, |srv: Srv| async move {
    let (kc, realm) = crate::oidc::realm_with_user(&srv).await;
    let v = TokenVerifier::new(
        kc.clone(),
        VerifierConfig::new(&realm).introspect_with("web", "web-secret"),
    );
    let t = kc
        .login("web", "web-secret", &realm, "lee", "pw")
        .await
        .unwrap();
    v.verify(&t.access_token).await.unwrap();
    kc.logout(
        "web",
        "web-secret",
        &realm,
        t.refresh_token.as_deref().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        v.verify(&t.access_token).await.unwrap_err(),
        TokenError::Inactive
    );
    // Offline mode alone cannot know: the signature is still good.
    assert!(v.verify_offline(&t.access_token).is_ok());
});

both_stores!(axum_extractor_protects_a_route, |srv: Srv| async move {
    use axum::routing::get;
    let (kc, realm) = crate::oidc::realm_with_user(&srv).await;
    let verifier = TokenVerifier::new(kc.clone(), VerifierConfig::new(&realm));
    let app =
        axum::Router::new()
            .route(
                "/me",
                get(|Bearer(claims): Bearer| async move {
                    claims.preferred_username.unwrap_or_default()
                }),
            )
            .with_state(verifier);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let url = format!("http://{addr}/me");
    let r = srv.http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().get("www-authenticate").is_some());
    let t = token(&kc, &realm).await;
    let r = srv.http.get(&url).bearer_auth(&t).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "lee");
});

both_stores!(
    fixed_jwks_verifies_without_the_server,
    |srv: Srv| async move {
        let (kc, realm) = crate::oidc::realm_with_user(&srv).await;
        let jwks = kc.get_certs(&realm).await.unwrap();
        let v = TokenVerifier::with_jwks(VerifierConfig::new(&realm), kc.issuer_url(&realm), &jwks);
        let good = token(&kc, &realm).await;
        assert_eq!(
            v.verify_offline(&good)
                .unwrap()
                .preferred_username
                .as_deref(),
            Some("lee")
        );
        assert_eq!(
            v.verify(&good).await.unwrap().preferred_username.as_deref(),
            Some("lee")
        );
        // Another issuer than the one given is refused even with the right keys.
        let elsewhere =
            TokenVerifier::with_jwks(VerifierConfig::new(&realm), "https://x/realms/y", &jwks);
        assert!(matches!(
            elsewhere.verify_offline(&good).unwrap_err(),
            TokenError::WrongIssuer(_)
        ));
        // With no server to ask, a rotated key stays unknown: the set is fixed.
        rotate_key(&srv, &realm).await;
        let after = token(&kc, &realm).await;
        assert!(matches!(
            v.verify(&after).await.unwrap_err(),
            TokenError::UnknownKey(_)
        ));
        assert!(
            v.verify_offline(&good).is_ok(),
            "the old key still verifies"
        );
    }
);
