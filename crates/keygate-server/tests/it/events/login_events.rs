//! Events of the token, introspection, userinfo and logout endpoints, per realm settings.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::{claims, Srv};

both_stores!(nothing_recorded_while_disabled, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({})).await;
    let (status, _) = password_login(&srv, &realm, "alice", PW, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = password_login(&srv, &realm, "alice", "wrong", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(events(&srv, &admin, &realm, "").await.is_empty());
});

both_stores!(password_grant_login_and_errors, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"eventsEnabled": true})).await;
    let (_, tokens) = password_login(&srv, &realm, "alice", PW, None).await;
    let access = claims(tokens["access_token"].as_str().unwrap());
    let (status, _) = password_login(&srv, &realm, "alice", "wrong", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = password_login(&srv, &realm, "nobody", "x", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let list = events(&srv, &admin, &realm, "").await;
    assert_eq!(
        types(&list),
        ["LOGIN_ERROR", "LOGIN_ERROR", "LOGIN"],
        "newest first"
    );
    let (unknown, wrong, ok) = (&list[0], &list[1], &list[2]);
    assert_eq!(ok["clientId"], "app");
    assert_eq!(ok["userId"], access["sub"]);
    assert_eq!(ok["sessionId"], access["sid"]);
    assert_eq!(ok["ipAddress"], "127.0.0.1");
    assert!(ok["time"].as_i64().unwrap() > 1_600_000_000_000, "ms");
    assert!(ok.get("error").is_none());
    let d = &ok["details"];
    assert_eq!(d["username"], "alice");
    assert_eq!(d["grant_type"], "password");
    assert_eq!(d["auth_method"], "openid-connect");
    assert_eq!(d["token_id"], access["jti"]);
    assert_eq!(d["refresh_token_type"], "Refresh");
    assert!(ok["realmId"].is_string() && ok["id"].is_string());

    assert_eq!(wrong["error"], "invalid_user_credentials");
    assert_eq!(wrong["userId"], access["sub"]);
    assert_eq!(wrong["details"]["username"], "alice");
    assert_eq!(unknown["error"], "user_not_found");
    assert!(unknown.get("userId").is_none());
    assert_eq!(unknown["details"]["username"], "nobody");
});

both_stores!(
    empty_type_list_stores_the_default_set,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = events_realm(&srv, &admin, json!({"eventsEnabled": true})).await;
        let (_, tokens) = password_login(&srv, &realm, "alice", PW, None).await;
        let refresh = tokens["refresh_token"].as_str().unwrap();
        let r = srv
            .oidc_form(
                &realm,
                "token",
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", "app"),
                    ("client_secret", "app-secret"),
                    ("refresh_token", refresh),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        // REFRESH_TOKEN is not saved by default; LOGIN is.
        assert_eq!(types(&events(&srv, &admin, &realm, "").await), ["LOGIN"]);

        // An explicit list stores exactly what it names.
        let r = srv
            .put(
                &admin,
                &format!("/admin/realms/{realm}/events/config"),
                &json!({"eventsEnabled": true, "enabledEventTypes": ["REFRESH_TOKEN"]}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let r = srv
            .oidc_form(
                &realm,
                "token",
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", "app"),
                    ("client_secret", "app-secret"),
                    ("refresh_token", refresh),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let new_refresh: Value = r.json().await.unwrap();
        password_login(&srv, &realm, "alice", PW, None).await;
        let list = events(&srv, &admin, &realm, "").await;
        assert_eq!(types(&list), ["REFRESH_TOKEN", "LOGIN"]);
        let d = &list[0]["details"];
        assert_eq!(d["refresh_token_id"], claims(refresh)["jti"]);
        assert_eq!(
            d["updated_refresh_token_id"],
            claims(new_refresh["refresh_token"].as_str().unwrap())["jti"]
        );
        assert_eq!(d["grant_type"], "refresh_token");
    }
);

both_stores!(
    client_credentials_and_refresh_errors,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let settings = json!({"eventsEnabled": true, "enabledEventTypes":
        ["CLIENT_LOGIN", "CLIENT_LOGIN_ERROR", "REFRESH_TOKEN_ERROR"]});
        let realm = events_realm(&srv, &admin, settings).await;
        let ok = srv
            .oidc_form(
                &realm,
                "token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", "app"),
                    ("client_secret", "app-secret"),
                ],
            )
            .await;
        assert_eq!(ok.status(), StatusCode::OK);
        let tokens: Value = ok.json().await.unwrap();
        let sub = claims(tokens["access_token"].as_str().unwrap())["sub"].clone();
        let bad = srv
            .oidc_form(
                &realm,
                "token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", "app"),
                    ("client_secret", "nope"),
                ],
            )
            .await;
        assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
        let bad = srv
            .oidc_form(
                &realm,
                "token",
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", "app"),
                    ("client_secret", "app-secret"),
                    ("refresh_token", "not-a-token"),
                ],
            )
            .await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        // The password grant's LOGIN is not in the list: not stored.
        password_login(&srv, &realm, "alice", PW, None).await;

        let list = events(&srv, &admin, &realm, "").await;
        assert_eq!(
            types(&list),
            ["REFRESH_TOKEN_ERROR", "CLIENT_LOGIN_ERROR", "CLIENT_LOGIN"]
        );
        assert_eq!(list[0]["error"], "invalid_token");
        assert_eq!(list[0]["clientId"], "app");
        assert_eq!(list[1]["error"], "invalid_client_credentials");
        assert_eq!(list[1]["clientId"], "app");
        assert_eq!(list[2]["userId"], sub);
        assert_eq!(list[2]["details"]["grant_type"], "client_credentials");
        assert_eq!(list[2]["details"]["username"], "service-account-app");
    }
);

