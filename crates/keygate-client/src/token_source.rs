//! A token that stays fresh: logs in once, refreshes shortly before expiry (or logs in
//! again when the refresh token is gone), and hands the current access token to any
//! number of tasks.

use std::sync::Arc;
use std::time::{Duration, Instant};

use keygate_model::TokenResponse;
use tokio::sync::Mutex;

use crate::error::Result;
use crate::KeygateClient;

/// How a [`TokenSource`] logs in.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// Password grant, `client_secret` empty for public clients.
    Password {
        /// The client to log in through.
        client_id: String,
        /// Its secret; empty for public clients.
        client_secret: String,
        /// The user's name.
        username: String,
        /// The user's password.
        password: String,
    },
    /// Client-credentials grant.
    Client {
        /// The client's `clientId`.
        client_id: String,
        /// Its secret.
        client_secret: String,
    },
}

struct Current {
    tokens: TokenResponse,
    access_until: Instant,
    refresh_until: Option<Instant>,
}

/// Shared, self-refreshing tokens. Cheap to clone.
#[derive(Clone)]
pub struct TokenSource {
    client: KeygateClient,
    realm: String,
    credentials: Credentials,
    /// Refresh this long before the access token expires.
    margin: Duration,
    current: Arc<Mutex<Option<Current>>>,
}

impl TokenSource {
    /// A source that logs in to `realm` with `credentials` on first use.
    pub fn new(
        client: KeygateClient,
        realm: impl Into<String>,
        credentials: Credentials,
    ) -> TokenSource {
        TokenSource {
            client,
            realm: realm.into(),
            credentials,
            margin: Duration::from_secs(30),
            current: Arc::new(Mutex::new(None)),
        }
    }

    /// Sets how long before expiry the token is renewed (30 s by default).
    pub fn refresh_margin(mut self, margin: Duration) -> TokenSource {
        self.margin = margin;
        self
    }

    /// A valid access token, renewing it first when it is about to expire.
    pub async fn access_token(&self) -> Result<String> {
        let mut guard = self.current.lock().await;
        let now = Instant::now();
        if let Some(cur) = guard.as_ref() {
            if now + self.margin < cur.access_until {
                return Ok(cur.tokens.access_token.clone());
            }
        }
        let renewed = match guard.as_ref() {
            Some(cur) if cur.refresh_until.is_some_and(|t| now + self.margin < t) => {
                match self.refresh(cur).await {
                    Ok(t) => t,
                    Err(_) => self.login().await?,
                }
            }
            _ => self.login().await?,
        };
        let token = renewed.access_token.clone();
        *guard = Some(Current {
            access_until: now + Duration::from_secs(renewed.expires_in.max(0) as u64),
            refresh_until: (renewed.refresh_token.is_some() && renewed.refresh_expires_in > 0)
                .then(|| now + Duration::from_secs(renewed.refresh_expires_in as u64)),
            tokens: renewed,
        });
        Ok(token)
    }

    /// Forgets the current tokens, so the next call logs in again.
    pub async fn invalidate(&self) {
        *self.current.lock().await = None;
    }

    async fn login(&self) -> Result<TokenResponse> {
        match &self.credentials {
            Credentials::Password {
                client_id,
                client_secret,
                username,
                password,
            } => {
                self.client
                    .login(client_id, client_secret, &self.realm, username, password)
                    .await
            }
            Credentials::Client {
                client_id,
                client_secret,
            } => {
                self.client
                    .login_client(client_id, client_secret, &self.realm)
                    .await
            }
        }
    }

    async fn refresh(&self, cur: &Current) -> Result<TokenResponse> {
        let (client_id, secret) = match &self.credentials {
            Credentials::Password {
                client_id,
                client_secret,
                ..
            }
            | Credentials::Client {
                client_id,
                client_secret,
            } => (client_id, client_secret),
        };
        let rt = cur.tokens.refresh_token.as_deref().unwrap_or_default();
        self.client
            .refresh_token(rt, client_id, secret, &self.realm)
            .await
    }
}
