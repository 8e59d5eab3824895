//! Whole-realm reads for exports: every role, composite link and group grant of a realm in
//! one query each, and users a page at a time with their credentials, grants and groups.

use sqlx::Row;

use super::roles::RoleRow;
use super::users::{self, CredentialRow, UserRow};
use super::{Conn, Db, Dialect, Tx};
use crate::error::Result;

/// A read-only transaction that sees one snapshot for all its statements, so an export
/// is consistent while writes go on (SQLite's deferred transaction already does; PostgreSQL
/// needs repeatable read).
pub async fn snapshot(db: &Db) -> Result<Tx> {
    let mut tx = db.pool.begin().await?;
    if db.dialect == Dialect::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// Every role of the realm, realm and client roles alike, by name.
pub async fn roles(c: &mut Conn, realm_id: &str) -> Result<Vec<RoleRow>> {
    let rows = sqlx::query(
        "SELECT id, container_id, client_role, name, description, attributes
           FROM roles WHERE realm_id = $1 ORDER BY name, id",
    )
    .bind(realm_id)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RoleRow {
                id: r.try_get("id")?,
                container_id: r.try_get("container_id")?,
                client_role: r.try_get::<i64, _>("client_role")? != 0,
                name: r.try_get("name")?,
                description: r.try_get("description")?,
                attributes: r.try_get("attributes")?,
            })
        })
        .collect()
}

async fn pairs(c: &mut Conn, sql: &str, key: &str) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query(sql).bind(key).fetch_all(c).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("a")?, r.try_get("b")?)))
        .collect()
}

/// `(parent, child)` composite links among the realm's roles.
pub async fn composites(c: &mut Conn, realm_id: &str) -> Result<Vec<(String, String)>> {
    pairs(
        c,
        "SELECT rc.parent_id AS a, rc.child_id AS b FROM role_composites rc
           JOIN roles r ON r.id = rc.parent_id WHERE r.realm_id = $1",
        realm_id,
    )
    .await
}

/// `(group, role)` grants of the realm's groups.
pub async fn group_grants(c: &mut Conn, realm_id: &str) -> Result<Vec<(String, String)>> {
    pairs(
        c,
        "SELECT gr.group_id AS a, gr.role_id AS b FROM group_roles gr
           JOIN realm_groups g ON g.id = gr.group_id WHERE g.realm_id = $1",
        realm_id,
    )
    .await
}

/// `(holder, role)` role scope mappings of the realm's clients and client scopes.
pub async fn scope_mappings(c: &mut Conn, realm_id: &str) -> Result<Vec<(String, String)>> {
    pairs(
        c,
        "SELECT holder_id AS a, role_id AS b FROM scope_mappings WHERE realm_id = $1
           ORDER BY holder_id, role_id",
        realm_id,
    )
    .await
}

/// Every component of the realm (exports are whole; no paging).
pub async fn components(
    c: &mut Conn,
    realm_id: &str,
) -> Result<Vec<super::components::ComponentRow>> {
    let f = super::components::Filter {
        max: i64::MAX,
        ..Default::default()
    };
    super::components::list(c, realm_id, &f).await
}

/// One page of the realm's users (service accounts included), by username after `after`.
pub async fn users_after(
    c: &mut Conn,
    realm_id: &str,
    after: &str,
    limit: i64,
) -> Result<Vec<UserRow>> {
    let sql = format!(
        "SELECT {} FROM users WHERE realm_id = $1 AND username > $2 ORDER BY username LIMIT $3",
        users::COLS
    );
    let rows = sqlx::query(&sql)
        .bind(realm_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?;
    let mut out = rows.iter().map(users::row).collect::<Result<Vec<_>>>()?;
    users::load_attributes(c, &mut out).await?;
    Ok(out)
}

/// The service-account users of the realm.
pub async fn service_accounts(c: &mut Conn, realm_id: &str) -> Result<Vec<UserRow>> {
    let sql = format!(
        "SELECT {} FROM users WHERE realm_id = $1 AND service_account_client_id IS NOT NULL
          ORDER BY username",
        users::COLS
    );
    let rows = sqlx::query(&sql).bind(realm_id).fetch_all(&mut *c).await?;
    let mut out = rows.iter().map(users::row).collect::<Result<Vec<_>>>()?;
    users::load_attributes(c, &mut out).await?;
    Ok(out)
}

fn in_list(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn pairs_for(c: &mut Conn, sql: &str, ids: &[String]) -> Result<Vec<(String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql.replace("{ids}", &in_list(1, ids.len()));
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id.clone());
    }
    let rows = q.fetch_all(c).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("a")?, r.try_get("b")?)))
        .collect()
}

