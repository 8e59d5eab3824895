//! Login events of the OpenID Connect endpoints (token, introspection, userinfo,
//! back-channel logout), read from each request and its answer, so no grant needs to
//! know about events. Only realms with `eventsEnabled` pay for the buffering.

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use super::config::EventsConfig;
use super::record::{self, LoginEvent};
use crate::crypto::jwt;
use crate::oidc::form::Params;
use crate::oidc::grants::device_code::GRANT_TYPE as DEVICE_CODE;
use crate::oidc::grants::token_exchange::GRANT_TYPE as TOKEN_EXCHANGE;
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store;

const BODY_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Token,
    Introspect,
    UserInfo,
    Logout,
}

/// What one exchange looked like, for building its event.
struct Exchange<'a> {
    state: &'a AppState,
    realm: &'a Realm,
    form: Params,
    headers: HeaderMap,
    status: StatusCode,
    answer: Value,
    ip: Option<String>,
}

pub async fn around(
    state: AppState,
    realm_name: String,
    segs: Vec<String>,
    ip: Option<String>,
    req: Request,
    next: Next,
) -> Response {
    let rest: Vec<&str> = segs.iter().map(String::as_str).collect();
    let endpoint = match (req.method().as_str(), rest.as_slice()) {
        ("POST", ["token"]) => Endpoint::Token,
        ("POST", ["token", "introspect"]) => Endpoint::Introspect,
        ("GET" | "POST", ["userinfo"]) => Endpoint::UserInfo,
        ("POST", ["logout"]) => Endpoint::Logout,
        _ => return next.run(req).await,
    };
    let realm = match state.realms.find(&state.db, &realm_name).await {
        Ok(Some(r)) if EventsConfig::of(&r).events_enabled => r,
        _ => return next.run(req).await,
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            Json(json!({"error": "invalid_request", "error_description": "Request too large"})),
        )
            .into_response();
    };
    let form = Params::parse(&bytes);
    let headers = parts.headers.clone();
    // The browser logout records its own event (`login::logout`).
    let back_channel = form.get("refresh_token").is_some()
        || form.get("client_secret").is_some()
        || headers.contains_key(header::AUTHORIZATION);
    if endpoint == Endpoint::Logout && !back_channel {
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    }
    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let (rparts, rbody) = resp.into_parts();
    let rbytes = to_bytes(rbody, usize::MAX)
        .await
        .unwrap_or_else(|_| Bytes::new());
    let x = Exchange {
        state: &state,
        realm: &realm,
        form,
        headers,
        status: rparts.status,
        answer: serde_json::from_slice(&rbytes).unwrap_or(Value::Null),
        ip,
    };
    let event = match endpoint {
        Endpoint::Token => token_event(&x).await,
        Endpoint::Introspect => Some(introspect_event(&x)),
        Endpoint::UserInfo => Some(userinfo_event(&x)),
        Endpoint::Logout => Some(logout_event(&x)),
    };
    if let Some(e) = event {
        record::login(&state, &realm, e).await;
    }
    Response::from_parts(rparts, Body::from(rbytes))
}

