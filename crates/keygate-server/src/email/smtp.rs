//! Sending mail through the realm's `smtpServer` settings, as Keycloak reads them: host,
//! port, from, fromDisplayName, replyTo, replyToDisplayName, envelopeFrom, ssl, starttls,
//! auth, user, password. Values arrive as strings ("true", "587") or JSON scalars.
//! TLS is rustls with the ring provider and the webpki roots, plus any root added with
//! `trust_root_pem` or named by `KEYGATE_SMTP_TRUSTED_CA_FILE` (a PEM file), for mail
//! servers behind a private CA.

use std::sync::RwLock;

use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::{Map, Value};

use crate::realm::model::Realm;

/// Why a mail could not be sent. The message is safe to show an administrator: it never
/// carries the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("SMTP server is not configured")]
    NotConfigured,
    #[error("invalid SMTP settings: {0}")]
    Settings(String),
    #[error("invalid address: {0}")]
    Address(String),
    #[error("failed to send email: {0}")]
    Transport(String),
}

/// The realm's SMTP settings.
#[derive(Clone, Default)]
pub struct Settings {
    pub host: String,
    pub port: Option<u16>,
    pub from: String,
    pub from_display_name: Option<String>,
    pub reply_to: Option<String>,
    pub reply_to_display_name: Option<String>,
    pub envelope_from: Option<String>,
    pub ssl: bool,
    pub starttls: bool,
    pub auth: bool,
    pub user: Option<String>,
    pub password: Option<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("ssl", &self.ssl)
            .field("starttls", &self.starttls)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

/// Extra trusted roots (PEM), process-wide.
static EXTRA_ROOTS: RwLock<Vec<Vec<u8>>> = RwLock::new(Vec::new());

/// Trusts one more root certificate (PEM) for SMTP TLS.
pub fn trust_root_pem(pem: &[u8]) -> Result<(), SendError> {
    Certificate::from_pem(pem).map_err(|e| SendError::Settings(e.to_string()))?;
    if let Ok(mut roots) = EXTRA_ROOTS.write() {
        roots.push(pem.to_vec());
    }
    Ok(())
}

fn tls_parameters(host: &str) -> Result<TlsParameters, SendError> {
    let mut roots = EXTRA_ROOTS.read().map(|r| r.clone()).unwrap_or_default();
    if let Ok(file) = std::env::var("KEYGATE_SMTP_TRUSTED_CA_FILE") {
        let pem = std::fs::read(&file)
            .map_err(|e| SendError::Settings(format!("cannot read {file}: {e}")))?;
        roots.push(pem);
    }
    let mut b = TlsParameters::builder(host.to_string());
    for pem in roots {
        let cert = Certificate::from_pem(&pem).map_err(|e| SendError::Settings(e.to_string()))?;
        b = b.add_root_certificate(cert);
    }
    b.build().map_err(|e| SendError::Settings(e.to_string()))
}

fn text(m: &Map<String, Value>, key: &str) -> Option<String> {
    match m.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn flag(m: &Map<String, Value>, key: &str) -> bool {
    text(m, key).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

impl Settings {
    /// The realm's settings; `NotConfigured` without a host or a sender address.
    pub fn of(realm: &Realm) -> Result<Settings, SendError> {
        let m = realm
            .rep
            .extra
            .get("smtpServer")
            .and_then(Value::as_object)
            .ok_or(SendError::NotConfigured)?;
        Settings::from_map(m)
    }

    /// Settings from an `smtpServer` object.
    pub fn from_map(m: &Map<String, Value>) -> Result<Settings, SendError> {
        let host = text(m, "host").ok_or(SendError::NotConfigured)?;
        let from = text(m, "from").ok_or(SendError::NotConfigured)?;
        let port = match text(m, "port") {
            Some(p) => Some(
                p.parse::<u16>()
                    .map_err(|_| SendError::Settings(format!("port {p}")))?,
            ),
            None => None,
        };
        Ok(Settings {
            host,
            port,
            from,
            from_display_name: text(m, "fromDisplayName"),
            reply_to: text(m, "replyTo"),
            reply_to_display_name: text(m, "replyToDisplayName"),
            envelope_from: text(m, "envelopeFrom"),
            ssl: flag(m, "ssl"),
            starttls: flag(m, "starttls"),
            auth: flag(m, "auth"),
            user: text(m, "user"),
            password: m
                .get("password")
                .and_then(Value::as_str)
                .map(str::to_string),
        })
    }

    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, SendError> {
        let tls = |s: &Settings| tls_parameters(&s.host);
        let (tls, default_port) = if self.ssl {
            (Tls::Wrapper(tls(self)?), 465)
        } else if self.starttls {
            (Tls::Required(tls(self)?), 587)
        } else {
            (Tls::None, 25)
        };
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port.unwrap_or(default_port))
            .tls(tls)
            .timeout(Some(Duration::from_secs(15)));
        if self.auth {
            b = b.credentials(Credentials::new(
                self.user.clone().unwrap_or_default(),
                self.password.clone().unwrap_or_default(),
            ));
        }
        Ok(b.build())
    }
}

fn mailbox(name: Option<&str>, addr: &str) -> Result<Mailbox, SendError> {
    let address: Address = addr
        .parse()
        .map_err(|_| SendError::Address(addr.to_string()))?;
    Ok(Mailbox::new(name.map(str::to_string), address))
}

/// A mail to send: subject, plain text and HTML bodies.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Builds the message from the settings and sends it.
pub async fn send(settings: &Settings, mail: &Mail) -> Result<(), SendError> {
    let mut b = Message::builder()
        .from(mailbox(
            settings.from_display_name.as_deref(),
            &settings.from,
        )?)
        .to(mailbox(None, &mail.to)?)
        .subject(mail.subject.clone());
    if let Some(r) = &settings.reply_to {
        b = b.reply_to(mailbox(settings.reply_to_display_name.as_deref(), r)?);
    }
    if let Some(env) = &settings.envelope_from {
        let from: Address = env
            .parse()
            .map_err(|_| SendError::Address(env.to_string()))?;
        let to: Address = mail
            .to
            .parse()
            .map_err(|_| SendError::Address(mail.to.clone()))?;
        let envelope = lettre::address::Envelope::new(Some(from), vec![to])
            .map_err(|e| SendError::Address(e.to_string()))?;
        b = b.envelope(envelope);
    }
    let body = MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.clone()),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(mail.html.clone()),
        );
    let message = b
        .multipart(body)
        .map_err(|e| SendError::Settings(e.to_string()))?;
    settings
        .transport()?
        .send(message)
        .await
        .map_err(|e| SendError::Transport(e.to_string()))?;
    Ok(())
}
