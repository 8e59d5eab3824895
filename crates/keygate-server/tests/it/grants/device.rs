//! The device grant: a TV asks for a code, the user enters it in a browser, signs in and
//! grants access, and the TV's polls get `authorization_pending`, `slow_down`, then tokens
//! once. Denial, expiry, clients without the grant and a second node are covered too.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{client, device_client, token};
use crate::both_stores;
use crate::login::{setup, Browser, Page, PW};
use crate::support::{claims, Srv};
use keygate_server::Config;

const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

async fn request_code(srv: &Srv, realm: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = srv.oidc_form(realm, "auth/device", form).await;
    let status = r.status();
    (status, r.json().await.expect("json"))
}

async fn poll(srv: &Srv, realm: &str, device_code: &str) -> (StatusCode, Value) {
    let form = [
        ("grant_type", GRANT),
        ("client_id", "tv"),
        ("device_code", device_code),
    ];
    token(srv, realm, &form).await
}

fn assert_error(got: &(StatusCode, Value), error: &str, description: &str) {
    assert_eq!(got.0, StatusCode::BAD_REQUEST, "{}", got.1);
    assert_eq!(got.1["error"], error, "{}", got.1);
    assert_eq!(got.1["error_description"], description, "{}", got.1);
}

/// Signs `alice` in on the page the code led to and answers the consent form.
async fn sign_in_and_answer(b: &mut Browser<'_>, page: &Page, answer: &str) -> Page {
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let done = b.sign_in(page, "alice", PW).await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
    let consent = b.get(done.location.as_deref().expect("Location")).await;
    assert_eq!(consent.status, StatusCode::OK, "{}", consent.html);
    assert!(consent
        .html
        .contains("Do you grant these access privileges?"));
    let code = consent.hidden("code").expect("consent token");
    let decided = b
        .post(&consent.action(), &[("code", &code), (answer, "x")])
        .await;
    assert_eq!(decided.status, StatusCode::FOUND, "{}", decided.html);
    decided
}

