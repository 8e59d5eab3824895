//! The client libraries people run against Keycloak, installed from their registries and
//! driven as child processes against a real server: python-keycloak (`tests/py`),
//! @keycloak/keycloak-admin-client and openid-client (`tests/js/clients`). Each script owns
//! a fresh realm, exits non-zero on the first failed assertion and says what failed.

mod admin_client;
mod openid_client;
mod python;

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Value};

use crate::support::{realm_name, Srv};

/// A script that has not finished by then is stuck; it is killed and the test fails.
const SCRIPT_LIMIT: Duration = Duration::from_secs(180);

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The venv's python, with `tests/py/requirements.txt` installed (once per test process).
pub fn python() -> PathBuf {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let py = tests_dir().join("py");
    let result = READY.get_or_init(|| {
        with_install_lock(&py.join(".venv.lock"), || {
            if pip_pins_installed(&py) {
                return Ok(());
            }
            if !py.join(".venv/bin/python").exists() {
                run_install(
                    Command::new("python3")
                        .args(["-m", "venv", ".venv"])
                        .current_dir(&py),
                )?;
            }
            run_install(
                Command::new(py.join(".venv/bin/pip"))
                    .args([
                        "install",
                        "-q",
                        "--disable-pip-version-check",
                        "-r",
                        "requirements.txt",
                    ])
                    .current_dir(&py),
            )
        })
    });
    if let Err(e) = result {
        panic!("installing tests/py/requirements.txt failed:\n{e}");
    }
    py.join(".venv/bin/python")
}

/// `tests/js` with its pinned npm packages in node_modules (once per test process).
pub fn node_packages() -> PathBuf {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let js = tests_dir().join("js");
    let result = READY.get_or_init(|| {
        with_install_lock(&js.join(".node_modules.lock"), || {
            if npm_pins_installed(&js) {
                return Ok(());
            }
            run_install(
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&js),
            )
        })
    });
    if let Err(e) = result {
        panic!("npm ci in tests/js failed:\n{e}");
    }
    js
}

/// Every `name==version` of requirements.txt has its dist-info in the venv.
fn pip_pins_installed(py: &Path) -> bool {
    let Ok(reqs) = fs::read_to_string(py.join("requirements.txt")) else {
        return false;
    };
    let Ok(libs) = fs::read_dir(py.join(".venv/lib")) else {
        return false;
    };
    let site: Vec<PathBuf> = libs
        .flatten()
        .map(|d| d.path().join("site-packages"))
        .collect();
    reqs.lines()
        .filter_map(|l| l.split_once("=="))
        .all(|(name, version)| {
            let dist = format!(
                "{}-{}.dist-info",
                name.trim().to_lowercase().replace('-', "_"),
                version.trim()
            );
            site.iter().any(|s| s.join(&dist).is_dir())
        })
}

/// Every dependency of package.json sits in node_modules at its pinned version.
fn npm_pins_installed(js: &Path) -> bool {
    let read = |p: PathBuf| -> Option<Value> { serde_json::from_slice(&fs::read(p).ok()?).ok() };
    let Some(pkg) = read(js.join("package.json")) else {
        return false;
    };
    let deps = pkg["dependencies"].as_object().cloned().unwrap_or_default();
    deps.iter().all(|(name, version)| {
        read(js.join("node_modules").join(name).join("package.json"))
            .is_some_and(|installed| installed["version"] == *version)
    })
}

fn run_install(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "{cmd:?}: {}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}

/// Holds a directory as a lock while `install` runs, so concurrent test processes (two
/// `cargo test` runs) never install into the same folder at once. A lock left by a killed
/// run goes stale after ten minutes.
fn with_install_lock(
    lock: &Path,
    install: impl FnOnce() -> Result<(), String>,
) -> Result<(), String> {
    struct Held<'a>(&'a Path);
    impl Drop for Held<'_> {
        fn drop(&mut self) {
            let _ = fs::remove_dir(self.0);
        }
    }
    loop {
        match fs::create_dir(lock) {
            Ok(()) => break,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                let age = fs::metadata(lock)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| SystemTime::now().duration_since(t).ok());
                if age.is_some_and(|a| a > Duration::from_secs(600)) {
                    let _ = fs::remove_dir(lock);
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => return Err(format!("lock {}: {e}", lock.display())),
        }
    }
    let _held = Held(lock);
    install()
}

/// Creates a fresh realm and runs `program args` in `dir` with Keygate's address, the realm
/// and the bootstrapped admin's credentials in the environment; fails the test with the
/// script's output unless it exits 0.
pub async fn run_script(srv: &Srv, program: PathBuf, dir: PathBuf, script: &str) {
    let admin = srv.admin_token().await;
    let realm = realm_name("client-lib");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let mut cmd = Command::new(program);
    cmd.arg(script)
        .current_dir(dir)
        .env("KEYGATE_URL", &srv.base)
        .env("KEYGATE_REALM", &realm)
        .env("KEYGATE_ADMIN_USER", "admin")
        .env("KEYGATE_ADMIN_PASSWORD", "admin")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let label = script.to_string();
    let (status, output) = tokio::task::spawn_blocking(move || run_bounded(cmd))
        .await
        .expect("script runner");
    assert!(status.success(), "{label} failed ({status}):\n{output}");
}

/// Runs the command to completion (or kills it past `SCRIPT_LIMIT`), returning its status
/// and its stdout and stderr together.
fn run_bounded(mut cmd: Command) -> (ExitStatus, String) {
    let log = tempfile::NamedTempFile::new().expect("log file");
    let err = log.reopen().expect("log file");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(log.reopen().expect("log file"))
        .stderr(err)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > SCRIPT_LIMIT {
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = fs::read_to_string(log.path()).unwrap_or_default();
    (status, output)
}
