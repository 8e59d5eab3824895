//! The server under test: a `keygate start` child process (pinned with `taskset -c 0` when
//! asked) on a loopback port, and the fresh store it runs on.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor};

/// The admin the server bootstraps in `master`.
pub const ADMIN: (&str, &str) = ("admin", "admin");

/// Finds the `keygate` binary: the flag, else next to this executable.
pub fn server_bin(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(p) = flag {
        return Ok(p);
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let bin = exe.with_file_name("keygate");
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "{} not found: build it (cargo build -p keygate-server) or pass --server-bin",
            bin.display()
        ))
    }
}

/// A free loopback port (bound, read, released).
pub fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// How to start the server; reused for restarts on the same store and port.
#[derive(Debug, Clone)]
pub struct Spec {
    pub bin: PathBuf,
    pub db_url: String,
    pub port: u16,
    pub pin: bool,
    pub log: PathBuf,
}

impl Spec {
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// A running server process.
pub struct Server {
    child: Option<Child>,
    pub pid: u32,
}

impl Server {
    /// Spawns `keygate start`; returns at once (callers wait for the first answer).
    pub fn spawn(spec: &Spec) -> Result<Server, String> {
        let log = File::options()
            .create(true)
            .append(true)
            .open(&spec.log)
            .map_err(|e| format!("{}: {e}", spec.log.display()))?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let mut cmd = if spec.pin {
            let mut c = Command::new("taskset");
            c.args(["-c", "0"]).arg(&spec.bin);
            c
        } else {
            Command::new(&spec.bin)
        };
        cmd.arg("start")
            .args(["--http-host", "127.0.0.1"])
            .args(["--http-port", &spec.port.to_string()])
            .args(["--db-url", &spec.db_url])
            .args(["--hostname", &spec.base()])
            .env("KEYGATE_BOOTSTRAP_ADMIN_USERNAME", ADMIN.0)
            .env("KEYGATE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN.1)
            .env("KEYGATE_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err);
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", spec.bin.display()))?;
        // `taskset` execs the server, so the pid is the server's.
        Ok(Server {
            pid: child.id(),
            child: Some(child),
        })
    }

    pub fn rss_kib(&self) -> Option<u64> {
        crate::pin::rss_kib(self.pid)
    }

    /// Whether the process has exited (then its log says why).
    pub fn exited(&mut self) -> bool {
        matches!(
            self.child.as_mut().map(|c| c.try_wait()),
            Some(Ok(Some(_))) | None
        )
    }

    /// SIGINT (the server's graceful shutdown), then SIGKILL after 10 s.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // SAFETY: signalling our own child by its pid.
        unsafe {
            libc::kill(self.pid as libc::pid_t, libc::SIGINT);
        }
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// A fresh, empty store for one run: a SQLite file in a temp dir, or a PostgreSQL
/// database created next to the one `--db-url` names and dropped at the end.
pub struct Store {
    pub name: &'static str,
    pub url: String,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl Store {
    pub fn sqlite() -> Result<Store, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let url = format!("sqlite://{}", dir.path().join("keygate.db").display());
        Ok(Store {
            name: "sqlite",
            url,
            dir,
            pg: None,
        })
    }

    /// Creates `keygate_bench_<pid>` through the database `admin_url` names.
    pub async fn postgres(admin_url: &str) -> Result<Store, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let (head, query) = match admin_url.split_once('?') {
            Some((h, q)) => (h, format!("?{q}")),
            None => (admin_url, String::new()),
        };
        let server = head
            .rsplit_once('/')
            .map(|(s, _)| s)
            .filter(|s| !s.ends_with('/'))
            .unwrap_or(head);
        let db = format!("keygate_bench_{}", std::process::id());
        let mut c = connect(admin_url).await?;
        c.execute(format!("DROP DATABASE IF EXISTS {db}").as_str())
            .await
            .map_err(|e| e.to_string())?;
        c.execute(format!("CREATE DATABASE {db}").as_str())
            .await
            .map_err(|e| format!("CREATE DATABASE {db}: {e}"))?;
        let _ = c.close().await;
        Ok(Store {
            name: "postgres",
            url: format!("{server}/{db}{query}"),
            dir,
            pg: Some((admin_url.to_string(), db)),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Leaves the store in place; returns its URL.
    pub fn keep(self) -> String {
        let _ = self.dir.keep();
        self.url
    }

    /// Drops the PostgreSQL database (the SQLite temp dir goes with `self`).
    pub async fn cleanup(self) -> Result<(), String> {
        if let Some((admin_url, db)) = &self.pg {
            let mut c = connect(admin_url).await?;
            c.execute(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)").as_str())
                .await
                .map_err(|e| format!("DROP DATABASE {db}: {e}"))?;
            let _ = c.close().await;
        }
        Ok(())
    }
}

async fn connect(url: &str) -> Result<sqlx::AnyConnection, String> {
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url)
        .await
        .map_err(|e| format!("{}: {e}", keygate_server::store::redact_url(url)))
}
