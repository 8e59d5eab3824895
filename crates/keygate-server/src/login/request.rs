//! The authorization request: its parameters checked in Keycloak's order. Until the client
//! and its redirect URI are trusted, a failure is shown on Keygate's own error page; after
//! that, it goes back to the client as `error` / `error_description`.

use std::sync::Arc;

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::redirect;
use super::respond::ResponseMode;
use crate::oidc::form::Params;
use crate::realm::model::{Client, Realm};

/// A validated authorization request, kept with the pending login.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthRequest {
    /// The public `clientId`.
    pub client_id: String,
    /// Where the browser is sent back (absolute).
    pub redirect_uri: String,
    /// The `redirect_uri` parameter as sent: the token request must repeat it.
    pub redirect_param: Option<String>,
    pub response_mode: ResponseMode,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub login_hint: Option<String>,
    pub max_age: Option<i64>,
}

impl AuthRequest {
    pub fn prompt_has(&self, value: &str) -> bool {
        self.prompt
            .as_deref()
            .is_some_and(|p| p.split_whitespace().any(|v| v == value))
    }
}

/// Why the request was refused, and where the answer goes.
#[derive(Debug)]
pub enum Rejected {
    /// Keygate's error page: the client or its redirect URI cannot be trusted.
    Page(StatusCode, String),
    /// An error response to the client's (verified) redirect URI.
    Client {
        mode: ResponseMode,
        redirect_uri: String,
        state: Option<String>,
        error: &'static str,
        description: Option<String>,
    },
}

const OIDC_RESPONSE_TYPES: &[&str] = &[
    "token",
    "id_token",
    "id_token token",
    "code id_token",
    "code token",
    "code id_token token",
];

fn page(status: StatusCode, msg: impl Into<String>) -> Rejected {
    Rejected::Page(status, msg.into())
}

/// RFC 7636 §4.2: 43 to 128 characters of `[A-Za-z0-9-._~]`.
pub fn valid_pkce_value(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
}

/// The PKCE method the client insists on (`pkce.code.challenge.method`), if any.
pub fn enforced_pkce(client: &Client) -> Option<&str> {
    client
        .rep
        .attributes
        .as_ref()
        .and_then(|a| a.get("pkce.code.challenge.method"))
        .map(String::as_str)
        .filter(|m| !m.is_empty())
}

/// Keycloak's PKCE parameter checks at the authorization endpoint.
fn check_pkce(
    client: &Client,
    challenge: Option<&str>,
    method: Option<&str>,
) -> Result<(), &'static str> {
    if let Some(required) = enforced_pkce(client) {
        let method = method.ok_or("Missing parameter: code_challenge_method")?;
        if method != required {
            return Err(
                "Invalid parameter: code challenge method is not matching the configured one",
            );
        }
        let challenge = challenge.ok_or("Missing parameter: code_challenge")?;
        if !valid_pkce_value(challenge) {
            return Err("Invalid parameter: code_challenge");
        }
        return Ok(());
    }
    match (challenge, method) {
        (None, Some(_)) => Err("Missing parameter: code_challenge"),
        (None, None) => Ok(()),
        (Some(_), Some(m)) if m != "S256" && m != "plain" => {
            Err("Invalid parameter: code_challenge_method")
        }
        (Some(c), _) if !valid_pkce_value(c) => Err("Invalid parameter: code_challenge"),
        _ => Ok(()),
    }
}

/// Every requested scope but `openid` must be one of the client's scopes.
fn scopes_valid(client: &Client, scope: Option<&str>) -> bool {
    let (Some(defaults), Some(optional)) = (
        client.rep.default_client_scopes.as_ref(),
        client.rep.optional_client_scopes.as_ref(),
    ) else {
        return true;
    };
    scope
        .unwrap_or_default()
        .split_whitespace()
        .filter(|s| *s != "openid")
        .all(|s| defaults.iter().chain(optional).any(|d| d == s))
}

