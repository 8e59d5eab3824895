//! A small SMTP server for tests: EHLO, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, NOOP,
//! QUIT, and STARTTLS with a certificate made at start. It listens on loopback and hands
//! every accepted message to the test.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::rustls;
use tokio_rustls::TlsAcceptor;

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
    /// The user that authenticated, if any.
    pub user: Option<String>,
    /// Whether the session ran over TLS.
    pub tls: bool,
}

/// How the server behaves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `(user, password)` that AUTH must present; MAIL is refused before it.
    pub credentials: Option<(String, String)>,
    /// Offer STARTTLS (and require it before AUTH).
    pub starttls: bool,
}

pub struct SmtpServer {
    pub port: u16,
    /// The server certificate (PEM), for the client to trust.
    pub cert_pem: String,
    rx: mpsc::UnboundedReceiver<Received>,
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

struct Conn {
    opts: Options,
    tx: mpsc::UnboundedSender<Received>,
    tls: bool,
    user: Option<String>,
    from: Option<String>,
    rcpt: Vec<String>,
}

enum Next {
    Close,
    StartTls,
}

impl SmtpServer {
    pub async fn start(opts: Options) -> SmtpServer {
        let cert =
            rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("certificate");
        let cert_pem = cert.cert.pem();
        let der = cert.cert.der().clone();
        let key = rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der())
            .expect("key der");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocols")
            .with_no_client_auth()
            .with_single_cert(vec![der], key)
            .expect("server config");
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let conn = Conn {
                    opts: opts.clone(),
                    tx: tx.clone(),
                    tls: false,
                    user: None,
                    from: None,
                    rcpt: Vec::new(),
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move { conn.run(Box::new(stream), acceptor).await });
            }
        });
        SmtpServer { port, cert_pem, rx }
    }

    /// The next message, waiting up to ten seconds.
    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(std::time::Duration::from_secs(10), self.rx.recv())
            .await
            .expect("a mail within 10s")
            .expect("server running")
    }

    /// Whether a message arrived (without waiting).
    pub fn try_next(&mut self) -> Option<Received> {
        self.rx.try_recv().ok()
    }
}

fn address(arg: &str) -> String {
    let s = arg.find('<').map(|i| &arg[i + 1..]).unwrap_or(arg);
    s.split('>').next().unwrap_or_default().trim().to_string()
}

impl Conn {
    async fn run(mut self, stream: Box<dyn Io>, acceptor: TlsAcceptor) {
        let mut stream = stream;
        let mut greet = true;
        loop {
            match self.session(stream, greet).await {
                Some((Next::StartTls, raw)) => {
                    let Ok(tls) = acceptor.accept(raw).await else {
                        return;
                    };
                    self.tls = true;
                    greet = false;
                    stream = Box::new(tls);
                }
                _ => return,
            }
        }
    }

    /// Serves commands until QUIT, an error, or STARTTLS (which hands the stream back).
    async fn session(&mut self, stream: Box<dyn Io>, greet: bool) -> Option<(Next, Box<dyn Io>)> {
        let mut io = BufReader::new(stream);
        if greet {
            io.write_all(b"220 localhost ESMTP keygate-test\r\n")
                .await
                .ok()?;
        }
        loop {
            let line = read_line(&mut io).await?;
            let (verb, arg) = line.split_once(' ').unwrap_or((&line, ""));
            let reply: String = match verb.to_ascii_uppercase().as_str() {
                "EHLO" | "HELO" => self.ehlo(),
                "STARTTLS" if self.opts.starttls && !self.tls => {
                    io.write_all(b"220 2.0.0 Ready to start TLS\r\n")
                        .await
                        .ok()?;
                    return Some((Next::StartTls, io.into_inner()));
                }
                "AUTH" => self.auth(&mut io, arg).await?,
                "MAIL" => {
                    if self.opts.credentials.is_some() && self.user.is_none() {
                        "530 5.7.0 Authentication required\r\n".into()
                    } else {
                        self.from = Some(address(arg));
                        self.rcpt.clear();
                        "250 2.1.0 Ok\r\n".into()
                    }
                }
                "RCPT" => {
                    self.rcpt.push(address(arg));
                    "250 2.1.5 Ok\r\n".into()
                }
                "DATA" => {
                    io.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                        .await
                        .ok()?;
                    let data = read_data(&mut io).await?;
                    let _ = self.tx.send(Received {
                        mail_from: self.from.take().unwrap_or_default(),
                        rcpt_to: std::mem::take(&mut self.rcpt),
                        data,
                        user: self.user.clone(),
                        tls: self.tls,
                    });
                    "250 2.0.0 Ok: queued\r\n".into()
                }
                "RSET" => {
                    self.from = None;
                    self.rcpt.clear();
                    "250 2.0.0 Ok\r\n".into()
                }
                "NOOP" => "250 2.0.0 Ok\r\n".into(),
                "QUIT" => {
                    let _ = io.write_all(b"221 2.0.0 Bye\r\n").await;
                    return Some((Next::Close, io.into_inner()));
                }
                _ => "502 5.5.2 Command not recognized\r\n".into(),
            };
            io.write_all(reply.as_bytes()).await.ok()?;
        }
    }

