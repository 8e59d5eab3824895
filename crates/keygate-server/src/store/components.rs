//! Component rows: key providers and whatever other components clients store. Config is a
//! JSON object of string lists (Keycloak's `MultivaluedHashMap`), secrets excluded: key
//! material lives in `realm_keys`.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Conn;
use crate::error::Result;

#[derive(Debug, Clone)]
pub struct ComponentRow {
    pub id: String,
    pub realm_id: String,
    pub name: String,
    pub provider_id: String,
    pub provider_type: String,
    pub parent_id: String,
    pub sub_type: Option<String>,
    pub config: String,
    pub created: i64,
}

/// What a listing filters on; `None` matches anything.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    pub parent: Option<&'a str>,
    pub provider_type: Option<&'a str>,
    pub name: Option<&'a str>,
    pub first: i64,
    pub max: i64,
}

const COLUMNS: &str =
    "id, realm_id, name, provider_id, provider_type, parent_id, sub_type, config, created";

fn from_row(r: &AnyRow) -> Result<ComponentRow> {
    Ok(ComponentRow {
        id: r.try_get("id")?,
        realm_id: r.try_get("realm_id")?,
        name: r.try_get("name")?,
        provider_id: r.try_get("provider_id")?,
        provider_type: r.try_get("provider_type")?,
        parent_id: r.try_get("parent_id")?,
        sub_type: r.try_get("sub_type")?,
        config: r.try_get("config")?,
        created: r.try_get("created")?,
    })
}

pub async fn list(c: &mut Conn, realm_id: &str, f: &Filter<'_>) -> Result<Vec<ComponentRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM components
         WHERE realm_id = $1 AND ($2 = '' OR parent_id = $2) AND ($3 = '' OR provider_type = $3)
           AND ($4 = '' OR name = $4)
         ORDER BY provider_type, name, id LIMIT $5 OFFSET $6"
    );
    let rows = sqlx::query(&sql)
        .bind(realm_id)
        .bind(f.parent.unwrap_or_default())
        .bind(f.provider_type.unwrap_or_default())
        .bind(f.name.unwrap_or_default())
        .bind(f.max)
        .bind(f.first)
        .fetch_all(c)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<ComponentRow>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM components WHERE realm_id = $1 AND id = $2"
    ))
    .bind(realm_id)
    .bind(id)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn insert(c: &mut Conn, r: &ComponentRow) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO components ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(&r.id)
    .bind(&r.realm_id)
    .bind(&r.name)
    .bind(&r.provider_id)
    .bind(&r.provider_type)
    .bind(&r.parent_id)
    .bind(r.sub_type.as_deref())
    .bind(&r.config)
    .bind(r.created)
    .execute(c)
    .await?;
    Ok(())
}

/// Updates name, parent, sub type and config (provider id and type are fixed).
pub async fn update(c: &mut Conn, r: &ComponentRow) -> Result<()> {
    sqlx::query(
        "UPDATE components SET name = $1, parent_id = $2, sub_type = $3, config = $4
         WHERE realm_id = $5 AND id = $6",
    )
    .bind(&r.name)
    .bind(&r.parent_id)
    .bind(r.sub_type.as_deref())
    .bind(&r.config)
    .bind(&r.realm_id)
    .bind(&r.id)
    .execute(c)
    .await?;
    Ok(())
}

/// Deletes the component, its sub-components and the keys they own.
pub async fn delete(c: &mut Conn, realm_id: &str, id: &str) -> Result<()> {
    sqlx::query(
        "DELETE FROM realm_keys WHERE realm_id = $1 AND id IN
           (SELECT id FROM components WHERE realm_id = $1 AND (id = $2 OR parent_id = $2))",
    )
    .bind(realm_id)
    .bind(id)
    .execute(&mut *c)
    .await?;
    sqlx::query("DELETE FROM components WHERE realm_id = $1 AND (id = $2 OR parent_id = $2)")
        .bind(realm_id)
        .bind(id)
        .execute(c)
        .await?;
    Ok(())
}
