//! Resources of a resource server, their scopes in `authz_resource_scopes`.

use sqlx::Row;

use super::{links, unique, ServerKey};
use crate::error::Result;
use crate::store::authz::model::Resource;
use crate::store::Conn;

pub async fn list(c: &mut Conn, key: &ServerKey) -> Result<Vec<Resource>> {
    let rows =
        sqlx::query("SELECT id, data FROM authz_resources WHERE server_id = $1 ORDER BY name")
            .bind(key.id())
            .fetch_all(&mut *c)
            .await?;
    let mut scopes = links(
        c,
        "SELECT l.resource_id, l.scope_id FROM authz_resource_scopes l
           JOIN authz_resources r ON r.id = l.resource_id
           JOIN authz_scopes s ON s.id = l.scope_id
          WHERE r.server_id = $1 ORDER BY s.name",
        key,
    )
    .await?;
    rows.into_iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            let data: String = r.try_get("data")?;
            let mut res: Resource = serde_json::from_str(&data)?;
            res.scopes = scopes.remove(&id).unwrap_or_default();
            res.id = id;
            Ok(res)
        })
        .collect()
}

pub async fn insert(c: &mut Conn, key: &ServerKey, r: &Resource) -> Result<()> {
    sqlx::query(
        "INSERT INTO authz_resources (id, server_id, name, owner, data) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&r.id)
    .bind(key.id())
    .bind(&r.name)
    .bind(&r.owner)
    .bind(serde_json::to_string(r)?)
    .execute(&mut *c)
    .await
    .map_err(|e| unique(e, "Resource", &r.name))?;
    set_scopes(c, &r.id, &r.scopes).await
}

pub async fn update(c: &mut Conn, key: &ServerKey, r: &Resource) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE authz_resources SET name = $1, owner = $2, data = $3 WHERE server_id = $4 AND id = $5",
    )
    .bind(&r.name)
    .bind(&r.owner)
    .bind(serde_json::to_string(r)?)
    .bind(key.id())
    .bind(&r.id)
    .execute(&mut *c)
    .await
    .map_err(|e| unique(e, "Resource", &r.name))?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    set_scopes(c, &r.id, &r.scopes).await?;
    Ok(true)
}

async fn set_scopes(c: &mut Conn, id: &str, scopes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM authz_resource_scopes WHERE resource_id = $1")
        .bind(id)
        .execute(&mut *c)
        .await?;
    for s in scopes {
        sqlx::query("INSERT INTO authz_resource_scopes (resource_id, scope_id) VALUES ($1, $2)")
            .bind(id)
            .bind(s)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

pub async fn delete(c: &mut Conn, key: &ServerKey, id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM authz_resources WHERE server_id = $1 AND id = $2")
        .bind(key.id())
        .bind(id)
        .execute(c)
        .await?;
    Ok(done.rows_affected() > 0)
}
