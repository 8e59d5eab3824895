//! Group rows: the tree, its paths and attributes. Listing, searching and counting page in
//! the database; memberships and default groups are in `members`.

pub mod members;

use std::collections::BTreeMap;

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};

use super::Conn;
use crate::error::{Error, Result};

/// A group row; `path` is the full `/a/b` path, kept current on rename and move.
#[derive(Debug, Clone)]
pub struct GroupRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub path: String,
    /// The attributes as a JSON object of string arrays.
    pub attributes: String,
}

/// A group as listings return it: the row plus how many direct children it has.
#[derive(Debug, Clone)]
pub struct Found {
    pub group: GroupRow,
    pub sub_count: i64,
}

/// Which part of the tree a listing covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every group of the realm, at any depth.
    All,
    TopLevel,
    ChildrenOf(&'a str),
}

/// A filter on group names.
#[derive(Debug, Clone)]
pub enum NameMatch {
    Any,
    /// Case-sensitive equality.
    Exact(String),
    /// Case-insensitive infix.
    Contains(String),
}

/// A page: rows to skip and at most how many to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub first: i64,
    pub max: i64,
}

impl Page {
    pub const ALL: Page = Page {
        first: 0,
        max: i64::MAX,
    };
}

/// The columns every group query selects, the direct-children count included.
const COLS: &str = "g.id, g.parent_id, g.name, g.path, g.attributes,
    (SELECT COUNT(*) FROM realm_groups c WHERE c.parent_id = g.id) AS sub_count";

pub(super) enum Bind {
    Str(String),
    I64(i64),
}

pub(super) fn bind_all<'q>(
    mut q: Query<'q, Any, AnyArguments<'q>>,
    binds: Vec<Bind>,
) -> Query<'q, Any, AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Str(s) => q.bind(s),
            Bind::I64(v) => q.bind(v),
        };
    }
    q
}

fn row(r: &AnyRow) -> Result<GroupRow> {
    Ok(GroupRow {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        name: r.try_get("name")?,
        path: r.try_get("path")?,
        attributes: r.try_get("attributes")?,
    })
}

pub(super) fn found(r: &AnyRow) -> Result<Found> {
    Ok(Found {
        group: row(r)?,
        sub_count: r.try_get("sub_count")?,
    })
}

/// Appends a name condition on `col` to `sql`, numbering its placeholder after `binds`.
pub(super) fn push_name(sql: &mut String, binds: &mut Vec<Bind>, col: &str, name: &NameMatch) {
    match name {
        NameMatch::Any => {}
        NameMatch::Exact(s) => {
            binds.push(Bind::Str(s.clone()));
            sql.push_str(&format!(" AND {col} = ${}", binds.len()));
        }
        NameMatch::Contains(s) => {
            let pattern = format!("%{}%", super::like_escape(&s.to_lowercase()));
            binds.push(Bind::Str(pattern));
            sql.push_str(&format!(
                " AND LOWER({col}) LIKE ${} ESCAPE '\\'",
                binds.len()
            ));
        }
    }
}

fn scope_where(realm_id: &str, scope: Scope<'_>, name: &NameMatch) -> (String, Vec<Bind>) {
    let mut sql = String::from("g.realm_id = $1");
    let mut binds = vec![Bind::Str(realm_id.to_string())];
    match scope {
        Scope::All => {}
        Scope::TopLevel => sql.push_str(" AND g.parent_id IS NULL"),
        Scope::ChildrenOf(parent) => {
            binds.push(Bind::Str(parent.to_string()));
            sql.push_str(&format!(" AND g.parent_id = ${}", binds.len()));
        }
    }
    push_name(&mut sql, &mut binds, "g.name", name);
    (sql, binds)
}

