//! Policies and permissions of a resource server, with their resource, scope and
//! associated-policy links.

use sqlx::Row;

use super::{links, ServerKey};
use crate::error::Result;
use crate::store::authz::model::Policy;
use crate::store::Conn;

const LINKS: [(&str, &str); 3] = [
    ("authz_policy_resources", "resource_id"),
    ("authz_policy_scopes", "scope_id"),
    ("authz_policy_policies", "associated_id"),
];

/// The table each link points into, to list links by name.
const TARGETS: [&str; 3] = ["authz_resources", "authz_scopes", "authz_policies"];

pub async fn list(c: &mut Conn, key: &ServerKey) -> Result<Vec<Policy>> {
    let rows =
        sqlx::query("SELECT id, data FROM authz_policies WHERE server_id = $1 ORDER BY name")
            .bind(key.id())
            .fetch_all(&mut *c)
            .await?;
    let mut maps = Vec::new();
    for ((table, col), target) in LINKS.into_iter().zip(TARGETS) {
        let sql = format!(
            "SELECT l.policy_id, l.{col} FROM {table} l
               JOIN authz_policies p ON p.id = l.policy_id
               JOIN {target} t ON t.id = l.{col}
              WHERE p.server_id = $1 ORDER BY t.name"
        );
        maps.push(links(&mut *c, &sql, key).await?);
    }
    rows.into_iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            let data: String = r.try_get("data")?;
            let mut p: Policy = serde_json::from_str(&data)?;
            p.resources = maps[0].remove(&id).unwrap_or_default();
            p.scopes = maps[1].remove(&id).unwrap_or_default();
            p.policies = maps[2].remove(&id).unwrap_or_default();
            p.id = id;
            Ok(p)
        })
        .collect()
}

fn conflict(e: sqlx::Error, name: &str) -> crate::error::Error {
    if crate::store::is_unique_violation(&e) {
        super::conflicts::policy_exists(name)
    } else {
        e.into()
    }
}

pub async fn insert(c: &mut Conn, key: &ServerKey, p: &Policy) -> Result<()> {
    sqlx::query(
        "INSERT INTO authz_policies (id, server_id, name, type, data) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&p.id)
    .bind(key.id())
    .bind(&p.name)
    .bind(&p.type_)
    .bind(serde_json::to_string(p)?)
    .execute(&mut *c)
    .await
    .map_err(|e| conflict(e, &p.name))?;
    set_links(c, p).await
}

pub async fn update(c: &mut Conn, key: &ServerKey, p: &Policy) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE authz_policies SET name = $1, data = $2 WHERE server_id = $3 AND id = $4",
    )
    .bind(&p.name)
    .bind(serde_json::to_string(p)?)
    .bind(key.id())
    .bind(&p.id)
    .execute(&mut *c)
    .await
    .map_err(|e| conflict(e, &p.name))?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    set_links(c, p).await?;
    Ok(true)
}

async fn set_links(c: &mut Conn, p: &Policy) -> Result<()> {
    for ((table, col), ids) in LINKS.iter().zip([&p.resources, &p.scopes, &p.policies]) {
        sqlx::query(&format!("DELETE FROM {table} WHERE policy_id = $1"))
            .bind(&p.id)
            .execute(&mut *c)
            .await?;
        for id in ids {
            sqlx::query(&format!(
                "INSERT INTO {table} (policy_id, {col}) VALUES ($1, $2)"
            ))
            .bind(&p.id)
            .bind(id)
            .execute(&mut *c)
            .await?;
        }
    }
    Ok(())
}

pub async fn delete(c: &mut Conn, key: &ServerKey, id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM authz_policies WHERE server_id = $1 AND id = $2")
        .bind(key.id())
        .bind(id)
        .execute(c)
        .await?;
    Ok(done.rows_affected() > 0)
}
