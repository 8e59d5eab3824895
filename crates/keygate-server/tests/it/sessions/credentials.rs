//! A user's credentials through the admin API: listed without secrets, relabelled,
//! reordered, removed.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{expect, get_json, post_empty, setup, token_req, Fx};
use crate::both_stores;
use crate::support::Srv;

/// Stores an extra credential for the user straight in the database (Keygate has no API
/// that creates OTP credentials yet); returns its id.
async fn add_credential(srv: &Srv, user: &str, type_: &str, priority: i64) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO credentials (id, user_id, type, user_label, created, secret_data,
                                  credential_data, priority)
         VALUES ($1, $2, $3, NULL, $4, '{\"value\":\"top-secret\"}', '{\"digits\":6}', $5)",
    )
    .bind(&id)
    .bind(user)
    .bind(type_)
    .bind(srv.state.clock.now_ms())
    .bind(priority)
    .execute(&srv.state.db.pool)
    .await
    .expect("insert credential");
    id
}

fn creds_path(fx: &Fx) -> String {
    format!("/admin/realms/{}/users/{}/credentials", fx.realm, fx.user)
}

async fn order(srv: &Srv, fx: &Fx) -> Vec<String> {
    get_json(srv, &fx.admin, &creds_path(fx))
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

both_stores!(credentials_listed_without_secrets, |srv: Srv| async move {
    let fx = setup(&srv, "cred-list").await;
    let before = srv.state.clock.now_ms();
    let list = get_json(&srv, &fx.admin, &creds_path(&fx)).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let c = list[0].as_object().unwrap();
    let mut keys: Vec<&str> = c.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["createdDate", "credentialData", "id", "type"]);
    assert_eq!(c["type"], "password");
    assert!(c["createdDate"].as_i64().unwrap() <= before);
    let data: Value = serde_json::from_str(c["credentialData"].as_str().unwrap()).unwrap();
    assert!(data.get("algorithm").is_some(), "{data}");
    let raw = serde_json::to_string(&list).unwrap();
    assert!(
        !raw.contains("secretData") && !raw.contains("salt\""),
        "{raw}"
    );

    let r = srv
        .get(
            &fx.admin,
            &format!("/admin/realms/{}/users/nope/credentials", fx.realm),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "User not found"})).await;
});

both_stores!(
    deleting_the_password_stops_the_grant,
    |srv: Srv| async move {
        let fx = setup(&srv, "cred-del").await;
        let id = order(&srv, &fx).await.remove(0);
        let path = format!("{}/{id}", creds_path(&fx));
        assert_eq!(
            srv.delete(&fx.admin, &path).await.status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(get_json(&srv, &fx.admin, &creds_path(&fx)).await, json!([]));
        let r = token_req(&srv, &fx.realm, "app", "alice", "").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "invalid_grant");
        let r = srv.delete(&fx.admin, &path).await;
        expect(
            r,
            StatusCode::NOT_FOUND,
            json!({"error": "Credential not found"}),
        )
        .await;
        // Setting a new password brings the grant back.
        let r = srv
            .put(
                &fx.admin,
                &format!(
                    "/admin/realms/{}/users/{}/reset-password",
                    fx.realm, fx.user
                ),
                &json!({"type": "password", "value": "pw", "temporary": false}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            token_req(&srv, &fx.realm, "app", "alice", "")
                .await
                .status(),
            StatusCode::OK
        );
    }
);

both_stores!(credential_user_label, |srv: Srv| async move {
    let fx = setup(&srv, "cred-label").await;
    let id = order(&srv, &fx).await.remove(0);
    let path = format!("{}/{id}/userLabel", creds_path(&fx));
    let put_text = |path: String, body: &'static str| {
        let srv = &srv;
        let token = fx.admin.clone();
        async move {
            srv.http
                .put(srv.url(&path))
                .bearer_auth(token)
                .header("content-type", "text/plain")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        put_text(path.clone(), "My password").await.status(),
        StatusCode::NO_CONTENT
    );
    let list = get_json(&srv, &fx.admin, &creds_path(&fx)).await;
    assert_eq!(list[0]["userLabel"], "My password");
    expect(
        put_text(path.clone(), "  ").await,
        StatusCode::BAD_REQUEST,
        json!({"error": "missingCredentialLabel", "error_description": "Credential label must not be empty"}),
    )
    .await;
    let r = put_text(format!("{}/nope/userLabel", creds_path(&fx)), "x").await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Credential not found"}),
    )
    .await;
    // Still the password grant works: the label is no secret.
    assert_eq!(
        token_req(&srv, &fx.realm, "app", "alice", "")
            .await
            .status(),
        StatusCode::OK
    );
});

