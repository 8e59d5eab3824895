//! The queries of login and admin events (tables of schema step 7). Lists filter and page
//! in the database over the `(realm_id, event_time)` indexes.

use serde_json::Value;
use sqlx::Row;

use crate::error::Result;
use crate::store::Conn;

/// A stored login event (`EventRepresentation`).
#[derive(Debug, Clone, Default)]
pub struct EventRow {
    pub id: String,
    pub realm_id: String,
    pub time: i64,
    pub kind: String,
    /// The client's `clientId`.
    pub client_id: Option<String>,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub ip_address: Option<String>,
    pub error: Option<String>,
    /// The details map, as JSON.
    pub details: Option<Value>,
}

/// A stored admin event (`AdminEventRepresentation`).
#[derive(Debug, Clone, Default)]
pub struct AdminEventRow {
    pub id: String,
    pub realm_id: String,
    pub time: i64,
    pub operation_type: String,
    pub resource_type: Option<String>,
    pub resource_path: Option<String>,
    pub auth_realm_id: Option<String>,
    /// The caller's client, by internal id.
    pub auth_client_id: Option<String>,
    pub auth_user_id: Option<String>,
    pub auth_ip_address: Option<String>,
    pub representation: Option<String>,
    pub error: Option<String>,
}

/// One bound value of a dynamically built filter.
enum Bind {
    Text(String),
    Int(i64),
}

/// A `WHERE` clause under construction, numbering its `$n` placeholders.
struct Filter {
    sql: String,
    binds: Vec<Bind>,
}

impl Filter {
    fn new(realm_id: &str) -> Filter {
        Filter {
            sql: "realm_id = $1".into(),
            binds: vec![Bind::Text(realm_id.to_string())],
        }
    }

    fn next(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }

    fn eq(&mut self, column: &str, value: &Option<String>) {
        if let Some(v) = value {
            let p = self.next(Bind::Text(v.clone()));
            self.sql.push_str(&format!(" AND {column} = {p}"));
        }
    }

    fn any_of(&mut self, column: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let ps: Vec<String> = values
            .iter()
            .map(|v| self.next(Bind::Text(v.clone())))
            .collect();
        self.sql
            .push_str(&format!(" AND {column} IN ({})", ps.join(", ")));
    }

    fn like(&mut self, column: &str, pattern: &Option<String>) {
        if let Some(p) = pattern {
            let escaped = crate::store::like_escape(p).replace('*', "%");
            let p = self.next(Bind::Text(escaped));
            self.sql
                .push_str(&format!(" AND {column} LIKE {p} ESCAPE '\\'"));
        }
    }

    fn time(&mut self, op: &str, value: Option<i64>) {
        if let Some(v) = value {
            let p = self.next(Bind::Int(v));
            self.sql.push_str(&format!(" AND event_time {op} {p}"));
        }
    }

    fn query<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let mut q = sqlx::query(sql);
        for b in &self.binds {
            q = match b {
                Bind::Text(s) => q.bind(s.as_str()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        q
    }
}

/// What both lists share: the time window and the page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Inclusive lower bound, ms.
    pub from: Option<i64>,
    /// Exclusive upper bound, ms.
    pub to: Option<i64>,
    pub first: i64,
    pub max: i64,
    pub ascending: bool,
}

impl Page {
    fn finish(&self, f: &mut Filter, select: &str, table: &str) -> String {
        f.time(">=", self.from);
        f.time("<", self.to);
        let dir = if self.ascending { "ASC" } else { "DESC" };
        let limit = f.next(Bind::Int(self.max));
        let offset = f.next(Bind::Int(self.first));
        format!(
            "SELECT {select} FROM {table} WHERE {} ORDER BY event_time {dir}, id {dir} \
             LIMIT {limit} OFFSET {offset}",
            f.sql
        )
    }
}

/// The filters of `GET .../events`.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub types: Vec<String>,
    pub client: Option<String>,
    pub user: Option<String>,
    pub ip_address: Option<String>,
    pub page: Page,
}

/// The filters of `GET .../admin-events`.
#[derive(Debug, Clone, Default)]
pub struct AdminEventQuery {
    pub operation_types: Vec<String>,
    pub resource_types: Vec<String>,
    pub resource_path: Option<String>,
    pub auth_realm: Option<String>,
    pub auth_client: Option<String>,
    pub auth_user: Option<String>,
    pub auth_ip: Option<String>,
    pub page: Page,
}

const EVENT_COLUMNS: &str =
    "id, realm_id, event_time, type, client_id, user_id, session_id, ip_address, error, details";
const ADMIN_COLUMNS: &str = "id, realm_id, event_time, operation_type, resource_type, \
     resource_path, auth_realm_id, auth_client_id, auth_user_id, auth_ip_address, \
     representation, error";

