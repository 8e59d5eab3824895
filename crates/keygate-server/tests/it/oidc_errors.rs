//! The token endpoint's error answers, as Keycloak sends them.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

async fn setup(srv: &Srv) -> (String, String) {
    let admin = srv.admin_token().await;
    let realm = realm_name("err");
    srv.create_realm(&admin, json!({"realm": realm})).await;
    let uid = srv.create_user(&admin, &realm, "carol", "right").await;
    srv.create_client(&admin, &realm, "app", "s3cret").await;
    (realm, uid)
}

async fn expect(r: reqwest::Response, status: StatusCode, error: &str, description: Option<&str>) {
    assert_eq!(r.status(), status);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], json!(error), "{body}");
    if let Some(d) = description {
        assert_eq!(body["error_description"], json!(d), "{body}");
    }
}

fn pw<'a>(user: &'a str, pass: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "password"),
        ("client_id", "app"),
        ("client_secret", "s3cret"),
        ("username", user),
        ("password", pass),
    ]
}

both_stores!(wrong_password_and_unknown_user, |srv: Srv| async move {
    let (realm, _) = setup(&srv).await;
    let r = srv.oidc_form(&realm, "token", &pw("carol", "wrong")).await;
    expect(
        r,
        StatusCode::UNAUTHORIZED,
        "invalid_grant",
        Some("Invalid user credentials"),
    )
    .await;
    let r = srv.oidc_form(&realm, "token", &pw("nobody", "right")).await;
    expect(
        r,
        StatusCode::UNAUTHORIZED,
        "invalid_grant",
        Some("Invalid user credentials"),
    )
    .await;
    let r = srv.oidc_form(&realm, "token", &pw("carol", "")).await;
    expect(
        r,
        StatusCode::UNAUTHORIZED,
        "invalid_grant",
        Some("Invalid user credentials"),
    )
    .await;
    // Login by email works (loginWithEmailAllowed is on by default), case-insensitively.
    let r = srv
        .oidc_form(&realm, "token", &pw("CAROL@example.com", "right"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
});

both_stores!(wrong_client_secret, |srv: Srv| async move {
    let (realm, _) = setup(&srv).await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "app"),
        ("client_secret", "nope"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    expect(r, StatusCode::UNAUTHORIZED, "invalid_client", None).await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "ghost"),
        ("client_secret", "x"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    expect(r, StatusCode::UNAUTHORIZED, "invalid_client", None).await;
    let r = srv
        .http
        .post(srv.token_url(&realm))
        .basic_auth("app", Some("bad"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    expect(r, StatusCode::UNAUTHORIZED, "invalid_client", None).await;
});

both_stores!(disabled_user, |srv: Srv| async move {
    let (realm, uid) = setup(&srv).await;
    let admin = srv.admin_token().await;
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}/users/{uid}"),
            &json!({"enabled": false}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.oidc_form(&realm, "token", &pw("carol", "right")).await;
    expect(
        r,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        Some("Account disabled"),
    )
    .await;
});

both_stores!(unknown_realm_and_unsupported_grant, |srv: Srv| async move {
    let (realm, _) = setup(&srv).await;
    let r = srv
        .oidc_form("no-such-realm", "token", &pw("carol", "right"))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = srv
        .http
        .get(srv.url("/realms/no-such-realm/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let form = [
        ("grant_type", "urn:made:up"),
        ("client_id", "app"),
        ("client_secret", "s3cret"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    expect(r, StatusCode::BAD_REQUEST, "unsupported_grant_type", None).await;
    let r = srv
        .oidc_form(&realm, "token", &[("client_id", "app")])
        .await;
    expect(r, StatusCode::BAD_REQUEST, "invalid_request", None).await;
});

both_stores!(client_settings_are_honoured, |srv: Srv| async move {
    let (realm, _) = setup(&srv).await;
    let admin = srv.admin_token().await;
    let cid = srv.create_client(&admin, &realm, "locked", "s").await;
    let path = format!("/admin/realms/{realm}/clients/{cid}");
    let r = srv
        .put(
            &admin,
            &path,
            &json!({"directAccessGrantsEnabled": false, "serviceAccountsEnabled": false}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let form = [
        ("grant_type", "password"),
        ("client_id", "locked"),
        ("client_secret", "s"),
        ("username", "carol"),
        ("password", "right"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    expect(r, StatusCode::BAD_REQUEST, "unauthorized_client", None).await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "locked"),
        ("client_secret", "s"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    expect(r, StatusCode::UNAUTHORIZED, "unauthorized_client", None).await;
    // A public client gets tokens by client_id alone, but never a service account.
    let r = srv
        .oidc_form(
            &realm,
            "token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "admin-cli"),
            ],
        )
        .await;
    expect(r, StatusCode::UNAUTHORIZED, "unauthorized_client", None).await;
    let form = [
        ("grant_type", "password"),
        ("client_id", "admin-cli"),
        ("username", "carol"),
        ("password", "right"),
    ];
    assert_eq!(
        srv.oidc_form(&realm, "token", &form).await.status(),
        StatusCode::OK
    );
    // Bearer-only clients never get tokens.
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "broker"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
});

both_stores!(
    refresh_token_bound_to_client_and_realm,
    |srv: Srv| async move {
        let (realm, _) = setup(&srv).await;
        let admin = srv.admin_token().await;
        srv.create_client(&admin, &realm, "other", "o").await;
        let r = srv.oidc_form(&realm, "token", &pw("carol", "right")).await;
        let t: Value = r.json().await.unwrap();
        let rt = t["refresh_token"].as_str().unwrap();
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", "other"),
            ("client_secret", "o"),
            ("refresh_token", rt),
        ];
        let r = srv.oidc_form(&realm, "token", &form).await;
        expect(r, StatusCode::BAD_REQUEST, "invalid_grant", None).await;
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", "app"),
            ("client_secret", "s3cret"),
            ("refresh_token", "x.y.z"),
        ];
        let r = srv.oidc_form(&realm, "token", &form).await;
        expect(r, StatusCode::BAD_REQUEST, "invalid_grant", None).await;
        // A master refresh token means nothing in this realm.
        let m = srv
            .password_token("master", "admin-cli", "admin", "admin")
            .await;
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", "admin-cli"),
            ("refresh_token", m["refresh_token"].as_str().unwrap()),
        ];
        let r = srv.oidc_form(&realm, "token", &form).await;
        expect(r, StatusCode::BAD_REQUEST, "invalid_grant", None).await;
    }
);

both_stores!(
    introspection_needs_a_confidential_client,
    |srv: Srv| async move {
        let (realm, _) = setup(&srv).await;
        let r = srv
            .oidc_form(
                &realm,
                "token/introspect",
                &[("client_id", "admin-cli"), ("token", "x")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let r = srv
            .oidc_form(
                &realm,
                "token/introspect",
                &[
                    ("client_id", "app"),
                    ("client_secret", "bad"),
                    ("token", "x"),
                ],
            )
            .await;
        expect(r, StatusCode::UNAUTHORIZED, "invalid_client", None).await;
    }
);
