//! User rows, their attributes and credentials. Searches and counts page in the database.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Row};

mod email_key;

pub use self::email_key::{email_exists, username_exists};
use self::email_key::{email_key_sql, refused};
pub(super) use self::email_key::{sync_email_keys, unique_emails, EMAIL_KEY_INDEX};
use super::Conn;
use crate::crypto::password::PasswordHash;
use crate::error::Result;

/// A user row with its attributes, in insertion order.
#[derive(Debug, Clone, Default)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub enabled: bool,
    pub email_verified: bool,
    pub created: i64,
    pub not_before: i64,
    pub service_account_client_id: Option<String>,
    pub required_actions: Vec<String>,
    /// Representation fields Keygate keeps but does not interpret (JSON object).
    pub extra: String,
    pub attributes: Vec<(String, String)>,
}

pub(super) const COLS: &str =
    "id, username, email, first_name, last_name, enabled, email_verified, created,
                    not_before, service_account_client_id, required_actions, extra";

pub(super) fn row(r: &sqlx::any::AnyRow) -> Result<UserRow> {
    let actions: String = r.try_get("required_actions")?;
    Ok(UserRow {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        email: r.try_get("email")?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        enabled: r.try_get::<i64, _>("enabled")? != 0,
        email_verified: r.try_get::<i64, _>("email_verified")? != 0,
        created: r.try_get("created")?,
        not_before: r.try_get("not_before")?,
        service_account_client_id: r.try_get("service_account_client_id")?,
        required_actions: serde_json::from_str(&actions).unwrap_or_default(),
        extra: r.try_get("extra")?,
        attributes: Vec::new(),
    })
}

pub async fn insert(c: &mut Conn, realm_id: &str, u: &UserRow) -> Result<()> {
    let key = email_key_sql("$4", "$1");
    let inserted = sqlx::query(&format!(
        "INSERT INTO users (realm_id, {COLS}, email_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, {key})"
    ))
    .bind(realm_id)
    .bind(&u.id)
    .bind(&u.username)
    .bind(&u.email)
    .bind(&u.first_name)
    .bind(&u.last_name)
    .bind(u.enabled as i64)
    .bind(u.email_verified as i64)
    .bind(u.created)
    .bind(u.not_before)
    .bind(&u.service_account_client_id)
    .bind(serde_json::to_string(&u.required_actions)?)
    .bind(&u.extra)
    .execute(&mut *c)
    .await;
    if let Err(e) = inserted {
        return Err(refused(c, realm_id, u, e).await);
    }
    if u.service_account_client_id.is_none() {
        add_to_count(&mut *c, realm_id, 1).await?;
    }
    write_attributes(c, realm_id, &u.id, &u.attributes).await
}

pub async fn update(c: &mut Conn, realm_id: &str, u: &UserRow) -> Result<()> {
    let key = email_key_sql("$2", "$10");
    let updated = sqlx::query(&format!(
        "UPDATE users SET username = $1, email = $2, first_name = $3, last_name = $4, enabled = $5,
                email_verified = $6, not_before = $7, required_actions = $8, extra = $9,
                email_key = {key}
         WHERE realm_id = $10 AND id = $11"
    ))
    .bind(&u.username)
    .bind(&u.email)
    .bind(&u.first_name)
    .bind(&u.last_name)
    .bind(u.enabled as i64)
    .bind(u.email_verified as i64)
    .bind(u.not_before)
    .bind(serde_json::to_string(&u.required_actions)?)
    .bind(&u.extra)
    .bind(realm_id)
    .bind(&u.id)
    .execute(&mut *c)
    .await;
    if let Err(e) = updated {
        return Err(refused(c, realm_id, u, e).await);
    }
    sqlx::query("UPDATE group_members SET username = $1 WHERE user_id = $2")
        .bind(&u.username)
        .bind(&u.id)
        .execute(&mut *c)
        .await?;
    sqlx::query("DELETE FROM user_attributes WHERE user_id = $1")
        .bind(&u.id)
        .execute(&mut *c)
        .await?;
    write_attributes(c, realm_id, &u.id, &u.attributes).await
}

