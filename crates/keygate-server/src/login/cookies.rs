//! The browser's cookies, named as Keycloak names them: `KEYCLOAK_IDENTITY` (the signed SSO
//! session reference, HttpOnly), `KEYCLOAK_SESSION` (a hash of the session id that scripts
//! may read) and `AUTH_SESSION_ID` (binds pending logins to this browser). All are scoped
//! to `Path=/realms/{realm}/`, `SameSite=Lax`, and `Secure` when the base URL is https.
//!
//! The two session cookies are read from frames on the application's origin (keycloak-js's
//! session status iframe and its silent `prompt=none` check), so, as on Keycloak, they are
//! `SameSite=None; Secure` wherever the browser keeps such a cookie: https, or plain http
//! on a loopback host, which browsers treat as secure. Elsewhere they stay `Lax`.

use axum::http::{header, HeaderMap, HeaderValue};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crypto::jwt;
use crate::error::{Error, Result};
use crate::realm::model::Realm;

pub const IDENTITY: &str = "KEYCLOAK_IDENTITY";
pub const SESSION: &str = "KEYCLOAK_SESSION";
pub const AUTH_SESSION: &str = "AUTH_SESSION_ID";

/// The value of the named cookie in the request, if any.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
}

/// Where a realm's cookies live: the path and whether they need https.
#[derive(Debug, Clone)]
pub struct Scope {
    pub path: String,
    pub secure: bool,
    /// The base URL is a secure context to browsers (https or loopback).
    pub trustworthy: bool,
}

/// Whether browsers treat the URL as a secure context: https, or http on `localhost`
/// (and its subdomains) or a loopback address.
fn trustworthy(u: &url::Url) -> bool {
    if u.scheme() == "https" {
        return true;
    }
    match u.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The cookies a cross-site frame must see (Keycloak's "federation" cookies).
fn cross_site(name: &str) -> bool {
    name == IDENTITY || name == SESSION
}

impl Scope {
    /// From the request's base URL (`http://host[/auth]`).
    pub fn new(base: &str, realm: &str) -> Scope {
        let (secure, trustworthy, prefix) = match url::Url::parse(base) {
            Ok(u) => (
                u.scheme() == "https",
                trustworthy(&u),
                u.path().trim_end_matches('/').to_string(),
            ),
            Err(_) => (false, false, String::new()),
        };
        Scope {
            path: format!("{prefix}/realms/{realm}/"),
            secure,
            trustworthy,
        }
    }

    /// A `Set-Cookie` value. `max_age` `None` is a browser-session cookie; `Some(0)` deletes.
    pub fn cookie(
        &self,
        name: &str,
        value: &str,
        max_age: Option<i64>,
        http_only: bool,
    ) -> HeaderValue {
        let none = cross_site(name) && self.trustworthy;
        let same_site = if none { "None" } else { "Lax" };
        let mut c = format!("{name}={value}; Path={}; SameSite={same_site}", self.path);
        if let Some(age) = max_age {
            c.push_str(&format!("; Max-Age={age}"));
        }
        if self.secure || none {
            c.push_str("; Secure");
        }
        if http_only {
            c.push_str("; HttpOnly");
        }
        // Names and values are ours (base64url, JWTs, fixed names): always valid headers.
        HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// The cookies that end the browser's SSO session.
    pub fn expire_identity(&self) -> Vec<HeaderValue> {
        vec![
            self.cookie(IDENTITY, "", Some(0), true),
            self.cookie(SESSION, "", Some(0), false),
        ]
    }
}

/// The claims of the `KEYCLOAK_IDENTITY` cookie.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdentityClaims {
    pub iss: String,
    pub sub: String,
    pub sid: String,
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(default)]
    pub remember_me: bool,
}

const IDENTITY_TYP: &str = "Serialized-ID";

/// Signs the identity cookie with the realm's HMAC key.
pub fn sign_identity(realm: &Realm, claims: &IdentityClaims) -> Result<String> {
    let key = realm
        .refresh_key()
        .ok_or_else(|| Error::internal("realm has no HMAC key"))?;
    jwt::sign(key, claims)
}

/// The identity cookie's claims, when it is ours, unexpired and of this realm.
pub fn verify_identity(
    realm: &Realm,
    issuer: &str,
    value: &str,
    now: i64,
) -> Option<IdentityClaims> {
    let claims: IdentityClaims =
        jwt::verify(realm.keys.iter().filter(|k| k.jwk.is_none()), value, now).ok()?;
    (claims.typ == IDENTITY_TYP && claims.iss == issuer).then_some(claims)
}

/// Builds the identity claims for a session.
pub fn identity_claims(
    issuer: &str,
    user_id: &str,
    session_id: &str,
    now: i64,
    exp: i64,
    remember_me: bool,
) -> IdentityClaims {
    IdentityClaims {
        iss: issuer.to_string(),
        sub: user_id.to_string(),
        sid: session_id.to_string(),
        typ: IDENTITY_TYP.to_string(),
        iat: now,
        exp,
        remember_me,
    }
}

/// The two cookies of an SSO session: the signed identity (HttpOnly) and the session
/// digest scripts may read; for browser-session lifetime unless remembered.
pub fn sso_cookies(
    scope: &Scope,
    realm: &Realm,
    claims: &IdentityClaims,
) -> Result<[HeaderValue; 2]> {
    let identity = sign_identity(realm, claims)?;
    let max_age = claims
        .remember_me
        .then_some((claims.exp - claims.iat).max(0));
    Ok([
        scope.cookie(IDENTITY, &identity, max_age, true),
        scope.cookie(SESSION, &digest(&claims.sid), max_age, false),
    ])
}

/// SHA-256, base64url: `KEYCLOAK_SESSION`'s value and the logout confirmation token.
pub fn digest(value: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(value.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_and_scopes_them() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; AUTH_SESSION_ID=xyz"),
        );
        assert_eq!(read(&h, AUTH_SESSION).as_deref(), Some("xyz"));
        assert_eq!(read(&h, IDENTITY), None);
        let s = Scope::new("https://id.example/auth", "r");
        assert_eq!(s.path, "/auth/realms/r/");
        let c = s.cookie(IDENTITY, "v", None, true);
        assert_eq!(
            c.to_str().unwrap(),
            "KEYCLOAK_IDENTITY=v; Path=/auth/realms/r/; SameSite=None; Secure; HttpOnly"
        );
        assert!(!Scope::new("http://localhost:8080", "r").secure);
    }

    #[test]
    fn session_cookies_are_cross_site_in_secure_contexts() {
        for base in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://[::1]:1",
            "https://id.example",
        ] {
            let s = Scope::new(base, "r");
            for name in [IDENTITY, SESSION] {
                let c = s.cookie(name, "v", None, false);
                let c = c.to_str().unwrap();
                assert!(
                    c.contains("SameSite=None") && c.contains("Secure"),
                    "{base}: {c}"
                );
            }
            let c = s.cookie(AUTH_SESSION, "v", None, true);
            assert!(c.to_str().unwrap().contains("SameSite=Lax"), "{base}");
        }
        let plain = Scope::new("http://id.example:8080", "r");
        let c = plain.cookie(IDENTITY, "v", None, true);
        assert!(c.to_str().unwrap().contains("SameSite=Lax"));
        assert!(!c.to_str().unwrap().contains("Secure"));
    }
}
