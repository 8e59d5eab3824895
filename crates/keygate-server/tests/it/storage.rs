//! Storage: data survives restarts, passwords are argon2id at Keycloak's parameters,
//! imported legacy hashes verify and are upgraded, and cached realm data follows writes.

use base64::Engine;
use keygate_server::Config;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::Row;

use crate::both_stores;
use crate::support::{claims, realm_name, Srv};

async fn credential_data(srv: &Srv, username: &str) -> Value {
    let row = sqlx::query(
        "SELECT c.credential_data AS d FROM credentials c JOIN users u ON u.id = c.user_id
         WHERE u.username = $1",
    )
    .bind(username)
    .fetch_one(&srv.state.db.pool)
    .await
    .unwrap();
    serde_json::from_str(&row.try_get::<String, _>("d").unwrap()).unwrap()
}

both_stores!(data_and_keys_survive_a_restart, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("persist");
    srv.create_realm(&admin, json!({"realm": realm})).await;
    srv.create_user(&admin, &realm, "erin", "pw").await;
    let before = srv.password_token(&realm, "admin-cli", "erin", "pw").await;
    let restarted = Srv::start(Config::for_url(srv.db_url.clone()), None).await;
    let after = restarted
        .password_token(&realm, "admin-cli", "erin", "pw")
        .await;
    let kid = |t: &Value| {
        jsonwebtoken::decode_header(t["access_token"].as_str().unwrap())
            .unwrap()
            .kid
    };
    assert_eq!(
        kid(&before),
        kid(&after),
        "the realm key is stored, not regenerated"
    );
    // The refresh token from before the restart still works on the new node.
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", "admin-cli"),
        ("refresh_token", before["refresh_token"].as_str().unwrap()),
    ];
    let r = restarted.oidc_form(&realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
});

both_stores!(
    passwords_are_argon2id_with_keycloak_defaults,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = realm_name("argon");
        srv.create_realm(&admin, json!({"realm": realm})).await;
        srv.create_user(&admin, &realm, "frank", "pw").await;
        let d = credential_data(&srv, "frank").await;
        assert_eq!(d["algorithm"], json!("argon2"));
        assert_eq!(d["hashIterations"], json!(5));
        let p = &d["additionalParameters"];
        assert_eq!(p["type"], json!(["id"]));
        assert_eq!(p["version"], json!(["1.3"]));
        assert_eq!(p["memory"], json!(["7168"]));
        assert_eq!(p["parallelism"], json!(["1"]));
        assert_eq!(p["hashLength"], json!(["32"]));
    }
);

fn pbkdf2_credential(password: &str) -> Value {
    let salt = b"keygate-test-salt";
    let mut out = [0u8; 64];
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), salt, 1000, &mut out);
    let b64 = base64::engine::general_purpose::STANDARD;
    json!({
        "type": "password",
        "secretData": json!({"value": b64.encode(out), "salt": b64.encode(salt), "additionalParameters": {}}).to_string(),
        "credentialData": json!({"hashIterations": 1000, "algorithm": "pbkdf2-sha512", "additionalParameters": {}}).to_string()
    })
}

both_stores!(
    imported_legacy_hashes_verify_and_upgrade,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = realm_name("legacy");
        let bcrypt_hash = bcrypt::hash("bc-pass", 4).unwrap();
        srv.create_realm(
        &admin,
        json!({"realm": realm, "users": [
            {"username": "grace", "enabled": true, "credentials": [pbkdf2_credential("old-pass")]},
            {"username": "heidi", "enabled": true, "credentials": [{
                "type": "password",
                "secretData": json!({"value": bcrypt_hash}).to_string(),
                "credentialData": json!({"algorithm": "bcrypt", "hashIterations": 4}).to_string()
            }]}
        ]}),
    )
    .await;
        assert_eq!(
            credential_data(&srv, "grace").await["algorithm"],
            json!("pbkdf2-sha512")
        );
        let form = [
            ("grant_type", "password"),
            ("client_id", "admin-cli"),
            ("username", "grace"),
            ("password", "wrong"),
        ];
        assert_eq!(
            srv.oidc_form(&realm, "token", &form).await.status(),
            StatusCode::UNAUTHORIZED
        );
        srv.password_token(&realm, "admin-cli", "grace", "old-pass")
            .await;
        assert_eq!(
            credential_data(&srv, "grace").await["algorithm"],
            json!("argon2")
        );
        // The upgraded hash still takes the same password.
        srv.password_token(&realm, "admin-cli", "grace", "old-pass")
            .await;
        srv.password_token(&realm, "admin-cli", "heidi", "bc-pass")
            .await;
        assert_eq!(
            credential_data(&srv, "heidi").await["algorithm"],
            json!("argon2")
        );
    }
);

both_stores!(cached_realm_follows_writes, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("cache");
    srv.create_realm(&admin, json!({"realm": realm})).await;
    srv.create_user(&admin, &realm, "ivan", "pw").await;
    let t = srv.password_token(&realm, "admin-cli", "ivan", "pw").await;
    assert_eq!(t["expires_in"], json!(300));
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}"),
            &json!({"accessTokenLifespan": 42}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let t = srv.password_token(&realm, "admin-cli", "ivan", "pw").await;
    assert_eq!(
        t["expires_in"],
        json!(42),
        "the token path sees the new setting at once"
    );
    let at = claims(t["access_token"].as_str().unwrap());
    assert_eq!(
        at["exp"].as_i64().unwrap() - at["iat"].as_i64().unwrap(),
        42
    );
});

both_stores!(concurrent_writes_all_land, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("conc");
    srv.create_realm(&admin, json!({"realm": realm})).await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let http = srv.http.clone();
        let url = srv.url(&format!("/admin/realms/{realm}/users"));
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(admin)
                .json(&json!({"username": format!("user{i}")}))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::CREATED);
    }
    let n: i64 = srv
        .get(&admin, &format!("/admin/realms/{realm}/users/count"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(n, 12);
});
