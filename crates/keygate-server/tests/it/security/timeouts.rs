//! Connections that send their headers slowly or sit idle are closed, and the number of
//! connections is bounded, so a handful of sockets cannot hold the server.

use std::time::{Duration, Instant};

use keygate_server::Config;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::both_stores;
use crate::support::Srv;

/// A second server on the same store with small limits.
async fn strict(srv: &Srv, max_connections: usize) -> Srv {
    let mut config = Config::for_url(srv.db_url.clone());
    config.header_read_timeout = Duration::from_secs(1);
    config.idle_timeout = Duration::from_secs(2);
    config.max_connections = max_connections;
    Srv::start(config, None).await
}

async fn connect(srv: &Srv) -> TcpStream {
    let addr = srv.base.trim_start_matches("http://");
    TcpStream::connect(addr).await.expect("connect")
}

/// Reads until the peer closes (0 or an error); the time it took, or `None` after `limit`.
async fn closed_within(s: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((start + limit).into(), s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => continue,
        }
    }
}

/// Reads one whole response with a `Content-Length`; returns its head.
async fn read_response(s: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
            .await
            .expect("response in time")
            .expect("read");
        assert!(n > 0, "closed before the response");
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse().expect("length"))
                .unwrap_or(0);
            if got.len() >= end + 4 + len {
                return head;
            }
        }
    }
}

const HEALTH: &[u8] = b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";

both_stores!(
    slow_headers_and_idle_connections_are_closed,
    |srv: Srv| async move {
        let srv = strict(&srv, 64).await;

        // Half a request line, then nothing: closed after the header timeout (1 s).
        let mut s = connect(&srv).await;
        s.write_all(b"GET /health/live HT").await.expect("write");
        let took = closed_within(&mut s, Duration::from_secs(6)).await;
        assert!(took.is_some(), "a slow request head keeps its connection");

        // Bytes trickling in do not extend the header timeout.
        let mut s = connect(&srv).await;
        let start = Instant::now();
        let mut closed = false;
        for b in b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaa" {
            if s.write_all(&[*b]).await.is_err() {
                closed = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            if start.elapsed() > Duration::from_secs(6) {
                break;
            }
        }
        let closed = closed
            || closed_within(&mut s, Duration::from_millis(500))
                .await
                .is_some();
        assert!(closed, "a trickled request head keeps its connection");
        assert!(start.elapsed() < Duration::from_secs(6));

        // A kept-alive connection serves requests, then is closed after the idle timeout (2 s),
        // not after the (shorter) header timeout.
        let mut s = connect(&srv).await;
        s.write_all(HEALTH).await.expect("write");
        let head = read_response(&mut s).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        s.write_all(HEALTH).await.expect("write");
        let head = read_response(&mut s).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        let took = closed_within(&mut s, Duration::from_secs(8))
            .await
            .expect("an idle connection stays open");
        assert!(took >= Duration::from_millis(1500), "closed after {took:?}");

        // Ordinary requests still work.
        let r = srv
            .http
            .get(srv.url("/realms/master/.well-known/openid-configuration"))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), StatusCode::OK);
    }
);

both_stores!(connections_are_limited, |srv: Srv| async move {
    let srv = strict(&srv, 1).await;
    let mut first = connect(&srv).await;
    first.write_all(HEALTH).await.expect("write");
    read_response(&mut first).await;

    // The only slot is held: a second connection is not served...
    let mut second = connect(&srv).await;
    second.write_all(HEALTH).await.expect("write");
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(500), second.read(&mut buf)).await;
    assert!(early.is_err(), "served beyond the connection limit");

    // ...until the first one goes.
    drop(first);
    let head = read_response(&mut second).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
});
