//! The groups admin API over HTTP, checked against what Keycloak 26 answers: the tree,
//! renames and moves, search with its hierarchy, paging and counts, group-by-path,
//! memberships from both sides, default groups and permissions.

mod crud;
mod members;
mod search;
mod tree;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{self, Srv};

async fn setup(srv: &Srv, prefix: &str) -> (String, String) {
    let token = srv.admin_token().await;
    let realm = support::realm_name(prefix);
    srv.create_realm(&token, json!({"realm": realm, "enabled": true}))
        .await;
    (token, realm)
}

fn groups(realm: &str) -> String {
    format!("/admin/realms/{realm}/groups")
}

fn group(realm: &str, id: &str) -> String {
    format!("/admin/realms/{realm}/groups/{id}")
}

fn user_groups(realm: &str, user: &str) -> String {
    format!("/admin/realms/{realm}/users/{user}/groups")
}

fn membership(realm: &str, user: &str, group: &str) -> String {
    format!("/admin/realms/{realm}/users/{user}/groups/{group}")
}

async fn create_group(srv: &Srv, token: &str, realm: &str, name: &str) -> String {
    create_group_with(srv, token, realm, json!({"name": name})).await
}

async fn create_group_with(srv: &Srv, token: &str, realm: &str, body: Value) -> String {
    let r = srv.post(token, &groups(realm), &body).await;
    if r.status() != StatusCode::CREATED {
        panic!("create group {body}: {} {:?}", r.status(), r.text().await);
    }
    support::location_id(&r)
}

async fn create_child(srv: &Srv, token: &str, realm: &str, parent: &str, name: &str) -> String {
    create_child_with(srv, token, realm, parent, json!({"name": name})).await
}

async fn create_child_with(
    srv: &Srv,
    token: &str,
    realm: &str,
    parent: &str,
    body: Value,
) -> String {
    let r = srv
        .post(token, &format!("{}/children", group(realm, parent)), &body)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "create child {body}");
    support::location_id(&r)
}

async fn user_token(srv: &Srv, realm: &str, user: &str) -> String {
    let t = srv.password_token(realm, "admin-cli", user, "pw").await;
    t["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.json().await.expect("json")
}

async fn count(srv: &Srv, token: &str, realm: &str, query: &str) -> i64 {
    let v = get_json(srv, token, &format!("{}/count{query}", groups(realm))).await;
    v["count"].as_i64().expect("count")
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|g| g["name"].as_str().expect("name").to_string())
        .collect()
}

async fn assert_error(r: reqwest::Response, status: u16, body: Value) {
    let url = r.url().clone();
    assert_eq!(r.status().as_u16(), status, "{url}");
    assert_eq!(r.json::<Value>().await.expect("json body"), body, "{url}");
}