both_stores!(credentials_reordered, |srv: Srv| async move {
    let fx = setup(&srv, "cred-move").await;
    let pw = order(&srv, &fx).await.remove(0);
    let otp = add_credential(&srv, &fx.user, "otp", 20).await;
    let other = add_credential(&srv, &fx.user, "otp", 30).await;
    assert_eq!(
        order(&srv, &fx).await,
        [pw.clone(), otp.clone(), other.clone()]
    );
    let base = creds_path(&fx);

    let r = post_empty(&srv, &fx.admin, &format!("{base}/{other}/moveToFirst")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        order(&srv, &fx).await,
        [other.clone(), pw.clone(), otp.clone()]
    );
    let r = post_empty(&srv, &fx.admin, &format!("{base}/{other}/moveAfter/{otp}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        order(&srv, &fx).await,
        [pw.clone(), otp.clone(), other.clone()]
    );
    let r = post_empty(&srv, &fx.admin, &format!("{base}/{pw}/moveAfter/{otp}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        order(&srv, &fx).await,
        [otp.clone(), pw.clone(), other.clone()]
    );
    // An unknown new predecessor changes nothing; an unknown credential is a 404.
    let r = post_empty(&srv, &fx.admin, &format!("{base}/{pw}/moveAfter/nope")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        order(&srv, &fx).await,
        [otp.clone(), pw.clone(), other.clone()]
    );
    let r = post_empty(&srv, &fx.admin, &format!("{base}/nope/moveToFirst")).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Credential not found"}),
    )
    .await;
    let r = post_empty(&srv, &fx.admin, &format!("{base}/nope/moveAfter/{pw}")).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Credential not found"}),
    )
    .await;
    // The OTP credential's secret stays hidden, its data shown.
    let list = get_json(&srv, &fx.admin, &base).await;
    assert_eq!(list[0]["credentialData"], "{\"digits\":6}");
    assert!(!serde_json::to_string(&list).unwrap().contains("top-secret"));
});

both_stores!(disable_credential_types, |srv: Srv| async move {
    let fx = setup(&srv, "cred-disable").await;
    let pw = order(&srv, &fx).await.remove(0);
    add_credential(&srv, &fx.user, "otp", 20).await;
    let path = format!(
        "/admin/realms/{}/users/{}/disable-credential-types",
        fx.realm, fx.user
    );
    let r = srv.put(&fx.admin, &path, &json!(["otp"])).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(order(&srv, &fx).await, std::slice::from_ref(&pw));
    let r = srv.put(&fx.admin, &path, &json!([])).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv
        .http
        .put(srv.url(&path))
        .bearer_auth(&fx.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.put(&fx.admin, &path, &json!({"not": "a list"})).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Keycloak cannot disable a local user's password: it stays, and so does the login.
    let r = srv.put(&fx.admin, &path, &json!(["password"])).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(order(&srv, &fx).await, [pw]);
    assert_eq!(
        token_req(&srv, &fx.realm, "app", "alice", "")
            .await
            .status(),
        StatusCode::OK
    );
    let r = srv
        .put(
            &fx.admin,
            &format!(
                "/admin/realms/{}/users/nope/disable-credential-types",
                fx.realm
            ),
            &json!(["otp"]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});

both_stores!(storage_types_and_registrators, |srv: Srv| async move {
    let fx = setup(&srv, "cred-types").await;
    let path = format!(
        "/admin/realms/{}/users/{}/configured-user-storage-credential-types",
        fx.realm, fx.user
    );
    assert_eq!(get_json(&srv, &fx.admin, &path).await, json!([]));
    let r = srv
        .get(
            &fx.admin,
            &format!(
                "/admin/realms/{}/users/nope/configured-user-storage-credential-types",
                fx.realm
            ),
        )
        .await;
    expect(r, StatusCode::NOT_FOUND, json!({"error": "User not found"})).await;
    let regs = get_json(
        &srv,
        &fx.admin,
        &format!("/admin/realms/{}/credential-registrators", fx.realm),
    )
    .await;
    assert_eq!(
        regs,
        json!([
            "CONFIGURE_TOTP",
            "UPDATE_PASSWORD",
            "webauthn-register",
            "webauthn-register-passwordless"
        ])
    );
});
