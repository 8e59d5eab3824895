//! Which key signs, and key rotation: a new higher-priority key signs new tokens; tokens of
//! the old key verify while it is enabled (active or passive) and stop when it is disabled
//! or deleted.

use jsonwebtoken::decode_header;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::keys::{jwks, key_of, keys};
use super::{create, get_json, key_components, key_provider};
use crate::both_stores;
use crate::support::{self, Srv};

async fn setup(srv: &Srv, admin: &str, prefix: &str) -> String {
    let realm = support::realm_name(prefix);
    srv.create_realm(admin, json!({"realm": realm, "enabled": true}))
        .await;
    srv.create_user(admin, &realm, "alice", "pw").await;
    realm
}

async fn access_token(srv: &Srv, realm: &str) -> String {
    let t = srv.password_token(realm, "admin-cli", "alice", "pw").await;
    t["access_token"].as_str().unwrap().to_string()
}

fn kid(jwt: &str) -> String {
    decode_header(jwt).unwrap().kid.unwrap()
}

async fn userinfo(srv: &Srv, realm: &str, token: &str) -> StatusCode {
    srv.get(
        token,
        &format!("/realms/{realm}/protocol/openid-connect/userinfo"),
    )
    .await
    .status()
}

/// Sets `config[field]` of component `id` through PUT.
async fn set(srv: &Srv, admin: &str, realm: &str, id: &str, field: &str, value: &str) {
    let path = format!("/admin/realms/{realm}/components/{id}");
    let mut comp = get_json(srv, admin, &path).await;
    comp["config"][field] = json!([value]);
    let r = srv.put(admin, &path, &comp).await;
    assert_eq!(
        r.status(),
        StatusCode::NO_CONTENT,
        "{}",
        r.text().await.unwrap()
    );
}

async fn default_rsa(srv: &Srv, admin: &str, realm: &str) -> String {
    let comps = key_components(srv, admin, realm).await;
    let c = comps.iter().find(|c| c["name"] == "rsa-generated").unwrap();
    c["id"].as_str().unwrap().to_string()
}

both_stores!(
    rotation_keeps_old_tokens_until_disabled,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = setup(&srv, &admin, "rot-disable").await;
        let old_id = default_rsa(&srv, &admin, &realm).await;
        let old_token = access_token(&srv, &realm).await;
        let old_kid = kid(&old_token);

        let rep = key_provider(
            "rotated",
            "rsa-generated",
            json!({"priority": ["200"], "keySize": ["1024"]}),
        );
        let new_id = create(&srv, &admin, &realm, rep).await;
        let new_token = access_token(&srv, &realm).await;
        let new_kid = kid(&new_token);
        assert_ne!(new_kid, old_kid, "new tokens use the new key");
        assert_eq!(
            keys(&srv, &admin, &realm).await["active"]["RS256"],
            json!(new_kid)
        );
        assert_eq!(userinfo(&srv, &realm, &old_token).await, StatusCode::OK);
        assert_eq!(userinfo(&srv, &realm, &new_token).await, StatusCode::OK);

        // Passive: no longer chosen, still verifies and still published.
        set(&srv, &admin, &realm, &old_id, "active", "false").await;
        let k = keys(&srv, &admin, &realm).await;
        assert_eq!(key_of(&k, &old_id)["status"], "PASSIVE");
        assert_eq!(userinfo(&srv, &realm, &old_token).await, StatusCode::OK);
        let kids: Vec<Value> = jwks(&srv, &realm)
            .await
            .iter()
            .map(|j| j["kid"].clone())
            .collect();
        assert!(kids.contains(&json!(old_kid)));
        // Introspection agrees.
        let secret_client = srv.create_client(&admin, &realm, "rs", "s3cret").await;
        let _ = secret_client;
        let form = [
            ("token", old_token.as_str()),
            ("client_id", "rs"),
            ("client_secret", "s3cret"),
        ];
        let v: Value = srv
            .oidc_form(&realm, "token/introspect", &form)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["active"], true);

        // Disabled: old tokens stop verifying and the key leaves the JWKS.
        set(&srv, &admin, &realm, &old_id, "enabled", "false").await;
        assert_eq!(
            key_of(&keys(&srv, &admin, &realm).await, &old_id)["status"],
            "DISABLED"
        );
        assert_eq!(
            userinfo(&srv, &realm, &old_token).await,
            StatusCode::UNAUTHORIZED
        );
        let v: Value = srv
            .oidc_form(&realm, "token/introspect", &form)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["active"], false);
        let kids: Vec<Value> = jwks(&srv, &realm)
            .await
            .iter()
            .map(|j| j["kid"].clone())
            .collect();
        assert!(!kids.contains(&json!(old_kid)));
        assert_eq!(userinfo(&srv, &realm, &new_token).await, StatusCode::OK);

        // Enabled again: verifies again.
        set(&srv, &admin, &realm, &old_id, "enabled", "true").await;
        assert_eq!(userinfo(&srv, &realm, &old_token).await, StatusCode::OK);
        let _ = new_id;
    }
);

