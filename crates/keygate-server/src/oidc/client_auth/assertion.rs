//! `client_assertion` JWTs (RFC 7523): `private_key_jwt` against the client's public keys
//! and `client_secret_jwt` against its secret, with Keycloak 26's checks in its order:
//! parameters, client, algorithm, signature, audience, lifetime, one-time `jti`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::Value;

use super::{client_key, invalid, replay, At};
use crate::error::{Error, Result};
use crate::oidc::form::Params;
use crate::realm::model::{Client, Realm};

/// The only `client_assertion_type` Keycloak accepts.
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Keycloak's allowed clock skew for client assertions, seconds.
const SKEW: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `client-jwt`: signed with the client's private key.
    PrivateKey,
    /// `client-secret-jwt`: an HMAC over the client secret.
    Secret,
}

#[derive(Debug, Default, Deserialize)]
struct Claims {
    iss: Option<String>,
    sub: Option<String>,
    #[serde(default)]
    aud: Option<Value>,
    exp: Option<i64>,
    iat: Option<i64>,
    nbf: Option<i64>,
    jti: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Header {
    alg: Option<String>,
    kid: Option<String>,
}

fn fail(description: &str) -> Error {
    Error::oauth("invalid_client", description.to_string())
}

fn part<T: for<'de> Deserialize<'de>>(jwt: &str, index: usize) -> Option<T> {
    let segment = jwt.split('.').nth(index)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).ok()?).ok()
}

/// The subject of an assertion, read without verifying it: only to find the client.
pub fn subject(jwt: &str) -> Option<String> {
    part::<Claims>(jwt, 1)?.sub
}

fn attr<'a>(client: &'a Client, key: &str) -> Option<&'a str> {
    client
        .rep
        .attributes
        .as_ref()?
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// Checks the request's assertion for `client`; `Ok` means the client is authenticated.
pub fn verify(realm: &Realm, client: &Client, form: &Params, at: &At, kind: Kind) -> Result<()> {
    let jwt = parameters(form)?;
    let header: Header = part(jwt, 0).ok_or_else(|| fail("Invalid client assertion"))?;
    let claims: Claims = part(jwt, 1).ok_or_else(|| fail("Invalid client assertion"))?;
    check_client(client, form, &claims)?;
    let alg = algorithm(client, header.alg.as_deref(), kind)?;
    signature(client, jwt, alg, header.kid.as_deref(), kind)?;
    audience(at, &claims)?;
    lifetime(client, realm, at.now, &claims)
}

fn parameters(form: &Params) -> Result<&str> {
    let kind = form
        .get("client_assertion_type")
        .ok_or_else(|| fail("Parameter client_assertion_type is missing"))?;
    if kind != JWT_BEARER {
        return Err(Error::oauth(
            "invalid_client",
            format!(
                "Parameter client_assertion_type has value '{kind}' but expected is '{JWT_BEARER}'"
            ),
        ));
    }
    form.get("client_assertion")
        .ok_or_else(|| fail("client_assertion parameter missing"))
}

fn check_client(client: &Client, form: &Params, claims: &Claims) -> Result<()> {
    let sub = claims
        .sub
        .as_deref()
        .ok_or_else(|| fail("Token sub claim is required"))?;
    if form.get("client_id").is_some_and(|id| id != sub) {
        return Err(fail("client_id parameter does not match sub claim"));
    }
    // An assertion whose issuer is not its subject is not the client's own: no
    // authenticator takes it, and the client stays unauthenticated.
    if claims.iss.as_deref() != Some(sub) || sub != client.client_id() {
        return Err(invalid());
    }
    Ok(())
}

fn algorithm(client: &Client, alg: Option<&str>, kind: Kind) -> Result<Algorithm> {
    let bad = || fail("Invalid signature algorithm");
    let raw = alg
        .filter(|a| !a.eq_ignore_ascii_case("none"))
        .ok_or_else(bad)?;
    let parsed: Algorithm = raw.parse().map_err(|_| bad())?;
    let symmetric = matches!(
        parsed,
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
    );
    if symmetric != (kind == Kind::Secret) || matches!(parsed, Algorithm::EdDSA) {
        return Err(bad());
    }
    if attr(client, "token.endpoint.auth.signing.alg").is_some_and(|want| want != raw) {
        return Err(bad());
    }
    Ok(parsed)
}

