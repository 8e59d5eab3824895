//! The `keygate` binary as an operator runs it: start-dev, start, import.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

const EXPORT: &str = "tests/fixtures/gocloak-realm.json";

/// A running `keygate` process, killed on drop.
struct Proc {
    child: Child,
    base: String,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygate(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_keygate"));
    cmd.current_dir(dir)
        .env_remove("KEYGATE_DB_URL")
        .env_remove("KEYGATE_HOSTNAME")
        .env("KEYGATE_LOG", "info")
        .env("NO_COLOR", "1");
    cmd
}

/// Starts the command and waits for the log line that says where it listens.
fn spawn(mut cmd: Command) -> Proc {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("keygate runs");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on ").nth(1) {
                let addr = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let _ = tx.send(addr);
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("keygate logs where it listens");
    Proc { child, base }
}

async fn admin_token(base: &str, user: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!(
            "{base}/realms/master/protocol/openid-connect/token"
        ))
        .form(&[
            ("grant_type", "password"),
            ("client_id", "admin-cli"),
            ("username", user),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn start_dev_serves_master_with_admin_and_health() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = keygate(dir.path());
    cmd.args(["start-dev", "--http-port", "0"]);
    let p = spawn(cmd);
    assert!(
        dir.path().join("data/keygate.db").exists(),
        "SQLite file under ./data"
    );
    for path in ["/health/live", "/health/ready"] {
        let r = reqwest::get(format!("{}{path}", p.base)).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }
    let r = admin_token(&p.base, "admin", "admin").await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    let r = reqwest::Client::new()
        .get(format!("{}/admin/realms/master", p.base))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_second_node_on_one_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = keygate(dir.path());
    cmd.args(["start-dev", "--http-port", "0"]);
    let first = spawn(cmd);
    let out = keygate(dir.path())
        .args(["start-dev", "--http-port", "0"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("another Keygate node"),
        "explains why: {text}"
    );
    // The first node serves on; once it is gone, a new one starts on the same file.
    let r = reqwest::get(format!("{}/health/ready", first.base))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    drop(first);
    let mut cmd = keygate(dir.path());
    cmd.args(["start-dev", "--http-port", "0"]);
    let again = spawn(cmd);
    let r = reqwest::get(format!("{}/health/ready", again.base))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[test]
fn start_refuses_to_run_without_hostname() {
    let dir = tempfile::tempdir().unwrap();
    let out = keygate(dir.path())
        .args(["start", "--http-port", "0"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("--hostname"), "explains why: {text}");
}

#[tokio::test]
async fn start_bootstraps_admin_from_env_only_when_master_has_no_users() {
    let dir = tempfile::tempdir().unwrap();
    let start = |user: &str, pw: &str| {
        let mut cmd = keygate(dir.path());
        cmd.args([
            "start",
            "--http-port",
            "0",
            "--http-host",
            "127.0.0.1",
            "--hostname",
            "https://id.example.com",
        ])
        .env("KEYGATE_BOOTSTRAP_ADMIN_USERNAME", user)
        .env("KEYGATE_BOOTSTRAP_ADMIN_PASSWORD", pw);
        spawn(cmd)
    };
    let p = start("root", "first-secret");
    let conf: Value = reqwest::get(format!(
        "{}/realms/master/.well-known/openid-configuration",
        p.base
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(conf["issuer"], "https://id.example.com/realms/master");
    assert_eq!(
        admin_token(&p.base, "root", "first-secret").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        admin_token(&p.base, "admin", "admin").await.status(),
        StatusCode::UNAUTHORIZED
    );
    drop(p);
    let p = start("intruder", "other");
    assert_eq!(
        admin_token(&p.base, "intruder", "other").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        admin_token(&p.base, "root", "first-secret").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn import_command_then_start() {
    let dir = tempfile::tempdir().unwrap();
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPORT);
    let out = keygate(dir.path())
        .args(["import", "--file"])
        .arg(&export)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut cmd = keygate(dir.path());
    cmd.args(["start-dev", "--http-port", "0"]);
    let p = spawn(cmd);
    let r = reqwest::Client::new()
        .post(format!(
            "{}/realms/gocloak/protocol/openid-connect/token",
            p.base
        ))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "gocloak"),
            ("client_secret", "gocloak-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}
