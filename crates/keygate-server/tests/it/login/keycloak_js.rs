//! keycloak-js 26 (pinned in `tests/js/package.json`, installed by `.ci/run`) in a real
//! headless Chromium, with its DEFAULT init options: a single-page app on another origin
//! (`http://localhost:PORT`, Keygate on `127.0.0.1`) signs in with `login-required`,
//! forces a token refresh, loads userinfo and the account profile; a fresh page finds the
//! session silently with `check-sso` (3rd-party cookie probe, session status iframe,
//! `prompt=none` in a hidden iframe); `logout()` comes back to the app and the next
//! `check-sso` finds nobody. The page writes what happened as JSON into the DOM.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::webdriver::{Session, CHROMEDRIVER, CHROMIUM};
use super::PW;
use crate::both_stores;
use crate::support::{realm_name, Srv};

/// keycloak-js as pinned in tests/js, installed on first use like the other npm clients.
fn keycloak_js() -> PathBuf {
    crate::clients::node_packages().join("node_modules/keycloak-js/lib/keycloak.js")
}

/// The app's script: `init` as the page's mode says, then the calls the test checks.
/// Everything it learns goes into `<pre id="out">` as one JSON object.
const APP: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>SPA</title></head>
<body><button id="logout" type="button">Log out</button><pre id="out"></pre>
<script type="module">
import Keycloak from "/keycloak.js";
const cfg = JSON.parse(document.getElementById("cfg").textContent);
const out = (v) => { document.getElementById("out").textContent = JSON.stringify(v); };
const result = { page: location.pathname, warnings: [] };
// keycloak-js warns when it falls back from the iframes (3rd-party cookies blocked).
const warn = console.warn;
console.warn = (...args) => { result.warnings.push(args.join(" ")); warn(...args); };
const kc = new Keycloak({ url: cfg.url, realm: cfg.realm, clientId: "spa" });
document.getElementById("logout").addEventListener("click", () => {
  kc.logout({ redirectUri: location.origin + "/check.html?after=logout" });
});
const key = "loads:" + location.pathname;
result.loads = Number(sessionStorage.getItem(key) || 0) + 1;
sessionStorage.setItem(key, String(result.loads));
try {
  const options = { pkceMethod: "S256", enableLogging: true };
  if (location.pathname === "/login.html") {
    options.onLoad = "login-required";
  } else {
    options.onLoad = "check-sso";
    options.silentCheckSsoRedirectUri = location.origin + "/silent-check-sso.html";
  }
  result.authenticated = await kc.init(options);
  if (result.authenticated) {
    result.username = kc.tokenParsed.preferred_username;
    result.sid = kc.tokenParsed.sid;
  }
  if (result.authenticated && location.pathname === "/login.html") {
    const before = kc.token;
    result.refreshed = await kc.updateToken(-1);
    result.newToken = kc.token !== before;
    result.userinfo = await kc.loadUserInfo();
    result.profile = await kc.loadUserProfile();
  }
} catch (e) {
  result.error = String(e && (e.message || e.error || e)) + " " + JSON.stringify(e);
}
result.done = true;
out(result);
</script></body></html>
"#;

const SILENT: &str = r#"<!doctype html><html><body><script>
parent.postMessage(location.href, location.origin);
</script></body></html>
"#;

/// The app: its pages (with Keygate's address), keycloak-js and the silent-check page.
fn app(keygate: String, realm: String) -> Router {
    let cfg = json!({"url": keygate, "realm": realm}).to_string();
    let page = move || {
        let html = APP.replace(
            "<pre id=\"out\"></pre>",
            &format!(
                "<pre id=\"out\"></pre><script id=\"cfg\" type=\"application/json\">{cfg}</script>"
            ),
        );
        async move { Html(html) }
    };
    Router::new()
        .route("/login.html", get(page.clone()))
        .route("/check.html", get(page))
        .route("/silent-check-sso.html", get(|| async { Html(SILENT) }))
        .route(
            "/keycloak.js",
            get(|| async {
                let js = std::fs::read_to_string(keycloak_js()).unwrap();
                ([(header::CONTENT_TYPE, "text/javascript")], js).into_response()
            }),
        )
}

/// Waits for the page's result and parses it; fails on a script error.
async fn result(browser: &Session) -> Value {
    let src = browser.wait_for_text("\"done\":true").await;
    let start = src.find("<pre id=\"out\">").unwrap() + "<pre id=\"out\">".len();
    let end = start + src[start..].find("</pre>").unwrap();
    let text = src[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v.get("error").is_none(), "keycloak-js failed: {v}");
    v
}

