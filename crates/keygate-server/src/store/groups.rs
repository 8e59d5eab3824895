//! Group rows and memberships.

use sqlx::Row;

use super::Conn;
use crate::error::{Error, Result};

/// A group row; `path` is the full `/a/b` path, kept current on rename and move.
#[derive(Debug, Clone)]
pub struct GroupRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub path: String,
    pub attributes: String,
}

pub async fn insert(c: &mut Conn, realm_id: &str, g: &GroupRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO realm_groups (id, realm_id, parent_id, name, path, attributes)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&g.id)
    .bind(realm_id)
    .bind(&g.parent_id)
    .bind(&g.name)
    .bind(&g.path)
    .bind(&g.attributes)
    .execute(c)
    .await
    .map_err(|e| {
        if super::is_unique_violation(&e) {
            Error::conflict(format!(
                "Top level group named '{}' already exists.",
                g.name
            ))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub async fn by_path(c: &mut Conn, realm_id: &str, path: &str) -> Result<Option<GroupRow>> {
    let r = sqlx::query(
        "SELECT id, parent_id, name, path, attributes FROM realm_groups
         WHERE realm_id = $1 AND path = $2",
    )
    .bind(realm_id)
    .bind(path)
    .fetch_optional(c)
    .await?;
    r.map(|r| {
        Ok(GroupRow {
            id: r.try_get("id")?,
            parent_id: r.try_get("parent_id")?,
            name: r.try_get("name")?,
            path: r.try_get("path")?,
            attributes: r.try_get("attributes")?,
        })
    })
    .transpose()
}

pub async fn add_member(c: &mut Conn, user_id: &str, group_id: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO group_members (user_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(group_id)
    .execute(c)
    .await?;
    Ok(())
}