/// Runs `SELECT COLS FROM realm_groups g WHERE {clause}` ordered by name, one page. The
/// page's ids are cut first (index-only on `(realm_id, parent_id, name, id)` for the tree
/// listings), so rows and their `sub_count` are read only for the groups returned.
pub(super) async fn select_page(
    c: &mut Conn,
    from_where: &str,
    mut binds: Vec<Bind>,
    page: Page,
) -> Result<Vec<Found>> {
    binds.push(Bind::I64(page.max.max(0)));
    binds.push(Bind::I64(page.first.max(0)));
    let n = binds.len();
    let sql = format!(
        "SELECT {COLS} FROM (SELECT g.id AS pid FROM {from_where}
                             ORDER BY g.name, g.id LIMIT ${} OFFSET ${n}) p
         CROSS JOIN realm_groups g WHERE g.id = p.pid ORDER BY g.name, g.id",
        n - 1
    );
    let rows = bind_all(sqlx::query(&sql), binds).fetch_all(c).await?;
    rows.iter().map(found).collect()
}

/// One page of the groups in `scope` whose name matches, ordered by name.
pub async fn list(
    c: &mut Conn,
    realm_id: &str,
    scope: Scope<'_>,
    name: &NameMatch,
    page: Page,
) -> Result<Vec<Found>> {
    let (clause, binds) = scope_where(realm_id, scope, name);
    select_page(c, &format!("realm_groups g WHERE {clause}"), binds, page).await
}

/// How many groups in `scope` match.
pub async fn count(
    c: &mut Conn,
    realm_id: &str,
    scope: Scope<'_>,
    name: &NameMatch,
) -> Result<i64> {
    let (clause, binds) = scope_where(realm_id, scope, name);
    let sql = format!("SELECT COUNT(*) AS n FROM realm_groups g WHERE {clause}");
    let r = bind_all(sqlx::query(&sql), binds).fetch_one(c).await?;
    Ok(r.try_get("n")?)
}

/// One page of the groups (any depth) having every `(name, value)` attribute, by name.
pub async fn with_attributes(
    c: &mut Conn,
    realm_id: &str,
    attributes: &[(String, String)],
    page: Page,
) -> Result<Vec<Found>> {
    let mut sql = String::from("realm_groups g WHERE g.realm_id = $1");
    let mut binds = vec![Bind::Str(realm_id.to_string())];
    for (name, value) in attributes {
        binds.push(Bind::Str(name.clone()));
        binds.push(Bind::Str(value.clone()));
        let v = binds.len();
        sql.push_str(&format!(
            " AND g.id IN (SELECT group_id FROM group_attributes
                 WHERE realm_id = $1 AND name = ${} AND value = ${v})",
            v - 1
        ));
    }
    select_page(c, &sql, binds, page).await
}

pub async fn by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<Found>> {
    let r = sqlx::query(&format!(
        "SELECT {COLS} FROM realm_groups g WHERE g.realm_id = $1 AND g.id = $2"
    ))
    .bind(realm_id)
    .bind(id)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(found).transpose()
}

/// The groups among `ids`, in no particular order.
pub async fn by_ids(c: &mut Conn, realm_id: &str, ids: &[String]) -> Result<Vec<Found>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let placeholders: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {COLS} FROM realm_groups g WHERE g.realm_id = $1 AND g.id IN ({})",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(realm_id);
        for id in chunk {
            q = q.bind(id.clone());
        }
        for r in q.fetch_all(&mut *c).await? {
            out.push(found(&r)?);
        }
    }
    Ok(out)
}

pub async fn by_path(c: &mut Conn, realm_id: &str, path: &str) -> Result<Option<GroupRow>> {
    Ok(found_by_path(c, realm_id, path).await?.map(|f| f.group))
}

pub async fn found_by_path(c: &mut Conn, realm_id: &str, path: &str) -> Result<Option<Found>> {
    let r = sqlx::query(&format!(
        "SELECT {COLS} FROM realm_groups g WHERE g.realm_id = $1 AND g.path = $2"
    ))
    .bind(realm_id)
    .bind(path)
    .fetch_optional(c)
    .await?;
    r.as_ref().map(found).transpose()
}

/// The 409 a clash on the unique path means: a sibling (or top-level group) of that name.
fn name_taken(parent_id: Option<&str>, name: &str) -> Error {
    match parent_id {
        None => Error::conflict(format!("Top level group named '{name}' already exists.")),
        Some(_) => Error::conflict(format!("Sibling group named '{name}' already exists.")),
    }
}

