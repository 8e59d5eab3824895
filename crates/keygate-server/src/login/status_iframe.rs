//! The pages keycloak-js frames from another origin: the third-party-cookie probe
//! (`3p-cookies/step1.html` sets a test cookie, `step2.html` tells the parent whether it
//! came back) and the session status iframe (`login-status-iframe.html`), which answers a
//! `"clientId sessionState"` message with `unchanged`, `changed` or `error` by comparing
//! the session id's hash with the `KEYCLOAK_SESSION` cookie. Before it answers an origin
//! it asks `.../init`, which allows only the client's web origins.
//!
//! These pages must be framable by any origin, so they carry none of the login pages'
//! framing headers; they hold no data, only script.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::error::Result;
use crate::http::base::Base;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    let oidc = "/realms/{realm}/protocol/openid-connect";
    Router::new()
        .route(&format!("{oidc}/3p-cookies/step1.html"), get(step1))
        .route(&format!("{oidc}/3p-cookies/step2.html"), get(step2))
        .route(&format!("{oidc}/login-status-iframe.html"), get(iframe))
        .route(&format!("{oidc}/login-status-iframe.html/init"), get(init))
}

/// A script-only page that other origins may frame.
fn framable(html: &'static str) -> Response {
    let mut r = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// Sets the probe cookies the way a framed page would (from script, `SameSite=None` for
/// the one a partitioning browser may still drop), then moves on to step 2.
const STEP1: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Cookie check</title></head><body><script>
document.cookie = "KEYCLOAK_3P_COOKIE_SAMESITE=supported; Max-Age=60; SameSite=None; Secure";
document.cookie = "KEYCLOAK_3P_COOKIE=supported; Max-Age=60";
location.replace("step2.html");
</script></body></html>
"#;

/// Tells the parent whether the probe cookie survived, and clears it.
const STEP2: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Cookie check</title></head><body><script>
var supported = document.cookie.indexOf("KEYCLOAK_3P_COOKIE") !== -1;
document.cookie = "KEYCLOAK_3P_COOKIE_SAMESITE=; Max-Age=0; SameSite=None; Secure";
document.cookie = "KEYCLOAK_3P_COOKIE=; Max-Age=0";
window.parent.postMessage(supported ? "supported" : "unsupported", "*");
</script></body></html>
"#;

/// keycloak-js posts `"clientId sessionState"` (the state empty before login). Without a
/// session the cookie must be absent; with one, it must hold the state's SHA-256
/// (base64url), as the login sets it.
const IFRAME: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Session status</title></head><body><script>
"use strict";
(function () {
  var allowedFor = null;
  function cookie(name) {
    var all = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < all.length; i++) {
      var eq = all[i].indexOf("=");
      if (all[i].slice(0, eq) === name) { return all[i].slice(eq + 1) || null; }
    }
    return null;
  }
  async function digest(text) {
    var hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    var bin = "";
    new Uint8Array(hash).forEach(function (b) { bin += String.fromCharCode(b); });
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  async function allowed(clientId, origin) {
    var key = clientId + " " + origin;
    if (allowedFor === key) { return true; }
    var query = new URLSearchParams({ client_id: clientId, origin: origin });
    var r = await fetch(location.pathname + "/init?" + query.toString(), { credentials: "omit" });
    if (r.status !== 204) { return false; }
    allowedFor = key;
    return true;
  }
  async function status(clientId, sessionState, origin) {
    if (!(await allowed(clientId, origin))) { return "error"; }
    var current = cookie("KEYCLOAK_SESSION");
    if (!sessionState) { return current ? "changed" : "unchanged"; }
    if (!current) { return "changed"; }
    if (!window.crypto || !crypto.subtle) { return "unchanged"; }
    return (await digest(sessionState)) === current ? "unchanged" : "changed";
  }
  window.addEventListener("message", function (event) {
    if (typeof event.data !== "string") { return; }
    var parts = event.data.split(" ");
    if (parts.length !== 2 || !event.source) { return; }
    status(parts[0], parts[1], event.origin)
      .catch(function () { return "error"; })
      .then(function (answer) { event.source.postMessage(answer, event.origin); });
  });
})();
</script></body></html>
"#;

async fn realm_exists(state: &AppState, name: &str) -> Result<()> {
    state.realms.public(&state.db, name).await.map(|_| ())
}

async fn step1(State(state): State<AppState>, Path(realm): Path<String>) -> Result<Response> {
    realm_exists(&state, &realm).await?;
    Ok(framable(STEP1))
}

async fn step2(State(state): State<AppState>, Path(realm): Path<String>) -> Result<Response> {
    realm_exists(&state, &realm).await?;
    Ok(framable(STEP2))
}

async fn iframe(State(state): State<AppState>, Path(realm): Path<String>) -> Result<Response> {
    realm_exists(&state, &realm).await?;
    Ok(framable(IFRAME))
}

#[derive(Debug, Deserialize)]
struct InitQuery {
    client_id: Option<String>,
    origin: Option<String>,
}

/// 204 when `origin` may ask about `client_id`'s sessions: one of the client's web
/// origins, or Keygate's own; 403 otherwise (unknown or disabled client included).
async fn init(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    base: Base,
    Query(q): Query<InitQuery>,
) -> Result<StatusCode> {
    let realm = state.realms.public(&state.db, &realm).await?;
    let (Some(client_id), Some(origin)) = (q.client_id, q.origin) else {
        return Ok(StatusCode::FORBIDDEN);
    };
    let Some(client) = realm.client(&client_id).filter(|c| c.enabled()) else {
        return Ok(StatusCode::FORBIDDEN);
    };
    let own = url::Url::parse(&base.0)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    let origins = client.allowed_origins();
    let ok = origin == own || origins.iter().any(|o| o == "*" || *o == origin);
    Ok(if ok {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::FORBIDDEN
    })
}
