//! End to end in a real headless Chromium: a small relying party (axum, on loopback)
//! sends the browser to Keygate, the user signs in on Keygate's page, the relying party
//! redeems the code with PKCE and calls userinfo with its token; then the user logs out
//! through Keygate and comes back. A screenshot of the login page is kept under
//! `$CARGO_TARGET_TMPDIR`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::webdriver::{Session, CHROMEDRIVER, CHROMIUM};
use super::{pkce, PW};
use crate::support::{realm_name, Srv};

/// The relying party: where it runs, where Keygate is, and what it remembers.
#[derive(Clone)]
struct Rp {
    me: String,
    realm_url: String,
    http: reqwest::Client,
    /// PKCE verifiers by `state`.
    pending: Arc<Mutex<HashMap<String, String>>>,
    id_token: Arc<Mutex<Option<String>>>,
}

async fn login(State(rp): State<Rp>) -> Redirect {
    let (verifier, challenge) = pkce();
    let state = uuid::Uuid::new_v4().simple().to_string();
    rp.pending.lock().unwrap().insert(state.clone(), verifier);
    let mut u = url::Url::parse(&format!("{}/protocol/openid-connect/auth", rp.realm_url)).unwrap();
    u.query_pairs_mut().extend_pairs([
        ("client_id", "rp"),
        ("response_type", "code"),
        ("scope", "openid profile"),
        ("redirect_uri", &format!("{}/cb", rp.me)),
        ("state", &state),
        ("nonce", "rp-nonce"),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ]);
    Redirect::to(u.as_str())
}

async fn callback(State(rp): State<Rp>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(verifier) = q
        .get("state")
        .and_then(|s| rp.pending.lock().unwrap().remove(s))
    else {
        return Html("<h1>unknown state</h1>".to_string()).into_response();
    };
    let code = q.get("code").cloned().unwrap_or_default();
    let tokens: Value = rp
        .http
        .post(format!("{}/protocol/openid-connect/token", rp.realm_url))
        .basic_auth("rp", Some("rp-secret"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &format!("{}/cb", rp.me)),
            ("code_verifier", &verifier),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let Some(access) = tokens["access_token"].as_str() else {
        return Html(format!("<h1>token error</h1><pre>{tokens}</pre>")).into_response();
    };
    *rp.id_token.lock().unwrap() = tokens["id_token"].as_str().map(str::to_string);
    let info: Value = rp
        .http
        .get(format!("{}/protocol/openid-connect/userinfo", rp.realm_url))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let who = info["preferred_username"].as_str().unwrap_or("nobody");
    Html(format!(
        r#"<h1 id="who">Hello {who}</h1><a id="logout" href="/logout">Log out</a>"#
    ))
    .into_response()
}

async fn logout(State(rp): State<Rp>) -> Redirect {
    let hint = rp.id_token.lock().unwrap().clone().unwrap_or_default();
    let mut u =
        url::Url::parse(&format!("{}/protocol/openid-connect/logout", rp.realm_url)).unwrap();
    u.query_pairs_mut().extend_pairs([
        ("id_token_hint", hint.as_str()),
        ("post_logout_redirect_uri", &format!("{}/bye", rp.me)),
        ("state", "bye-state"),
    ]);
    Redirect::to(u.as_str())
}

async fn bye(Query(q): Query<HashMap<String, String>>) -> Html<String> {
    let state = q.get("state").cloned().unwrap_or_default();
    Html(format!(r#"<h1 id="bye">Logged out ({state})</h1>"#))
}

fn artifact(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-login");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_logs_in_and_out_through_keygate() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium and chromium-driver (.ci/run installs them)"
        );
        eprintln!("chromium or chromedriver missing: browser test skipped");
        return;
    }
    let srv = Srv::sqlite().await;
    let admin = srv.admin_token().await;
    let realm = realm_name("browser");
    srv.create_realm(
        &admin,
        json!({"realm": realm, "displayName": "Browser Test Realm",
               "attributes": {"keygate.theme.primaryColor": "#8a2be2"}}),
    )
    .await;
    srv.create_user(&admin, &realm, "alice", PW).await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let me = format!("http://{}", listener.local_addr().unwrap());
    let client = json!({
        "clientId": "rp", "secret": "rp-secret", "publicClient": false,
        "standardFlowEnabled": true, "redirectUris": [format!("{me}/cb")],
        "attributes": {"post.logout.redirect.uris": format!("{me}/bye")}
    });
    let r = srv
        .post(&admin, &format!("/admin/realms/{realm}/clients"), &client)
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let rp = Rp {
        me: me.clone(),
        realm_url: srv.url(&format!("/realms/{realm}")),
        http: reqwest::Client::new(),
        pending: Arc::default(),
        id_token: Arc::default(),
    };
    let app = Router::new()
        .route("/login", get(login))
        .route("/cb", get(callback))
        .route("/logout", get(logout))
        .route("/bye", get(bye))
        .with_state(rp);
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let browser = Session::start().await;
    browser.goto(&format!("{me}/login")).await;
    let page = browser.wait_for_text("Sign in to your account").await;
    assert!(page.contains("Browser Test Realm"));
    let shot = artifact("keygate-login-page.png");
    browser.screenshot(&shot).await;
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 1000,
        "a real screenshot"
    );
    eprintln!("login page screenshot: {}", shot.display());

    browser.type_into("#username", "alice").await;
    browser.type_into("#password", PW).await;
    browser.click("#kc-login").await;
    browser.wait_for_text("Hello alice").await;
    assert!(browser.current_url().await.starts_with(&format!("{me}/cb")));

    browser.click("#logout").await;
    browser.wait_for_text("Logged out (bye-state)").await;
    // The SSO session is over: the next visit asks for the password again.
    browser.goto(&format!("{me}/login")).await;
    browser.wait_for_text("Sign in to your account").await;
    browser.quit().await;
    server.abort();
}
