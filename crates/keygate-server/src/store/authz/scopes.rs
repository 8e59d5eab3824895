//! Scopes of a resource server.

use sqlx::Row;

use super::{unique, ServerKey};
use crate::error::Result;
use crate::store::authz::model::Scope;
use crate::store::Conn;

pub async fn list(c: &mut Conn, key: &ServerKey) -> Result<Vec<Scope>> {
    let rows = sqlx::query("SELECT id, data FROM authz_scopes WHERE server_id = $1 ORDER BY name")
        .bind(key.id())
        .fetch_all(c)
        .await?;
    rows.into_iter()
        .map(|r| {
            let data: String = r.try_get("data")?;
            let mut s: Scope = serde_json::from_str(&data)?;
            s.id = r.try_get("id")?;
            Ok(s)
        })
        .collect()
}

pub async fn insert(c: &mut Conn, key: &ServerKey, s: &Scope) -> Result<()> {
    sqlx::query("INSERT INTO authz_scopes (id, server_id, name, data) VALUES ($1, $2, $3, $4)")
        .bind(&s.id)
        .bind(key.id())
        .bind(&s.name)
        .bind(serde_json::to_string(s)?)
        .execute(c)
        .await
        .map_err(|e| unique(e, "Scope", &s.name))?;
    Ok(())
}

pub async fn update(c: &mut Conn, key: &ServerKey, s: &Scope) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE authz_scopes SET name = $1, data = $2 WHERE server_id = $3 AND id = $4",
    )
    .bind(&s.name)
    .bind(serde_json::to_string(s)?)
    .bind(key.id())
    .bind(&s.id)
    .execute(c)
    .await
    .map_err(|e| unique(e, "Scope", &s.name))?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(c: &mut Conn, key: &ServerKey, id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM authz_scopes WHERE server_id = $1 AND id = $2")
        .bind(key.id())
        .bind(id)
        .execute(c)
        .await?;
    Ok(done.rows_affected() > 0)
}