/// Chromium, chromedriver and keycloak-js are here, or this is a local run without them.
fn tools_present() -> bool {
    let present =
        Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists() && keycloak_js().exists();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium, chromium-driver and keycloak-js (.ci/run installs them)"
        );
        eprintln!("chromium, chromedriver or keycloak-js missing: keycloak-js test skipped");
    }
    present
}

async fn setup(srv: &Srv, app_origin: &str) -> String {
    let admin = srv.admin_token().await;
    let realm = realm_name("kcjs");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    srv.create_user(&admin, &realm, "alice", PW).await;
    let client = json!({
        "clientId": "spa", "publicClient": true, "standardFlowEnabled": true,
        "redirectUris": [format!("{app_origin}/*")], "webOrigins": ["+"],
        "attributes": {"post.logout.redirect.uris": "+", "pkce.code.challenge.method": "S256"}
    });
    let r = srv
        .post(&admin, &format!("/admin/realms/{realm}/clients"), &client)
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    realm
}

/// The browser's third-party cookie setting: Chromium's default here blocks them (then
/// keycloak-js warns and falls back to top-level redirects); a user may allow them (then
/// it uses the iframes).
#[derive(Clone, Copy, PartialEq, Debug)]
enum ThirdParty {
    Blocked,
    Allowed,
}

/// Waits until the browser is at a URL starting with `prefix`.
async fn wait_for_url(browser: &Session, prefix: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !browser.current_url().await.starts_with(prefix) {
        assert!(
            Instant::now() < deadline,
            "never reached {prefix}: {}",
            browser.source().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn flow(srv: &Srv, cookies: ThirdParty) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    // Another site than Keygate's 127.0.0.1: every frame below is cross-site.
    let me = format!("http://localhost:{}", listener.local_addr().unwrap().port());
    let realm = setup(srv, &me).await;
    let router = app(srv.url(""), realm.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let iframes = cookies == ThirdParty::Allowed;
    let prefs = match cookies {
        ThirdParty::Allowed => json!({"profile.cookie_controls_mode": 0}),
        ThirdParty::Blocked => json!({}),
    };

    let browser = Session::start_with_prefs(prefs).await;
    browser.goto(&format!("{me}/login.html")).await;
    browser.wait_for_text("Sign in to your account").await;
    browser.type_into("#username", "alice").await;
    browser.type_into("#password", PW).await;
    browser.click("#kc-login").await;
    let login = result(&browser).await;
    assert_eq!(login["authenticated"], true, "{login}");
    let fell_back = login["warnings"].to_string().contains("3rd-party cookies");
    assert_eq!(fell_back, !iframes, "{cookies:?}: {login}");
    assert_eq!(login["username"], "alice");
    assert_eq!(login["refreshed"], true, "updateToken(-1) refreshed");
    assert_eq!(login["newToken"], true);
    assert_eq!(login["userinfo"]["preferred_username"], "alice");
    let profile = &login["profile"];
    assert_eq!(profile["username"], "alice", "{profile}");
    assert_eq!(profile["email"], "alice@example.com");
    assert_eq!(profile["firstName"], "Test");
    assert_eq!(profile["lastName"], "alice");
    assert!(profile["userProfileMetadata"]["attributes"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));

    // A fresh page load finds the SSO session: silently through the iframes when the
    // browser lets them keep cookies, else by a prompt=none round trip.
    browser.goto(&format!("{me}/check.html")).await;
    let check = result(&browser).await;
    assert_eq!(check["authenticated"], true, "check-sso: {check}");
    assert_eq!(check["username"], "alice");
    assert_eq!(check["sid"], login["sid"], "the same SSO session");
    let loads = if iframes { 1 } else { 2 };
    assert_eq!(check["loads"], loads, "{cookies:?}: {check}");
    wait_for_url(&browser, &format!("{me}/check.html")).await;

    // Logout returns to the app with no confirmation page; nobody is signed in after.
    browser.click("#logout").await;
    wait_for_url(&browser, &format!("{me}/check.html?after=logout")).await;
    let after = result(&browser).await;
    assert_eq!(after["authenticated"], false, "after logout: {after}");
    let loads = if iframes { 2 } else { 4 };
    assert_eq!(after["loads"], loads, "{cookies:?}: {after}");
    browser.quit().await;
    server.abort();
}

both_stores!(keycloak_js_default_options, |srv: Srv| async move {
    if !tools_present() {
        return;
    }
    flow(&srv, ThirdParty::Allowed).await;
    flow(&srv, ThirdParty::Blocked).await;
});
