//! `/clients/{id}/certificates/jwt.credential`: generated and uploaded keys, which then
//! authenticate the client's signed assertions.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey};
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use serde_json::{json, Value};

use super::support::{claims_for, grant, sign, token};
use crate::both_stores;
use crate::support::{location_id, realm_name, Srv};

async fn setup(srv: &Srv) -> (String, String, String) {
    let admin = srv.admin_token().await;
    let realm = realm_name("cert");
    srv.create_realm(&admin, json!({"realm": realm})).await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/clients"),
            &json!({"clientId": "svc", "clientAuthenticatorType": "client-jwt",
                    "serviceAccountsEnabled": true}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = location_id(&r);
    (admin, realm, id)
}

fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "XkeygateX";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

async fn upload(srv: &Srv, admin: &str, path: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let (ct, body) = multipart(fields);
    let r = srv
        .http
        .post(srv.url(path))
        .bearer_auth(admin)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

both_stores!(generated_key_signs_assertions, |srv: Srv| async move {
    let (admin, realm, id) = setup(&srv).await;
    let path = format!("/admin/realms/{realm}/clients/{id}/certificates/jwt.credential");
    let r = srv
        .post(&admin, &format!("{path}/generate"), &json!({}))
        .await;
    assert_eq!(r.status(), 200);
    let generated: Value = r.json().await.unwrap();
    let private = generated["privateKey"].as_str().expect("privateKey once");
    let certificate = generated["certificate"].as_str().unwrap();

    let read: Value = srv.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(read["certificate"], certificate);
    assert!(read.get("privateKey").is_none(), "{read}");
    let client: Value = srv
        .get(&admin, &format!("/admin/realms/{realm}/clients/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        client["attributes"]["jwt.credential.certificate"],
        certificate
    );

    let key = rsa::RsaPrivateKey::from_pkcs8_der(&STANDARD.decode(private).unwrap()).unwrap();
    let key = EncodingKey::from_rsa_der(key.to_pkcs1_der().unwrap().as_bytes());
    let jwt = sign(
        Algorithm::RS256,
        &key,
        None,
        &claims_for(&srv, &realm, "svc"),
    );
    let (status, body) = token(&srv, &realm, &grant(&jwt)).await;
    assert_eq!(status, 200, "{body}");

    // A new pair replaces the old: the old private key no longer authenticates.
    let r = srv
        .post(&admin, &format!("{path}/generate"), &json!({}))
        .await;
    assert_eq!(r.status(), 200);
    let jwt = sign(
        Algorithm::RS256,
        &key,
        None,
        &claims_for(&srv, &realm, "svc"),
    );
    assert_eq!(token(&srv, &realm, &grant(&jwt)).await.0, 400);

    let r = srv
        .post(
            &admin,
            &format!("{path}/download"),
            &json!({"format": "JKS", "storePassword": "x", "keyPassword": "x", "keyAlias": "svc"}),
        )
        .await;
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["errorMessage"]
            .as_str()
            .unwrap()
            .contains("not supported"),
        "{body}"
    );
});

both_stores!(uploaded_keys_sign_assertions, |srv: Srv| async move {
    let (admin, realm, id) = setup(&srv).await;
    let path = format!("/admin/realms/{realm}/clients/{id}/certificates/jwt.credential");
    let sk = p256::SecretKey::random(&mut rand::thread_rng());
    let key = EncodingKey::from_ec_der(sk.to_pkcs8_der().unwrap().as_bytes());
    let pem = sk
        .public_key()
        .to_public_key_pem(Default::default())
        .unwrap();

    let (status, body) = upload(
        &srv,
        &admin,
        &format!("{path}/upload-certificate"),
        &[("keystoreFormat", "Public Key PEM"), ("file", &pem)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["publicKey"].is_string());
    let jwt = sign(
        Algorithm::ES256,
        &key,
        None,
        &claims_for(&srv, &realm, "svc"),
    );
    assert_eq!(token(&srv, &realm, &grant(&jwt)).await.0, 200);

    // A JWK Set: its kid is kept, and an assertion naming another kid is refused.
    let point = sk.public_key();
    let point = p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&point, false);
    let jwks = json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1", "use": "sig",
        "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()),
        "y": URL_SAFE_NO_PAD.encode(point.y().unwrap())}]});
    let (status, body) = upload(
        &srv,
        &admin,
        &format!("{path}/upload"),
        &[
            ("keystoreFormat", "JSON Web Key Set"),
            ("file", &jwks.to_string()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["kid"], "k1");
    let read: Value = srv.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(read["kid"], "k1");
    let jwt = sign(
        Algorithm::ES256,
        &key,
        Some("k1"),
        &claims_for(&srv, &realm, "svc"),
    );
    assert_eq!(token(&srv, &realm, &grant(&jwt)).await.0, 200);
    let jwt = sign(
        Algorithm::ES256,
        &key,
        Some("k2"),
        &claims_for(&srv, &realm, "svc"),
    );
    assert_eq!(token(&srv, &realm, &grant(&jwt)).await.0, 400);

    let (status, body) = upload(
        &srv,
        &admin,
        &format!("{path}/upload"),
        &[("keystoreFormat", "PKCS12"), ("file", "xx")],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errorMessage"],
        "Keystore format PKCS12 is not supported"
    );
    let (status, _) = upload(
        &srv,
        &admin,
        &format!("{path}/upload-certificate"),
        &[
            ("keystoreFormat", "Certificate PEM"),
            ("file", "not a certificate"),
        ],
    )
    .await;
    assert_eq!(status, 400);

    // A body that is not a well-formed form is refused, not half-read.
    for (ct, body) in [
        (
            "multipart/form-data; boundary=XkeygateX",
            "--XkeygateX\r\nno end",
        ),
        ("multipart/form-data; boundary=XkeygateX", "nothing"),
        ("application/json", "{}"),
    ] {
        let r = srv
            .http
            .post(srv.url(&format!("{path}/upload")))
            .bearer_auth(&admin)
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{ct} {body}");
    }

    // A user without manage-clients cannot replace the key.
    srv.create_user(&admin, "master", "viewer", "viewer-pw")
        .await;
    let t = srv
        .password_token("master", "admin-cli", "viewer", "viewer-pw")
        .await;
    let (status, _) = upload(
        &srv,
        t["access_token"].as_str().unwrap(),
        &format!("{path}/upload"),
        &[
            ("keystoreFormat", "JSON Web Key Set"),
            ("file", &jwks.to_string()),
        ],
    )
    .await;
    assert_eq!(status, 403);
});
