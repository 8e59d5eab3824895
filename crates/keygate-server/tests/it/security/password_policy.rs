//! The realm's `passwordPolicy` was stored but never applied: "short" was accepted under
//! `length(20)` on create, reset, import and the password pages. Now every path that sets
//! a password checks it and answers as Keycloak does; history, expiry, hashing and
//! blacklists follow the policy too.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::login::{Browser, CB};
use crate::support::{location_id, realm_name, Srv};

/// A realm with `policy`, a public client `app` (direct grants, browser login to `CB`).
async fn realm_with(srv: &Srv, policy: &str) -> String {
    let admin = srv.admin_token().await;
    let realm = realm_name("pwpol");
    srv.create_realm(
        &admin,
        json!({"realm": realm, "enabled": true, "passwordPolicy": policy}),
    )
    .await;
    let client = json!({"clientId": "app", "publicClient": true,
        "directAccessGrantsEnabled": true, "standardFlowEnabled": true, "redirectUris": [CB]});
    let r = srv
        .post(&admin, &format!("/admin/realms/{realm}/clients"), &client)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    realm
}

async fn create(srv: &Srv, realm: &str, username: &str, pw: &str) -> reqwest::Response {
    let admin = srv.admin_token().await;
    let body = json!({"username": username, "enabled": true,
        "email": format!("{username}@example.com"), "firstName": "F", "lastName": "L",
        "credentials": [{"type": "password", "value": pw, "temporary": false}]});
    srv.post(&admin, &format!("/admin/realms/{realm}/users"), &body)
        .await
}

async fn reset(srv: &Srv, realm: &str, id: &str, pw: &str) -> reqwest::Response {
    let admin = srv.admin_token().await;
    srv.put(
        &admin,
        &format!("/admin/realms/{realm}/users/{id}/reset-password"),
        &json!({"type": "password", "value": pw, "temporary": false}),
    )
    .await
}

async fn grant(srv: &Srv, realm: &str, user: &str, pw: &str) -> (StatusCode, Value) {
    let r = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "app"),
                ("username", user),
                ("password", pw),
            ],
        )
        .await;
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn refused(r: reqwest::Response, key: &str, text: &str) {
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body, json!({"error": key, "error_description": text}));
}

async fn error_message(r: reqwest::Response) -> (StatusCode, Value) {
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

both_stores!(create_and_reset_refuse_as_keycloak, |srv: Srv| async move {
    let realm = realm_with(&srv, "length(8) and digits(1) and notUsername(undefined)").await;
    let min = "Invalid password: minimum length 8.";
    refused(
        create(&srv, &realm, "bob", "short").await,
        "invalidPasswordMinLengthMessage",
        min,
    )
    .await;
    let admin = srv.admin_token().await;
    let found: Value = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/users?username=bob&exact=true"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found, json!([]), "a refused user is not created");
    let r = create(&srv, &realm, "bob", "good-pass-1").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = location_id(&r);
    refused(
        reset(&srv, &realm, &id, "short").await,
        "invalidPasswordMinLengthMessage",
        min,
    )
    .await;
    refused(
        reset(&srv, &realm, &id, "no-digits-here").await,
        "invalidPasswordMinDigitsMessage",
        "Invalid password: must contain at least 1 numerical digits.",
    )
    .await;
    let r = create(&srv, &realm, "carl12345", "carl12345").await;
    refused(
        r,
        "invalidPasswordNotUsernameMessage",
        "Invalid password: must not be equal to the username.",
    )
    .await;
    // The refused reset changed nothing.
    assert_eq!(
        grant(&srv, &realm, "bob", "short").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        grant(&srv, &realm, "bob", "good-pass-1").await.0,
        StatusCode::OK
    );
    let r = reset(&srv, &realm, &id, "better-pass-2").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        grant(&srv, &realm, "bob", "better-pass-2").await.0,
        StatusCode::OK
    );
});

