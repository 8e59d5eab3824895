//! Token endpoint and protocol scenarios, plus the live-sessions memory scenario.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::CONTENT_TYPE;
use reqwest::Client;

use super::{form, get, post_form, Ctx, Row};
use crate::api::{CLIENT, ES_REALM, REALM, SECRET, USER};
use crate::load;
use crate::seed::SESSION_PASSWORD;

fn oidc(ctx: &Ctx, realm: &str, endpoint: &str) -> String {
    format!(
        "{}/realms/{realm}/protocol/openid-connect/{endpoint}",
        ctx.api.base
    )
}

fn client_credentials_body() -> String {
    form(&[
        ("grant_type", "client_credentials"),
        ("client_id", CLIENT),
        ("client_secret", SECRET),
    ])
}

/// The `alg` of a token's header.
fn alg(token: &serde_json::Value) -> String {
    token["access_token"]
        .as_str()
        .and_then(|t| jsonwebtoken::decode_header(t).ok())
        .map(|h| format!("{:?}", h.alg))
        .unwrap_or_else(|| "?".into())
}

/// RS256 (the `bench` realm) and ES256 (the `bench-es` realm, when components exist).
pub async fn client_credentials(ctx: &Ctx) -> Vec<Row> {
    let body = client_credentials_body();
    let rs = ctx.ceilings.rs256_signs;
    let mut rows = vec![
        ctx.measure(
            "client-credentials RS256",
            post_form(oidc(ctx, REALM, "token"), body.clone()),
            Some(("RS256 signs/s", rs)),
        )
        .await,
    ];
    let name = "client-credentials ES256";
    let es = match &ctx.es256 {
        Err(why) => Row::skipped(name, why.clone()),
        Ok(()) => match ctx.api.client_token(ES_REALM).await.map(|t| alg(&t)) {
            Ok(a) if a == "ES256" => {
                let es = ctx.ceilings.es256_signs;
                let make = post_form(oidc(ctx, ES_REALM, "token"), body);
                ctx.measure(name, make, Some(("ES256 signs/s", es))).await
            }
            Ok(a) => Row::skipped(name, format!("ES256 realm signs with {a}")),
            Err(e) => Row::skipped(name, e),
        },
    };
    rows.push(es);
    rows
}

fn password_body(user: &str, password: &str, openid: bool) -> String {
    form(&form_pairs(user, password, openid))
}

fn form_pairs<'a>(user: &'a str, password: &'a str, openid: bool) -> Vec<(&'a str, &'a str)> {
    let mut pairs = vec![
        ("grant_type", "password"),
        ("client_id", CLIENT),
        ("client_secret", SECRET),
        ("username", user),
        ("password", password),
    ];
    if openid {
        pairs.push(("scope", "openid"));
    }
    pairs
}

/// Password grant for one user whose hash is argon2id at Keycloak's defaults.
pub async fn password(ctx: &Ctx) -> Row {
    let body = password_body(USER.0, USER.1, false);
    let ceiling = Some(("argon2id hashes/s", ctx.ceilings.argon2id_hashes));
    ctx.measure(
        "password",
        post_form(oidc(ctx, REALM, "token"), body),
        ceiling,
    )
    .await
}

/// Refresh grant, re-using one refresh token (Keycloak's default: no rotation revoke).
/// Two rows: a token without the `openid` scope, whose refresh signs one access token
/// (held against the RS256 ceiling), and one with `openid`, whose refresh also signs an id
/// token as Keycloak does (held against half the ceiling: two signatures per request).
pub async fn refresh(ctx: &Ctx) -> Vec<Row> {
    let mut rows = Vec::new();
    for openid in [false, true] {
        let name = if openid {
            "refresh (openid: + id token)"
        } else {
            "refresh"
        };
        let login = ctx
            .api
            .token(REALM, &form_pairs(USER.0, USER.1, openid))
            .await;
        let token = match login {
            Ok(t) => t,
            Err(e) => {
                rows.push(Row::skipped(name, e));
                continue;
            }
        };
        let rt = token["refresh_token"].as_str().unwrap_or_default();
        let body = form(&[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("refresh_token", rt),
        ]);
        let signs = ctx.ceilings.rs256_signs / if openid { 2.0 } else { 1.0 };
        let ceiling = if openid {
            ("RS256 signs/s / 2", signs)
        } else {
            ("RS256 signs/s", signs)
        };
        let url = oidc(ctx, REALM, "token");
        rows.push(ctx.measure(name, post_form(url, body), Some(ceiling)).await);
    }
    rows
}

/// Introspection of a service-account access token by its own client.
pub async fn introspect(ctx: &Ctx) -> Row {
    let token = match ctx.api.client_token(REALM).await {
        Ok(t) => t,
        Err(e) => return Row::skipped("introspect", e),
    };
    let body = form(&[
        ("token", token["access_token"].as_str().unwrap_or_default()),
        ("client_id", CLIENT),
        ("client_secret", SECRET),
    ]);
    let url = oidc(ctx, REALM, "token/introspect");
    ctx.measure("introspect", post_form(url, body), None).await
}

/// Userinfo with a user's `openid` access token.
pub async fn userinfo(ctx: &Ctx) -> Row {
    let token = match ctx.api.password_token(REALM, USER.0, USER.1).await {
        Ok(t) => t,
        Err(e) => return Row::skipped("userinfo", e),
    };
    let bearer = token["access_token"].as_str().map(String::from);
    let url = oidc(ctx, REALM, "userinfo");
    ctx.measure("userinfo", get(url, bearer), None).await
}

pub async fn jwks(ctx: &Ctx) -> Row {
    ctx.measure("jwks", get(oidc(ctx, REALM, "certs"), None), None)
        .await
}

/// Server RSS before and after `sizes.sessions` live sessions. Client-credentials makes
/// no session (as in Keycloak 26), so each session is a real password-grant login of one
/// of the seeded `sess*` users, whose argon2id credential has minimal parameters so the
/// run is bound by session creation, not by hashing.
pub async fn sessions(ctx: &Ctx) -> Row {
    let total = ctx.sizes.sessions as u64;
    let users = ctx.sizes.session_users.max(1) as u64;
    let url = oidc(ctx, REALM, "token");
    let make: load::MakeReq = Arc::new(move |c: &Client, i| {
        c.post(&url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(password_body(
                &format!("sess{}", i % users),
                SESSION_PASSWORD,
                false,
            ))
    });
    eprintln!("running sessions: {total} logins...");
    let before = ctx.rss();
    let out = load::drive_count(&ctx.client, ctx.load.connections, total, make).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut row = ctx.row(&format!("sessions ({total} logins)"), out, before, None);
    if let (Some(b), Some(a)) = (row.rss_before_kib, row.rss_after_kib) {
        row.note = Some(format!(
            "{:+.1} MiB for {total} live sessions",
            (a as f64 - b as f64) / 1024.0
        ));
    }
    row
}
