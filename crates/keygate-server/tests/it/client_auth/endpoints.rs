//! Signed userinfo, the `keycloak.json` installation and the discovery document.

use jsonwebtoken::{decode, decode_header, jwk::JwkSet, DecodingKey, Validation};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{location_id, realm_name, Srv};

async fn realm_with_app(srv: &Srv, attributes: Value) -> (String, String, String) {
    let admin = srv.admin_token().await;
    let realm = realm_name("ep");
    srv.create_realm(&admin, json!({"realm": realm})).await;
    srv.create_user(&admin, &realm, "dora", "dora-pw").await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/clients"),
            &json!({"clientId": "app", "secret": "s3cret", "directAccessGrantsEnabled": true,
                    "attributes": attributes}),
        )
        .await;
    assert_eq!(r.status(), 201);
    (admin, realm, location_id(&r))
}

async fn userinfo(srv: &Srv, realm: &str) -> reqwest::Response {
    let t = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "app"),
                ("client_secret", "s3cret"),
                ("username", "dora"),
                ("password", "dora-pw"),
            ],
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    srv.http
        .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/userinfo")))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
}

/// Verifies a JWT against the realm's published JWKS.
async fn verified(srv: &Srv, realm: &str, jwt: &str) -> Value {
    let jwks: JwkSet = srv
        .http
        .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/certs")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let header = decode_header(jwt).unwrap();
    let jwk = jwks
        .find(header.kid.as_deref().unwrap())
        .expect("signing key published");
    let mut v = Validation::new(header.alg);
    v.validate_aud = false;
    v.required_spec_claims.clear();
    decode::<Value>(jwt, &DecodingKey::from_jwk(jwk).unwrap(), &v)
        .unwrap()
        .claims
}

both_stores!(
    userinfo_signed_when_the_client_asks,
    |srv: Srv| async move {
        let (_, realm, _) = realm_with_app(&srv, json!({})).await;
        let r = userinfo(&srv, &realm).await;
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));

        for alg in ["RS256", "ES256"] {
            let (_, realm, _) =
                realm_with_app(&srv, json!({"user.info.response.signature.alg": alg})).await;
            let r = userinfo(&srv, &realm).await;
            assert_eq!(r.status(), 200);
            assert_eq!(r.headers()["content-type"], "application/jwt");
            let jwt = r.text().await.unwrap();
            assert_eq!(format!("{:?}", decode_header(&jwt).unwrap().alg), alg);
            let claims = verified(&srv, &realm, &jwt).await;
            assert_eq!(claims["iss"], srv.url(&format!("/realms/{realm}")));
            assert_eq!(claims["aud"], "app");
            assert_eq!(claims["preferred_username"], "dora");
        }
    }
);

both_stores!(keycloak_json_installation, |srv: Srv| async move {
    let (admin, realm, id) = realm_with_app(&srv, json!({})).await;
    let path = format!("/admin/realms/{realm}/clients/{id}/installation/providers");
    let r = srv
        .get(&admin, &format!("{path}/keycloak-oidc-keycloak-json"))
        .await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"realm": realm, "auth-server-url": srv.url("/"), "ssl-required": "external",
               "resource": "app", "credentials": {"secret": "s3cret"}, "confidential-port": 0})
    );
    let r = srv.get(&admin, &format!("{path}/no-such-provider")).await;
    assert_eq!(r.status(), 404);

    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/clients"),
            &json!({"clientId": "spa", "publicClient": true}),
        )
        .await;
    let spa = location_id(&r);
    let body: Value = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/clients/{spa}/installation/providers/keycloak-oidc-keycloak-json"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["public-client"], true);
    assert!(body.get("credentials").is_none());
});

both_stores!(discovery_lists_keycloak_fields, |srv: Srv| async move {
    let (_, realm, _) = realm_with_app(&srv, json!({})).await;
    let doc: Value = srv
        .http
        .get(srv.url(&format!("/realms/{realm}/.well-known/openid-configuration")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for key in [
        "acr_values_supported",
        "authorization_encryption_alg_values_supported",
        "authorization_encryption_enc_values_supported",
        "authorization_endpoint",
        "authorization_signing_alg_values_supported",
        "backchannel_logout_session_supported",
        "backchannel_logout_supported",
        "check_session_iframe",
        "claim_types_supported",
        "claims_parameter_supported",
        "claims_supported",
        "code_challenge_methods_supported",
        "device_authorization_endpoint",
        "end_session_endpoint",
        "frontchannel_logout_session_supported",
        "frontchannel_logout_supported",
        "grant_types_supported",
        "id_token_encryption_alg_values_supported",
        "id_token_encryption_enc_values_supported",
        "id_token_signing_alg_values_supported",
        "introspection_endpoint",
        "introspection_endpoint_auth_methods_supported",
        "introspection_endpoint_auth_signing_alg_values_supported",
        "issuer",
        "jwks_uri",
        "mtls_endpoint_aliases",
        "request_object_encryption_alg_values_supported",
        "request_object_encryption_enc_values_supported",
        "request_object_signing_alg_values_supported",
        "request_parameter_supported",
        "request_uri_parameter_supported",
        "require_pushed_authorization_requests",
        "require_request_uri_registration",
        "response_modes_supported",
        "response_types_supported",
        "revocation_endpoint",
        "revocation_endpoint_auth_methods_supported",
        "revocation_endpoint_auth_signing_alg_values_supported",
        "scopes_supported",
        "subject_types_supported",
        "tls_client_certificate_bound_access_tokens",
        "token_endpoint",
        "token_endpoint_auth_methods_supported",
        "token_endpoint_auth_signing_alg_values_supported",
        "userinfo_encryption_alg_values_supported",
        "userinfo_encryption_enc_values_supported",
        "userinfo_endpoint",
        "userinfo_signing_alg_values_supported",
        "authorization_response_iss_parameter_supported",
    ] {
        assert!(doc.get(key).is_some(), "{key} missing");
    }
    let methods = doc["token_endpoint_auth_methods_supported"]
        .as_array()
        .unwrap();
    for m in [
        "private_key_jwt",
        "client_secret_jwt",
        "client_secret_basic",
        "client_secret_post",
    ] {
        assert!(methods.contains(&json!(m)), "{m}");
    }
    let iframe = doc["check_session_iframe"].as_str().unwrap();
    assert_eq!(srv.http.get(iframe).send().await.unwrap().status(), 200);
    assert!(doc["userinfo_signing_alg_values_supported"]
        .as_array()
        .unwrap()
        .contains(&json!("ES256")));
});
