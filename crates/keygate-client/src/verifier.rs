//! Offline access-token verification: the realm's JWKS is fetched once and cached, and
//! refetched (at most once per interval) when a token names an unknown `kid`, as after a
//! key rotation. Only asymmetric algorithms are accepted, and the key must be of the
//! algorithm the token claims, so `none` and HS256-with-the-public-key tokens fail.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use keygate_model::AccessTokenClaims;
use tokio::sync::Mutex;

use crate::KeygateClient;

/// Why a token was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not three base64url parts with a JSON header and claims.
    #[error("malformed token")]
    Malformed,
    /// `none`, HMAC or another algorithm the realm does not sign with.
    #[error("algorithm {0} is not accepted")]
    UnsupportedAlgorithm(String),
    /// The realm has no key with the token's `kid`, even after a refetch.
    #[error("no key with kid {0}")]
    UnknownKey(String),
    /// The signature does not match the header and claims.
    #[error("signature does not verify")]
    BadSignature,
    /// `exp` has passed (beyond the leeway).
    #[error("token expired")]
    Expired,
    /// `nbf` is still ahead (beyond the leeway).
    #[error("token not valid yet")]
    NotYetValid,
    /// `iss` is another realm or server.
    #[error("issuer {0} is not the expected one")]
    WrongIssuer(String),
    /// Neither `aud` nor `azp` names an accepted audience.
    #[error("token is not meant for this audience")]
    WrongAudience,
    /// `typ` is not `Bearer` (an ID or refresh token, say).
    #[error("not an access token (typ {0})")]
    NotAccessToken(String),
    /// Introspection says the token was revoked or its session ended.
    #[error("token is no longer active")]
    Inactive,
    /// The realm's JWKS could not be fetched or read.
    #[error("cannot fetch keys: {0}")]
    Keys(String),
}

/// What a verifier accepts.
#[derive(Debug, Clone)]
pub struct VerifierConfig {
    /// The realm whose tokens are accepted.
    pub realm: String,
    /// Expected `iss`; defaults to the client's issuer URL for the realm.
    pub issuer: Option<String>,
    /// Accepted audiences: the token passes when its `aud` or `azp` names one of them.
    /// Empty accepts any audience.
    pub audiences: Vec<String>,
    /// Clock skew allowed on `exp` and `nbf`.
    pub leeway: Duration,
    /// The shortest time between two JWKS fetches triggered by unknown keys.
    pub refetch_interval: Duration,
    /// When set, every verification also asks the server's introspection endpoint with
    /// these client credentials, so revoked and logged-out tokens fail too.
    pub introspect_with: Option<(String, String)>,
}

impl VerifierConfig {
    /// Defaults: the realm's issuer, any audience, 30 s leeway, refetch at most every
    /// 10 s, no introspection.
    pub fn new(realm: impl Into<String>) -> VerifierConfig {
        VerifierConfig {
            realm: realm.into(),
            issuer: None,
            audiences: Vec::new(),
            leeway: Duration::from_secs(30),
            refetch_interval: Duration::from_secs(10),
            introspect_with: None,
        }
    }

    /// Accepts tokens for this audience (client id).
    pub fn audience(mut self, aud: impl Into<String>) -> Self {
        self.audiences.push(aud.into());
        self
    }

    /// Sets the clock skew allowed on `exp` and `nbf`.
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Also asks the introspection endpoint, with these client credentials.
    pub fn introspect_with(
        mut self,
        client_id: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        self.introspect_with = Some((client_id.into(), secret.into()));
        self
    }
}

struct Key {
    alg: Algorithm,
    key: DecodingKey,
}

struct Inner {
    client: Option<KeygateClient>,
    config: VerifierConfig,
    issuer: String,
    keys: RwLock<HashMap<String, Arc<Key>>>,
    last_fetch: Mutex<Option<Instant>>,
}