both_stores!(realm_update_refuses_bad_policies, |srv: Srv| async move {
    let realm = realm_with(&srv, "length(8)").await;
    let admin = srv.admin_token().await;
    let path = format!("/admin/realms/{realm}");
    for (policy, message) in [
        ("noSuchPolicy(3)", "Password policy not found"),
        (
            "length(abc)",
            "Invalid config for length: Not a valid number",
        ),
        (
            "length(8) and regexPattern",
            "Invalid config for regexPattern: Config required",
        ),
        (
            "regexPattern(*)",
            "Invalid config for regexPattern: Not a valid regular expression",
        ),
        (
            "passwordBlacklist(missing.txt)",
            "Password blacklist missing.txt not found!",
        ),
    ] {
        let r = srv
            .put(&admin, &path, &json!({"passwordPolicy": policy}))
            .await;
        let (status, body) = error_message(r).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{policy}");
        assert_eq!(body, json!({"errorMessage": message}), "{policy}");
    }
    let rep: Value = srv.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(rep["passwordPolicy"], "length(8)");
    let r = srv
        .put(
            &admin,
            &path,
            &json!({"passwordPolicy": "length(12) and passwordHistory"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // A new realm with a bad policy is refused the same way.
    let r = srv
        .post(
            &admin,
            "/admin/realms",
            &json!({"realm": realm_name("badpol"), "passwordPolicy": "lenght(8)"}),
        )
        .await;
    assert_eq!(
        error_message(r).await,
        (
            StatusCode::BAD_REQUEST,
            json!({"errorMessage": "Password policy not found"})
        )
    );
});

/// A user of a realm export with a plain or an already hashed password.
fn user(name: &str, cred: Value) -> Value {
    json!({"username": name, "enabled": true, "credentials": [cred]})
}

fn hashed(pw: &str) -> Value {
    let h = keygate_server::crypto::password::hash_argon2(pw).unwrap();
    json!({"type": "password", "secretData": h.secret_data, "credentialData": h.credential_data})
}

both_stores!(
    import_checks_plain_passwords_not_hashes,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let name = realm_name("pwimp");
        let plain = json!({"type": "password", "value": "short"});
        let r = srv
            .post(
                &admin,
                "/admin/realms",
                &json!({"realm": name, "passwordPolicy": "length(20)",
                    "users": [user("ann", plain.clone())]}),
            )
            .await;
        assert_eq!(
            error_message(r).await,
            (
                StatusCode::BAD_REQUEST,
                json!({"errorMessage": "Password policy not met. See logs for details"})
            )
        );
        let r = srv.get(&admin, &format!("/admin/realms/{name}")).await;
        assert_eq!(
            r.status(),
            StatusCode::NOT_FOUND,
            "nothing of the realm was written"
        );
        // Hashes are taken as they are: Keycloak cannot check them either.
        srv.create_realm(
            &admin,
            json!({"realm": name, "passwordPolicy": "length(20)",
               "users": [user("ann", hashed("short"))],
               "clients": [{"clientId": "app", "publicClient": true,
                            "directAccessGrantsEnabled": true}]}),
        )
        .await;
        assert_eq!(grant(&srv, &name, "ann", "short").await.0, StatusCode::OK);
        // Partial import: the realm's policy applies to plain passwords only.
        let path = format!("/admin/realms/{name}/partialImport");
        let r = srv
            .post(&admin, &path, &json!({"users": [user("ben", plain)]}))
            .await;
        assert_eq!(
            error_message(r).await,
            (
                StatusCode::BAD_REQUEST,
                json!({"errorMessage": "Password policy not met. See logs for details"})
            )
        );
        let ok = json!({"type": "password", "value": "long-enough-password-1"});
        let r = srv
            .post(
                &admin,
                &path,
                &json!({"users": [user("ben", ok), user("cid", hashed("tiny"))]}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
        assert_eq!(grant(&srv, &name, "cid", "tiny").await.0, StatusCode::OK);
    }
);

/// Signs `user` in through the browser; returns the browser and the page after the password.
async fn browser_sign_in<'a>(
    srv: &'a Srv,
    realm: &str,
    user: &str,
    pw: &str,
) -> (Browser<'a>, crate::login::Page) {
    let mut b = Browser::new(srv);
    let page = b
        .authorize(
            realm,
            &[
                ("client_id", "app"),
                ("response_type", "code"),
                ("redirect_uri", CB),
            ],
        )
        .await;
    let page = b.sign_in(&page, user, pw).await;
    (b, page)
}

async fn post_new_password(
    b: &mut Browser<'_>,
    page: &crate::login::Page,
    pw: &str,
) -> crate::login::Page {
    let csrf = page.hidden("csrf").expect("csrf");
    b.post(
        &page.action(),
        &[
            ("csrf", &csrf),
            ("password-new", pw),
            ("password-confirm", pw),
        ],
    )
    .await
}

both_stores!(
    update_password_action_shows_the_policy_message,
    |srv: Srv| async move {
        let realm = realm_with(&srv, "length(12)").await;
        let admin = srv.admin_token().await;
        let r = create(&srv, &realm, "dee", "first-password-1").await;
        let id = location_id(&r);
        let r = srv
            .put(
                &admin,
                &format!("/admin/realms/{realm}/users/{id}"),
                &json!({"requiredActions": ["UPDATE_PASSWORD"]}),
            )
            .await;
        assert!(r.status().is_success());
        let (mut b, page) = browser_sign_in(&srv, &realm, "dee", "first-password-1").await;
        assert!(page.html.contains("password-new"), "{}", page.html);
        let again = post_new_password(&mut b, &page, "short").await;
        assert_eq!(again.status, StatusCode::OK);
        assert!(again.location.is_none());
        assert!(
            again.html.contains("Invalid password: minimum length 12."),
            "{}",
            again.html
        );
        assert!(again.html.contains("password-new"));
        let done = post_new_password(&mut b, &again, "second-password-2").await;
        assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
        assert!(done.redirect_params().contains_key("code"));
        assert_eq!(
            grant(&srv, &realm, "dee", "second-password-2").await.0,
            StatusCode::OK
        );
    }
);

both_stores!(
    email_action_page_applies_the_policy,
    |srv: Srv| async move {
        use keygate_server::email::token::{sign, ActionToken, EXECUTE_ACTIONS};
        let realm = realm_with(&srv, "length(12)").await;
        let r = create(&srv, &realm, "eve", "first-password-1").await;
        let id = location_id(&r);
        let model = srv.state.realms.get(&srv.state.db, &realm).await.unwrap();
        let issuer = srv.url(&format!("/realms/{realm}"));
        let now = srv.state.clock.now();
        let t = ActionToken {
            exp: now + 600,
            iat: now,
            jti: uuid::Uuid::new_v4().to_string(),
            iss: issuer.clone(),
            aud: issuer,
            sub: id,
            typ: EXECUTE_ACTIONS.into(),
            azp: "app".into(),
            rqac: vec!["UPDATE_PASSWORD".into()],
            reduri: None,
            eml: Some("eve@example.com".into()),
        };
        let key = sign(&model, &t).unwrap();
        let url = srv.url(&format!(
            "/realms/{realm}/login-actions/action-token?key={key}"
        ));
        let page = crate::email::get_page(&srv, &url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.html);
        let short = [("password-new", "short"), ("password-confirm", "short")];
        let again = crate::email::post_form(&srv, &realm, &page, &short).await;
        assert_eq!(again.status, StatusCode::BAD_REQUEST);
        assert!(
            again.html.contains("Invalid password: minimum length 12."),
            "{}",
            again.html
        );
        assert_eq!(
            grant(&srv, &realm, "eve", "first-password-1").await.0,
            StatusCode::OK
        );
        let good = [
            ("password-new", "second-password-2"),
            ("password-confirm", "second-password-2"),
        ];
        let done = crate::email::post_form(&srv, &realm, &page, &good).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.html);
        assert_eq!(
            grant(&srv, &realm, "eve", "second-password-2").await.0,
            StatusCode::OK
        );
    }
);

both_stores!(
    password_history_refuses_recent_passwords,
    |srv: Srv| async move {
        let realm = realm_with(&srv, "passwordHistory(3)").await;
        let r = create(&srv, &realm, "hal", "Hist-pw-1").await;
        let id = location_id(&r);
        for pw in ["Hist-pw-2", "Hist-pw-3"] {
            assert_eq!(
                reset(&srv, &realm, &id, pw).await.status(),
                StatusCode::NO_CONTENT
            );
        }
        let last3 = "Invalid password: must not be equal to any of last 3 passwords.";
        for pw in ["Hist-pw-1", "Hist-pw-2", "Hist-pw-3"] {
            refused(
                reset(&srv, &realm, &id, pw).await,
                "invalidPasswordHistoryMessage",
                last3,
            )
            .await;
        }
        assert_eq!(
            reset(&srv, &realm, &id, "Hist-pw-4").await.status(),
            StatusCode::NO_CONTENT
        );
        // Hist-pw-1 is now four passwords back: allowed again.
        assert_eq!(
            reset(&srv, &realm, &id, "Hist-pw-1").await.status(),
            StatusCode::NO_CONTENT
        );
        let admin = srv.admin_token().await;
        let creds: Value = srv
            .get(
                &admin,
                &format!("/admin/realms/{realm}/users/{id}/credentials"),
            )
            .await
            .json()
            .await
            .unwrap();
        let types: Vec<&str> = creds
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["type"].as_str())
            .collect();
        assert_eq!(types.iter().filter(|t| **t == "password").count(), 1);
        assert_eq!(
            types.iter().filter(|t| **t == "password-history").count(),
            2,
            "{creds}"
        );
    }
);

both_stores!(expired_passwords_must_be_changed, |srv: Srv| async move {
    let realm = realm_with(&srv, "forceExpiredPasswordChange(1)").await;
    let r = create(&srv, &realm, "ida", "first-password-1").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        grant(&srv, &realm, "ida", "first-password-1").await.0,
        StatusCode::OK
    );
    srv.state.clock.advance(2 * 86_400);
    let (status, body) = grant(&srv, &realm, "ida", "first-password-1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Account is not fully set up"})
    );
    let (mut b, page) = browser_sign_in(&srv, &realm, "ida", "first-password-1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("password-new"), "{}", page.html);
    let done = post_new_password(&mut b, &page, "second-password-2").await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
    assert_eq!(
        grant(&srv, &realm, "ida", "second-password-2").await.0,
        StatusCode::OK
    );
});

