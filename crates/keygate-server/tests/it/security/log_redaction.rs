//! The request log (debug level) never carries secrets from the query string: action-token
//! keys, codes, tokens, client secrets and passwords are redacted; the rest stays readable.
//!
//! The server runs on its own runtime whose threads all log into a buffer, so the test
//! sees exactly what an operator at `KEYGATE_LOG=debug` would.

use std::io::Write;
use std::sync::{Arc, Mutex};

use keygate_server::Config;
use reqwest::StatusCode;
use tracing_subscriber::fmt::MakeWriter;

use crate::both_stores;
use crate::support::Srv;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

const SECRETS: &[&str] = &[
    "ActionKeySecret1",
    "CodeSecret2",
    "TokenSecret3",
    "ClientSecret4",
    "PasswordSecret5",
    "HintSecret6",
];

/// Runs `requests` against a server on `db_url` whose debug log is captured; returns it.
fn logged(db_url: String) -> String {
    let captured = Captured::default();
    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::fmt()
            .with_writer(captured.clone())
            .with_ansi(false)
            .with_env_filter("debug")
            .finish(),
    );
    let on_workers = dispatch.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_start(move || {
            // The thread keeps this subscriber for its whole life.
            std::mem::forget(tracing::dispatcher::set_default(&on_workers));
        })
        .build()
        .expect("runtime");
    tracing::dispatcher::with_default(&dispatch, || {
        rt.block_on(async move {
            let srv = Srv::start(Config::for_url(db_url), None).await;
            let q = format!(
                "key={}&code={}&token={}&client_secret={}&password={}&id_token_hint={}&client_id=visible-client",
                SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[3], SECRETS[4], SECRETS[5]
            );
            for path in [
                "/realms/master/login-actions/action-token",
                "/realms/master/protocol/openid-connect/auth",
                "/auth/realms/master/protocol/openid-connect/logout",
            ] {
                let r = srv
                    .http
                    .get(srv.url(&format!("{path}?{q}")))
                    .send()
                    .await
                    .expect("request");
                assert_ne!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
            }
        });
    });
    drop(rt);
    let bytes = captured.0.lock().expect("log buffer").clone();
    String::from_utf8_lossy(&bytes).to_string()
}

both_stores!(secrets_in_queries_are_not_logged, |srv: Srv| async move {
    let db_url = srv.db_url.clone();
    let log = tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || logged(db_url))
            .join()
            .expect("server thread")
    })
    .await
    .expect("join");
    // The requests were logged, with their path and harmless parameters...
    assert!(
        log.contains("/realms/master/login-actions/action-token"),
        "{log}"
    );
    assert!(log.contains("client_id=visible-client"), "{log}");
    // ...and without any secret.
    for s in SECRETS {
        assert!(!log.contains(s), "{s} logged:\n{log}");
    }
});