async fn write_attributes(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    attrs: &[(String, String)],
) -> Result<()> {
    for (i, (name, value)) in attrs.iter().enumerate() {
        sqlx::query(
            "INSERT INTO user_attributes (user_id, realm_id, name, value, position)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(realm_id)
        .bind(name)
        .bind(value)
        .bind(i as i64)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

pub(super) async fn load_attributes(c: &mut Conn, users: &mut [UserRow]) -> Result<()> {
    if users.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (1..=users.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT user_id, name, value FROM user_attributes WHERE user_id IN ({})
         ORDER BY user_id, position",
        placeholders.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for u in users.iter() {
        q = q.bind(u.id.clone());
    }
    let rows = q.fetch_all(c).await?;
    for r in rows {
        let uid: String = r.try_get("user_id")?;
        if let Some(u) = users.iter_mut().find(|u| u.id == uid) {
            u.attributes.push((r.try_get("name")?, r.try_get("value")?));
        }
    }
    Ok(())
}

async fn one(c: &mut Conn, sql: &str, realm_id: &str, key: &str) -> Result<Option<UserRow>> {
    let r = sqlx::query(sql)
        .bind(realm_id)
        .bind(key)
        .fetch_optional(&mut *c)
        .await?;
    match r {
        Some(r) => {
            let mut users = vec![row(&r)?];
            load_attributes(c, &mut users).await?;
            Ok(users.pop())
        }
        None => Ok(None),
    }
}

pub async fn by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {COLS} FROM users WHERE realm_id = $1 AND id = $2");
    one(c, &sql, realm_id, id).await
}

pub async fn by_username(c: &mut Conn, realm_id: &str, username: &str) -> Result<Option<UserRow>> {
    let sql = format!("SELECT {COLS} FROM users WHERE realm_id = $1 AND username = $2");
    one(c, &sql, realm_id, &username.to_lowercase()).await
}

pub async fn by_email(c: &mut Conn, realm_id: &str, email: &str) -> Result<Option<UserRow>> {
    let sql = format!(
        "SELECT {COLS} FROM users WHERE realm_id = $1 AND email = $2 ORDER BY created LIMIT 1"
    );
    one(c, &sql, realm_id, &email.to_lowercase()).await
}

pub async fn by_service_account(
    c: &mut Conn,
    realm_id: &str,
    client_internal_id: &str,
) -> Result<Option<UserRow>> {
    let sql =
        format!("SELECT {COLS} FROM users WHERE realm_id = $1 AND service_account_client_id = $2");
    one(c, &sql, realm_id, client_internal_id).await
}

pub async fn delete(c: &mut Conn, realm_id: &str, id: &str) -> Result<bool> {
    let gone = sqlx::query(
        "DELETE FROM users WHERE realm_id = $1 AND id = $2 RETURNING service_account_client_id",
    )
    .bind(realm_id)
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    let Some(gone) = gone else {
        return Ok(false);
    };
    if gone
        .try_get::<Option<String>, _>("service_account_client_id")?
        .is_none()
    {
        add_to_count(c, realm_id, -1).await?;
    }
    Ok(true)
}

/// Moves the realm's maintained user count (`realm_user_counts`) by `delta`, in the
/// caller's transaction, so it always equals the rows committed with it.
pub async fn add_to_count(c: &mut Conn, realm_id: &str, delta: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO realm_user_counts (realm_id, n) VALUES ($1, $2)
         ON CONFLICT (realm_id) DO UPDATE SET n = realm_user_counts.n + excluded.n",
    )
    .bind(realm_id)
    .bind(delta)
    .execute(c)
    .await?;
    Ok(())
}

/// The filters of `GET /users` and `GET /users/count`.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Matched against username, email, first and last name; `*` wildcards, `"` exact.
    pub search: Option<String>,
    pub username: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub exact: bool,
    pub enabled: Option<bool>,
    pub email_verified: Option<bool>,
    /// Attribute `(name, value)` pairs that must all match exactly.
    pub attributes: Vec<(String, String)>,
}

impl UserFilter {
    /// No condition at all (a `search` of `*` or blanks matches everyone too).
    fn is_empty(&self) -> bool {
        let search = self.search.as_deref().map(str::trim).unwrap_or_default();
        (search.is_empty() || search == "*")
            && self.username.is_none()
            && self.email.is_none()
            && self.first_name.is_none()
            && self.last_name.is_none()
            && self.enabled.is_none()
            && self.email_verified.is_none()
            && self.attributes.is_empty()
    }
}

enum Bind {
    Str(String),
    Bool(bool),
    I64(i64),
}

fn build_where(realm_id: &str, f: &UserFilter) -> (String, Vec<Bind>) {
    let mut sql = String::from("realm_id = $1 AND service_account_client_id IS NULL");
    let mut binds = vec![Bind::Str(realm_id.to_string())];
    let mut push = |sql: &mut String, clause: &str, b: Bind| {
        binds.push(b);
        let n = binds.len();
        sql.push_str(&clause.replace("$?", &format!("${n}")));
    };
    if let Some(s) = f
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "*")
    {
        let pattern = search_pattern(s);
        let clause = " AND (username LIKE $? ESCAPE '\\' OR email LIKE $? ESCAPE '\\'
             OR lower(first_name) LIKE $? ESCAPE '\\' OR lower(last_name) LIKE $? ESCAPE '\\')";
        push(&mut sql, clause, Bind::Str(pattern));
    }
    for (col, value) in [
        ("username", &f.username),
        ("email", &f.email),
        ("lower(first_name)", &f.first_name),
        ("lower(last_name)", &f.last_name),
    ] {
        if let Some(v) = value {
            let v = v.to_lowercase();
            if f.exact {
                push(&mut sql, &format!(" AND {col} = $?"), Bind::Str(v));
            } else {
                let p = format!("%{}%", super::like_escape(&v));
                push(
                    &mut sql,
                    &format!(" AND {col} LIKE $? ESCAPE '\\'"),
                    Bind::Str(p),
                );
            }
        }
    }
    if let Some(e) = f.enabled {
        push(&mut sql, " AND enabled = $?", Bind::Bool(e));
    }
    if let Some(e) = f.email_verified {
        push(&mut sql, " AND email_verified = $?", Bind::Bool(e));
    }
    for (name, value) in &f.attributes {
        binds.push(Bind::Str(name.clone()));
        let a = binds.len();
        binds.push(Bind::Str(value.clone()));
        let b = binds.len();
        sql.push_str(&format!(
            " AND id IN (SELECT user_id FROM user_attributes WHERE realm_id = $1 AND name = ${a} AND value = ${b})"
        ));
    }
    (sql, binds)
}