/// Verifies access tokens without a request per call. Cheap to clone; share one per realm.
#[derive(Clone)]
pub struct TokenVerifier {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for TokenVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenVerifier")
            .field("issuer", &self.inner.issuer)
            .finish()
    }
}

fn asymmetric(alg: Algorithm) -> bool {
    !matches!(alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512)
}

impl TokenVerifier {
    /// A verifier that fetches the realm's keys from the server on first use.
    pub fn new(client: KeygateClient, config: VerifierConfig) -> TokenVerifier {
        let issuer = config
            .issuer
            .clone()
            .unwrap_or_else(|| client.issuer_url(&config.realm));
        TokenVerifier::build(Some(client), config, issuer)
    }

    /// A verifier with fixed keys and no server: for tests, benchmarks and air-gapped use.
    pub fn with_jwks(
        config: VerifierConfig,
        issuer: impl Into<String>,
        jwks: &JwkSet,
    ) -> TokenVerifier {
        let v = TokenVerifier::build(None, config, issuer.into());
        v.load(jwks);
        v
    }

    fn build(
        client: Option<KeygateClient>,
        config: VerifierConfig,
        issuer: String,
    ) -> TokenVerifier {
        TokenVerifier {
            inner: Arc::new(Inner {
                client,
                config,
                issuer,
                keys: RwLock::new(HashMap::new()),
                last_fetch: Mutex::new(None),
            }),
        }
    }

    fn load(&self, jwks: &JwkSet) {
        let mut map = HashMap::new();
        for jwk in &jwks.keys {
            let (Some(kid), Some(alg)) = (jwk.common.key_id.clone(), jwk.common.key_algorithm)
            else {
                continue;
            };
            let Ok(alg) = alg.to_string().parse::<Algorithm>() else {
                continue;
            };
            if !asymmetric(alg) {
                continue;
            }
            if let Ok(key) = DecodingKey::from_jwk(jwk) {
                map.insert(kid, Arc::new(Key { alg, key }));
            }
        }
        *self.inner.keys.write().unwrap_or_else(|e| e.into_inner()) = map;
    }

    /// Fetches the JWKS unless a fetch happened within the refetch interval.
    async fn refresh_keys(&self) -> Result<(), TokenError> {
        let Some(client) = &self.inner.client else {
            return Ok(());
        };
        let mut last = self.inner.last_fetch.lock().await;
        if last.is_some_and(|t| t.elapsed() < self.inner.config.refetch_interval) {
            return Ok(());
        }
        *last = Some(Instant::now());
        let jwks = client
            .get_certs(&self.inner.config.realm)
            .await
            .map_err(|e| TokenError::Keys(e.to_string()))?;
        self.load(&jwks);
        Ok(())
    }

    fn key(&self, kid: &str) -> Option<Arc<Key>> {
        self.inner
            .keys
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(kid)
            .cloned()
    }

    /// Verifies the token: signature with a realm key, algorithm, `exp`/`nbf` with leeway,
    /// `iss`, audience, `typ`; with introspection configured, also that it is active.
    pub async fn verify(&self, token: &str) -> Result<AccessTokenClaims, TokenError> {
        let kid = header_kid(token)?;
        if self.key(&kid).is_none() {
            self.refresh_keys().await?;
        }
        let claims = self.verify_offline(token)?;
        if let (Some((id, secret)), Some(client)) =
            (&self.inner.config.introspect_with, &self.inner.client)
        {
            let r = client
                .introspect_token(token, id, secret, &self.inner.config.realm)
                .await
                .map_err(|e| TokenError::Keys(e.to_string()))?;
            if !r.active {
                return Err(TokenError::Inactive);
            }
        }
        Ok(claims)
    }