both_stores!(introspection_userinfo_and_logout, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let settings = json!({"eventsEnabled": true, "enabledEventTypes": [
        "INTROSPECT_TOKEN", "USER_INFO_REQUEST", "USER_INFO_REQUEST_ERROR", "LOGOUT"]});
    let realm = events_realm(&srv, &admin, settings).await;
    let (_, tokens) = password_login(&srv, &realm, "alice", PW, None).await;
    let access = tokens["access_token"].as_str().unwrap();
    let c = claims(access);
    let r = srv
        .oidc_form(
            &realm,
            "token/introspect",
            &[
                ("client_id", "app"),
                ("client_secret", "app-secret"),
                ("token", access),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let url = srv.url(&format!("/realms/{realm}/protocol/openid-connect/userinfo"));
    let r = srv.http.get(&url).bearer_auth(access).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = srv.http.get(&url).bearer_auth("bad").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = srv
        .oidc_form(
            &realm,
            "logout",
            &[
                ("client_id", "app"),
                ("client_secret", "app-secret"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let list = events(&srv, &admin, &realm, "").await;
    assert_eq!(
        types(&list),
        [
            "LOGOUT",
            "USER_INFO_REQUEST_ERROR",
            "USER_INFO_REQUEST",
            "INTROSPECT_TOKEN"
        ]
    );
    assert_eq!(list[0]["sessionId"], c["sid"]);
    assert_eq!(list[0]["userId"], c["sub"]);
    assert_eq!(list[0]["clientId"], "app");
    assert_eq!(list[1]["error"], "invalid_token");
    assert_eq!(list[2]["userId"], c["sub"]);
    assert_eq!(list[2]["clientId"], "app");
    assert_eq!(list[2]["details"]["auth_method"], "validate_access_token");
    assert_eq!(list[3]["clientId"], "app");
    assert_eq!(list[3]["userId"], c["sub"]);
});

both_stores!(
    expired_events_are_hidden_and_purged,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let settings = json!({"eventsEnabled": true, "eventsExpiration": 60});
        let realm = events_realm(&srv, &admin, settings).await;
        password_login(&srv, &realm, "alice", PW, None).await;
        password_login(&srv, &realm, "alice", "wrong", None).await;
        assert_eq!(events(&srv, &admin, &realm, "").await.len(), 2);

        srv.state.clock.advance(61);
        let admin = srv.admin_token().await;
        assert!(events(&srv, &admin, &realm, "").await.is_empty(), "expired");
        // The next event purges the expired rows from the table.
        password_login(&srv, &realm, "alice", PW, None).await;
        assert_eq!(types(&events(&srv, &admin, &realm, "").await), ["LOGIN"]);
        let realm_id = events(&srv, &admin, &realm, "").await[0]["realmId"].clone();
        let mut conn = srv.state.db.conn().await.unwrap();
        let n: i64 = sqlx::Row::get(
            &sqlx::query("SELECT COUNT(*) AS n FROM events WHERE realm_id = $1")
                .bind(realm_id.as_str().unwrap().to_string())
                .fetch_one(&mut *conn)
                .await
                .unwrap(),
            "n",
        );
        assert_eq!(n, 1, "expired rows deleted");
    }
);
