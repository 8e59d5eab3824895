//! Browser login events: the sign-in form's errors, `LOGIN` with its redirect, the code
//! exchange and the browser logout.

use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::both_stores;
use crate::login::{exchange_web, setup, Browser, CB, PW as LOGIN_PW};
use crate::support::{claims, Srv};

both_stores!(
    browser_login_code_exchange_and_logout,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = setup(&srv, json!({"eventsEnabled": true})).await;
        let mut b = Browser::new(&srv);
        let page = b
            .authorize(
                &realm,
                &[
                    ("client_id", "web"),
                    ("response_type", "code"),
                    ("redirect_uri", CB),
                    ("scope", "openid"),
                ],
            )
            .await;
        let wrong = b.sign_in(&page, "alice", "nope").await;
        assert_eq!(wrong.status, StatusCode::OK);
        let unknown = b.sign_in(&wrong, "mallory", "nope").await;
        assert_eq!(unknown.status, StatusCode::OK);
        let done = b.sign_in(&unknown, "alice", LOGIN_PW).await;
        assert_eq!(done.status, StatusCode::FOUND);
        let p = done.redirect_params();
        let (status, tokens) = exchange_web(&srv, &realm, &p["code"], &[]).await;
        assert_eq!(status, StatusCode::OK);
        // A replayed code fails.
        let (status, _) = exchange_web(&srv, &realm, &p["code"], &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let c = claims(tokens["access_token"].as_str().unwrap());
        let logout = srv.url(&format!(
            "/realms/{realm}/protocol/openid-connect/logout?id_token_hint={}",
            tokens["id_token"].as_str().unwrap()
        ));
        let out = b.get(&logout).await;
        assert_eq!(out.status, StatusCode::OK);

        let list = events(&srv, &admin, &realm, "?direction=asc").await;
        assert_eq!(
            types(&list),
            [
                "LOGIN_ERROR",
                "LOGIN_ERROR",
                "LOGIN",
                "CODE_TO_TOKEN",
                "CODE_TO_TOKEN_ERROR",
                "LOGOUT"
            ]
        );
        assert_eq!(list[0]["error"], "invalid_user_credentials");
        assert_eq!(list[0]["userId"], c["sub"]);
        assert_eq!(list[0]["clientId"], "web");
        assert_eq!(list[1]["error"], "user_not_found");
        assert_eq!(list[1]["details"]["username"], "mallory");
        let login = &list[2];
        assert_eq!(login["userId"], c["sub"]);
        assert_eq!(login["sessionId"], p["session_state"]);
        assert_eq!(login["details"]["redirect_uri"], CB);
        assert_eq!(login["details"]["username"], "alice");
        assert_eq!(login["details"]["auth_method"], "openid-connect");
        let code = &list[3];
        assert_eq!(code["clientId"], "web");
        assert_eq!(code["sessionId"], c["sid"]);
        assert_eq!(code["details"]["code_id"], c["sid"]);
        assert_eq!(code["details"]["grant_type"], "authorization_code");
        assert_eq!(list[4]["error"], "invalid_code");
        assert_eq!(list[5]["sessionId"], c["sid"]);
        assert_eq!(list[5]["userId"], c["sub"]);
    }
);