fn signature(
    client: &Client,
    jwt: &str,
    alg: Algorithm,
    kid: Option<&str>,
    kind: Kind,
) -> Result<()> {
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let check = |key: &DecodingKey| decode::<Value>(jwt, key, &validation).is_ok();
    crate::crypto::provider::install();
    let valid = match kind {
        Kind::Secret => {
            let secret = client.secret().ok_or_else(invalid)?;
            check(&DecodingKey::from_secret(secret.as_bytes()))
        }
        Kind::PrivateKey => {
            let keys = client_key::of_client(client);
            let key = keys
                .iter()
                .filter(|k| k.verifies(alg))
                .find(|k| kid.is_none_or(|kid| kid == k.kid))
                .ok_or_else(|| fail("Unable to load public key"))?;
            check(&key.decoding)
        }
    };
    if valid {
        return Ok(());
    }
    Err(fail(match kind {
        Kind::PrivateKey => {
            "Client authentication with signed JWT failed: Signature on JWT token failed validation"
        }
        Kind::Secret => "Client authentication with client secret signed JWT failed: Signature on JWT token by client secret failed validation",
    }))
}

fn audience(at: &At, claims: &Claims) -> Result<()> {
    let oidc = format!("{}/protocol/openid-connect", &at.issuer);
    let expected = [
        at.issuer.clone(),
        format!("{oidc}/token"),
        format!("{oidc}/token/introspect"),
        format!("{oidc}/ext/par/request"),
        format!("{oidc}/ext/ciba/auth"),
    ];
    let given: Vec<&str> = match &claims.aud {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !given.iter().any(|a| expected.iter().any(|e| e == a)) {
        return Err(fail("Invalid token audience"));
    }
    if given.len() > 1 {
        return Err(fail("Multiple audiences not allowed"));
    }
    Ok(())
}

/// Keycloak 26.0's lifetime rules, which the client libraries are written against
/// (gocloak signs assertions valid for hours, without `iat`): an assertion is live until
/// `exp`, or for 10 s after `iat` without one. A client that sets
/// `token.endpoint.auth.signing.max.exp` gets the stricter cap of later 26.x releases.
fn lifetime(client: &Client, realm: &Realm, now: i64, claims: &Claims) -> Result<()> {
    let exp = claims.exp.filter(|e| *e != 0);
    let stale = match exp {
        Some(exp) => now > exp + SKEW,
        None => claims.iat.is_none_or(|iat| iat + 10 < now),
    };
    let early = claims.nbf.is_some_and(|nbf| nbf != 0 && now + SKEW < nbf);
    if stale || early {
        return Err(fail("Token is not active"));
    }
    if claims.iat.is_some_and(|iat| iat - SKEW > now) {
        return Err(fail("Token was issued in the future"));
    }
    let max_exp: Option<i64> =
        attr(client, "token.endpoint.auth.signing.max.exp").and_then(|v| v.parse().ok());
    if let Some(max) = max_exp {
        match claims.iat {
            None if exp.unwrap_or(now) - now > max => {
                return Err(fail(
                    "Token expiration is too far in the future and iat claim not present in token",
                ))
            }
            Some(iat) if now > iat + max => {
                return Err(fail("Token was issued too far in the past to be used now"))
            }
            _ => {}
        }
    }
    let jti = claims
        .jti
        .as_deref()
        .ok_or_else(|| fail("Token jti claim is required"))?;
    let lifespan = exp.map_or(10, |e| e - now).max(10);
    let key = format!("{}:{}:{jti}", realm.id, client.client_id());
    if !replay::first_use(key, now + lifespan, now) {
        return Err(fail("Token reuse detected"));
    }
    Ok(())
}