    fn ehlo(&self) -> String {
        let mut lines = vec!["localhost".to_string(), "8BITMIME".into()];
        if self.opts.starttls && !self.tls {
            lines.push("STARTTLS".into());
        } else {
            lines.push("AUTH PLAIN LOGIN".into());
        }
        let n = lines.len();
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| format!("250{}{l}\r\n", if i + 1 == n { ' ' } else { '-' }))
            .collect()
    }

    async fn auth(&mut self, io: &mut BufReader<Box<dyn Io>>, arg: &str) -> Option<String> {
        let (mech, initial) = arg.split_once(' ').unwrap_or((arg, ""));
        let (user, pass) = match mech.to_ascii_uppercase().as_str() {
            "PLAIN" => {
                let b64 = if initial.is_empty() {
                    io.write_all(b"334 \r\n").await.ok()?;
                    read_line(io).await?
                } else {
                    initial.to_string()
                };
                let raw = String::from_utf8(STANDARD.decode(b64.trim()).ok()?).ok()?;
                let mut parts = raw.split('\0').skip(1);
                (parts.next()?.to_string(), parts.next()?.to_string())
            }
            "LOGIN" => {
                io.write_all(b"334 VXNlcm5hbWU6\r\n").await.ok()?;
                let u = STANDARD.decode(read_line(io).await?.trim()).ok()?;
                io.write_all(b"334 UGFzc3dvcmQ6\r\n").await.ok()?;
                let p = STANDARD.decode(read_line(io).await?.trim()).ok()?;
                (String::from_utf8(u).ok()?, String::from_utf8(p).ok()?)
            }
            _ => return Some("504 5.5.4 Unrecognized authentication type\r\n".into()),
        };
        let ok = self
            .opts
            .credentials
            .as_ref()
            .is_some_and(|(u, p)| *u == user && *p == pass);
        if ok {
            self.user = Some(user);
            Some("235 2.7.0 Authentication successful\r\n".into())
        } else {
            Some("535 5.7.8 Authentication credentials invalid\r\n".into())
        }
    }
}

async fn read_line(io: &mut BufReader<Box<dyn Io>>) -> Option<String> {
    let mut line = String::new();
    let n = io.read_line(&mut line).await.ok()?;
    if n == 0 {
        return None;
    }
    Some(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The message up to the lone `.`, dot-unstuffed, lines joined with CRLF.
async fn read_data(io: &mut BufReader<Box<dyn Io>>) -> Option<String> {
    let mut out = String::new();
    loop {
        let line = read_line(io).await?;
        if line == "." {
            return Some(out);
        }
        out.push_str(line.strip_prefix('.').unwrap_or(&line));
        out.push_str("\r\n");
    }
}

/// The action link in a mail: soft line breaks and `=3D` of quoted-printable undone.
pub fn action_link(data: &str) -> String {
    let unfolded = data.replace("=\r\n", "").replace("=3D", "=");
    let start = unfolded.find("http://").expect("a link in the mail");
    let rest = &unfolded[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .unwrap_or(rest.len());
    let link = rest[..end].to_string();
    assert!(link.contains("/login-actions/action-token?key="), "{link}");
    link
}
