//! `private_key_jwt` and `client_secret_jwt` at the token endpoint, with Keycloak's
//! answers for each way an assertion can be wrong.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey};
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey};
use serde_json::{json, Value};

use super::support::{claims_for, grant, sign, token};
use crate::both_stores;
use crate::support::{claims, realm_name, Srv};

/// A P-256 key pair: the signing key and the base64 SubjectPublicKeyInfo Keycloak stores.
fn ec_key() -> (EncodingKey, String) {
    let sk = p256::SecretKey::random(&mut rand::thread_rng());
    let der = sk.to_pkcs8_der().unwrap();
    let spki = sk.public_key().to_public_key_der().unwrap();
    (
        EncodingKey::from_ec_der(der.as_bytes()),
        STANDARD.encode(spki.as_bytes()),
    )
}

async fn realm_with(srv: &Srv, client: Value) -> String {
    let admin = srv.admin_token().await;
    let realm = realm_name("cjwt");
    srv.create_realm(&admin, json!({"realm": realm})).await;
    let r = srv
        .post(&admin, &format!("/admin/realms/{realm}/clients"), &client)
        .await;
    assert_eq!(r.status(), 201);
    realm
}

fn error_of(body: &Value) -> (&str, &str) {
    (
        body["error"].as_str().unwrap_or_default(),
        body["error_description"].as_str().unwrap_or_default(),
    )
}

both_stores!(private_key_jwt_authenticates_once, |srv: Srv| async move {
    let (key, spki) = ec_key();
    let realm = realm_with(
        &srv,
        json!({"clientId": "svc", "clientAuthenticatorType": "client-jwt",
               "serviceAccountsEnabled": true,
               "attributes": {"jwt.credential.public.key": spki}}),
    )
    .await;
    let jwt = sign(
        Algorithm::ES256,
        &key,
        None,
        &claims_for(&srv, &realm, "svc"),
    );
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(claims(body["access_token"].as_str().unwrap())["azp"], "svc");

    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(status, 400);
    assert_eq!(error_of(&body), ("invalid_client", "Token reuse detected"));

    // The issuer URL is an accepted audience too; client_id may accompany the assertion.
    let mut c = claims_for(&srv, &realm, "svc");
    c["aud"] = json!(srv.url(&format!("/realms/{realm}")));
    let mut form = grant(&sign(Algorithm::ES256, &key, None, &c));
    form.push(("client_id", "svc".into()));
    assert_eq!(token(&srv, &realm, &form).await.0, 200);
});

