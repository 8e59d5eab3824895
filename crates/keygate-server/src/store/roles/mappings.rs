//! Role mappings of users and groups, and effective roles: resolved in one recursive query
//! that follows group parents and composites, shared by tokens and the admin API.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{entries, RoleEntry, ENTRY};
use crate::error::Result;
use crate::store::groups::GroupRow;
use crate::store::Conn;

pub async fn grant_user(c: &mut Conn, user_id: &str, role_id: &str) -> Result<()> {
    grant(c, Holder::User, user_id, role_id).await
}

pub async fn grant_group(c: &mut Conn, group_id: &str, role_id: &str) -> Result<()> {
    grant(c, Holder::Group, group_id, role_id).await
}

/// Who a role mapping belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    User,
    Group,
}

impl Holder {
    /// The mapping table and its holder column.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Holder::User => ("user_roles", "user_id"),
            Holder::Group => ("group_roles", "group_id"),
        }
    }

    /// The recursive CTE naming every effective role id as `eff(id)`, keyed by `$1`.
    /// For a user: direct roles, roles of their groups and the groups' parents, and
    /// composites of all of those. For a group: its roles and its parents', and composites.
    pub(crate) fn effective_cte(self) -> &'static str {
        match self {
            Holder::User => {
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
                   )"
            }
            Holder::Group => {
                "WITH RECURSIVE
                   grp(id) AS (
                     SELECT id FROM realm_groups WHERE id = $1
                     UNION
                     SELECT g.parent_id FROM realm_groups g JOIN grp ON g.id = grp.id
                      WHERE g.parent_id IS NOT NULL
                   ),
                   eff(id) AS (
                     SELECT role_id FROM group_roles WHERE group_id IN (SELECT id FROM grp)
                     UNION
                     SELECT rc.child_id FROM role_composites rc JOIN eff ON rc.parent_id = eff.id
                   )"
            }
        }
    }
}

pub async fn grant(c: &mut Conn, holder: Holder, holder_id: &str, role_id: &str) -> Result<()> {
    let (table, col) = holder.table();
    sqlx::query(&format!(
        "INSERT INTO {table} ({col}, role_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    ))
    .bind(holder_id)
    .bind(role_id)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn revoke(c: &mut Conn, holder: Holder, holder_id: &str, role_id: &str) -> Result<()> {
    let (table, col) = holder.table();
    sqlx::query(&format!(
        "DELETE FROM {table} WHERE {col} = $1 AND role_id = $2"
    ))
    .bind(holder_id)
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
/// composites, in one recursive query. Tokens carry exactly these.
pub async fn effective_for_user(c: &mut Conn, user_id: &str) -> Result<Vec<EffectiveRole>> {
    let rows = sqlx::query(&format!(
        "{}
         SELECT r.name AS name, c.client_id AS client_id
           FROM roles r LEFT JOIN clients c ON r.client_role = 1 AND c.id = r.container_id
          WHERE r.id IN (SELECT id FROM eff)
          ORDER BY r.name",
        Holder::User.effective_cte()
    ))
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

/// Roles mapped directly to a user or group, all of them or one container's.
pub async fn direct(
    c: &mut Conn,
    holder: Holder,
    holder_id: &str,
    container_id: Option<&str>,
) -> Result<Vec<RoleEntry>> {
    let (table, col) = holder.table();
    let sql = format!(
        "{ENTRY} WHERE r.id IN (SELECT role_id FROM {table} WHERE {col} = $1)
           AND ($2 = '' OR r.container_id = $2)
         ORDER BY r.name"
    );
    let rows = sqlx::query(&sql)
        .bind(holder_id)
        .bind(container_id.unwrap_or_default())
        .fetch_all(c)
        .await?;
    entries(rows)
}

/// A container's roles not mapped directly to the user or group.
pub async fn unmapped(
    c: &mut Conn,
    holder: Holder,
    holder_id: &str,
    container_id: &str,
) -> Result<Vec<RoleEntry>> {
    let (table, col) = holder.table();
    let sql = format!(
        "{ENTRY} WHERE r.container_id = $1
           AND r.id NOT IN (SELECT role_id FROM {table} WHERE {col} = $2)
         ORDER BY r.name"
    );
    let rows = sqlx::query(&sql)
        .bind(container_id)
        .bind(holder_id)
        .fetch_all(c)
        .await?;
    entries(rows)
}

/// A container's roles the user or group holds effectively (the same resolution as
/// `effective_for_user`, which tokens use).
pub async fn effective(
    c: &mut Conn,
    holder: Holder,
    holder_id: &str,
    container_id: &str,
) -> Result<Vec<RoleEntry>> {
    let sql = format!(
        "{} {ENTRY} WHERE r.id IN (SELECT id FROM eff) AND r.container_id = $2 ORDER BY r.name",
        holder.effective_cte()
    );
    let rows = sqlx::query(&sql)
        .bind(holder_id)
        .bind(container_id)
        .fetch_all(c)
        .await?;
    entries(rows)
}

/// Ids of the users a role is mapped to directly, by username, paged.
pub async fn user_ids_in_role(
    c: &mut Conn,
    role_id: &str,
    first: i64,
    max: i64,
) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT u.id AS id FROM user_roles m JOIN users u ON u.id = m.user_id
          WHERE m.role_id = $1 ORDER BY u.username LIMIT $2 OFFSET $3",
    )
    .bind(role_id)
    .bind(max)
    .bind(first)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| Ok(r.try_get("id")?))
        .collect::<Result<_>>()
}

const GROUP_COLS: &str = "g.id AS id, g.parent_id AS parent_id, g.name AS name, g.path AS path,
                          g.attributes AS attributes";

fn group(r: &AnyRow) -> Result<GroupRow> {
    Ok(GroupRow {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        name: r.try_get("name")?,
        path: r.try_get("path")?,
        attributes: r.try_get("attributes")?,
    })
}

/// The groups a role is mapped to directly, by name, paged.
pub async fn groups_in_role(
    c: &mut Conn,
    role_id: &str,
    first: i64,
    max: i64,
) -> Result<Vec<GroupRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {GROUP_COLS} FROM group_roles m JOIN realm_groups g ON g.id = m.group_id
          WHERE m.role_id = $1 ORDER BY g.name, g.path LIMIT $2 OFFSET $3"
    ))
    .bind(role_id)
    .bind(max)
    .bind(first)
    .fetch_all(c)
    .await?;
    rows.iter().map(group).collect()
}

/// A group of the realm, as a role-mapping holder.
pub async fn group_by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<GroupRow>> {
    let r = sqlx::query(&format!(
        "SELECT {GROUP_COLS} FROM realm_groups g WHERE g.realm_id = $1 AND g.id = $2"
    ))
    .bind(realm_id)
    .bind(id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(group).transpose()
}
