//! Client scopes (the representation as a JSON document, unique by name in a realm) and
//! the role scope mappings of clients and client scopes.

use sqlx::Row;

use super::roles::{entries, RoleEntry, ENTRY};
use super::Conn;
use crate::error::{Error, Result};
use crate::store::roles::EffectiveRole;

/// A client-scope row.
#[derive(Debug, Clone)]
pub struct ScopeRow {
    pub id: String,
    pub name: String,
    pub data: String,
}

fn row(r: sqlx::any::AnyRow) -> Result<ScopeRow> {
    Ok(ScopeRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        data: r.try_get("data")?,
    })
}

fn name_taken(e: sqlx::Error, name: &str) -> Error {
    if super::is_unique_violation(&e) {
        Error::conflict(format!("Client Scope {name} already exists"))
    } else {
        e.into()
    }
}

/// Every client scope of the realm by name (Keycloak lists them unpaged).
pub async fn list(c: &mut Conn, realm_id: &str) -> Result<Vec<ScopeRow>> {
    let rows =
        sqlx::query("SELECT id, name, data FROM client_scopes WHERE realm_id = $1 ORDER BY name")
            .bind(realm_id)
            .fetch_all(c)
            .await?;
    rows.into_iter().map(row).collect()
}

pub async fn by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<ScopeRow>> {
    let r = sqlx::query("SELECT id, name, data FROM client_scopes WHERE realm_id = $1 AND id = $2")
        .bind(realm_id)
        .bind(id)
        .fetch_optional(c)
        .await?;
    r.map(row).transpose()
}

pub async fn insert(c: &mut Conn, realm_id: &str, s: &ScopeRow) -> Result<()> {
    sqlx::query("INSERT INTO client_scopes (id, realm_id, name, data) VALUES ($1, $2, $3, $4)")
        .bind(&s.id)
        .bind(realm_id)
        .bind(&s.name)
        .bind(&s.data)
        .execute(c)
        .await
        .map_err(|e| name_taken(e, &s.name))?;
    Ok(())
}

pub async fn update(c: &mut Conn, realm_id: &str, s: &ScopeRow) -> Result<()> {
    sqlx::query("UPDATE client_scopes SET name = $1, data = $2 WHERE realm_id = $3 AND id = $4")
        .bind(&s.name)
        .bind(&s.data)
        .bind(realm_id)
        .bind(&s.id)
        .execute(c)
        .await
        .map_err(|e| name_taken(e, &s.name))?;
    Ok(())
}

/// Deletes the scope and its role scope mappings.
pub async fn delete(c: &mut Conn, realm_id: &str, id: &str) -> Result<bool> {
    remove_holder(&mut *c, realm_id, id).await?;
    let done = sqlx::query("DELETE FROM client_scopes WHERE realm_id = $1 AND id = $2")
        .bind(realm_id)
        .bind(id)
        .execute(c)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Drops every scope mapping of a client or client scope that is going away.
pub async fn remove_holder(c: &mut Conn, realm_id: &str, holder_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM scope_mappings WHERE realm_id = $1 AND holder_id = $2")
        .bind(realm_id)
        .bind(holder_id)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn grant(c: &mut Conn, realm_id: &str, holder_id: &str, role_id: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO scope_mappings (holder_id, realm_id, role_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(holder_id)
    .bind(realm_id)
    .bind(role_id)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn revoke(c: &mut Conn, realm_id: &str, holder_id: &str, role_id: &str) -> Result<()> {
    sqlx::query(
        "DELETE FROM scope_mappings WHERE realm_id = $1 AND holder_id = $2 AND role_id = $3",
    )
    .bind(realm_id)
    .bind(holder_id)
    .bind(role_id)
    .execute(c)
    .await?;
    Ok(())
}

/// Roles mapped to the holder, all of them or one container's (`""` for all).
pub async fn mapped(c: &mut Conn, holder_id: &str, container_id: &str) -> Result<Vec<RoleEntry>> {
    let sql = format!(
        "{ENTRY} WHERE r.id IN (SELECT role_id FROM scope_mappings WHERE holder_id = $1)
           AND ($2 = '' OR r.container_id = $2)
         ORDER BY r.name"
    );
    let rows = sqlx::query(&sql)
        .bind(holder_id)
        .bind(container_id)
        .fetch_all(c)
        .await?;
    entries(rows)
}

/// A container's roles not mapped to the holder.
pub async fn unmapped(c: &mut Conn, holder_id: &str, container_id: &str) -> Result<Vec<RoleEntry>> {
    let sql = format!(
        "{ENTRY} WHERE r.container_id = $1
           AND r.id NOT IN (SELECT role_id FROM scope_mappings WHERE holder_id = $2)
         ORDER BY r.name"
    );
    let rows = sqlx::query(&sql)
        .bind(container_id)
        .bind(holder_id)
        .fetch_all(c)
        .await?;
    entries(rows)
}

const EXPANDED: &str = "WITH RECURSIVE eff(id) AS (
        SELECT role_id FROM scope_mappings WHERE holder_id = $1
        UNION
        SELECT rc.child_id FROM role_composites rc JOIN eff ON rc.parent_id = eff.id
    )";

/// A container's roles the holder's scope mappings reach, composites expanded.
pub async fn expanded(c: &mut Conn, holder_id: &str, container_id: &str) -> Result<Vec<RoleEntry>> {
    let sql = format!(
        "{EXPANDED} {ENTRY} WHERE r.id IN (SELECT id FROM eff) AND r.container_id = $2
         ORDER BY r.name"
    );
    let rows = sqlx::query(&sql)
        .bind(holder_id)
        .bind(container_id)
        .fetch_all(c)
        .await?;
    entries(rows)
}

/// Every scope mapping of the realm with composites expanded, as `(holder_id, role)`:
/// what the realm cache holds so the token path filters roles without a query.
pub async fn expanded_for_realm(
    c: &mut Conn,
    realm_id: &str,
) -> Result<Vec<(String, EffectiveRole)>> {
    let rows = sqlx::query(
        "WITH RECURSIVE eff(holder_id, id) AS (
            SELECT holder_id, role_id FROM scope_mappings WHERE realm_id = $1
            UNION
            SELECT eff.holder_id, rc.child_id FROM role_composites rc
              JOIN eff ON rc.parent_id = eff.id
         )
         SELECT eff.holder_id AS holder_id, r.name AS name, c.client_id AS client_id
           FROM eff JOIN roles r ON r.id = eff.id
           LEFT JOIN clients c ON r.client_role = 1 AND c.id = r.container_id",
    )
    .bind(realm_id)
    .fetch_all(c)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok((
                r.try_get("holder_id")?,
                EffectiveRole {
                    name: r.try_get("name")?,
                    client: r.try_get("client_id")?,
                },
            ))
        })
        .collect()
}

/// The full paths of the groups a user is a direct member of, for group mappers.
pub async fn group_paths(c: &mut Conn, user_id: &str) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT g.path AS path FROM group_members m JOIN realm_groups g ON g.id = m.group_id
          WHERE m.user_id = $1 ORDER BY g.path",
    )
    .bind(user_id)
    .fetch_all(c)
    .await?;
    rows.into_iter().map(|r| Ok(r.try_get("path")?)).collect()
}
