//! The listener: HTTP/1 connections served by hyper with the limits `axum::serve` lacks: a
//! request head must arrive within the header timeout of its first byte, a connection with
//! no request in progress is closed after the idle timeout, and at most `max_connections`
//! are served at once (more wait in the kernel's listen queue).
//!
//! hyper's own `header_read_timeout` also runs while a kept-alive connection waits, so it
//! cannot give a short header timeout with a longer idle one; both live in `Watched` here.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tower::Service;

/// The connection limits (from `Config`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read: Duration,
    pub idle: Duration,
    pub max_connections: usize,
}

/// What a connection is doing, shared by its socket and its requests.
#[derive(Debug)]
struct Activity {
    in_flight: usize,
    /// The last byte read or written, or the last response handed over.
    last: Instant,
    /// The first byte of a request head not yet complete.
    head_started: Option<Instant>,
}

#[derive(Debug, Clone)]
struct Shared(Arc<Mutex<Activity>>);

impl Shared {
    fn new() -> Shared {
        Shared(Arc::new(Mutex::new(Activity {
            in_flight: 0,
            last: Instant::now(),
            head_started: None,
        })))
    }

    fn lock(&self) -> MutexGuard<'_, Activity> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Marks a request as handed to the router until the guard drops.
    fn begin(&self) -> InFlight {
        let mut a = self.lock();
        a.in_flight += 1;
        a.head_started = None;
        InFlight(self.clone())
    }
}

struct InFlight(Shared);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut a = self.0.lock();
        a.in_flight = a.in_flight.saturating_sub(1);
        a.last = Instant::now();
    }
}

/// A socket that fails its reads once the connection has waited too long.
struct Watched {
    io: TcpStream,
    shared: Shared,
    limits: Limits,
    timer: Pin<Box<Sleep>>,
}

impl Watched {
    /// While a request is with the router there is no deadline: it may take its time.
    fn deadline(&self) -> Option<Instant> {
        let a = self.shared.lock();
        if a.in_flight > 0 {
            return None;
        }
        Some(match a.head_started {
            Some(t) => t + self.limits.header_read,
            None => a.last + self.limits.idle,
        })
    }

    fn on_read(&self) {
        let mut a = self.shared.lock();
        let now = Instant::now();
        a.last = now;
        if a.in_flight == 0 && a.head_started.is_none() {
            a.head_started = Some(now);
        }
    }

    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Some(deadline) = self.deadline() else {
            return Poll::Pending;
        };
        if self.timer.deadline() != deadline {
            self.timer.as_mut().reset(deadline);
        }
        match self.timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "connection timed out",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.on_read();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => this.poll_deadline(cx),
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            this.shared.lock().last = Instant::now();
        }
        r
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            this.shared.lock().last = Instant::now();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// Serves one connection; the peer address is what `ConnectInfo` extractors see.
async fn connection(stream: TcpStream, peer: SocketAddr, app: Router, limits: Limits) {
    let shared = Shared::new();
    let io = Watched {
        io: stream,
        shared: shared.clone(),
        limits,
        timer: Box::pin(tokio::time::sleep(limits.idle)),
    };
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        let in_flight = shared.begin();
        let mut app = app.clone();
        async move {
            let resp = app.call(req.map(Body::new)).await;
            drop(in_flight);
            resp
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades();
    if let Err(e) = conn.await {
        tracing::debug!(error = %e, %peer, "connection ended");
    }
}

/// A failure of one incoming connection, not of the listener.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Accepts and serves until the listener fails for good.
pub async fn run(listener: TcpListener, app: Router, limits: Limits) {
    let slots = Arc::new(Semaphore::new(
        limits.max_connections.clamp(1, Semaphore::MAX_PERMITS),
    ));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        match listener.accept().await {
            Ok((stream, peer)) => {
                let app = app.clone();
                tokio::spawn(async move {
                    connection(stream, peer, app, limits).await;
                    drop(slot);
                });
            }
            Err(e) if is_connection_error(&e) => {}
            // Out of file descriptors and the like: wait rather than spin, as axum does.
            Err(e) => {
                tracing::error!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