both_stores!(
    hash_algorithm_policy_hashes_new_passwords,
    |srv: Srv| async move {
        let realm = realm_with(
            &srv,
            "hashAlgorithm(pbkdf2-sha512) and hashIterations(1000)",
        )
        .await;
        let r = create(&srv, &realm, "jon", "first-password-1").await;
        let id = location_id(&r);
        let admin = srv.admin_token().await;
        let creds: Value = srv
            .get(
                &admin,
                &format!("/admin/realms/{realm}/users/{id}/credentials"),
            )
            .await
            .json()
            .await
            .unwrap();
        let data: Value =
            serde_json::from_str(creds[0]["credentialData"].as_str().unwrap()).unwrap();
        assert_eq!(data["algorithm"], "pbkdf2-sha512");
        assert_eq!(data["hashIterations"], 1000);
        assert_eq!(
            grant(&srv, &realm, "jon", "first-password-1").await.0,
            StatusCode::OK
        );
        // The login kept the policy's hash rather than "upgrading" it to argon2.
        let creds: Value = srv
            .get(
                &admin,
                &format!("/admin/realms/{realm}/users/{id}/credentials"),
            )
            .await
            .json()
            .await
            .unwrap();
        assert!(creds[0]["credentialData"]
            .as_str()
            .unwrap()
            .contains("pbkdf2-sha512"));
    }
);

