//! `keygate export` and `keygate import` as an operator runs them, on SQLite files.

use std::process::{Command, Output};

use keygate_server::Config;
use reqwest::StatusCode;
use serde_json::Value;

use super::*;
use crate::support::Srv;

fn keygate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keygate"))
        .args(args)
        .env_remove("KEYGATE_DB_URL")
        .env("KEYGATE_LOG", "info")
        .env("NO_COLOR", "1")
        .output()
        .expect("keygate runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_exports_to_a_file_and_stdout_and_imports_into_a_new_store() {
    let srv = Srv::sqlite().await;
    let _keep = srv.keep_dir();
    let token = srv.admin_token().await;
    let built = build_realm(&srv, &token, "binary").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("realm.json");
    let file_arg = file.to_str().unwrap();

    let out = keygate(&[
        "export",
        "--realm",
        &built.realm,
        "--file",
        file_arg,
        "--db-url",
        &srv.db_url,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("with 3 users"),
        "{}",
        text(&out.stderr)
    );
    let from_file: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(from_file, export_json(&srv, &built.realm).await);

    // Without --file the export is the only thing on stdout (logs go to stderr).
    let out = keygate(&["export", "--realm", &built.realm, "--db-url", &srv.db_url]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let from_stdout: Value = serde_json::from_slice(&out.stdout).expect("stdout is the JSON");
    assert_eq!(from_stdout, from_file);

    let target = format!("sqlite://{}/copy.db", dir.path().display());
    let out = keygate(&["import", "--file", file_arg, "--db-url", &target]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("imported 3/3 users"),
        "{}",
        text(&out.stderr)
    );
    let out = keygate(&["import", "--file", file_arg, "--db-url", &target]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("realm exists, skipped"));

    let copy = Srv::start(Config::for_url(target), None).await;
    assert_eq!(
        shop_login(&copy, &built.realm, "alice", "alice-pw").await,
        StatusCode::OK
    );
    assert_eq!(export_json(&copy, &built.realm).await, from_file);
}

#[tokio::test]
async fn binary_export_of_an_unknown_realm_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/keygate.db", dir.path().display());
    let out = keygate(&["export", "--realm", "nowhere", "--db-url", &db]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not found"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing half-written on stdout");
}
