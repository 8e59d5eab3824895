//! Roles, composites and role mappings. Effective roles are resolved in one recursive query
//! that follows group parents and composites.

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

fn row(r: sqlx::any::AnyRow) -> Result<RoleRow> {
    Ok(RoleRow {
        id: r.try_get("id")?,
        container_id: r.try_get("container_id")?,
        client_role: r.try_get::<i64, _>("client_role")? != 0,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        attributes: r.try_get("attributes")?,
    })
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
    .map_err(|e| {
        if super::is_unique_violation(&e) {
            Error::conflict(format!("Role with name {} already exists", r.name))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub async fn by_name(c: &mut Conn, container_id: &str, name: &str) -> Result<Option<RoleRow>> {
    let r = sqlx::query(&format!(
        "SELECT {COLS} FROM roles WHERE container_id = $1 AND name = $2"
    ))
    .bind(container_id)
    .bind(name)
    .fetch_optional(c)
    .await?;
    r.map(row).transpose()
}

pub async fn in_container(c: &mut Conn, container_id: &str) -> Result<Vec<RoleRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLS} FROM roles WHERE container_id = $1 ORDER BY name"
    ))
    .bind(container_id)
    .fetch_all(c)
    .await?;
    rows.into_iter().map(row).collect()
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

/// Direct composite children of a role.
pub async fn composites(c: &mut Conn, parent: &str) -> Result<Vec<RoleRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLS} FROM roles WHERE id IN
           (SELECT child_id FROM role_composites WHERE parent_id = $1) ORDER BY name"
    ))
    .bind(parent)
    .fetch_all(c)
    .await?;
    rows.into_iter().map(row).collect()
}

pub async fn grant_user(c: &mut Conn, user_id: &str, role_id: &str) -> Result<()> {
    sqlx::query("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(user_id)
        .bind(role_id)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn grant_group(c: &mut Conn, group_id: &str, role_id: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO group_roles (group_id, role_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(group_id)
    .bind(role_id)
    .execute(c)
    .await?;
    Ok(())
}

/// One effective role: its name and, for client roles, the owning client's `clientId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveRole {
    pub name: String,
    pub client: Option<String>,
}

/// Every role a user holds: direct, through groups and their parents, and through
/// composites, in one recursive query.
pub async fn effective_for_user(c: &mut Conn, user_id: &str) -> Result<Vec<EffectiveRole>> {
    let rows = sqlx::query(
        "WITH RECURSIVE
           grp(id) AS (
             SELECT group_id FROM group_members WHERE user_id = $1
             UNION
             SELECT g.parent_id FROM realm_groups g JOIN grp ON g.id = grp.id
              WHERE g.parent_id IS NOT NULL
           ),
           eff(id) AS (
             SELECT role_id FROM user_roles WHERE user_id = $1
             UNION
             SELECT role_id FROM group_roles WHERE group_id IN (SELECT id FROM grp)
             UNION
             SELECT rc.child_id FROM role_composites rc JOIN eff ON rc.parent_id = eff.id
           )
         SELECT r.name AS name, c.client_id AS client_id
           FROM roles r LEFT JOIN clients c ON r.client_role = 1 AND c.id = r.container_id
          WHERE r.id IN (SELECT id FROM eff)
          ORDER BY r.name",
    )
    .bind(user_id)
    .fetch_all(c)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(EffectiveRole {
                name: r.try_get("name")?,
                client: r.try_get("client_id")?,
            })
        })
        .collect()
}