/// A server whose blacklists folder holds `weak.txt`.
async fn blacklist_server(postgres: bool) -> Option<(Srv, tempfile::TempDir)> {
    let lists = tempfile::tempdir().unwrap();
    std::fs::write(lists.path().join("weak.txt"), "password123\nLetMeIn2024\n").unwrap();
    let (mut config, dir) = if postgres {
        let url = std::env::var("KEYGATE_TEST_DATABASE_URL").ok()?;
        (
            keygate_server::Config::for_url(crate::support::pg_schema_url(&url).await),
            None,
        )
    } else {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/keygate.db", dir.path().display());
        (keygate_server::Config::for_url(url), Some(dir))
    };
    config.password_blacklists = lists.path().to_path_buf();
    Some((Srv::start(config, dir).await, lists))
}

async fn blacklist_refuses(postgres: bool) {
    let Some((srv, _lists)) = blacklist_server(postgres).await else {
        return eprintln!("KEYGATE_TEST_DATABASE_URL not set: PostgreSQL run skipped");
    };
    let _dir = srv.keep_dir();
    let realm = realm_with(&srv, "passwordBlacklist(weak.txt)").await;
    refused(
        create(&srv, &realm, "kim", "letmein2024").await,
        "invalidPasswordBlacklistedMessage",
        "Invalid password: password is blacklisted.",
    )
    .await;
    assert_eq!(
        create(&srv, &realm, "kim", "not-on-the-list")
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blacklist_refuses_listed_passwords_sqlite() {
    blacklist_refuses(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blacklist_refuses_listed_passwords_postgres() {
    blacklist_refuses(true).await;
}