both_stores!(private_key_jwt_refusals, |srv: Srv| async move {
    let (key, spki) = ec_key();
    let realm = realm_with(
        &srv,
        json!({"clientId": "svc", "clientAuthenticatorType": "client-jwt",
               "serviceAccountsEnabled": true, "secret": "s3cret",
               "attributes": {"jwt.credential.public.key": spki}}),
    )
    .await;
    let refused = |c: Value, key: EncodingKey, kid: Option<&'static str>| {
        let srv = &srv;
        let realm = realm.clone();
        async move {
            let jwt = sign(Algorithm::ES256, &key, kid, &c);
            let (status, body) = token(srv, &realm, &grant(&jwt)).await;
            (status, body)
        }
    };
    let fresh = || claims_for(&srv, &realm, "svc");

    let mut c = fresh();
    c["aud"] = json!("https://elsewhere.example/realms/x");
    let (s, b) = refused(c, key.clone(), None).await;
    assert_eq!(
        (s, error_of(&b)),
        (400, ("invalid_client", "Invalid token audience"))
    );

    let (other, _) = ec_key();
    let (s, b) = refused(fresh(), other, None).await;
    assert_eq!(s, 400);
    assert_eq!(
        error_of(&b),
        (
            "invalid_client",
            "Client authentication with signed JWT failed: Signature on JWT token failed validation"
        )
    );

    // Without exp an assertion lives 10 s from its iat.
    let mut c = fresh();
    c.as_object_mut().unwrap().remove("exp");
    c["iat"] = json!(c["iat"].as_i64().unwrap() - 30);
    let (s, b) = refused(c, key.clone(), None).await;
    assert_eq!(
        (s, error_of(&b)),
        (400, ("invalid_client", "Token is not active"))
    );

    let mut c = fresh();
    c["exp"] = json!(c["iat"].as_i64().unwrap() - 120);
    let (s, b) = refused(c, key.clone(), None).await;
    assert_eq!(
        (s, error_of(&b)),
        (400, ("invalid_client", "Token is not active"))
    );

    let mut c = fresh();
    c.as_object_mut().unwrap().remove("jti");
    let (s, b) = refused(c, key.clone(), None).await;
    assert_eq!(
        (s, error_of(&b)),
        (400, ("invalid_client", "Token jti claim is required"))
    );

    let (s, b) = refused(fresh(), key.clone(), Some("not-this-key")).await;
    assert_eq!(
        (s, error_of(&b)),
        (400, ("invalid_client", "Unable to load public key"))
    );

    let mut c = fresh();
    c["iss"] = json!("someone-else");
    let (s, b) = refused(c, key.clone(), None).await;
    assert_eq!((s, error_of(&b).0), (401, "invalid_client"));

    // The secret does not authenticate a client-jwt client.
    let form = vec![
        ("grant_type", "client_credentials".to_string()),
        ("client_id", "svc".into()),
        ("client_secret", "s3cret".into()),
    ];
    let (s, b) = token(&srv, &realm, &form).await;
    assert_eq!(
        (s, error_of(&b)),
        (
            400,
            (
                "invalid_client",
                "Parameter client_assertion_type is missing"
            )
        )
    );
    let mut form = grant("x.y.z");
    form[1].1 = "urn:other".into();
    form.push(("client_id", "svc".into()));
    let (s, b) = token(&srv, &realm, &form).await;
    assert_eq!(s, 400);
    assert!(error_of(&b)
        .1
        .starts_with("Parameter client_assertion_type has value 'urn:other'"));
});

both_stores!(client_secret_jwt, |srv: Srv| async move {
    let realm = realm_with(
        &srv,
        json!({"clientId": "hs", "clientAuthenticatorType": "client-secret-jwt",
               "secret": "a-long-shared-secret-of-the-client", "serviceAccountsEnabled": true}),
    )
    .await;
    let secret = EncodingKey::from_secret(b"a-long-shared-secret-of-the-client");
    let jwt = sign(
        Algorithm::HS256,
        &secret,
        None,
        &claims_for(&srv, &realm, "hs"),
    );
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(status, 200, "{body}");

    let wrong = EncodingKey::from_secret(b"not-the-secret");
    let jwt = sign(
        Algorithm::HS256,
        &wrong,
        None,
        &claims_for(&srv, &realm, "hs"),
    );
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(status, 400);
    assert_eq!(error_of(&body).0, "invalid_client");

    // A private-key algorithm is not this authenticator's.
    let (key, _) = ec_key();
    let jwt = sign(
        Algorithm::ES256,
        &key,
        None,
        &claims_for(&srv, &realm, "hs"),
    );
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(
        (status, error_of(&body)),
        (400, ("invalid_client", "Invalid signature algorithm"))
    );
});

both_stores!(secret_client_ignores_assertions, |srv: Srv| async move {
    let realm = realm_with(
        &srv,
        json!({"clientId": "plain", "secret": "s3cret", "serviceAccountsEnabled": true}),
    )
    .await;
    let secret = EncodingKey::from_secret(b"s3cret");
    let jwt = sign(
        Algorithm::HS256,
        &secret,
        None,
        &claims_for(&srv, &realm, "plain"),
    );
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!((status, error_of(&body).0), (401, "invalid_client"));
});

