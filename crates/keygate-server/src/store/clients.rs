//! Client and client-scope rows: the representation as a JSON document, `clientId` indexed.

use sqlx::Row;

use super::Conn;
use crate::error::{Error, Result};

/// A client row.
#[derive(Debug, Clone)]
pub struct ClientRow {
    pub id: String,
    pub client_id: String,
    pub data: String,
}

fn row(r: sqlx::any::AnyRow) -> Result<ClientRow> {
    Ok(ClientRow {
        id: r.try_get("id")?,
        client_id: r.try_get("client_id")?,
        data: r.try_get("data")?,
    })
}

fn conflict(e: sqlx::Error, client_id: &str) -> Error {
    if super::is_unique_violation(&e) {
        Error::conflict(format!("Client {client_id} already exists"))
    } else {
        e.into()
    }
}

pub async fn for_realm(c: &mut Conn, realm_id: &str) -> Result<Vec<ClientRow>> {
    let rows = sqlx::query(
        "SELECT id, client_id, data FROM clients WHERE realm_id = $1 ORDER BY client_id",
    )
    .bind(realm_id)
    .fetch_all(c)
    .await?;
    rows.into_iter().map(row).collect()
}

/// Lists clients with an optional `clientId` filter (exact or infix), paged in the database.
pub async fn search(
    c: &mut Conn,
    realm_id: &str,
    client_id: Option<&str>,
    exact: bool,
    first: i64,
    max: i64,
) -> Result<Vec<ClientRow>> {
    let rows = match client_id {
        Some(cid) if exact => {
            sqlx::query(
                "SELECT id, client_id, data FROM clients WHERE realm_id = $1 AND client_id = $2
             ORDER BY client_id LIMIT $3 OFFSET $4",
            )
            .bind(realm_id)
            .bind(cid)
            .bind(max)
            .bind(first)
            .fetch_all(c)
            .await?
        }
        Some(cid) => {
            sqlx::query(
                "SELECT id, client_id, data FROM clients WHERE realm_id = $1
               AND lower(client_id) LIKE $2 ESCAPE '\\'
             ORDER BY client_id LIMIT $3 OFFSET $4",
            )
            .bind(realm_id)
            .bind(format!("%{}%", super::like_escape(&cid.to_lowercase())))
            .bind(max)
            .bind(first)
            .fetch_all(c)
            .await?
        }
        None => {
            sqlx::query(
                "SELECT id, client_id, data FROM clients WHERE realm_id = $1
             ORDER BY client_id LIMIT $2 OFFSET $3",
            )
            .bind(realm_id)
            .bind(max)
            .bind(first)
            .fetch_all(c)
            .await?
        }
    };
    rows.into_iter().map(row).collect()
}

pub async fn by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<ClientRow>> {
    let r = sqlx::query("SELECT id, client_id, data FROM clients WHERE realm_id = $1 AND id = $2")
        .bind(realm_id)
        .bind(id)
        .fetch_optional(c)
        .await?;
    r.map(row).transpose()
}

pub async fn insert(c: &mut Conn, realm_id: &str, r: &ClientRow) -> Result<()> {
    sqlx::query("INSERT INTO clients (id, realm_id, client_id, data) VALUES ($1, $2, $3, $4)")
        .bind(&r.id)
        .bind(realm_id)
        .bind(&r.client_id)
        .bind(&r.data)
        .execute(c)
        .await
        .map_err(|e| conflict(e, &r.client_id))?;
    Ok(())
}

pub async fn update(c: &mut Conn, realm_id: &str, r: &ClientRow) -> Result<()> {
    sqlx::query("UPDATE clients SET client_id = $1, data = $2 WHERE realm_id = $3 AND id = $4")
        .bind(&r.client_id)
        .bind(&r.data)
        .bind(realm_id)
        .bind(&r.id)
        .execute(c)
        .await
        .map_err(|e| conflict(e, &r.client_id))?;
    Ok(())
}

pub async fn delete(c: &mut Conn, realm_id: &str, id: &str) -> Result<bool> {
    super::scopes::remove_holder(&mut *c, realm_id, id).await?;
    sqlx::query("DELETE FROM roles WHERE realm_id = $1 AND container_id = $2")
        .bind(realm_id)
        .bind(id)
        .execute(&mut *c)
        .await?;
    sqlx::query("DELETE FROM users WHERE realm_id = $1 AND service_account_client_id = $2")
        .bind(realm_id)
        .bind(id)
        .execute(&mut *c)
        .await?;
    let done = sqlx::query("DELETE FROM clients WHERE realm_id = $1 AND id = $2")
        .bind(realm_id)
        .bind(id)
        .execute(c)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn insert_scope(
    c: &mut Conn,
    realm_id: &str,
    id: &str,
    name: &str,
    data: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO client_scopes (id, realm_id, name, data) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(realm_id)
        .bind(name)
        .bind(data)
        .execute(c)
        .await
        .map_err(|e| {
            if super::is_unique_violation(&e) {
                Error::conflict(format!("Client Scope {name} already exists"))
            } else {
                e.into()
            }
        })?;
    Ok(())
}

pub async fn scopes_for_realm(c: &mut Conn, realm_id: &str) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT id, data FROM client_scopes WHERE realm_id = $1 ORDER BY name")
        .bind(realm_id)
        .fetch_all(c)
        .await?;
    rows.into_iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("data")?)))
        .collect()
}
