//! Multi-row inserts for imports: a few hundred rows per statement, so a realm with tens of
//! thousands of users loads in one transaction without one round trip per row.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

use super::users::{CredentialRow, UserRow};
use super::Conn;
use crate::error::{Error, Result};

/// Rows per statement; keeps the bind count far below both engines' limits.
const CHUNK: usize = 500;

/// A bound value.
enum Val<'a> {
    Str(&'a str),
    OptStr(Option<&'a str>),
    Int(i64),
}

/// `INSERT INTO {head} VALUES (..), (..)` for rows of `width` values each.
fn values_sql(head: &str, rows: usize, width: usize, tail: &str) -> String {
    let mut sql = format!("INSERT INTO {head} VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for k in 0..width {
            if k > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * width + k + 1));
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

fn bind<'q>(
    mut q: Query<'q, Any, AnyArguments<'q>>,
    vals: Vec<Val<'q>>,
) -> Query<'q, Any, AnyArguments<'q>> {
    for v in vals {
        q = match v {
            Val::Str(s) => q.bind(s),
            Val::OptStr(s) => q.bind(s),
            Val::Int(i) => q.bind(i),
        };
    }
    q
}

async fn insert_rows<'a>(
    c: &mut Conn,
    head: &str,
    width: usize,
    tail: &str,
    rows: Vec<Vec<Val<'a>>>,
    on_unique: fn(&sqlx::Error) -> Error,
) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val<'a>>> = rows.by_ref().take(CHUNK).collect();
        let sql = values_sql(head, chunk.len(), width, tail);
        let q = bind(sqlx::query(&sql), chunk.into_iter().flatten().collect());
        q.execute(&mut *c).await.map_err(|e| {
            if super::is_unique_violation(&e) {
                on_unique(&e)
            } else {
                e.into()
            }
        })?;
    }
    Ok(())
}

/// A user row the unique indexes refused: by the index's name where the engine gives it.
fn user_exists(e: &sqlx::Error) -> Error {
    match e {
        sqlx::Error::Database(d) if d.constraint() == Some(super::users::EMAIL_KEY_INDEX) => {
            super::users::email_exists()
        }
        _ => super::users::username_exists(),
    }
}

fn duplicate(_: &sqlx::Error) -> Error {
    Error::conflict("Duplicate entry in import")
}

/// Inserts users and their attributes.
pub async fn users(c: &mut Conn, realm_id: &str, users: &[UserRow]) -> Result<()> {
    let unique_emails = super::users::unique_emails(&mut *c, realm_id).await?;
    let mut actions = Vec::with_capacity(users.len());
    let mut keys = Vec::with_capacity(users.len());
    for u in users {
        actions.push(serde_json::to_string(&u.required_actions)?);
        keys.push(
            u.email
                .as_deref()
                .filter(|_| unique_emails)
                .map(str::to_lowercase),
        );
    }
    let rows = users
        .iter()
        .zip(&actions)
        .zip(&keys)
        .map(|((u, actions), key)| {
            vec![
                Val::Str(realm_id),
                Val::Str(&u.id),
                Val::Str(&u.username),
                Val::OptStr(u.email.as_deref()),
                Val::OptStr(u.first_name.as_deref()),
                Val::OptStr(u.last_name.as_deref()),
                Val::Int(u.enabled as i64),
                Val::Int(u.email_verified as i64),
                Val::Int(u.created),
                Val::Int(u.not_before),
                Val::OptStr(u.service_account_client_id.as_deref()),
                Val::Str(actions),
                Val::Str(&u.extra),
                Val::OptStr(key.as_deref()),
            ]
        })
        .collect();
    let head = format!("users (realm_id, {}, email_key)", super::users::COLS);
    insert_rows(c, &head, 14, "", rows, user_exists).await?;
    let humans = users
        .iter()
        .filter(|u| u.service_account_client_id.is_none())
        .count();
    super::users::add_to_count(&mut *c, realm_id, humans as i64).await?;
    let attrs = users
        .iter()
        .flat_map(|u| {
            u.attributes.iter().enumerate().map(move |(i, (k, v))| {
                vec![
                    Val::Str(&u.id),
                    Val::Str(realm_id),
                    Val::Str(k),
                    Val::Str(v),
                    Val::Int(i as i64),
                ]
            })
        })
        .collect();
    insert_rows(
        c,
        "user_attributes (user_id, realm_id, name, value, position)",
        5,
        "",
        attrs,
        duplicate,
    )
    .await
}

/// Inserts credentials, each with its owner's id.
pub async fn credentials(c: &mut Conn, creds: &[(String, CredentialRow)]) -> Result<()> {
    let rows = creds
        .iter()
        .map(|(user, k)| {
            vec![
                Val::Str(&k.id),
                Val::Str(user),
                Val::Str(&k.type_),
                Val::OptStr(k.user_label.as_deref()),
                Val::Int(k.created),
                Val::Str(&k.secret_data),
                Val::Str(&k.credential_data),
                Val::Int(k.priority),
            ]
        })
        .collect();
    insert_rows(
        c,
        "credentials (id, user_id, type, user_label, created, secret_data, credential_data, priority)",
        8,
        "",
        rows,
        duplicate,
    )
    .await
}

/// Inserts `(user, role)` grants; repeats are ignored.
pub async fn user_roles(c: &mut Conn, grants: &[(String, String)]) -> Result<()> {
    let rows = grants
        .iter()
        .map(|(u, r)| vec![Val::Str(u), Val::Str(r)])
        .collect();
    insert_rows(
        c,
        "user_roles (user_id, role_id)",
        2,
        " ON CONFLICT DO NOTHING",
        rows,
        duplicate,
    )
    .await
}

/// Inserts `(user, group, username)` memberships; repeats are ignored.
pub async fn memberships(c: &mut Conn, members: &[(String, String, String)]) -> Result<()> {
    let rows = members
        .iter()
        .map(|(u, g, name)| vec![Val::Str(u), Val::Str(g), Val::Str(name)])
        .collect();
    insert_rows(
        c,
        "group_members (user_id, group_id, username)",
        3,
        " ON CONFLICT DO NOTHING",
        rows,
        duplicate,
    )
    .await
}
