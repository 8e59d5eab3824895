//! `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`: Keycloak's standard token
//! exchange (V2, RFC 8693 internal-to-internal). A confidential client trades an access
//! token of this realm that names it in its audience for a token of its own, optionally
//! narrowed to an `audience` and a `scope`, on the subject token's session.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use keygate_model::{AccessTokenClaims, TokenResponse};
use serde_json::{Map, Value};

use super::Ctx;
use crate::crypto::jwt;
use crate::error::{Error, Result};
use crate::oidc::issue::{issue, Grant};
use crate::oidc::validate;
use crate::realm::model::Client;
use crate::scope::effect;
use crate::state::Change;
use crate::store::{self, sessions::SessionRow};

pub const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS: &str = "urn:ietf:params:oauth:token-type:access_token";
const REFRESH: &str = "urn:ietf:params:oauth:token-type:refresh_token";
const ID: &str = "urn:ietf:params:oauth:token-type:id_token";

fn bad(description: impl Into<std::borrow::Cow<'static, str>>) -> Error {
    Error::oauth("invalid_request", description)
}

fn attr<'c>(client: &'c Client, key: &str) -> Option<&'c str> {
    client
        .rep
        .attributes
        .as_ref()
        .and_then(|a| a.get(key))
        .map(String::as_str)
}

/// The token endpoint's answer, with RFC 8693's `issued_token_type`.
pub async fn respond(ctx: &Ctx<'_>) -> Result<Response> {
    let (tokens, issued) = exchange(ctx).await?;
    let mut body = serde_json::to_value(&tokens)?;
    body["issued_token_type"] = Value::from(issued);
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(body),
    )
        .into_response())
}

/// Keycloak's `supports`: the request is a standard exchange the client may make.
fn check_request(ctx: &Ctx<'_>) -> Result<()> {
    for p in ["requested_subject", "requested_issuer", "subject_issuer"] {
        if ctx.form.get(p).is_some() {
            return Err(bad(format!(
                "Parameter '{p}' is not supported for standard token exchange"
            )));
        }
    }
    if attr(ctx.client, "standard.token.exchange.enabled") != Some("true") {
        return Err(bad(
            "Standard token exchange is not enabled for the requested client",
        ));
    }
    if ctx.form.get("subject_token").is_none() {
        return Err(bad(
            "Parameter 'subject_token' required for standard token exchange",
        ));
    }
    match ctx.form.get("subject_token_type") {
        None => Err(bad(
            "Parameter 'subject_token_type' required for standard token exchange",
        )),
        Some(ACCESS) => Ok(()),
        Some(_) => Err(bad("Parameter 'subject_token' supports access tokens only")),
    }
}

