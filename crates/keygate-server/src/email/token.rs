//! Action tokens: the JWTs in the links of action mails, signed with the realm's HMAC key
//! (as Keycloak signs them) and typed so no other token of the realm passes as one.

use serde::{Deserialize, Serialize};

use crate::crypto::jwt::{self, VerifyError};
use crate::error::{Error, Result};
use crate::realm::model::Realm;

/// `typ` of a token from `execute-actions-email`.
pub const EXECUTE_ACTIONS: &str = "execute-actions";
/// `typ` of a token from `send-verify-email`.
pub const VERIFY_EMAIL: &str = "verify-email";

/// The claims, named as Keycloak's `ExecuteActionsActionToken` / `VerifyEmailActionToken`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActionToken {
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub typ: String,
    /// The client the token was issued for.
    pub azp: String,
    /// The required actions to perform.
    #[serde(default)]
    pub rqac: Vec<String>,
    /// Where "back to application" leads, already checked against the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduri: Option<String>,
    /// The address the mail went to; the link is void once the user's address changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eml: Option<String>,
}

/// Signs the token with the realm's active HMAC key.
pub fn sign(realm: &Realm, token: &ActionToken) -> Result<String> {
    let key = realm
        .refresh_key()
        .ok_or_else(|| Error::internal("realm has no HMAC key"))?;
    jwt::sign(key, token)
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Expired,
    Invalid,
}

/// Verifies signature (HMAC keys only), expiry, type and issuer.
pub fn verify(realm: &Realm, issuer: &str, key: &str, now: i64) -> Result<ActionToken, Refused> {
    let hmac = realm.keys.iter().filter(|k| k.jwk.is_none());
    let t: ActionToken = jwt::verify(hmac, key, now).map_err(|e| match e {
        VerifyError::Expired => Refused::Expired,
        _ => Refused::Invalid,
    })?;
    let typed = t.typ == EXECUTE_ACTIONS || t.typ == VERIFY_EMAIL;
    if !typed || t.iss != issuer || t.aud != issuer {
        return Err(Refused::Invalid);
    }
    Ok(t)
}
