//! Admin events: the one write path every admin change passes, as a middleware. After a
//! 2xx answer to a POST/PUT/DELETE under `/admin/realms/{realm}/...`, it records who did
//! what to which resource, with the request body when the realm asks for details.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::admin_path::{classify, decode, Kind};
use super::config::EventsConfig;
use super::record;
use super::store::AdminEventRow;
use crate::state::AppState;

/// The largest admin request body buffered for its event (beyond what the handlers take).
const BODY_LIMIT: usize = 16 * 1024 * 1024;
const MASK: &str = "**********";

/// The claims of the caller's bearer token that `authDetails` needs.
#[derive(Debug, Deserialize)]
struct Caller {
    iss: Option<String>,
    sub: Option<String>,
    azp: Option<String>,
}

pub async fn around(
    state: AppState,
    realm_name: String,
    segs: Vec<String>,
    ip: Option<String>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().as_str().to_string();
    let rest: Vec<&str> = segs.iter().map(String::as_str).collect();
    let Some(kind) = classify(&method, &rest) else {
        return next.run(req).await;
    };
    // A write that may switch admin events on is recorded by the settings it leaves.
    let may_enable = rest.is_empty() || rest == ["events", "config"];
    let enabled = match state.realms.find(&state.db, &realm_name).await {
        Ok(Some(realm)) => EventsConfig::of(&realm).admin_events_enabled,
        _ => false,
    };
    if !enabled && !may_enable {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            Json(json!({"errorMessage": "Request body too large"})),
        )
            .into_response();
    };
    let caller = bearer(&parts.headers).and_then(|t| crate::crypto::jwt::peek::<Caller>(&t));
    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    if resp.status().is_success() {
        let w = Write {
            realm_name: &realm_name,
            rest: &rest,
            kind,
            body: &bytes,
            caller,
            ip,
        };
        after_success(&state, w, resp.headers()).await;
    }
    resp
}

/// A write that succeeded, as the middleware saw it.
struct Write<'a> {
    realm_name: &'a str,
    rest: &'a [&'a str],
    kind: Kind,
    body: &'a [u8],
    caller: Option<Caller>,
    ip: Option<String>,
}

/// Records the event of a successful write, if the realm (as the write left it: renamed,
/// or with new event settings) records admin events.
async fn after_success(state: &AppState, w: Write<'_>, headers: &HeaderMap) {
    let body: Option<Value> = serde_json::from_slice(w.body).ok();
    let name = match (&body, w.rest.is_empty()) {
        (Some(b), true) => b
            .get("realm")
            .and_then(Value::as_str)
            .unwrap_or(w.realm_name)
            .to_string(),
        _ => w.realm_name.to_string(),
    };
    let Ok(Some(realm)) = state.realms.find(&state.db, &name).await else {
        return;
    };
    let config = EventsConfig::of(&realm);
    if !config.admin_events_enabled {
        return;
    }
    let path = created_path(headers, w.realm_name).or_else(|| {
        (!w.rest.is_empty()).then(|| {
            w.rest
                .iter()
                .map(|s| decode(s))
                .collect::<Vec<_>>()
                .join("/")
        })
    });
    let representation = if config.admin_details_enabled && !secret_action(w.rest) {
        body.map(|mut b| {
            mask(&mut b);
            b.to_string()
        })
    } else {
        None
    };
    let (auth_realm_id, auth_client_id) = auth_ids(state, w.caller.as_ref()).await;
    let now_ms = record::stamp(state.clock.now_ms());
    let row = AdminEventRow {
        id: uuid::Uuid::new_v4().to_string(),
        realm_id: realm.id.clone(),
        time: now_ms,
        operation_type: w.kind.operation.to_string(),
        resource_type: Some(w.kind.resource.to_string()),
        resource_path: path,
        auth_realm_id,
        auth_client_id,
        auth_user_id: w.caller.and_then(|c| c.sub),
        auth_ip_address: w.ip,
        representation,
        error: None,
    };
    record::admin(state, row, config.admin_cutoff_ms(now_ms)).await;
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let h = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    h.strip_prefix("Bearer ")
        .or_else(|| h.strip_prefix("bearer "))
        .map(|t| t.trim().to_string())
}

/// The caller's realm id and client (internal id), from its token's issuer and `azp`.
async fn auth_ids(state: &AppState, caller: Option<&Caller>) -> (Option<String>, Option<String>) {
    let Some(caller) = caller else {
        return (None, None);
    };
    let Some(name) = caller.iss.as_deref().and_then(|i| i.rsplit('/').next()) else {
        return (None, None);
    };
    let Ok(Some(realm)) = state.realms.find(&state.db, name).await else {
        return (None, None);
    };
    let client = caller
        .azp
        .as_deref()
        .and_then(|azp| realm.client(azp))
        .map(|c| c.id.clone());
    (Some(realm.id.clone()), client)
}

/// A create's resource path: the new resource's `Location`, below the realm.
fn created_path(headers: &HeaderMap, realm: &str) -> Option<String> {
    let location = headers.get(header::LOCATION)?.to_str().ok()?;
    let path = url::Url::parse(location).ok()?.path().to_string();
    let marker = format!("/admin/realms/{realm}/");
    let idx = path.find(&marker)?;
    let rest = &path[idx + marker.len()..];
    Some(rest.split('/').map(decode).collect::<Vec<_>>().join("/"))
}

/// Requests whose body is a secret: Keycloak records no representation for them.
fn secret_action(rest: &[&str]) -> bool {
    matches!(rest, ["users", _, "reset-password", ..])
}

/// Masks secrets in a representation: client secrets, credential values.
fn mask(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let credential = map.contains_key("type") && map.contains_key("value");
            for (k, item) in map.iter_mut() {
                let secret = matches!(
                    k.as_str(),
                    "secret" | "password" | "clientSecret" | "bindCredential" | "secretData"
                ) || (credential && k == "value");
                if secret && item.is_string() {
                    *item = Value::String(MASK.into());
                } else {
                    mask(item);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secrets() {
        let mut v = json!({"clientId": "a", "secret": "s", "credentials": [{"type": "password", "value": "p"}]});
        mask(&mut v);
        assert_eq!(v["secret"], MASK);
        assert_eq!(v["credentials"][0]["value"], MASK);
        assert_eq!(v["clientId"], "a");
    }
}
