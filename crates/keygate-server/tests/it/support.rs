//! The test harness: a real server per test, a real store, real HTTP.

use std::time::Duration;

use keygate_server::{AppState, Config};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

/// Runs the body once on SQLite and once on PostgreSQL (when configured).
#[macro_export]
macro_rules! both_stores {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let srv = $crate::support::Srv::sqlite().await;
                // The body's `async move` may capture only some fields of `srv`; the
                // store's directory must outlive the whole body.
                let _dir = srv.keep_dir();
                ($body)(srv).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                match $crate::support::Srv::postgres().await {
                    Some(srv) => ($body)(srv).await,
                    None => eprintln!("KEYGATE_TEST_DATABASE_URL not set: PostgreSQL run skipped"),
                }
            }
        }
    };
}

/// A running server and an HTTP client for it.
pub struct Srv {
    pub base: String,
    pub http: Client,
    pub state: AppState,
    pub db_url: String,
    dir: Option<std::sync::Arc<tempfile::TempDir>>,
}

impl Srv {
    pub async fn sqlite() -> Srv {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/keygate.db", dir.path().display());
        Srv::start(Config::for_url(url), Some(dir)).await
    }

    /// A server on its own fresh PostgreSQL schema, or `None` without a test database.
    pub async fn postgres() -> Option<Srv> {
        let url = std::env::var("KEYGATE_TEST_DATABASE_URL").ok()?;
        Some(Srv::start(Config::for_url(pg_schema_url(&url).await), None).await)
    }

    pub async fn start(config: Config, dir: Option<tempfile::TempDir>) -> Srv {
        // Server errors show in a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let db_url = config.db_url.clone();
        let running = keygate_server::spawn(config).await.expect("server starts");
        Srv {
            base: format!("http://{}", running.addr),
            http: Client::builder()
                .timeout(Duration::from_secs(60))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
            state: running.state,
            db_url,
            dir: dir.map(std::sync::Arc::new),
        }
    }

    /// A handle that keeps the SQLite directory alive.
    pub fn keep_dir(&self) -> Option<std::sync::Arc<tempfile::TempDir>> {
        self.dir.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn token_url(&self, realm: &str) -> String {
        self.url(&format!("/realms/{realm}/protocol/openid-connect/token"))
    }

    /// POSTs a form to the realm's `protocol/openid-connect/{endpoint}`.
    pub async fn oidc_form(&self, realm: &str, endpoint: &str, form: &[(&str, &str)]) -> Response {
        self.http
            .post(self.url(&format!(
                "/realms/{realm}/protocol/openid-connect/{endpoint}"
            )))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// A password-grant token response, asserting success.
    pub async fn password_token(&self, realm: &str, client: &str, user: &str, pw: &str) -> Value {
        let r = self
            .oidc_form(
                realm,
                "token",
                &[
                    ("grant_type", "password"),
                    ("client_id", client),
                    ("username", user),
                    ("password", pw),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "password grant for {user}");
        r.json().await.expect("json")
    }

    /// master's admin token through `admin-cli`.
    pub async fn admin_token(&self) -> String {
        let t = self
            .password_token("master", "admin-cli", "admin", "admin")
            .await;
        t["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn put(&self, token: &str, path: &str, body: &Value) -> Response {
        self.http
            .put(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn delete(&self, token: &str, path: &str) -> Response {
        self.http
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// Creates a realm through the admin API; asserts 201.
    pub async fn create_realm(&self, token: &str, rep: Value) {
        let r = self.post(token, "/admin/realms", &rep).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "create realm: {:?}",
            r.text().await
        );
    }

    /// Creates a user with a password; returns its id (from `Location`).
    pub async fn create_user(&self, token: &str, realm: &str, username: &str, pw: &str) -> String {
        let body = json!({
            "username": username, "enabled": true, "email": format!("{username}@example.com"),
            "firstName": "Test", "lastName": username,
            "credentials": [{"type": "password", "value": pw, "temporary": false}]
        });
        let r = self
            .post(token, &format!("/admin/realms/{realm}/users"), &body)
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "create user {username}");
        location_id(&r)
    }

    /// Creates a confidential client with direct grants and a service account; returns id.
    pub async fn create_client(
        &self,
        token: &str,
        realm: &str,
        client_id: &str,
        secret: &str,
    ) -> String {
        let body = json!({
            "clientId": client_id, "secret": secret, "publicClient": false,
            "directAccessGrantsEnabled": true, "serviceAccountsEnabled": true
        });
        let r = self
            .post(token, &format!("/admin/realms/{realm}/clients"), &body)
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "create client {client_id}");
        location_id(&r)
    }
}

/// The last path segment of the `Location` header.
pub fn location_id(r: &Response) -> String {
    let loc = r
        .headers()
        .get("location")
        .expect("Location header")
        .to_str()
        .expect("ascii");
    loc.rsplit('/').next().expect("id").to_string()
}

/// Decodes a JWT's claims without verification (tests verify separately).
pub fn claims(jwt: &str) -> Value {
    use base64::Engine;
    let part = jwt.split('.').nth(1).expect("jwt payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64");
    serde_json::from_slice(&bytes).expect("claims json")
}

/// A unique realm name, so tests sharing a store never collide.
pub fn realm_name(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

pub async fn pg_schema_url(url: &str) -> String {
    use sqlx::Executor;
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(url)
        .await
        .expect("connect to KEYGATE_TEST_DATABASE_URL");
    conn.execute(format!("CREATE SCHEMA {schema}").as_str())
        .await
        .expect("create schema");
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}
