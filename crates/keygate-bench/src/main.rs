//! `keygate-bench`: starts (or targets) a Keygate server, seeds what each scenario needs,
//! drives load with N keep-alive connections, and prints requests/s, p50/p99, errors and
//! server RSS per scenario next to the crypto ceilings measured in the same run.
//! See BENCHMARKS.md at the repository root.

mod api;
mod ceiling;
mod load;
mod median;
mod pin;
mod report;
mod run;
mod scenarios;
mod seed;
mod server;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "keygate-bench",
    about = "Load and ceiling benchmarks for Keygate"
)]
pub struct Opts {
    /// Scenarios to run, comma-separated (default: all). One of: startup,
    /// client-credentials, password, refresh, introspect, userinfo, jwks,
    /// admin-user-search, admin-groups, sessions.
    #[arg(long, value_delimiter = ',')]
    scenario: Vec<String>,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Concurrent connections of the admin scenarios (user search, groups): latency of one
    /// admin at a time by default.
    #[arg(long, default_value_t = 1)]
    admin_connections: usize,
    /// Measured seconds per scenario.
    #[arg(long)]
    duration: Option<f64>,
    /// Warm-up seconds before each measured window.
    #[arg(long)]
    warmup: Option<f64>,
    /// Tiny datasets (1,000 users, 1,000 groups, 2,000 sessions) and 2 s windows.
    #[arg(long)]
    quick: bool,
    /// Server on core 0 (`taskset -c 0`), load and ceilings pinned (load core 1, ceilings core 0).
    #[arg(long)]
    pin: bool,
    /// The `keygate` binary (default: next to this executable).
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Benchmark a running server instead of starting one (no startup, no bulk seeding
    /// unless --target-db-url names its store).
    #[arg(long)]
    target: Option<String>,
    /// With --target: the running server's store, for bulk seeding of the big realm.
    #[arg(long)]
    target_db_url: Option<String>,
    /// PostgreSQL server to run on as well: a fresh database is created through this URL
    /// and dropped at the end.
    #[arg(long)]
    db_url: Option<String>,
    /// Skip SQLite (with --db-url: PostgreSQL only).
    #[arg(long)]
    no_sqlite: bool,
    /// Override the number of seeded users / groups / sessions.
    #[arg(long)]
    users: Option<usize>,
    #[arg(long)]
    groups: Option<usize>,
    #[arg(long)]
    sessions: Option<usize>,
    /// Seconds each ceiling is measured for.
    #[arg(long)]
    ceiling_secs: Option<f64>,
    /// Measured passes over the scenarios on the same seeded store (and startups); every
    /// reported req/s, p50 and p99 is the median of the passes. Default 3 (1 with --quick).
    #[arg(long)]
    runs: Option<usize>,
    /// Keep the seeded store at the end (the SQLite directory, the PostgreSQL database) and
    /// print where it is, for profiling its queries afterwards.
    #[arg(long)]
    keep_store: bool,
    /// Also write the figures as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
}

impl Opts {
    pub fn wants(&self, name: &str) -> bool {
        self.scenario.is_empty() || self.scenario.iter().any(|s| s == name)
    }

    pub fn load(&self) -> load::Load {
        let (d, w) = if self.quick { (2.0, 0.5) } else { (10.0, 2.0) };
        load::Load {
            connections: self.connections.max(1),
            duration: Duration::from_secs_f64(self.duration.unwrap_or(d)),
            warmup: Duration::from_secs_f64(self.warmup.unwrap_or(w)),
        }
    }

    pub fn admin_load(&self) -> load::Load {
        load::Load {
            connections: self.admin_connections.max(1),
            ..self.load()
        }
    }

    pub fn runs(&self) -> usize {
        self.runs.unwrap_or(if self.quick { 1 } else { 3 }).max(1)
    }

    pub fn sizes(&self) -> seed::Sizes {
        let mut s = if self.quick {
            seed::Sizes::QUICK
        } else {
            seed::Sizes::FULL
        };
        s.users = self.users.unwrap_or(s.users);
        s.groups = self.groups.unwrap_or(s.groups).max(10);
        s.sessions = self.sessions.unwrap_or(s.sessions);
        s.members = s.members.min(s.users);
        s
    }
}

fn main() -> ExitCode {
    let opts = Opts::parse();
    if let Some(bad) = opts
        .scenario
        .iter()
        .find(|s| !scenarios::ALL.contains(&s.as_str()))
    {
        eprintln!(
            "keygate-bench: unknown scenario {bad} (known: {})",
            scenarios::ALL.join(", ")
        );
        return ExitCode::FAILURE;
    }
    if opts.pin {
        if let Err(e) = pin::pin_current_thread(1) {
            eprintln!("keygate-bench: {e}");
            return ExitCode::FAILURE;
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(pin::allowed_cores())
        .enable_all()
        .build();
    let result = match runtime {
        // Ctrl-C drops the run: the server child is stopped and the SQLite temp dir removed
        // (a PostgreSQL bench database is left; the next run on the same pid drops it).
        Ok(rt) => rt.block_on(async {
            tokio::select! {
                r = run::all(opts) => r,
                _ = tokio::signal::ctrl_c() => Err("interrupted".to_string()),
            }
        }),
        Err(e) => Err(e.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keygate-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
