//! Each key provider makes a key that the keys endpoint and (for public keys) the JWKS show.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{create, expect, get_json, key_components, key_provider};
use crate::both_stores;
use crate::support::{self, Srv};

pub async fn keys(srv: &Srv, token: &str, realm: &str) -> Value {
    get_json(srv, token, &format!("/admin/realms/{realm}/keys")).await
}

/// The realm's published signing keys (the JWKS also lists its encryption key).
pub async fn jwks(srv: &Srv, realm: &str) -> Vec<Value> {
    let r = srv
        .http
        .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/certs")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    v["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["use"] == "sig")
        .cloned()
        .collect()
}

/// The key metadata owned by component `id`.
pub fn key_of<'a>(keys: &'a Value, id: &str) -> &'a Value {
    keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["providerId"] == id)
        .unwrap_or_else(|| panic!("no key of {id} in {keys}"))
}

async fn new_realm(srv: &Srv, admin: &str, prefix: &str) -> String {
    let realm = support::realm_name(prefix);
    srv.create_realm(admin, json!({"realm": realm, "enabled": true}))
        .await;
    realm
}

both_stores!(default_keys_metadata, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = new_realm(&srv, &admin, "keys-default").await;
    let k = keys(&srv, &admin, &realm).await;
    let list = k["keys"].as_array().unwrap();
    assert_eq!(list.len(), 4, "{k}");
    let rs = list.iter().find(|k| k["algorithm"] == "RS256").unwrap();
    assert_eq!(rs["type"], "RSA");
    assert_eq!(rs["use"], "SIG");
    assert_eq!(rs["status"], "ACTIVE");
    assert_eq!(rs["providerPriority"], 100);
    assert!(rs["publicKey"].as_str().unwrap().len() > 200);
    assert!(rs["certificate"].as_str().unwrap().len() > 200);
    assert!(rs["validTo"].as_i64().unwrap() > 1_700_000_000_000);
    let hs = list.iter().find(|k| k["algorithm"] == "HS512").unwrap();
    assert_eq!(hs["type"], "OCT");
    assert!(hs.get("publicKey").is_none());
    let aes = list.iter().find(|k| k["algorithm"] == "AES").unwrap();
    assert_eq!(
        (aes["type"].as_str(), aes["use"].as_str()),
        (Some("OCT"), Some("ENC"))
    );
    assert_eq!(k["active"]["RS256"], rs["kid"]);
    assert_eq!(k["active"]["HS512"], hs["kid"]);
    // The component ids are the keys' providerIds.
    let comps = key_components(&srv, &admin, &realm).await;
    for c in &comps {
        key_of(&k, c["id"].as_str().unwrap());
    }
    // The JWKS has the RSA key with its certificate chain.
    let jwks = jwks(&srv, &realm).await;
    assert_eq!(jwks.len(), 1);
    assert_eq!(jwks[0]["kid"], rs["kid"]);
    assert_eq!(jwks[0]["x5c"], json!([rs["certificate"]]));
    assert!(jwks[0]["x5t#S256"].is_string());
});

both_stores!(rsa_generated_provider, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = new_realm(&srv, &admin, "keys-rsa").await;
    let rep = key_provider(
        "bigger",
        "rsa-generated",
        json!({"priority": ["200"], "keySize": ["1024"], "algorithm": ["RS384"]}),
    );
    let id = create(&srv, &admin, &realm, rep).await;
    let k = keys(&srv, &admin, &realm).await;
    let key = key_of(&k, &id);
    assert_eq!(key["algorithm"], "RS384");
    assert_eq!(key["providerPriority"], 200);
    assert_eq!(key["status"], "ACTIVE");
    assert_eq!(k["active"]["RS384"], key["kid"]);
    let jwk = jwks(&srv, &realm)
        .await
        .into_iter()
        .find(|j| j["kid"] == key["kid"])
        .expect("new key in the JWKS");
    assert_eq!(
        (jwk["kty"].as_str(), jwk["alg"].as_str()),
        (Some("RSA"), Some("RS384"))
    );
    assert_eq!(jwk["x5c"][0], key["certificate"]);
    let comp = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/components/{id}"),
    )
    .await;
    assert_eq!(comp["config"]["privateKey"], json!(["**********"]));
    assert_eq!(comp["config"]["keySize"], json!(["1024"]));
    assert_eq!(comp["config"]["certificate"], json!([key["certificate"]]));
});

