//! Building and signing Keycloak-shaped tokens: access, id and refresh.

use std::collections::BTreeMap;

use keygate_model::{Access, AccessTokenClaims, TokenResponse};
use serde_json::{json, Value};

use crate::crypto::jwt;
use crate::error::{Error, Result};
use crate::realm::model::{Client, Realm};
use crate::store::roles::EffectiveRole;
use crate::store::sessions::SessionRow;
use crate::store::users::UserRow;

/// Everything a token is made from.
pub struct Grant<'a> {
    pub realm: &'a Realm,
    pub client: &'a Client,
    pub user: &'a UserRow,
    pub roles: &'a [EffectiveRole],
    /// `None` for client-credentials tokens, which carry no session.
    pub session: Option<&'a SessionRow>,
    /// The `scope` request parameter.
    pub requested: Option<&'a str>,
    pub issuer: String,
    pub now: i64,
}

/// The client scopes in effect: the client's defaults plus requested optional ones.
fn scopes(g: &Grant<'_>) -> (Vec<String>, bool) {
    let requested: Vec<&str> = g.requested.unwrap_or_default().split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    for s in g.client.rep.default_client_scopes.iter().flatten() {
        if g.realm.scopes.contains_key(s) {
            out.push(s.clone());
        }
    }
    for s in g.client.rep.optional_client_scopes.iter().flatten() {
        if requested.contains(&s.as_str()) && g.realm.scopes.contains_key(s) {
            out.push(s.clone());
        }
    }
    (out, requested.contains(&"openid"))
}

/// The `scope` claim: `openid` when asked for, and the scopes shown in tokens.
fn scope_claim(g: &Grant<'_>, scopes: &[String], openid: bool) -> String {
    let mut names: Vec<&str> = Vec::new();
    if openid {
        names.push("openid");
    }
    for s in scopes {
        let shown = g.realm.scopes[s]
            .attributes
            .as_ref()
            .and_then(|a| a.get("include.in.token.scope"))
            .map(|v| v == "true")
            .unwrap_or(true);
        if shown {
            names.push(s);
        }
    }
    names.join(" ")
}

fn full_name(u: &UserRow) -> Option<String> {
    let parts: Vec<&str> = [u.first_name.as_deref(), u.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Identity claims the `profile` and `email` scopes add (access, id token, userinfo).
pub fn identity_claims(u: &UserRow, scopes: &[String], claims: &mut AccessTokenClaims) {
    if scopes.iter().any(|s| s == "profile") {
        claims.preferred_username = Some(u.username.clone());
        claims.given_name = u.first_name.clone();
        claims.family_name = u.last_name.clone();
        claims.name = full_name(u);
    }
    if scopes.iter().any(|s| s == "email") {
        claims.email = u.email.clone();
        claims.email_verified = Some(u.email_verified);
    }
}

fn role_claims(g: &Grant<'_>, claims: &mut AccessTokenClaims) {
    let mut realm_roles = Vec::new();
    let mut clients: BTreeMap<String, Access> = BTreeMap::new();
    for r in g.roles {
        match &r.client {
            None => realm_roles.push(r.name.clone()),
            Some(c) => clients
                .entry(c.clone())
                .or_default()
                .roles
                .push(r.name.clone()),
        }
    }
    let aud: Vec<&String> = clients
        .keys()
        .filter(|c| *c != g.client.client_id())
        .collect();
    claims.aud = match aud.len() {
        0 => None,
        1 => Some(json!(aud[0])),
        _ => Some(json!(aud)),
    };
    if !realm_roles.is_empty() {
        claims.realm_access = Some(Access { roles: realm_roles });
    }
    if !clients.is_empty() {
        claims.resource_access = Some(clients);
    }
}

/// Signs the access token, and the id and refresh tokens where the grant has them.
pub fn issue(g: &Grant<'_>) -> Result<TokenResponse> {
    issue_with_nonce(g, None)
}

/// `issue`, with the authorization request's `nonce` in the id token (code flow).
pub fn issue_with_nonce(g: &Grant<'_>, nonce: Option<&str>) -> Result<TokenResponse> {
    let key = g
        .realm
        .signing_key()
        .ok_or_else(|| Error::internal("realm has no signing key"))?;
    let (scopes, openid) = scopes(g);
    let scope = scope_claim(g, &scopes, openid);
    let mut exp = g.now + g.realm.access_token_lifespan();
    if let Some(s) = g.session {
        if !s.offline {
            exp = exp.min(s.started + g.realm.sso_max());
        }
    }
    let mut at = AccessTokenClaims {
        exp,
        iat: g.now,
        jti: uuid::Uuid::new_v4().to_string(),
        iss: g.issuer.clone(),
        sub: g.user.id.clone(),
        typ: "Bearer".into(),
        azp: g.client.client_id().to_string(),
        sid: g.session.map(|s| s.id.clone()),
        scope: Some(scope.clone()),
        ..Default::default()
    };
    if scopes.iter().any(|s| s == "basic") {
        at.auth_time = g.session.map(|s| s.started);
    }
    if scopes.iter().any(|s| s == "acr") {
        at.acr = Some("1".into());
    }
    if scopes.iter().any(|s| s == "web-origins") {
        if let Some(origins) = g.client.rep.web_origins.as_ref().filter(|o| !o.is_empty()) {
            at.extra.insert("allowed-origins".into(), json!(origins));
        }
    }
    if scopes.iter().any(|s| s == "roles") {
        role_claims(g, &mut at);
    }
    identity_claims(g.user, &scopes, &mut at);
    let access_token = jwt::sign(key, &at)?;

    let id_token = if openid {
        let mut id = at.clone();
        id.typ = "ID".into();
        id.jti = uuid::Uuid::new_v4().to_string();
        id.aud = Some(json!(g.client.client_id()));
        id.realm_access = None;
        id.resource_access = None;
        id.scope = None;
        id.extra.remove("allowed-origins");
        id.auth_time = g.session.map(|s| s.started);
        id.nonce = nonce.map(str::to_string);
        Some(jwt::sign(key, &id)?)
    } else {
        None
    };

    let (refresh_token, refresh_expires_in) = match g.session {
        Some(s) => {
            let rkey = g
                .realm
                .refresh_key()
                .ok_or_else(|| Error::internal("realm has no refresh key"))?;
            let (typ, rexp) = if s.offline {
                ("Offline", 0)
            } else {
                (
                    "Refresh",
                    (g.now + g.realm.sso_idle()).min(s.started + g.realm.sso_max()),
                )
            };
            let mut claims = json!({
                "iat": g.now, "jti": uuid::Uuid::new_v4().to_string(), "iss": g.issuer,
                "aud": g.issuer, "sub": g.user.id, "typ": typ, "azp": g.client.client_id(),
                "sid": s.id, "scope": scope,
            });
            if rexp > 0 {
                claims["exp"] = Value::from(rexp);
            }
            (Some(jwt::sign(rkey, &claims)?), (rexp - g.now).max(0))
        }
        None => (None, 0),
    };

    Ok(TokenResponse {
        access_token,
        expires_in: exp - g.now,
        refresh_expires_in,
        refresh_token,
        token_type: "Bearer".into(),
        id_token,
        not_before_policy: g.realm.not_before(),
        session_state: g.session.map(|s| s.id.clone()),
        scope,
    })
}
