//! Group memberships and a realm's default groups.

use sqlx::Row;

use super::{bind_all, push_name, select_page, Bind, Found, NameMatch, Page};
use crate::error::Result;
use crate::store::Conn;

pub async fn remove_member(c: &mut Conn, user_id: &str, group_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM group_members WHERE user_id = $1 AND group_id = $2")
        .bind(user_id)
        .bind(group_id)
        .execute(c)
        .await?;
    Ok(())
}

/// One page of a group's member ids, ordered by username: an index-only range of
/// `group_members_page` (the username is kept beside each membership).
pub async fn member_ids(c: &mut Conn, group_id: &str, page: Page) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT user_id AS id FROM group_members
         WHERE group_id = $1 ORDER BY username, user_id LIMIT $2 OFFSET $3",
    )
    .bind(group_id)
    .bind(page.max.max(0))
    .bind(page.first.max(0))
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| Ok(r.try_get("id")?))
        .collect::<Result<Vec<String>>>()
}

fn user_groups_where(realm_id: &str, user_id: &str, name: &NameMatch) -> (String, Vec<Bind>) {
    let mut sql = String::from(
        "realm_groups g JOIN group_members m ON m.group_id = g.id
         WHERE g.realm_id = $1 AND m.user_id = $2",
    );
    let mut binds = vec![
        Bind::Str(realm_id.to_string()),
        Bind::Str(user_id.to_string()),
    ];
    push_name(&mut sql, &mut binds, "g.name", name);
    (sql, binds)
}

/// One page of the groups a user is a direct member of, ordered by name.
pub async fn of_user(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    name: &NameMatch,
    page: Page,
) -> Result<Vec<Found>> {
    let (from_where, binds) = user_groups_where(realm_id, user_id, name);
    select_page(c, &from_where, binds, page).await
}

/// How many groups a user is a direct member of (whose name matches).
pub async fn count_of_user(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    name: &NameMatch,
) -> Result<i64> {
    let (from_where, binds) = user_groups_where(realm_id, user_id, name);
    let sql = format!("SELECT COUNT(*) AS n FROM {from_where}");
    let r = bind_all(sqlx::query(&sql), binds).fetch_one(c).await?;
    Ok(r.try_get("n")?)
}

/// The realm's default groups, ordered by name.
pub async fn defaults(c: &mut Conn, realm_id: &str) -> Result<Vec<Found>> {
    let from_where = "realm_groups g JOIN realm_default_groups d ON d.group_id = g.id
         WHERE d.realm_id = $1 AND g.realm_id = $1";
    select_page(
        c,
        from_where,
        vec![Bind::Str(realm_id.to_string())],
        Page::ALL,
    )
    .await
}

pub async fn add_default(c: &mut Conn, realm_id: &str, group_id: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO realm_default_groups (realm_id, group_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
    )
    .bind(realm_id)
    .bind(group_id)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn remove_default(c: &mut Conn, realm_id: &str, group_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM realm_default_groups WHERE realm_id = $1 AND group_id = $2")
        .bind(realm_id)
        .bind(group_id)
        .execute(c)
        .await?;
    Ok(())
}

/// Makes a (new) user a member of every default group of its realm.
pub async fn join_defaults(c: &mut Conn, realm_id: &str, user_id: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO group_members (user_id, group_id, username)
         SELECT CAST($1 AS TEXT), d.group_id, u.username
           FROM realm_default_groups d JOIN users u ON u.id = $1
          WHERE d.realm_id = $2
         ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(realm_id)
    .execute(c)
    .await?;
    Ok(())
}