both_stores!(imported_rsa_provider, |srv: Srv| async move {
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    let admin = srv.admin_token().await;
    let realm = new_realm(&srv, &admin, "keys-import").await;
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap();
    let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let rep = key_provider(
        "imported",
        "rsa",
        json!({"privateKey": [pem], "priority": ["150"]}),
    );
    let id = create(&srv, &admin, &realm, rep).await;
    let k = keys(&srv, &admin, &realm).await;
    let meta = key_of(&k, &id);
    assert_eq!(meta["type"], "RSA");
    assert_eq!(meta["algorithm"], "RS256");
    assert_eq!(
        k["active"]["RS256"], meta["kid"],
        "the higher priority key is active"
    );
    let comp = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/components/{id}"),
    )
    .await;
    assert_eq!(comp["providerId"], "rsa");
    assert_eq!(comp["config"]["privateKey"], json!(["**********"]));
    // Writing the masked value back keeps the key.
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}/components/{id}"),
            &comp,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let again = keys(&srv, &admin, &realm).await;
    assert_eq!(key_of(&again, &id)["kid"], meta["kid"]);
    // An imported certificate that does not parse: 400.
    // A certificate of another key: 400. The key's own certificate is kept as given.
    let other_cert = again["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["algorithm"] == "RS256" && k["providerId"] != json!(id))
        .unwrap()["certificate"]
        .clone();
    let mismatched = key_provider(
        "m",
        "rsa",
        json!({"privateKey": [pem], "certificate": [other_cert]}),
    );
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/components"),
            &mismatched,
        )
        .await;
    expect(
        r,
        StatusCode::BAD_REQUEST,
        json!({"errorMessage": "Certificate does not match private key"}),
    )
    .await;
    let own = key_of(&again, &id)["certificate"].clone();
    let pem_cert = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        own.as_str().unwrap()
    );
    let rep = key_provider(
        "with-cert",
        "rsa",
        json!({"privateKey": [pem], "certificate": [pem_cert]}),
    );
    let with_cert = create(&srv, &admin, &realm, rep).await;
    let k = keys(&srv, &admin, &realm).await;
    assert_eq!(key_of(&k, &with_cert)["certificate"], own);
    let bad = key_provider(
        "bad",
        "rsa",
        json!({"privateKey": [pem], "certificate": ["zzz"]}),
    );
    let r = srv
        .post(&admin, &format!("/admin/realms/{realm}/components"), &bad)
        .await;
    expect(
        r,
        StatusCode::BAD_REQUEST,
        json!({"errorMessage": "Failed to decode certificate"}),
    )
    .await;
});

both_stores!(hmac_and_aes_providers, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = new_realm(&srv, &admin, "keys-hmac").await;
    let rep = key_provider(
        "hs256",
        "hmac-generated",
        json!({"secretSize": ["32"], "algorithm": ["HS256"]}),
    );
    let hs = create(&srv, &admin, &realm, rep).await;
    let aes = create(
        &srv,
        &admin,
        &realm,
        key_provider("aes2", "aes-generated", json!({"secretSize": ["32"]})),
    )
    .await;
    let k = keys(&srv, &admin, &realm).await;
    let h = key_of(&k, &hs);
    assert_eq!(
        (
            h["type"].as_str(),
            h["algorithm"].as_str(),
            h["use"].as_str()
        ),
        (Some("OCT"), Some("HS256"), Some("SIG"))
    );
    assert_eq!(h["providerPriority"], 0, "Keycloak's default priority");
    let a = key_of(&k, &aes);
    assert_eq!(
        (
            a["type"].as_str(),
            a["algorithm"].as_str(),
            a["use"].as_str()
        ),
        (Some("OCT"), Some("AES"), Some("ENC"))
    );
    // Secret keys never reach the JWKS.
    let kids: Vec<Value> = jwks(&srv, &realm)
        .await
        .iter()
        .map(|j| j["kid"].clone())
        .collect();
    assert!(!kids.contains(&h["kid"]) && !kids.contains(&a["kid"]));
    let comp = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/components/{hs}"),
    )
    .await;
    assert_eq!(comp["config"]["secret"], json!(["**********"]));
    assert_eq!(comp["config"]["kid"], json!([h["kid"]]));

    // Changing only the priority keeps the secret; changing its size makes a new one.
    let one = format!("/admin/realms/{realm}/components/{hs}");
    let mut upd = comp.clone();
    upd["config"]["priority"] = json!(["7"]);
    assert_eq!(
        srv.put(&admin, &one, &upd).await.status(),
        StatusCode::NO_CONTENT
    );
    let k2 = keys(&srv, &admin, &realm).await;
    assert_eq!(key_of(&k2, &hs)["kid"], h["kid"]);
    assert_eq!(key_of(&k2, &hs)["providerPriority"], 7);
    upd["config"]["secretSize"] = json!(["64"]);
    assert_eq!(
        srv.put(&admin, &one, &upd).await.status(),
        StatusCode::NO_CONTENT
    );
    let k3 = keys(&srv, &admin, &realm).await;
    assert_ne!(key_of(&k3, &hs)["kid"], h["kid"]);
});