/// Checks the request against the realm; `base` is the server's public base URL.
pub fn parse(
    realm: &Realm,
    base: &str,
    q: &Params,
) -> Result<(Arc<Client>, AuthRequest), Rejected> {
    let client_id = q
        .get("client_id")
        .ok_or_else(|| page(StatusCode::BAD_REQUEST, "Missing parameters: client_id"))?;
    let client = realm
        .client(client_id)
        .ok_or_else(|| page(StatusCode::BAD_REQUEST, "Client not found."))?
        .clone();
    if !client.enabled() {
        return Err(page(StatusCode::BAD_REQUEST, "Client disabled."));
    }
    if client.bearer_only() {
        return Err(page(
            StatusCode::FORBIDDEN,
            "Bearer-only applications are not allowed to initiate browser login",
        ));
    }
    let scope = q.get("scope").map(str::to_string);
    let openid = scope
        .as_deref()
        .is_some_and(|s| s.split_whitespace().any(|v| v == "openid"));
    let redirect_param = q.get("redirect_uri").map(str::to_string);
    let redirect_uri = redirect::verify(&client, base, redirect_param.as_deref(), openid)
        .ok_or_else(|| page(StatusCode::BAD_REQUEST, "Invalid parameter: redirect_uri"))?;
    let state = q.get("state").map(str::to_string);
    let parsed_mode = q.get("response_mode").map(ResponseMode::parse);
    let mode = parsed_mode.flatten().unwrap_or(ResponseMode::Query);
    let fail = |error: &'static str, description: &str| Rejected::Client {
        mode,
        redirect_uri: redirect_uri.clone(),
        state: state.clone(),
        error,
        description: (!description.is_empty()).then(|| description.to_string()),
    };

    match q.get("response_type") {
        None => return Err(fail("invalid_request", "Missing parameter: response_type")),
        Some("code") => {}
        Some(t) if OIDC_RESPONSE_TYPES.contains(&t) => {
            return Err(fail(
                "unauthorized_client",
                "Client is not allowed to initiate browser login with given response_type. Implicit flow is disabled for the client.",
            ))
        }
        Some(_) => return Err(fail("unsupported_response_type", "")),
    }
    if matches!(parsed_mode, Some(None)) {
        return Err(fail("invalid_request", "Invalid parameter: response_mode"));
    }
    if client.rep.standard_flow_enabled == Some(false) {
        return Err(fail(
            "unauthorized_client",
            "Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.",
        ));
    }
    if !scopes_valid(&client, scope.as_deref()) {
        let s = scope.clone().unwrap_or_default();
        return Err(fail("invalid_scope", &format!("Invalid scopes: {s}")));
    }
    let challenge = q.get("code_challenge").map(str::to_string);
    let method = q.get("code_challenge_method").map(str::to_string);
    check_pkce(&client, challenge.as_deref(), method.as_deref())
        .map_err(|e| fail("invalid_request", e))?;
    let method = challenge
        .as_ref()
        .map(|_| method.unwrap_or_else(|| "plain".into()));
    let max_age = match q.get("max_age") {
        Some(v) => Some(
            v.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| fail("invalid_request", "Invalid parameter: max_age"))?,
        ),
        None => None,
    };
    let request = AuthRequest {
        client_id: client.client_id().to_string(),
        redirect_uri: redirect_uri.clone(),
        redirect_param,
        response_mode: mode,
        scope,
        state: state.clone(),
        nonce: q.get("nonce").map(str::to_string),
        code_challenge: challenge,
        code_challenge_method: method,
        prompt: q.get("prompt").map(str::to_string),
        login_hint: q.get("login_hint").map(str::to_string),
        max_age,
    };
    Ok((client, request))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_values_and_methods() {
        let c = Client {
            id: "c".into(),
            rep: Default::default(),
        };
        let good = "a".repeat(43);
        assert!(check_pkce(&c, None, None).is_ok());
        assert!(check_pkce(&c, Some(&good), None).is_ok());
        assert!(check_pkce(&c, Some(&good), Some("S256")).is_ok());
        assert!(check_pkce(&c, Some(&good), Some("S512")).is_err());
        assert!(check_pkce(&c, Some("short"), Some("S256")).is_err());
        assert!(check_pkce(&c, None, Some("S256")).is_err());
        let mut enforced = c.clone();
        enforced.rep.attributes = Some(
            [("pkce.code.challenge.method".to_string(), "S256".to_string())]
                .into_iter()
                .collect(),
        );
        assert!(check_pkce(&enforced, None, None).is_err());
        assert!(check_pkce(&enforced, Some(&good), Some("plain")).is_err());
        assert!(check_pkce(&enforced, Some(&good), Some("S256")).is_ok());
    }
}