/// Keycloak's `search` syntax: prefix by default, `*x*` infix, `"x"` exact.
fn search_pattern(s: &str) -> String {
    let s = s.to_lowercase();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        return super::like_escape(&s[1..s.len() - 1]);
    }
    let mut out = String::new();
    for part in s.split('*').enumerate() {
        if part.0 > 0 {
            out.push('%');
        }
        out.push_str(&super::like_escape(part.1));
    }
    if !s.ends_with('*') {
        out.push('%');
    }
    out
}

fn bind_all<'q>(
    mut q: Query<'q, Any, AnyArguments<'q>>,
    binds: Vec<Bind>,
) -> Query<'q, Any, AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Str(s) => q.bind(s),
            Bind::Bool(v) => q.bind(v as i64),
            Bind::I64(v) => q.bind(v),
        };
    }
    q
}

/// [`COLS`] of the `u` alias, for the joined page queries.
const UCOLS: &str = "u.id, u.username, u.email, u.first_name, u.last_name, u.enabled,
    u.email_verified, u.created, u.not_before, u.service_account_client_id,
    u.required_actions, u.extra";

/// One page of the matching users, ordered by username. With an indexed source (see
/// [`source`]) the page is cut from its matches; otherwise ids are paged from the
/// service-account-free username index first (index-only skip of `first`), and only the
/// page's rows are fetched.
pub async fn search(
    c: &mut Conn,
    realm_id: &str,
    f: &UserFilter,
    first: i64,
    max: i64,
) -> Result<Vec<UserRow>> {
    let (clause, mut binds) = build_where(realm_id, f);
    binds.push(Bind::I64(first.max(0).saturating_add(max.max(0))));
    let top = Top {
        clause: &clause,
        limit: binds.len(),
    };
    let src = source(f, &mut binds, Some(top));
    binds.push(Bind::I64(max));
    binds.push(Bind::I64(first));
    let (l, o) = (binds.len() - 1, binds.len());
    let sql = match src {
        Some(src) => format!(
            "SELECT {UCOLS} FROM ({src}) m CROSS JOIN users u WHERE u.id = m.cid AND {clause}
             ORDER BY u.username LIMIT ${l} OFFSET ${o}"
        ),
        None => format!(
            "SELECT {UCOLS} FROM (SELECT id AS cid FROM users WHERE {clause}
                                  ORDER BY username LIMIT ${l} OFFSET ${o}) m
             CROSS JOIN users u WHERE u.id = m.cid ORDER BY u.username"
        ),
    };
    let rows = bind_all(sqlx::query(&sql), binds)
        .fetch_all(&mut *c)
        .await?;
    let mut users = rows.iter().map(row).collect::<Result<Vec<_>>>()?;
    load_attributes(c, &mut users).await?;
    Ok(users)
}