    /// Verification with the keys already cached, never touching the network.
    pub fn verify_offline(&self, token: &str) -> Result<AccessTokenClaims, TokenError> {
        let kid = header_kid(token)?;
        let key = self.key(&kid).ok_or(TokenError::UnknownKey(kid))?;
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if header.alg != key.alg {
            return Err(TokenError::UnsupportedAlgorithm(format!(
                "{:?}",
                header.alg
            )));
        }
        let cfg = &self.inner.config;
        let mut v = Validation::new(key.alg);
        v.leeway = cfg.leeway.as_secs();
        v.validate_nbf = true;
        v.validate_aud = false;
        v.set_issuer(&[&self.inner.issuer]);
        v.set_required_spec_claims(&["exp", "iss", "sub"]);
        let data = jsonwebtoken::decode::<AccessTokenClaims>(token, &key.key, &v).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            match e.kind() {
                K::ExpiredSignature => TokenError::Expired,
                K::ImmatureSignature => TokenError::NotYetValid,
                K::InvalidIssuer => TokenError::WrongIssuer(String::new()),
                K::InvalidSignature => TokenError::BadSignature,
                K::InvalidAlgorithm => {
                    TokenError::UnsupportedAlgorithm(format!("{:?}", header.alg))
                }
                _ => TokenError::Malformed,
            }
        })?;
        let claims = data.claims;
        if claims.typ != "Bearer" {
            return Err(TokenError::NotAccessToken(claims.typ));
        }
        if !cfg.audiences.is_empty() && !audience_ok(&claims, &cfg.audiences) {
            return Err(TokenError::WrongAudience);
        }
        Ok(claims)
    }
}

fn audience_ok(claims: &AccessTokenClaims, expected: &[String]) -> bool {
    let in_aud = match &claims.aud {
        Some(serde_json::Value::String(a)) => expected.contains(a),
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str())
            .any(|a| expected.iter().any(|e| e == a)),
        _ => false,
    };
    in_aud || expected.contains(&claims.azp)
}

/// The token's `kid`, refusing `none` and symmetric algorithms before any key lookup.
fn header_kid(token: &str) -> Result<String, TokenError> {
    use base64::Engine as _;
    let head = token.split('.').next().ok_or(TokenError::Malformed)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(head)
        .map_err(|_| TokenError::Malformed)?;
    let header: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)?;
    let alg = header["alg"].as_str().unwrap_or("none");
    match alg.parse::<Algorithm>() {
        Ok(a) if asymmetric(a) => {}
        _ => return Err(TokenError::UnsupportedAlgorithm(alg.to_string())),
    }
    header["kid"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| TokenError::UnknownKey(String::new()))
}

#[cfg(feature = "axum")]
pub mod axum_extractor {
    //! `Bearer(claims)` in a handler's arguments protects the route: the request needs a
    //! valid access token or it gets a 401 with a `WWW-Authenticate` challenge.

    use axum::extract::{FromRef, FromRequestParts};
    use axum::http::request::Parts;
    use axum::http::{header, StatusCode};
    use axum::response::{IntoResponse, Response};
    use keygate_model::AccessTokenClaims;

    use super::{TokenError, TokenVerifier};

    /// The verified claims of the request's bearer token.
    pub struct Bearer(pub AccessTokenClaims);

    /// The 401 answer.
    pub struct Rejection(TokenError);

    impl IntoResponse for Rejection {
        fn into_response(self) -> Response {
            let challenge = format!(
                "Bearer error=\"invalid_token\", error_description=\"{}\"",
                self.0
            );
            (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, challenge)],
            )
                .into_response()
        }
    }

    impl<S> FromRequestParts<S> for Bearer
    where
        TokenVerifier: FromRef<S>,
        S: Send + Sync,
    {
        type Rejection = Rejection;

        async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
            let token = parts
                .headers
                .get(header::AUTHORIZATION)
                .and_then(|h| h.to_str().ok())
                .and_then(|h| h.strip_prefix("Bearer "))
                .ok_or(Rejection(TokenError::Malformed))?;
            let verifier = TokenVerifier::from_ref(state);
            verifier
                .verify(token.trim())
                .await
                .map(Bearer)
                .map_err(Rejection)
        }
    }
}
