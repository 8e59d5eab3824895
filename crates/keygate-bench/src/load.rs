//! The load driver: N tasks on one keep-alive HTTP/1.1 client, each sending its next
//! request as soon as the last answered, for a warm-up and then a measured window.
//! Latency goes into an HDR histogram (microseconds).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use reqwest::{Client, RequestBuilder};

/// Builds request number `i` (a global counter, for rotating over seeded data).
pub type MakeReq = Arc<dyn Fn(&Client, u64) -> RequestBuilder + Send + Sync>;

/// Load settings shared by every scenario.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub connections: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// What one measured window gave.
pub struct Outcome {
    pub requests: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub secs: f64,
    pub hist: Histogram<u64>,
}

impl Outcome {
    pub fn rps(&self) -> f64 {
        self.requests as f64 / self.secs.max(1e-9)
    }

    pub fn p50_ms(&self) -> f64 {
        self.hist.value_at_quantile(0.50) as f64 / 1000.0
    }

    pub fn p99_ms(&self) -> f64 {
        self.hist.value_at_quantile(0.99) as f64 / 1000.0
    }
}

fn histogram() -> Histogram<u64> {
    // 1 µs .. 10 min at 3 significant digits; bounds are constants, so this cannot fail.
    Histogram::new_with_bounds(1, 600_000_000, 3).unwrap_or_else(|_| Histogram::new(3).unwrap())
}

/// One request: `Ok(())` on 2xx with the body read, else a short description.
async fn one(req: RequestBuilder) -> Result<(), String> {
    let resp = req.send().await.map_err(|e| format!("transport: {e}"))?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(|e| format!("body: {e}"))?;
    if status.is_success() {
        Ok(())
    } else {
        let text = String::from_utf8_lossy(&body);
        Err(format!(
            "{status} {}",
            text.chars().take(160).collect::<String>()
        ))
    }
}

/// Runs the load (warm-up, then the measured window) and returns the window's figures.
pub async fn drive(client: &Client, load: Load, make: MakeReq) -> Outcome {
    run(client, load, make, None).await
}

/// Sends exactly `total` requests (no warm-up), measuring all of them.
pub async fn drive_count(
    client: &Client,
    connections: usize,
    total: u64,
    make: MakeReq,
) -> Outcome {
    let load = Load {
        connections,
        warmup: Duration::ZERO,
        duration: Duration::from_secs(24 * 3600),
    };
    run(client, load, make, Some(total)).await
}

async fn run(client: &Client, load: Load, make: MakeReq, limit: Option<u64>) -> Outcome {
    let counter = Arc::new(AtomicU64::new(0));
    let first_error = Arc::new(Mutex::new(None::<String>));
    let begin = Instant::now();
    let measure_from = begin + load.warmup;
    let end = measure_from + load.duration;
    let mut tasks = Vec::with_capacity(load.connections);
    for _ in 0..load.connections.max(1) {
        let (client, make, counter) = (client.clone(), make.clone(), counter.clone());
        let first_error = first_error.clone();
        tasks.push(tokio::spawn(async move {
            let mut hist = histogram();
            let (mut n, mut errors) = (0u64, 0u64);
            loop {
                let started = Instant::now();
                if started >= end {
                    break;
                }
                let i = counter.fetch_add(1, Ordering::Relaxed);
                if limit.is_some_and(|l| i >= l) {
                    break;
                }
                let result = one(make(&client, i)).await;
                if started < measure_from {
                    continue;
                }
                hist.saturating_record(started.elapsed().as_micros() as u64);
                n += 1;
                if let Err(e) = result {
                    errors += 1;
                    if let Ok(mut f) = first_error.lock() {
                        f.get_or_insert(e);
                    }
                }
            }
            (hist, n, errors)
        }));
    }
    let mut hist = histogram();
    let (mut requests, mut errors) = (0u64, 0u64);
    for t in tasks {
        if let Ok((h, n, e)) = t.await {
            let _ = hist.add(&h);
            requests += n;
            errors += e;
        }
    }
    let secs = match limit {
        Some(_) => begin.elapsed().as_secs_f64(),
        None => load.duration.as_secs_f64(),
    };
    let first_error = first_error.lock().ok().and_then(|mut f| f.take());
    Outcome {
        requests,
        errors,
        first_error,
        secs,
        hist,
    }
}