both_stores!(
    deleting_a_key_invalidates_its_tokens,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = setup(&srv, &admin, "rot-delete").await;
        let old_id = default_rsa(&srv, &admin, &realm).await;
        let old_token = access_token(&srv, &realm).await;
        let rep = key_provider(
            "next",
            "rsa-generated",
            json!({"priority": ["50"], "keySize": ["1024"]}),
        );
        let next = create(&srv, &admin, &realm, rep).await;
        // Lower priority: the old key keeps signing.
        assert_eq!(kid(&access_token(&srv, &realm).await), kid(&old_token));

        let r = srv
            .delete(
                &admin,
                &format!("/admin/realms/{realm}/components/{old_id}"),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            userinfo(&srv, &realm, &old_token).await,
            StatusCode::UNAUTHORIZED
        );
        let k = keys(&srv, &admin, &realm).await;
        assert!(k["keys"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["providerId"] != json!(old_id)));
        let token = access_token(&srv, &realm).await;
        assert_eq!(json!(kid(&token)), key_of(&k, &next)["kid"]);
        assert_eq!(userinfo(&srv, &realm, &token).await, StatusCode::OK);
    }
);

both_stores!(
    priority_change_switches_signing_key,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = setup(&srv, &admin, "rot-prio").await;
        let rep = key_provider(
            "low",
            "rsa-generated",
            json!({"priority": ["10"], "keySize": ["1024"]}),
        );
        let low = create(&srv, &admin, &realm, rep).await;
        let low_kid = key_of(&keys(&srv, &admin, &realm).await, &low)["kid"].clone();
        assert_ne!(json!(kid(&access_token(&srv, &realm).await)), low_kid);
        set(&srv, &admin, &realm, &low, "priority", "1000").await;
        assert_eq!(json!(kid(&access_token(&srv, &realm).await)), low_kid);
        // An inactive key never signs, whatever its priority.
        set(&srv, &admin, &realm, &low, "active", "false").await;
        assert_ne!(json!(kid(&access_token(&srv, &realm).await)), low_kid);
    }
);

both_stores!(refresh_tokens_use_the_hs512_key, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = setup(&srv, &admin, "rot-hmac").await;
    // A higher-priority HS256 key does not take over refresh tokens (HS512 is internal).
    let rep = key_provider(
        "hs256",
        "hmac-generated",
        json!({"priority": ["500"], "algorithm": ["HS256"]}),
    );
    create(&srv, &admin, &realm, rep).await;
    let t = srv.password_token(&realm, "admin-cli", "alice", "pw").await;
    let rt = t["refresh_token"].as_str().unwrap();
    assert_eq!(
        decode_header(rt).unwrap().alg,
        jsonwebtoken::Algorithm::HS512
    );
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", "admin-cli"),
        ("refresh_token", rt),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
});

both_stores!(signing_falls_back_to_rs256, |srv: Srv| async move {
    use jsonwebtoken::Algorithm;
    let admin = srv.admin_token().await;
    let realm = setup(&srv, &admin, "rot-fallback").await;
    let alg = |jwt: &str| decode_header(jwt).unwrap().alg;
    // An HMAC default: tokens stay RS256 (verifiable by every reader) and work.
    let path = format!("/admin/realms/{realm}");
    let r = srv
        .put(
            &admin,
            &path,
            &json!({"defaultSignatureAlgorithm": "HS256"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let t = access_token(&srv, &realm).await;
    assert_eq!(alg(&t), Algorithm::RS256);
    assert_eq!(userinfo(&srv, &realm, &t).await, StatusCode::OK);
    // ES256 with an EC key signs ES256; once that key is passive, RS256 takes over.
    let ec = create(
        &srv,
        &admin,
        &realm,
        key_provider("ec", "ecdsa-generated", json!({})),
    )
    .await;
    let r = srv
        .put(
            &admin,
            &path,
            &json!({"defaultSignatureAlgorithm": "ES256"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let es = access_token(&srv, &realm).await;
    assert_eq!(alg(&es), Algorithm::ES256);
    set(&srv, &admin, &realm, &ec, "active", "false").await;
    let rs = access_token(&srv, &realm).await;
    assert_eq!(alg(&rs), Algorithm::RS256);
    // The passive EC key still verifies its tokens.
    assert_eq!(userinfo(&srv, &realm, &es).await, StatusCode::OK);
});