/// The client that called: HTTP Basic's user, else the form's `client_id`, else the
/// subject of its `client_assertion`.
fn caller_client(x: &Exchange<'_>) -> Option<String> {
    let basic = x
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        })
        .and_then(|v| STANDARD.decode(v.trim()).ok())
        .and_then(|v| String::from_utf8(v).ok())
        .and_then(|v| v.split_once(':').map(|(id, _)| id.to_string()))
        .map(|id| {
            url::form_urlencoded::parse(format!("x={id}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or(id)
        });
    basic
        .or_else(|| x.form.get("client_id").map(str::to_string))
        .or_else(|| crate::oidc::client_auth::assertion_subject(x.form.get("client_assertion")?))
}

fn claims(token: Option<&str>) -> Value {
    token.and_then(jwt::peek::<Value>).unwrap_or(Value::Null)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Keycloak's `Errors` value for an OAuth error answer.
fn error_code(x: &Exchange<'_>, invalid_grant: &str) -> String {
    match x.answer.get("error").and_then(Value::as_str) {
        Some("invalid_client") => "invalid_client_credentials".into(),
        Some("unauthorized_client") => "not_allowed".into(),
        Some("invalid_grant") => invalid_grant.into(),
        Some(other) => other.into(),
        None => "invalid_request".into(),
    }
}

fn base(x: &Exchange<'_>, kind: &'static str) -> LoginEvent {
    let mut e = LoginEvent::new(kind);
    e.ip_address = x.ip.clone();
    e
}

async fn token_event(x: &Exchange<'_>) -> Option<LoginEvent> {
    let grant = x.form.get("grant_type")?;
    let (ok, failed) = match grant {
        "password" => ("LOGIN", "LOGIN_ERROR"),
        "client_credentials" => ("CLIENT_LOGIN", "CLIENT_LOGIN_ERROR"),
        "refresh_token" => ("REFRESH_TOKEN", "REFRESH_TOKEN_ERROR"),
        "authorization_code" => ("CODE_TO_TOKEN", "CODE_TO_TOKEN_ERROR"),
        DEVICE_CODE => (
            "OAUTH2_DEVICE_CODE_TO_TOKEN",
            "OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR",
        ),
        TOKEN_EXCHANGE => ("TOKEN_EXCHANGE", "TOKEN_EXCHANGE_ERROR"),
        _ => return None,
    };
    let success = x.status.is_success();
    // A device polling before the user has answered is not an error (Keycloak records none).
    let polled = matches!(
        x.answer.get("error").and_then(Value::as_str),
        Some("authorization_pending" | "slow_down")
    );
    if grant == DEVICE_CODE && polled {
        return None;
    }
    let mut e = base(x, if success { ok } else { failed });
    e.detail("grant_type", Some(grant));
    e.detail("client_auth_method", Some("client-secret"));
    if grant == "password" {
        e.detail("auth_method", Some("openid-connect"));
        e.detail("username", x.form.get("username"));
    }
    let old_refresh = claims(x.form.get("refresh_token"));
    if success {
        let access = claims(x.answer.get("access_token").and_then(Value::as_str));
        let refresh = claims(x.answer.get("refresh_token").and_then(Value::as_str));
        e.client_id = text(&access, "azp").or_else(|| caller_client(x));
        e.user_id = text(&access, "sub");
        e.session_id = text(&access, "sid");
        e.detail("token_id", text(&access, "jti").as_deref());
        e.detail("scope", text(&x.answer, "scope").as_deref());
        if grant == "client_credentials" {
            e.detail("username", text(&access, "preferred_username").as_deref());
        }
        if grant == "authorization_code" {
            e.detail("code_id", text(&access, "sid").as_deref());
        }
        e.detail("refresh_token_type", text(&refresh, "typ").as_deref());
        if grant == "refresh_token" {
            e.detail("refresh_token_id", text(&old_refresh, "jti").as_deref());
            e.detail("updated_refresh_token_id", text(&refresh, "jti").as_deref());
        } else {
            e.detail("refresh_token_id", text(&refresh, "jti").as_deref());
        }
        return Some(e);
    }
    e.client_id = caller_client(x);
    e.error = Some(match grant {
        "password" => password_error(x, &mut e).await,
        "refresh_token" => {
            e.user_id = text(&old_refresh, "sub");
            e.session_id = text(&old_refresh, "sid");
            error_code(x, "invalid_token")
        }
        "authorization_code" => error_code(x, "invalid_code"),
        _ => error_code(x, "invalid_client"),
    });
    Some(e)
}

/// A failed password grant's error, told apart as Keycloak does (unknown user, wrong
/// password, disabled, unfinished account) by looking the user up.
async fn password_error(x: &Exchange<'_>, e: &mut LoginEvent) -> String {
    if x.answer.get("error").and_then(Value::as_str) != Some("invalid_grant") {
        return error_code(x, "invalid_user_credentials");
    }
    let username = x.form.get("username").unwrap_or_default();
    let user = async {
        let mut conn = x.state.db.conn().await.ok()?;
        let mut u = store::users::by_username(&mut conn, &x.realm.id, username)
            .await
            .ok()?;
        if u.is_none() && username.contains('@') {
            u = store::users::by_email(&mut conn, &x.realm.id, username)
                .await
                .ok()?;
        }
        u
    }
    .await;
    let Some(user) = user else {
        return "user_not_found".into();
    };
    e.user_id = Some(user.id.clone());
    if x.status == StatusCode::UNAUTHORIZED {
        "invalid_user_credentials".into()
    } else if !user.enabled {
        "user_disabled".into()
    } else {
        "resolve_required_actions".into()
    }
}

fn introspect_event(x: &Exchange<'_>) -> LoginEvent {
    let success = x.status.is_success();
    let mut e = base(
        x,
        if success {
            "INTROSPECT_TOKEN"
        } else {
            "INTROSPECT_TOKEN_ERROR"
        },
    );
    e.client_id = caller_client(x);
    if success {
        e.user_id = text(&x.answer, "sub");
        e.session_id = text(&x.answer, "sid");
    } else {
        e.error = Some(error_code(x, "invalid_token"));
    }
    e
}

fn userinfo_event(x: &Exchange<'_>) -> LoginEvent {
    let success = x.status.is_success();
    let token = x
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .or_else(|| x.form.get("access_token"));
    let access = claims(token);
    let mut e = base(
        x,
        if success {
            "USER_INFO_REQUEST"
        } else {
            "USER_INFO_REQUEST_ERROR"
        },
    );
    e.client_id = text(&access, "azp");
    e.detail("auth_method", Some("validate_access_token"));
    if success {
        e.user_id = text(&x.answer, "sub");
        e.session_id = text(&access, "sid");
    } else {
        e.error = Some(error_code(x, "invalid_token"));
    }
    e
}

fn logout_event(x: &Exchange<'_>) -> LoginEvent {
    let success = x.status.is_success();
    let refresh = claims(x.form.get("refresh_token"));
    let mut e = base(x, if success { "LOGOUT" } else { "LOGOUT_ERROR" });
    e.client_id = caller_client(x).or_else(|| text(&refresh, "azp"));
    e.user_id = text(&refresh, "sub");
    e.session_id = text(&refresh, "sid");
    if !success {
        e.error = Some(error_code(x, "invalid_token"));
    }
    e
}
