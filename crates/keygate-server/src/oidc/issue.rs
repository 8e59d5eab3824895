//! Building and signing Keycloak-shaped tokens: access, id and refresh.

use keygate_model::{AccessTokenClaims, ClientScopeRepresentation, TokenResponse};
use serde_json::{json, Map, Value};

use crate::crypto::jwt;
use crate::error::{Error, Result};
use crate::oidc::mappers::{self, Subject, Target};
use crate::realm::model::{Client, Realm};
use crate::scope::effect;
use crate::store::roles::EffectiveRole;
use crate::store::sessions::SessionRow;
use crate::store::users::UserRow;

/// Everything a token is made from.
pub struct Grant<'a> {
    pub realm: &'a Realm,
    pub client: &'a Client,
    pub user: &'a UserRow,
    pub roles: &'a [EffectiveRole],
    /// Full paths of the user's groups, for group-membership mappers.
    pub groups: &'a [String],
    /// `None` for client-credentials tokens, which carry no session.
    pub session: Option<&'a SessionRow>,
    /// The `scope` request parameter.
    pub requested: Option<&'a str>,
    pub issuer: String,
    pub now: i64,
}

/// The `scope` claim: `openid` when asked for, and the scopes shown in tokens.
fn scope_claim(scopes: &[&ClientScopeRepresentation], openid: bool) -> String {
    let mut names: Vec<&str> = Vec::new();
    if openid {
        names.push("openid");
    }
    for s in scopes {
        let shown = s
            .attributes
            .as_ref()
            .and_then(|a| a.get("include.in.token.scope"))
            .map(|v| v == "true")
            .unwrap_or(true);
        if shown {
            names.extend(s.name.as_deref());
        }
    }
    names.join(" ")
}

fn to_map<T: serde::Serialize>(claims: &T) -> Result<Map<String, Value>> {
    match serde_json::to_value(claims)? {
        Value::Object(m) => Ok(m),
        _ => Err(Error::internal("claims are not an object")),
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
    let (scopes, openid) = effect::in_effect(g.realm, g.client, g.requested);
    let scopes = effect::permitted(g.realm, scopes, g.roles);
    let scope = scope_claim(&scopes, openid);
    let mappers = effect::mappers(g.client, &scopes);
    let hardcoded = mappers::hardcoded_roles(mappers.iter().copied());
    let roles = effect::scoped_roles(g.realm, g.client, &scopes, g.roles, hardcoded);
    let subject = Subject {
        realm: g.realm,
        client: g.client,
        user: g.user,
        roles: &roles,
        groups: g.groups,
        session: g.session,
    };
    let mut exp = g.now + g.realm.access_token_lifespan();
    if let Some(s) = g.session {
        if !s.offline {
            exp = exp.min(s.started + g.realm.sso_max());
        }
    }
    let base = AccessTokenClaims {
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
    let mut at = to_map(&base)?;
    mappers::apply(&subject, &mappers, Target::Access, &mut at);
    let access_token = jwt::sign(key, &at)?;

    let id_token = if openid {
        let mut id = to_map(&AccessTokenClaims {
            typ: "ID".into(),
            jti: uuid::Uuid::new_v4().to_string(),
            aud: Some(json!(g.client.client_id())),
            scope: None,
            nonce: nonce.map(str::to_string),
            ..base.clone()
        })?;
        mappers::apply(&subject, &mappers, Target::Id, &mut id);
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