/// Inserts a group with its attributes.
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
    .execute(&mut *c)
    .await
    .map_err(|e| {
        if super::is_unique_violation(&e) {
            name_taken(g.parent_id.as_deref(), &g.name)
        } else {
            e.into()
        }
    })?;
    let attrs: BTreeMap<String, Vec<String>> =
        serde_json::from_str(&g.attributes).unwrap_or_default();
    write_attribute_rows(c, realm_id, &g.id, &attrs).await
}

/// Replaces a group's attributes.
pub async fn set_attributes(
    c: &mut Conn,
    realm_id: &str,
    id: &str,
    attrs: &BTreeMap<String, Vec<String>>,
) -> Result<()> {
    sqlx::query("UPDATE realm_groups SET attributes = $1 WHERE realm_id = $2 AND id = $3")
        .bind(serde_json::to_string(attrs)?)
        .bind(realm_id)
        .bind(id)
        .execute(&mut *c)
        .await?;
    sqlx::query("DELETE FROM group_attributes WHERE group_id = $1")
        .bind(id)
        .execute(&mut *c)
        .await?;
    write_attribute_rows(c, realm_id, id, attrs).await
}

async fn write_attribute_rows(
    c: &mut Conn,
    realm_id: &str,
    group_id: &str,
    attrs: &BTreeMap<String, Vec<String>>,
) -> Result<()> {
    let mut values: Vec<(&str, &str)> = Vec::new();
    for (k, vs) in attrs {
        for v in vs {
            values.push((k, v));
        }
    }
    for (i, (name, value)) in values.into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO group_attributes (group_id, realm_id, name, value, position)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(group_id)
        .bind(realm_id)
        .bind(name)
        .bind(value)
        .bind(i as i64)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// Renames and/or moves `g` under `parent_id` (None: top level) as `name` at `new_path`.
/// One UPDATE rewrites the path prefix of the group and of every descendant.
pub async fn relocate(
    c: &mut Conn,
    realm_id: &str,
    g: &GroupRow,
    parent_id: Option<&str>,
    name: &str,
    new_path: &str,
) -> Result<()> {
    let taken = |e: sqlx::Error| {
        if super::is_unique_violation(&e) {
            name_taken(parent_id, name)
        } else {
            e.into()
        }
    };
    sqlx::query(
        "UPDATE realm_groups SET parent_id = $1, name = $2 WHERE realm_id = $3 AND id = $4",
    )
    .bind(parent_id)
    .bind(name)
    .bind(realm_id)
    .bind(&g.id)
    .execute(&mut *c)
    .await
    .map_err(taken)?;
    let keep_from = g.path.chars().count() as i64 + 1;
    sqlx::query(
        "UPDATE realm_groups SET path = $1 || SUBSTR(path, CAST($2 AS INTEGER))
         WHERE realm_id = $3 AND id IN (
             WITH RECURSIVE subtree(id) AS (
                 SELECT id FROM realm_groups WHERE id = $4
                 UNION ALL
                 SELECT r.id FROM realm_groups r JOIN subtree s ON r.parent_id = s.id
             )
             SELECT id FROM subtree)",
    )
    .bind(new_path)
    .bind(keep_from)
    .bind(realm_id)
    .bind(&g.id)
    .execute(&mut *c)
    .await
    .map_err(taken)?;
    Ok(())
}

/// Deletes a group and its whole subtree; memberships, role grants, attributes and
/// default-group entries go with them. False when there was no such group.
pub async fn delete(c: &mut Conn, realm_id: &str, id: &str) -> Result<bool> {
    let r = sqlx::query(
        "DELETE FROM realm_groups WHERE realm_id = $1 AND id IN (
             WITH RECURSIVE subtree(id) AS (
                 SELECT id FROM realm_groups WHERE id = $2
                 UNION ALL
                 SELECT r.id FROM realm_groups r JOIN subtree s ON r.parent_id = s.id
             )
             SELECT id FROM subtree)",
    )
    .bind(realm_id)
    .bind(id)
    .execute(c)
    .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn add_member(c: &mut Conn, user_id: &str, group_id: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO group_members (user_id, group_id, username)
         SELECT id, CAST($2 AS TEXT), username FROM users WHERE id = $1
         ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(group_id)
    .execute(c)
    .await?;
    Ok(())
}
