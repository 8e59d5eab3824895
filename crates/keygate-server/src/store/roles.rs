//! Roles and their composites; role mappings and effective roles are in `mappings`.

pub mod mappings;

pub use mappings::{effective_for_user, grant_group, grant_user, EffectiveRole, Holder};

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Conn;
use crate::error::{Error, Result};

/// A role row. `container_id` is the realm id for realm roles, the client's id otherwise.
#[derive(Debug, Clone)]
pub struct RoleRow {
    pub id: String,
    pub container_id: String,
    pub client_role: bool,
    pub name: String,
    pub description: Option<String>,
    pub attributes: String,
}

const COLS: &str = "id, container_id, client_role, name, description, attributes";

fn row(r: &AnyRow) -> Result<RoleRow> {
    Ok(RoleRow {
        id: r.try_get("id")?,
        container_id: r.try_get("container_id")?,
        client_role: r.try_get::<i64, _>("client_role")? != 0,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        attributes: r.try_get("attributes")?,
    })
}

fn name_taken(e: sqlx::Error, name: &str) -> Error {
    if super::is_unique_violation(&e) {
        Error::conflict(format!("Role with name {name} already exists"))
    } else {
        e.into()
    }
}

pub async fn insert(c: &mut Conn, realm_id: &str, r: &RoleRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO roles (id, realm_id, container_id, client_role, name, description, attributes)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&r.id)
    .bind(realm_id)
    .bind(&r.container_id)
    .bind(r.client_role as i64)
    .bind(&r.name)
    .bind(&r.description)
    .bind(&r.attributes)
    .execute(c)
    .await
    .map_err(|e| name_taken(e, &r.name))?;
    Ok(())
}

/// Writes a role's name, description and attributes.
pub async fn update(c: &mut Conn, realm_id: &str, r: &RoleRow) -> Result<()> {
    sqlx::query(
        "UPDATE roles SET name = $1, description = $2, attributes = $3
          WHERE realm_id = $4 AND id = $5",
    )
    .bind(&r.name)
    .bind(&r.description)
    .bind(&r.attributes)
    .bind(realm_id)
    .bind(&r.id)
    .execute(c)
    .await
    .map_err(|e| name_taken(e, &r.name))?;
    Ok(())
}

/// Deletes a role; its composites and mappings go with it (foreign-key cascades).
pub async fn delete(c: &mut Conn, realm_id: &str, id: &str) -> Result<bool> {
    let done = sqlx::query("DELETE FROM roles WHERE realm_id = $1 AND id = $2")
        .bind(realm_id)
        .bind(id)
        .execute(c)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn by_name(c: &mut Conn, container_id: &str, name: &str) -> Result<Option<RoleRow>> {
    let r = sqlx::query(&format!(
        "SELECT {COLS} FROM roles WHERE container_id = $1 AND name = $2"
    ))
    .bind(container_id)
    .bind(name)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(row).transpose()
}

pub async fn in_container(c: &mut Conn, container_id: &str) -> Result<Vec<RoleRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLS} FROM roles WHERE container_id = $1 ORDER BY name"
    ))
    .bind(container_id)
    .fetch_all(c)
    .await?;
    rows.iter().map(row).collect()
}

pub async fn add_composite(c: &mut Conn, parent: &str, child: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO role_composites (parent_id, child_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
    )
    .bind(parent)
    .bind(child)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn remove_composite(c: &mut Conn, parent: &str, child: &str) -> Result<()> {
    sqlx::query("DELETE FROM role_composites WHERE parent_id = $1 AND child_id = $2")
        .bind(parent)
        .bind(child)
        .execute(c)
        .await?;
    Ok(())
}

/// Direct composite children of a role.
pub async fn composites(c: &mut Conn, parent: &str) -> Result<Vec<RoleRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLS} FROM roles WHERE id IN
           (SELECT child_id FROM role_composites WHERE parent_id = $1) ORDER BY name"
    ))
    .bind(parent)
    .fetch_all(c)
    .await?;
    rows.iter().map(row).collect()
}

