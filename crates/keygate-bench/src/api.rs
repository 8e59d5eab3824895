//! The admin and token calls the bench makes to set a server up.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// The realm, client and user every token scenario uses.
pub const REALM: &str = "bench";
pub const ES_REALM: &str = "bench-es";
pub const BIG_REALM: &str = "bench-big";
pub const CLIENT: &str = "bench";
pub const SECRET: &str = "bench-secret-0123456789";
pub const USER: (&str, &str) = ("alice", "alice-password-1");

/// A thin handle on one server's HTTP API.
#[derive(Clone)]
pub struct Api {
    pub http: Client,
    pub base: String,
}

pub type R<T> = Result<T, String>;

async fn ok_json(resp: reqwest::Response, what: &str) -> R<Value> {
    let status = resp.status();
    let body = resp.text().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("{what}: {status} {body}"));
    }
    if body.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&body).map_err(|e| format!("{what}: {e}"))
}

impl Api {
    pub fn new(http: Client, base: String) -> Api {
        Api { http, base }
    }

    pub fn token_url(&self, realm: &str) -> String {
        format!("{}/realms/{realm}/protocol/openid-connect/token", self.base)
    }

    pub fn admin_url(&self, path: &str) -> String {
        format!("{}/admin/realms{path}", self.base)
    }

    /// A token from the token endpoint with the given form.
    pub async fn token(&self, realm: &str, form: &[(&str, &str)]) -> R<Value> {
        let resp = self
            .http
            .post(self.token_url(realm))
            .form(form)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        ok_json(resp, "token").await
    }

    /// A fresh master admin token (they live 60 s, so each admin scenario takes its own).
    pub async fn admin_token(&self) -> R<String> {
        let t = self
            .token(
                "master",
                &[
                    ("grant_type", "password"),
                    ("client_id", "admin-cli"),
                    ("username", crate::server::ADMIN.0),
                    ("password", crate::server::ADMIN.1),
                ],
            )
            .await?;
        t["access_token"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| "no access_token".into())
    }

    /// The service account's client-credentials token.
    pub async fn client_token(&self, realm: &str) -> R<Value> {
        self.token(
            realm,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", CLIENT),
                ("client_secret", SECRET),
            ],
        )
        .await
    }

    /// A password-grant token for `user`.
    pub async fn password_token(&self, realm: &str, user: &str, password: &str) -> R<Value> {
        self.token(
            realm,
            &[
                ("grant_type", "password"),
                ("client_id", CLIENT),
                ("client_secret", SECRET),
                ("username", user),
                ("password", password),
                ("scope", "openid"),
            ],
        )
        .await
    }

    pub async fn send(
        &self,
        admin: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> R<reqwest::Response> {
        let mut req = self
            .http
            .request(method, self.admin_url(path))
            .bearer_auth(admin);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.map_err(|e| e.to_string())
    }

    pub async fn get(&self, admin: &str, path: &str) -> R<Value> {
        let resp = self.send(admin, reqwest::Method::GET, path, None).await?;
        ok_json(resp, path).await
    }

    pub async fn post(&self, admin: &str, path: &str, body: Value) -> R<StatusCode> {
        let resp = self
            .send(admin, reqwest::Method::POST, path, Some(body))
            .await?;
        let status = resp.status();
        // 404 is the caller's to judge; 409 means it exists already (re-runs on --target).
        if status == StatusCode::NOT_FOUND || status == StatusCode::CONFLICT || status.is_success()
        {
            return Ok(status);
        }
        Err(format!(
            "POST {path}: {status} {}",
            resp.text().await.unwrap_or_default()
        ))
    }

    /// Creates a realm with the bench client (secret, service account, password grant).
    pub async fn create_realm(&self, admin: &str, realm: &str, extra: Value) -> R<String> {
        let mut rep = json!({"realm": realm, "enabled": true});
        if let (Some(r), Some(e)) = (rep.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        self.post(admin, "", rep).await?;
        self.post(
            admin,
            &format!("/{realm}/clients"),
            json!({
                "clientId": CLIENT, "secret": SECRET, "publicClient": false,
                "serviceAccountsEnabled": true, "directAccessGrantsEnabled": true,
                "standardFlowEnabled": false
            }),
        )
        .await?;
        let r = self.get(admin, &format!("/{realm}")).await?;
        r["id"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| format!("realm {realm} has no id"))
    }

    /// Creates a user with a password (hashed by the server: argon2id, Keycloak's defaults).
    pub async fn create_user(&self, admin: &str, realm: &str, user: &str, pw: &str) -> R<()> {
        self.post(
            admin,
            &format!("/{realm}/users"),
            json!({
                "username": user, "enabled": true, "email": format!("{user}@example.com"),
                "emailVerified": true, "firstName": "Bench", "lastName": "User",
                "credentials": [{"type": "password", "value": pw, "temporary": false}]
            }),
        )
        .await
        .map(|_| ())
    }

    /// Polls the client-credentials grant until it answers 200; the time it took.
    pub async fn wait_first_token(&self, realm: &str, limit: Duration) -> R<Duration> {
        let start = Instant::now();
        loop {
            if self.client_token(realm).await.is_ok() {
                return Ok(start.elapsed());
            }
            if start.elapsed() > limit {
                return Err(format!("no token after {limit:?}"));
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// Polls the master admin login until it works (first start: bootstrap and keys).
    pub async fn wait_admin(&self, limit: Duration) -> R<String> {
        let start = Instant::now();
        loop {
            match self.admin_token().await {
                Ok(t) => return Ok(t),
                Err(e) if start.elapsed() > limit => return Err(e),
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    }
}