pub async fn insert(c: &mut Conn, e: &EventRow) -> Result<()> {
    let details = e.details.as_ref().map(Value::to_string);
    sqlx::query(&format!(
        "INSERT INTO events ({EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&e.id)
    .bind(&e.realm_id)
    .bind(e.time)
    .bind(&e.kind)
    .bind(&e.client_id)
    .bind(&e.user_id)
    .bind(&e.session_id)
    .bind(&e.ip_address)
    .bind(&e.error)
    .bind(details)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn insert_admin(c: &mut Conn, e: &AdminEventRow) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO admin_events ({ADMIN_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    ))
    .bind(&e.id)
    .bind(&e.realm_id)
    .bind(e.time)
    .bind(&e.operation_type)
    .bind(&e.resource_type)
    .bind(&e.resource_path)
    .bind(&e.auth_realm_id)
    .bind(&e.auth_client_id)
    .bind(&e.auth_user_id)
    .bind(&e.auth_ip_address)
    .bind(&e.representation)
    .bind(&e.error)
    .execute(c)
    .await?;
    Ok(())
}

/// Drops the realm's login events older than `cutoff_ms`.
pub async fn purge(c: &mut Conn, realm_id: &str, cutoff_ms: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM events WHERE realm_id = $1 AND event_time < $2")
        .bind(realm_id)
        .bind(cutoff_ms)
        .execute(c)
        .await?;
    Ok(done.rows_affected())
}

/// Drops the realm's admin events older than `cutoff_ms`.
pub async fn purge_admin(c: &mut Conn, realm_id: &str, cutoff_ms: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM admin_events WHERE realm_id = $1 AND event_time < $2")
        .bind(realm_id)
        .bind(cutoff_ms)
        .execute(c)
        .await?;
    Ok(done.rows_affected())
}

pub async fn clear(c: &mut Conn, realm_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM events WHERE realm_id = $1")
        .bind(realm_id)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn clear_admin(c: &mut Conn, realm_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM admin_events WHERE realm_id = $1")
        .bind(realm_id)
        .execute(c)
        .await?;
    Ok(())
}

fn opt_text(r: &sqlx::any::AnyRow, col: &str) -> Result<Option<String>> {
    Ok(r.try_get::<Option<String>, _>(col)?)
}

pub async fn list(c: &mut Conn, realm_id: &str, q: &EventQuery) -> Result<Vec<EventRow>> {
    let mut f = Filter::new(realm_id);
    f.any_of("type", &q.types);
    f.eq("client_id", &q.client);
    f.eq("user_id", &q.user);
    f.eq("ip_address", &q.ip_address);
    let sql = q.page.finish(&mut f, EVENT_COLUMNS, "events");
    let rows = f.query(&sql).fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            let details = opt_text(r, "details")?
                .map(|d| serde_json::from_str(&d))
                .transpose()?;
            Ok(EventRow {
                id: r.try_get("id")?,
                realm_id: r.try_get("realm_id")?,
                time: r.try_get("event_time")?,
                kind: r.try_get("type")?,
                client_id: opt_text(r, "client_id")?,
                user_id: opt_text(r, "user_id")?,
                session_id: opt_text(r, "session_id")?,
                ip_address: opt_text(r, "ip_address")?,
                error: opt_text(r, "error")?,
                details,
            })
        })
        .collect()
}

pub async fn list_admin(
    c: &mut Conn,
    realm_id: &str,
    q: &AdminEventQuery,
) -> Result<Vec<AdminEventRow>> {
    let mut f = Filter::new(realm_id);
    f.any_of("operation_type", &q.operation_types);
    f.any_of("resource_type", &q.resource_types);
    f.like("resource_path", &q.resource_path);
    f.eq("auth_realm_id", &q.auth_realm);
    f.eq("auth_client_id", &q.auth_client);
    f.eq("auth_user_id", &q.auth_user);
    f.eq("auth_ip_address", &q.auth_ip);
    let sql = q.page.finish(&mut f, ADMIN_COLUMNS, "admin_events");
    let rows = f.query(&sql).fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            Ok(AdminEventRow {
                id: r.try_get("id")?,
                realm_id: r.try_get("realm_id")?,
                time: r.try_get("event_time")?,
                operation_type: r.try_get("operation_type")?,
                resource_type: opt_text(r, "resource_type")?,
                resource_path: opt_text(r, "resource_path")?,
                auth_realm_id: opt_text(r, "auth_realm_id")?,
                auth_client_id: opt_text(r, "auth_client_id")?,
                auth_user_id: opt_text(r, "auth_user_id")?,
                auth_ip_address: opt_text(r, "auth_ip_address")?,
                representation: opt_text(r, "representation")?,
                error: opt_text(r, "error")?,
            })
        })
        .collect()
}