/// A role as the admin API shows it: the row, whether it has composite children, and the
/// owning client's `clientId` for client roles.
#[derive(Debug, Clone)]
pub struct RoleEntry {
    pub role: RoleRow,
    pub composite: bool,
    pub client_id: Option<String>,
}

pub(crate) const ENTRY: &str = "SELECT r.id AS id, r.container_id AS container_id,
        r.client_role AS client_role, r.name AS name, r.description AS description,
        r.attributes AS attributes,
        CAST(CASE WHEN EXISTS (SELECT 1 FROM role_composites x WHERE x.parent_id = r.id)
             THEN 1 ELSE 0 END AS BIGINT) AS composite,
        c.client_id AS client_id
   FROM roles r LEFT JOIN clients c ON r.client_role = 1 AND c.id = r.container_id";

fn entry(r: &AnyRow) -> Result<RoleEntry> {
    Ok(RoleEntry {
        role: row(r)?,
        composite: r.try_get::<i64, _>("composite")? != 0,
        client_id: r.try_get("client_id")?,
    })
}

pub(crate) fn entries(rows: Vec<AnyRow>) -> Result<Vec<RoleEntry>> {
    rows.iter().map(entry).collect()
}

fn search_pattern(s: &str) -> String {
    format!("%{}%", super::like_escape(&s.trim().to_lowercase()))
}

pub async fn entry_by_name(
    c: &mut Conn,
    container_id: &str,
    name: &str,
) -> Result<Option<RoleEntry>> {
    let r = sqlx::query(&format!(
        "{ENTRY} WHERE r.container_id = $1 AND r.name = $2"
    ))
    .bind(container_id)
    .bind(name)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(entry).transpose()
}

pub async fn entry_by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<RoleEntry>> {
    let r = sqlx::query(&format!("{ENTRY} WHERE r.realm_id = $1 AND r.id = $2"))
        .bind(realm_id)
        .bind(id)
        .fetch_optional(c)
        .await?;
    r.as_ref().map(entry).transpose()
}

/// A container's roles by name, optionally matching `search` in name or description,
/// paged in the database.
pub async fn list(
    c: &mut Conn,
    container_id: &str,
    search: Option<&str>,
    first: i64,
    max: i64,
) -> Result<Vec<RoleEntry>> {
    let rows = match search {
        Some(s) => {
            sqlx::query(&format!(
                "{ENTRY} WHERE r.container_id = $1
                   AND (lower(r.name) LIKE $2 ESCAPE '\\' OR lower(r.description) LIKE $2 ESCAPE '\\')
                 ORDER BY r.name LIMIT $3 OFFSET $4"
            ))
            .bind(container_id)
            .bind(search_pattern(s))
            .bind(max)
            .bind(first)
            .fetch_all(c)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "{ENTRY} WHERE r.container_id = $1 ORDER BY r.name LIMIT $2 OFFSET $3"
            ))
            .bind(container_id)
            .bind(max)
            .bind(first)
            .fetch_all(c)
            .await?
        }
    };
    entries(rows)
}

/// A role's direct composite children, optionally matching `search` by name, paged.
pub async fn children(
    c: &mut Conn,
    parent_id: &str,
    search: Option<&str>,
    first: i64,
    max: i64,
) -> Result<Vec<RoleEntry>> {
    let sql = format!(
        "{ENTRY} WHERE r.id IN (SELECT child_id FROM role_composites WHERE parent_id = $1)
           AND ($2 = '' OR lower(r.name) LIKE $2 ESCAPE '\\')
         ORDER BY r.name LIMIT $3 OFFSET $4"
    );
    let rows = sqlx::query(&sql)
        .bind(parent_id)
        .bind(search.map(search_pattern).unwrap_or_default())
        .bind(max)
        .bind(first)
        .fetch_all(c)
        .await?;
    entries(rows)
}