both_stores!(
    assertion_authenticates_introspection,
    |srv: Srv| async move {
        let (key, spki) = ec_key();
        let realm = realm_with(
            &srv,
            json!({"clientId": "svc", "clientAuthenticatorType": "client-jwt",
               "serviceAccountsEnabled": true,
               "attributes": {"jwt.credential.public.key": spki}}),
        )
        .await;
        let jwt = sign(
            Algorithm::ES256,
            &key,
            None,
            &claims_for(&srv, &realm, "svc"),
        );
        let (_, body) = token(&srv, &realm, &grant(&jwt)).await;
        let access = body["access_token"].as_str().unwrap().to_string();

        let mut c = claims_for(&srv, &realm, "svc");
        c["aud"] = json!(format!("{}/introspect", srv.token_url(&realm)));
        let jwt = sign(Algorithm::ES256, &key, None, &c);
        let form = [
            ("token", access.as_str()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", jwt.as_str()),
        ];
        let r = srv.oidc_form(&realm, "token/introspect", &form).await;
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["active"], true, "{body}");
        assert_eq!(body["azp"], "svc");
    }
);

both_stores!(long_lived_assertions, |srv: Srv| async move {
    let (key, spki) = ec_key();
    let realm = realm_with(
        &srv,
        json!({"clientId": "svc", "clientAuthenticatorType": "client-jwt",
               "serviceAccountsEnabled": true,
               "attributes": {"jwt.credential.public.key": spki}}),
    )
    .await;
    // gocloak's LoginClientSignedJWT: two hours, no iat.
    let gocloak_style = || {
        let mut c = claims_for(&srv, &realm, "svc");
        let iat = c["iat"].as_i64().unwrap();
        c.as_object_mut().unwrap().remove("iat");
        c["exp"] = json!(iat + 7200);
        c
    };
    let jwt = sign(Algorithm::ES256, &key, None, &gocloak_style());
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(status, 200, "{body}");

    // A client that caps assertion lifetimes gets the cap.
    let admin = srv.admin_token().await;
    let clients: Value = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/clients?clientId=svc"),
        )
        .await
        .json()
        .await
        .unwrap();
    let mut rep = clients[0].clone();
    rep["attributes"]["token.endpoint.auth.signing.max.exp"] = json!("60");
    let id = rep["id"].as_str().unwrap().to_string();
    let r = srv
        .put(&admin, &format!("/admin/realms/{realm}/clients/{id}"), &rep)
        .await;
    assert_eq!(r.status(), 204);
    let jwt = sign(Algorithm::ES256, &key, None, &gocloak_style());
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(status, 400);
    assert_eq!(
        error_of(&body).1,
        "Token expiration is too far in the future and iat claim not present in token"
    );
});

both_stores!(keys_from_a_jwks_string, |srv: Srv| async move {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let sk = p256::SecretKey::random(&mut rand::thread_rng());
    let key = EncodingKey::from_ec_der(sk.to_pkcs8_der().unwrap().as_bytes());
    let point = sk.public_key().to_encoded_point(false);
    let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    let jwks = json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": "j1",
        "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap())}]});
    let realm = realm_with(
        &srv,
        json!({"clientId": "svc", "clientAuthenticatorType": "client-jwt",
               "serviceAccountsEnabled": true,
               "attributes": {"use.jwks.string": "true", "jwks.string": jwks.to_string()}}),
    )
    .await;
    let jwt = sign(
        Algorithm::ES256,
        &key,
        Some("j1"),
        &claims_for(&srv, &realm, "svc"),
    );
    assert_eq!(token(&srv, &realm, &grant(&jwt)).await.0, 200);
    let jwt = sign(
        Algorithm::ES256,
        &key,
        Some("j2"),
        &claims_for(&srv, &realm, "svc"),
    );
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(
        (status, error_of(&body).1),
        (400, "Unable to load public key")
    );
});