/// `(user, role)` direct grants of the given users.
pub async fn user_grants(c: &mut Conn, user_ids: &[String]) -> Result<Vec<(String, String)>> {
    pairs_for(
        c,
        "SELECT user_id AS a, role_id AS b FROM user_roles WHERE user_id IN ({ids})",
        user_ids,
    )
    .await
}

/// `(user, group)` memberships of the given users.
pub async fn memberships(c: &mut Conn, user_ids: &[String]) -> Result<Vec<(String, String)>> {
    pairs_for(
        c,
        "SELECT user_id AS a, group_id AS b FROM group_members WHERE user_id IN ({ids})",
        user_ids,
    )
    .await
}

/// Every credential of the given users, with its owner, by priority.
pub async fn credentials(
    c: &mut Conn,
    user_ids: &[String],
) -> Result<Vec<(String, CredentialRow)>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT user_id, id, type, user_label, created, secret_data, credential_data, priority
           FROM credentials WHERE user_id IN ({}) ORDER BY priority, created",
        in_list(1, user_ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in user_ids {
        q = q.bind(id.clone());
    }
    let rows = q.fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("user_id")?,
                CredentialRow {
                    id: r.try_get("id")?,
                    type_: r.try_get("type")?,
                    user_label: r.try_get("user_label")?,
                    created: r.try_get("created")?,
                    secret_data: r.try_get("secret_data")?,
                    credential_data: r.try_get("credential_data")?,
                    priority: r.try_get("priority")?,
                },
            ))
        })
        .collect()
}

/// `(user, consent)` of the given users: client internal id and scope names.
pub async fn consents(
    c: &mut Conn,
    user_ids: &[String],
) -> Result<Vec<(String, super::user_extras::ConsentRow)>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT user_id, client_id, scopes, created, last_updated FROM user_consents
          WHERE user_id IN ({}) ORDER BY created, client_id",
        in_list(1, user_ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in user_ids {
        q = q.bind(id.clone());
    }
    let rows = q.fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            let scopes: String = r.try_get("scopes")?;
            Ok((
                r.try_get("user_id")?,
                super::user_extras::ConsentRow {
                    client_id: r.try_get("client_id")?,
                    scopes: serde_json::from_str(&scopes).unwrap_or_default(),
                    created: r.try_get("created")?,
                    last_updated: r.try_get("last_updated")?,
                },
            ))
        })
        .collect()
}

/// `(user, link)` identity-provider links of the given users.
pub async fn federated(
    c: &mut Conn,
    user_ids: &[String],
) -> Result<Vec<(String, super::user_extras::FederatedRow)>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT user_id, provider, fed_user_id, fed_username FROM federated_identities
          WHERE user_id IN ({}) ORDER BY provider",
        in_list(1, user_ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in user_ids {
        q = q.bind(id.clone());
    }
    let rows = q.fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("user_id")?,
                super::user_extras::FederatedRow {
                    provider: r.try_get("provider")?,
                    user_id: r.try_get("fed_user_id")?,
                    username: r.try_get("fed_username")?,
                },
            ))
        })
        .collect()
}

/// Inserts a consent as an export carries it.
pub async fn insert_consent(
    c: &mut Conn,
    realm_id: &str,
    user_id: &str,
    consent: &super::user_extras::ConsentRow,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO user_consents (user_id, realm_id, client_id, scopes, created, last_updated)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(realm_id)
    .bind(&consent.client_id)
    .bind(serde_json::to_string(&consent.scopes)?)
    .bind(consent.created)
    .bind(consent.last_updated)
    .execute(c)
    .await?;
    Ok(())
}