pub async fn count(c: &mut Conn, realm_id: &str, f: &UserFilter) -> Result<i64> {
    if f.is_empty() {
        let r = sqlx::query("SELECT n FROM realm_user_counts WHERE realm_id = $1")
            .bind(realm_id)
            .fetch_optional(c)
            .await?;
        return Ok(match r {
            Some(r) => r.try_get("n")?,
            None => 0,
        });
    }
    let (clause, mut binds) = build_where(realm_id, f);
    let sql = match source(f, &mut binds, None) {
        Some(src) => format!(
            "SELECT COUNT(*) AS n FROM ({src}) m CROSS JOIN users u
             WHERE u.id = m.cid AND {clause}"
        ),
        None => format!("SELECT COUNT(*) AS n FROM users WHERE {clause}"),
    };
    let r = bind_all(sqlx::query(&sql), binds).fetch_one(c).await?;
    Ok(r.try_get("n")?)
}

/// For a page: the full WHERE and the placeholder of `first + max`, so each range scan
/// keeps only its own first `first + max` matches by username (the page lies within the
/// union of those).
struct Top<'a> {
    clause: &'a str,
    limit: usize,
}

/// An index-driven superset of the matching users' ids (column `cid`), when the filter
/// has one: a prefix or exact `search` becomes range (or equality) scans of the username,
/// email and lower-cased name indexes; otherwise an attribute filter drives from
/// `user_attributes(realm_id, name, value)`. The caller's WHERE still applies every
/// condition, so the source only has to contain all matches. `None`: walk by username.
fn source(f: &UserFilter, binds: &mut Vec<Bind>, top: Option<Top<'_>>) -> Option<String> {
    let search = f.search.as_deref().map(str::trim).unwrap_or_default();
    if let Some((lo, hi)) = search_range(search) {
        binds.push(Bind::Str(lo));
        let lo = binds.len();
        let cond = match hi {
            Some(hi) => {
                binds.push(Bind::Str(hi));
                format!(">= ${lo} AND {{col}} < ${}", binds.len())
            }
            None => format!("= ${lo}"),
        };
        let branches: Vec<String> = ["username", "email", "lower(first_name)", "lower(last_name)"]
            .iter()
            .enumerate()
            .map(|(i, col)| {
                let cond = cond.replace("{col}", col);
                match &top {
                    Some(t) => format!(
                        "SELECT cid FROM (SELECT id AS cid FROM users
                             WHERE {} AND {col} {cond} ORDER BY username LIMIT ${}) a{i}",
                        t.clause, t.limit
                    ),
                    None => {
                        format!("SELECT id AS cid FROM users WHERE realm_id = $1 AND {col} {cond}")
                    }
                }
            })
            .collect();
        return Some(branches.join(" UNION "));
    }
    let (name, value) = f.attributes.first()?;
    binds.push(Bind::Str(name.clone()));
    binds.push(Bind::Str(value.clone()));
    let v = binds.len();
    Some(format!(
        "SELECT DISTINCT user_id AS cid FROM user_attributes
         WHERE realm_id = $1 AND name = ${} AND value = ${v}",
        v - 1
    ))
}