both_stores!(device_flow_end_to_end, |srv: Srv| async move {
    let realm = setup(&srv, json!({"eventsEnabled": true})).await;
    device_client(&srv, &realm).await;
    let (status, answer) =
        request_code(&srv, &realm, &[("client_id", "tv"), ("scope", "openid")]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let issuer = srv.url(&format!("/realms/{realm}"));
    let user_code = answer["user_code"].as_str().expect("user_code").to_string();
    assert!(
        user_code.len() == 9
            && user_code.chars().enumerate().all(|(i, c)| if i == 4 {
                c == '-'
            } else {
                c.is_ascii_uppercase()
            }),
        "{user_code}"
    );
    assert_eq!(answer["verification_uri"], format!("{issuer}/device"));
    assert_eq!(
        answer["verification_uri_complete"],
        format!("{issuer}/device?user_code={user_code}")
    );
    assert_eq!(answer["expires_in"], 600);
    assert_eq!(answer["interval"], 5);
    let device_code = answer["device_code"]
        .as_str()
        .expect("device_code")
        .to_string();

    let pending = poll(&srv, &realm, &device_code).await;
    assert_error(
        &pending,
        "authorization_pending",
        "The authorization request is still pending",
    );
    let fast = poll(&srv, &realm, &device_code).await;
    assert_error(&fast, "slow_down", "Slow down");

    let mut b = Browser::new(&srv);
    let login = b
        .get(answer["verification_uri_complete"].as_str().expect("uri"))
        .await;
    let decided = sign_in_and_answer(&mut b, &login, "accept").await;
    let status_url = decided.location.expect("Location");
    assert_eq!(status_url, format!("{issuer}/device/status"));
    let done = b.get(&status_url).await;
    assert!(
        done.html.contains("Device Login Successful"),
        "{}",
        done.html
    );

    srv.state.clock.advance(5);
    let (status, tokens) = poll(&srv, &realm, &device_code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert!(tokens["refresh_token"].is_string() && tokens["id_token"].is_string());
    let at = tokens["access_token"].as_str().expect("access_token");
    let c = claims(at);
    assert_eq!(c["azp"], "tv");
    assert_eq!(c["preferred_username"], "alice");
    let me = srv
        .get(
            at,
            &format!("/realms/{realm}/protocol/openid-connect/userinfo"),
        )
        .await;
    assert_eq!(me.status(), StatusCode::OK);

    // One use: the code is spent by the poll that collected the tokens.
    srv.state.clock.advance(5);
    let again = poll(&srv, &realm, &device_code).await;
    assert_error(&again, "invalid_grant", "Device code not valid");
    // And the user code cannot be entered again.
    let reuse = b
        .get(&format!("{issuer}/device?user_code={user_code}"))
        .await;
    assert_eq!(reuse.status, StatusCode::BAD_REQUEST);
    assert!(reuse.html.contains("Invalid code, please try again."));

    // Login events: the redeeming poll and the spent code; the early polls are not errors.
    let admin = srv.admin_token().await;
    let events: Vec<Value> = srv
        .get(&admin, &format!("/admin/realms/{realm}/events?client=tv"))
        .await
        .json()
        .await
        .unwrap();
    let types: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(
        types
            .iter()
            .filter(|t| **t == "OAUTH2_DEVICE_CODE_TO_TOKEN")
            .count(),
        1,
        "{types:?}"
    );
    assert_eq!(
        types
            .iter()
            .filter(|t| **t == "OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR")
            .count(),
        1,
        "{types:?}"
    );
});

both_stores!(typed_code_and_denial, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    device_client(&srv, &realm).await;
    let (_, answer) = request_code(&srv, &realm, &[("client_id", "tv")]).await;
    let device_code = answer["device_code"]
        .as_str()
        .expect("device_code")
        .to_string();
    let typed = answer["user_code"]
        .as_str()
        .expect("user_code")
        .replace('-', "")
        .to_lowercase();

    let mut b = Browser::new(&srv);
    let form = b.get(&srv.url(&format!("/realms/{realm}/device"))).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains(r#"name="device_user_code""#));
    let wrong = b
        .post(&form.action(), &[("device_user_code", "BBBB-BBBB")])
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.html.contains("Invalid code, please try again."));
    let login = b
        .post(&form.action(), &[("device_user_code", &typed)])
        .await;
    let decided = sign_in_and_answer(&mut b, &login, "cancel").await;
    let loc = decided.location.expect("Location");
    assert!(loc.ends_with("/device/status?error=access_denied"), "{loc}");
    let page = b.get(&loc).await;
    assert!(page
        .html
        .contains("Consent denied for connecting the device."));

    let denied = poll(&srv, &realm, &device_code).await;
    assert_error(
        &denied,
        "access_denied",
        "The end user denied the authorization request",
    );
});

both_stores!(
    a_signed_in_browser_goes_straight_to_consent,
    |srv: Srv| async move {
        let realm = setup(&srv, json!({})).await;
        device_client(&srv, &realm).await;
        let mut b = Browser::new(&srv);
        b.login_code(&realm, "web", &[]).await;
        let (_, answer) =
            request_code(&srv, &realm, &[("client_id", "tv"), ("scope", "openid")]).await;
        let device_code = answer["device_code"]
            .as_str()
            .expect("device_code")
            .to_string();
        let sso = b
            .get(answer["verification_uri_complete"].as_str().expect("uri"))
            .await;
        assert_eq!(sso.status, StatusCode::FOUND, "{}", sso.html);
        let consent = b.get(sso.location.as_deref().expect("Location")).await;
        let code = consent.hidden("code").expect("consent token");
        let decided = b
            .post(&consent.action(), &[("code", &code), ("accept", "Yes")])
            .await;
        assert_eq!(decided.status, StatusCode::FOUND);
        // The consent form is spent with its answer.
        let replay = b
            .post(&consent.action(), &[("code", &code), ("cancel", "No")])
            .await;
        assert_eq!(replay.status, StatusCode::BAD_REQUEST);
        let (status, tokens) = poll(&srv, &realm, &device_code).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        let c = claims(tokens["access_token"].as_str().expect("access_token"));
        assert_eq!(c["preferred_username"], "alice");
        assert_eq!(c["sid"], tokens["session_state"]);
    }
);

both_stores!(
    codes_expire_with_the_realm_lifespan,
    |srv: Srv| async move {
        let realm = setup(
            &srv,
            json!({"oauth2DeviceCodeLifespan": 60, "oauth2DevicePollingInterval": 2}),
        )
        .await;
        device_client(&srv, &realm).await;
        let (_, answer) = request_code(&srv, &realm, &[("client_id", "tv")]).await;
        assert_eq!(answer["expires_in"], 60);
        assert_eq!(answer["interval"], 2);
        let device_code = answer["device_code"]
            .as_str()
            .expect("device_code")
            .to_string();
        srv.state.clock.advance(61);
        let expired = poll(&srv, &realm, &device_code).await;
        assert_error(&expired, "expired_token", "Device code is expired");
        let mut b = Browser::new(&srv);
        let page = b
            .get(answer["verification_uri_complete"].as_str().expect("uri"))
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(page.html.contains("The code has expired."), "{}", page.html);
    }
);

both_stores!(
    clients_without_the_grant_are_refused,
    |srv: Srv| async move {
        let realm = setup(&srv, json!({})).await;
        device_client(&srv, &realm).await;
        let rep = json!({"clientId": "radio", "publicClient": true,
        "attributes": {"oauth2.device.authorization.grant.enabled": "true"}});
        client(&srv, &realm, rep).await;
        let web = [("client_id", "web"), ("client_secret", "web-secret")];
        let refused = request_code(&srv, &realm, &web).await;
        assert_error(
            &refused,
            "invalid_grant",
            "Client not allowed for OAuth 2.0 Device Authorization Grant",
        );
        let unknown = request_code(&srv, &realm, &[("client_id", "nobody")]).await;
        assert_eq!(unknown.0, StatusCode::UNAUTHORIZED);
        assert_eq!(unknown.1["error"], "invalid_client");

        let (_, answer) = request_code(&srv, &realm, &[("client_id", "tv")]).await;
        let device_code = answer["device_code"].as_str().expect("device_code");
        let by_web = token(
            &srv,
            &realm,
            &[
                ("grant_type", GRANT),
                web[0],
                web[1],
                ("device_code", device_code),
            ],
        )
        .await;
        assert_error(
            &by_web,
            "invalid_grant",
            "Client not allowed OAuth 2.0 Device Authorization Grant",
        );
        let by_radio = token(
            &srv,
            &realm,
            &[
                ("grant_type", GRANT),
                ("client_id", "radio"),
                ("device_code", device_code),
            ],
        )
        .await;
        assert_error(&by_radio, "invalid_grant", "Device code not valid");
        let missing = token(&srv, &realm, &[("grant_type", GRANT), ("client_id", "tv")]).await;
        assert_error(
            &missing,
            "invalid_request",
            "Missing parameter: device_code",
        );
        let forged = poll(&srv, &realm, "not-a-device-code").await;
        assert_error(&forged, "invalid_grant", "Device code not valid");
    }
);

both_stores!(a_second_node_sees_pending_codes, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    device_client(&srv, &realm).await;
    let (_, answer) = request_code(&srv, &realm, &[("client_id", "tv")]).await;
    let device_code = answer["device_code"].as_str().expect("device_code");
    let other = Srv::start(Config::for_url(srv.db_url.clone()), None).await;
    let pending = poll(&other, &realm, device_code).await;
    assert_error(
        &pending,
        "authorization_pending",
        "The authorization request is still pending",
    );
});

both_stores!(discovery_names_the_device_endpoint, |srv: Srv| async move {
    let r = srv
        .http
        .get(srv.url("/realms/master/.well-known/openid-configuration"))
        .send()
        .await
        .expect("GET");
    let conf: Value = r.json().await.expect("json");
    assert_eq!(
        conf["device_authorization_endpoint"],
        srv.url("/realms/master/protocol/openid-connect/auth/device")
    );
    let grants = conf["grant_types_supported"].as_array().expect("grants");
    for g in [GRANT, "urn:ietf:params:oauth:grant-type:token-exchange"] {
        assert!(grants.iter().any(|v| v == g), "{g} in {grants:?}");
    }
});