/// `requested_token_type`: a refresh token only where the client allows it.
fn requested_type(ctx: &Ctx<'_>) -> Result<&'static str> {
    let refresh_allowed = attr(ctx.client, "use.refresh.tokens") != Some("false")
        && attr(
            ctx.client,
            "standard.token.exchange.enableRefreshRequestedTokenType",
        )
        .is_some_and(|v| !v.is_empty() && v != "NO");
    match ctx.form.get("requested_token_type") {
        None | Some(ACCESS) => Ok(ACCESS),
        Some(ID) => Ok(ID),
        Some(REFRESH) if refresh_allowed => Ok(REFRESH),
        Some(_) => Err(bad("requested_token_type unsupported")),
    }
}

fn audiences(claims: &AccessTokenClaims) -> Vec<String> {
    match &claims.aud {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Keycloak's `validateAudience`: who may exchange, and for which audience.
fn check_audience(ctx: &Ctx<'_>, subject: &AccessTokenClaims) -> Result<Option<String>> {
    let audience = match ctx.form.get("audience") {
        Some(a) => {
            let target = ctx
                .realm
                .client(a)
                .ok_or_else(|| Error::oauth("invalid_client", "Audience not found"))?;
            Some(target)
        }
        None => None,
    };
    if ctx.client.is_public() {
        return Err(Error::oauth(
            "invalid_client",
            "Public client is not allowed to exchange token",
        ));
    }
    if audience.is_some_and(|t| !t.enabled()) {
        return Err(Error::oauth("invalid_client", "Client disabled"));
    }
    let holder = subject.azp == ctx.client.client_id();
    if !holder
        && !audiences(subject)
            .iter()
            .any(|a| a == ctx.client.client_id())
    {
        return Err(Error::oauth_status(
            403,
            "access_denied",
            "Client is not within the token audience",
        ));
    }
    Ok(audience.map(|t| t.client_id().to_string()))
}

/// Every requested scope but `openid` must be one of the client's.
fn check_scope(client: &Client, scope: Option<&str>) -> Result<()> {
    let (Some(defaults), Some(optional)) = (
        client.rep.default_client_scopes.as_ref(),
        client.rep.optional_client_scopes.as_ref(),
    ) else {
        return Ok(());
    };
    let valid = scope
        .unwrap_or_default()
        .split_whitespace()
        .filter(|s| *s != "openid")
        .all(|s| defaults.iter().chain(optional).any(|d| d == s));
    if valid {
        return Ok(());
    }
    Err(Error::oauth(
        "invalid_scope",
        format!("Invalid scopes: {}", scope.unwrap_or_default()),
    ))
}

async fn exchange(ctx: &Ctx<'_>) -> Result<(TokenResponse, &'static str)> {
    check_request(ctx)?;
    let state = ctx.state;
    let subject_token = ctx.form.get("subject_token").unwrap_or_default();
    let mut conn = state.db.conn().await?;
    let (subject, user) = validate::access_token(state, &mut conn, ctx.realm, subject_token)
        .await?
        .map_err(|_| bad("Invalid token"))?;
    let requested = requested_type(ctx)?;
    let audience = check_audience(ctx, &subject)?;
    let scope = ctx.form.get("scope");
    check_scope(ctx.client, scope)?;
    let session = match &subject.sid {
        Some(sid) => store::sessions::get(&mut conn, &ctx.realm.id, sid)
            .await?
            .filter(|s| !s.offline),
        None => None,
    };
    if requested == REFRESH {
        if session.is_none() {
            return Err(bad("Refresh token not valid as requested_token_type because creating a new session is needed"));
        }
        let (scopes, _) = effect::in_effect(ctx.realm, ctx.client, scope);
        if scopes
            .iter()
            .any(|s| s.name.as_deref() == Some("offline_access"))
        {
            return Err(bad("Scope offline_access not allowed for token exchange"));
        }
    }
    let roles = store::roles::effective_for_user(&mut conn, &user.id).await?;
    let groups = store::scopes::group_paths(&mut conn, &user.id).await?;
    drop(conn);
    let now = state.clock.now();
    if let Some(s) = &session {
        let mut tx = state.begin().await?;
        store::sessions::join_client(&mut tx, &s.id, &ctx.client.id, now).await?;
        store::sessions::touch(&mut tx, &s.id, now).await?;
        state.commit(tx, Change::Users).await?;
    }
    let session = session.map(|s| SessionRow {
        last_access: now,
        ..s
    });
    // An id token is what was asked for: make sure one is made.
    let with_openid;
    let scope_for_issue = match (requested, scope) {
        (ID, Some(s)) if !s.split_whitespace().any(|w| w == "openid") => {
            with_openid = format!("openid {s}");
            Some(with_openid.as_str())
        }
        (ID, None) => Some("openid"),
        _ => scope,
    };
    let mut tokens = issue(&Grant {
        realm: ctx.realm,
        client: ctx.client,
        user: &user,
        roles: &roles,
        groups: &groups,
        session: session.as_ref(),
        requested: scope_for_issue,
        issuer: ctx.issuer.clone(),
        now,
    })?;
    if let Some(aud) = &audience {
        tokens.access_token = narrow_audience(ctx, &tokens.access_token, aud)?;
    }
    Ok((shape(tokens, requested), requested))
}

/// Keeps only the requested audience in the access token; Keycloak refuses a requested
/// audience the token would not carry.
fn narrow_audience(ctx: &Ctx<'_>, token: &str, audience: &str) -> Result<String> {
    let mut claims: Map<String, Value> =
        jwt::peek(token).ok_or_else(|| Error::internal("unreadable access token"))?;
    let present = match claims.get("aud") {
        Some(Value::String(s)) => s == audience,
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(audience)),
        _ => false,
    };
    if !present {
        return Err(bad(format!("Requested audience not available: {audience}")));
    }
    claims.insert("aud".into(), Value::from(audience));
    let key = ctx
        .realm
        .signing_key()
        .ok_or_else(|| Error::internal("realm has no signing key"))?;
    jwt::sign(key, &claims)
}

/// The response for the requested token type (RFC 8693 §2.2.1).
fn shape(mut t: TokenResponse, requested: &str) -> TokenResponse {
    if requested != REFRESH {
        t.refresh_token = None;
        t.refresh_expires_in = 0;
    }
    if requested == ID {
        t.access_token = t.id_token.take().unwrap_or_default();
        t.token_type = "N_A".into();
    }
    t
}
