//! The scenarios: each drives one kind of request and yields a [`Row`] of figures.

pub mod admin;
pub mod tokens;

use std::sync::Arc;

use reqwest::header::CONTENT_TYPE;
use reqwest::Client;
use serde_json::{json, Value};

use crate::api::Api;
use crate::ceiling::Ceilings;
use crate::load::{self, Load, MakeReq, Outcome};
use crate::seed::{Seeded, Sizes};

/// Every scenario name, in run order (`startup` is measured when the server restarts;
/// `sessions` runs next so its RSS baseline is the idle server, before the password
/// scenario's argon2 buffers).
pub const ALL: &[&str] = &[
    "startup",
    "sessions",
    "client-credentials",
    "password",
    "refresh",
    "introspect",
    "userinfo",
    "jwks",
    "admin-user-search",
    "admin-groups",
];

/// What the scenarios share.
pub struct Ctx {
    pub api: Api,
    pub client: Client,
    pub load: Load,
    /// The admin scenarios' load: fewer connections, so p50/p99 are the latency one admin
    /// sees rather than queueing behind 32 concurrent requests on one core.
    pub admin_load: Load,
    pub pid: Option<u32>,
    pub ceilings: Ceilings,
    pub sizes: Sizes,
    /// Why the ES256 realm is unavailable, if it is.
    pub es256: Result<(), String>,
    pub seeded: Option<Seeded>,
    /// The PostgreSQL store, when the run owns one: analyzed after the sessions scenario.
    pub pg_url: Option<String>,
}

/// One line of the report.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub name: String,
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub rss_before_kib: Option<u64>,
    pub rss_after_kib: Option<u64>,
    /// The ceiling this scenario is held against: (name, operations/s).
    pub ceiling: Option<(&'static str, f64)>,
    pub note: Option<String>,
}

impl Row {
    pub fn skipped(name: &str, why: String) -> Row {
        Row {
            name: name.into(),
            note: Some(format!("skipped: {why}")),
            ..Row::default()
        }
    }

    pub fn fraction(&self) -> Option<f64> {
        self.ceiling
            .filter(|(_, c)| *c > 0.0 && self.requests > 0)
            .map(|(_, c)| self.rps / c)
    }

    pub fn json(&self) -> Value {
        json!({
            "scenario": self.name, "requests": self.requests, "rps": self.rps,
            "p50_ms": self.p50_ms, "p99_ms": self.p99_ms, "errors": self.errors,
            "first_error": self.first_error, "rss_before_kib": self.rss_before_kib,
            "rss_after_kib": self.rss_after_kib,
            "ceiling": self.ceiling.map(|(n, v)| json!({"name": n, "ops_per_s": v})),
            "fraction_of_ceiling": self.fraction(), "note": self.note,
        })
    }
}

impl Ctx {
    pub fn rss(&self) -> Option<u64> {
        self.pid.and_then(crate::pin::rss_kib)
    }

    /// Drives `make` for the configured time and shapes the row.
    pub async fn measure(
        &self,
        name: &str,
        make: MakeReq,
        ceiling: Option<(&'static str, f64)>,
    ) -> Row {
        self.measure_with(self.load, name, make, ceiling).await
    }

    /// [`Ctx::measure`] under another load.
    pub async fn measure_with(
        &self,
        load: Load,
        name: &str,
        make: MakeReq,
        ceiling: Option<(&'static str, f64)>,
    ) -> Row {
        eprintln!("running {name}...");
        let before = self.rss();
        let out = load::drive(&self.client, load, make).await;
        let mut row = self.row(name, out, before, ceiling);
        if load.connections != self.load.connections {
            row.note = Some(format!("{} connections", load.connections));
        }
        row
    }

    pub fn row(
        &self,
        name: &str,
        out: Outcome,
        before: Option<u64>,
        ceiling: Option<(&'static str, f64)>,
    ) -> Row {
        Row {
            name: name.into(),
            requests: out.requests,
            rps: out.rps(),
            p50_ms: out.p50_ms(),
            p99_ms: out.p99_ms(),
            errors: out.errors,
            first_error: out.first_error,
            rss_before_kib: before,
            rss_after_kib: self.rss(),
            ceiling,
            note: None,
        }
    }
}

/// `application/x-www-form-urlencoded` encoding of `pairs`.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        for (j, part) in [k, v].iter().enumerate() {
            if j > 0 {
                out.push('=');
            }
            for b in part.bytes() {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// A POST of a fixed, pre-encoded form.
pub fn post_form(url: String, body: String) -> MakeReq {
    Arc::new(move |c: &Client, _| {
        c.post(&url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body.clone())
    })
}

/// A GET of a fixed URL, optionally with a bearer token.
pub fn get(url: String, bearer: Option<String>) -> MakeReq {
    Arc::new(move |c: &Client, _| {
        let r = c.get(&url);
        match &bearer {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    })
}