both_stores!(ecdsa_provider_and_es256_tokens, |srv: Srv| async move {
    use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
    let admin = srv.admin_token().await;
    let realm = new_realm(&srv, &admin, "keys-ec").await;
    srv.create_user(&admin, &realm, "alice", "pw").await;
    let ec = create(
        &srv,
        &admin,
        &realm,
        key_provider(
            "ec",
            "ecdsa-generated",
            json!({"ecdsaEllipticCurveKey": ["P-256"], "priority": ["100"]}),
        ),
    )
    .await;
    let k = keys(&srv, &admin, &realm).await;
    let meta = key_of(&k, &ec);
    assert_eq!(
        (meta["type"].as_str(), meta["algorithm"].as_str()),
        (Some("EC"), Some("ES256"))
    );
    assert_eq!(k["active"]["ES256"], meta["kid"]);
    let jwk = jwks(&srv, &realm)
        .await
        .into_iter()
        .find(|j| j["kid"] == meta["kid"])
        .expect("EC key in JWKS");
    assert_eq!(
        (
            jwk["kty"].as_str(),
            jwk["crv"].as_str(),
            jwk["alg"].as_str()
        ),
        (Some("EC"), Some("P-256"), Some("ES256"))
    );
    let comp = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/components/{ec}"),
    )
    .await;
    assert_eq!(comp["config"]["ecdsaPrivateKey"], json!(["**********"]));
    assert_eq!(comp["config"]["ecdsaPublicKey"], json!([meta["publicKey"]]));

    // RS256 stays the default until the realm asks for ES256.
    let t = srv.password_token(&realm, "admin-cli", "alice", "pw").await;
    assert_eq!(
        decode_header(t["access_token"].as_str().unwrap())
            .unwrap()
            .alg,
        Algorithm::RS256
    );
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}"),
            &json!({"defaultSignatureAlgorithm": "ES256"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let form = [
        ("grant_type", "password"),
        ("client_id", "admin-cli"),
        ("username", "alice"),
        ("password", "pw"),
        ("scope", "openid"),
    ];
    let t: Value = srv
        .oidc_form(&realm, "token", &form)
        .await
        .json()
        .await
        .unwrap();
    let decoding =
        DecodingKey::from_ec_components(jwk["x"].as_str().unwrap(), jwk["y"].as_str().unwrap())
            .unwrap();
    let mut validation = Validation::new(Algorithm::ES256);
    validation.validate_aud = false;
    for field in ["access_token", "id_token"] {
        let jwt = t[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field} in {t}"));
        let header = decode_header(jwt).unwrap();
        assert_eq!(header.alg, Algorithm::ES256, "{field}");
        assert_eq!(header.kid.as_deref(), meta["kid"].as_str());
        decode::<Value>(jwt, &decoding, &validation).expect("verifies against the JWKS");
    }
    // Keygate itself accepts the ES256 access token.
    let at = t["access_token"].as_str().unwrap();
    let r = srv
        .get(
            at,
            &format!("/realms/{realm}/protocol/openid-connect/userinfo"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // So does the refresh grant, still signing with ES256.
    let rt = t["refresh_token"].as_str().unwrap();
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", "admin-cli"),
        ("refresh_token", rt),
    ];
    let r2: Value = srv
        .oidc_form(&realm, "token", &form)
        .await
        .json()
        .await
        .unwrap();
    let header = decode_header(r2["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(header.alg, Algorithm::ES256);
});

both_stores!(ecdsa_p384, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = new_realm(&srv, &admin, "keys-ec384").await;
    let ec = create(
        &srv,
        &admin,
        &realm,
        key_provider(
            "ec384",
            "ecdsa-generated",
            json!({"ecdsaEllipticCurveKey": ["P-384"]}),
        ),
    )
    .await;
    let k = keys(&srv, &admin, &realm).await;
    let meta = key_of(&k, &ec);
    assert_eq!(meta["algorithm"], "ES384");
    let jwk = jwks(&srv, &realm)
        .await
        .into_iter()
        .find(|j| j["kid"] == meta["kid"])
        .unwrap();
    assert_eq!(jwk["crv"], "P-384");
    assert_eq!(jwk["x"].as_str().unwrap().len(), 64, "48 bytes, base64url");
});