/// The bounds of a `search` that an index can serve: `(value, None)` for `"exact"`,
/// `(prefix, Some(upper))` for a prefix (what precedes the first `*`). `None` for infix
/// searches and for prefixes whose upper bound is not safe under every collation (the
/// bound is built only by stepping a final ASCII letter or digit).
fn search_range(s: &str) -> Option<(String, Option<String>)> {
    let s = s.to_lowercase();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        let exact = &s[1..s.len() - 1];
        return (!exact.is_empty() && !exact.contains('*')).then(|| (exact.to_string(), None));
    }
    let prefix = s.split('*').next().unwrap_or_default();
    let mut upper: Vec<char> = prefix.chars().collect();
    while let Some(c) = upper.pop() {
        match c {
            'a'..='y' | '0'..='8' => {
                upper.push(char::from(c as u8 + 1));
                let upper = upper.into_iter().collect();
                return Some((prefix.to_string(), Some(upper)));
            }
            'z' | '9' => continue,
            _ => return None,
        }
    }
    None
}

/// A stored credential row.
#[derive(Debug, Clone)]
pub struct CredentialRow {
    pub id: String,
    pub type_: String,
    pub user_label: Option<String>,
    pub created: i64,
    pub secret_data: String,
    pub credential_data: String,
    pub priority: i64,
}

pub async fn password(c: &mut Conn, user_id: &str) -> Result<Option<CredentialRow>> {
    let r = sqlx::query(
        "SELECT id, type, user_label, created, secret_data, credential_data, priority
         FROM credentials WHERE user_id = $1 AND type = 'password' ORDER BY priority LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(c)
    .await?;
    r.map(|r| {
        Ok(CredentialRow {
            id: r.try_get("id")?,
            type_: r.try_get("type")?,
            user_label: r.try_get("user_label")?,
            created: r.try_get("created")?,
            secret_data: r.try_get("secret_data")?,
            credential_data: r.try_get("credential_data")?,
            priority: r.try_get("priority")?,
        })
    })
    .transpose()
}

/// Replaces the user's password credential.
pub async fn set_password(
    c: &mut Conn,
    user_id: &str,
    hash: &PasswordHash,
    label: Option<&str>,
    now: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM credentials WHERE user_id = $1 AND type = 'password'")
        .bind(user_id)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "INSERT INTO credentials (id, user_id, type, user_label, created, secret_data,
                                  credential_data, priority)
         VALUES ($1, $2, 'password', $3, $4, $5, $6, 10)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(user_id)
    .bind(label)
    .bind(now)
    .bind(&hash.secret_data)
    .bind(&hash.credential_data)
    .execute(c)
    .await?;
    Ok(())
}

/// Keeps the credential id and label, swapping in a new hash (upgrade on login).
pub async fn rehash_password(c: &mut Conn, cred_id: &str, hash: &PasswordHash) -> Result<()> {
    sqlx::query("UPDATE credentials SET secret_data = $1, credential_data = $2 WHERE id = $3")
        .bind(&hash.secret_data)
        .bind(&hash.credential_data)
        .bind(cred_id)
        .execute(c)
        .await?;
    Ok(())
}
