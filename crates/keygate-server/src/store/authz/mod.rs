//! Authorization-services storage. Every function takes a [`ServerKey`], which only
//! [`find`] (checking the realm) and [`create`] hand out, so no query can reach another
//! realm's resource server.

pub mod conflicts;
pub mod model;
pub mod policies;
pub mod resources;
pub mod scopes;

use sqlx::Row;

use super::Conn;
use crate::error::Result;
use crate::store::authz::model::{Settings, Snapshot};

/// A resource server proven to belong to a realm.
#[derive(Debug, Clone)]
pub struct ServerKey {
    realm_id: String,
    id: String,
}

impl ServerKey {
    /// The resource server's id: its client's internal id.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn realm_id(&self) -> &str {
        &self.realm_id
    }
}

/// The resource server of a client in the realm, with its settings.
pub async fn find(
    c: &mut Conn,
    realm_id: &str,
    client_id: &str,
) -> Result<Option<(ServerKey, Settings)>> {
    let row = sqlx::query("SELECT data FROM authz_servers WHERE realm_id = $1 AND id = $2")
        .bind(realm_id)
        .bind(client_id)
        .fetch_optional(c)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let data: String = row.try_get("data")?;
    let key = ServerKey {
        realm_id: realm_id.to_string(),
        id: client_id.to_string(),
    };
    Ok(Some((key, serde_json::from_str(&data)?)))
}

/// Creates the resource server of a client (the caller has checked the client is in the
/// realm).
pub async fn create(
    c: &mut Conn,
    realm_id: &str,
    client_id: &str,
    settings: &Settings,
) -> Result<ServerKey> {
    sqlx::query("INSERT INTO authz_servers (id, realm_id, data) VALUES ($1, $2, $3)")
        .bind(client_id)
        .bind(realm_id)
        .bind(serde_json::to_string(settings)?)
        .execute(c)
        .await?;
    Ok(ServerKey {
        realm_id: realm_id.to_string(),
        id: client_id.to_string(),
    })
}

pub async fn update(c: &mut Conn, key: &ServerKey, settings: &Settings) -> Result<()> {
    sqlx::query("UPDATE authz_servers SET data = $1 WHERE realm_id = $2 AND id = $3")
        .bind(serde_json::to_string(settings)?)
        .bind(&key.realm_id)
        .bind(&key.id)
        .execute(c)
        .await?;
    Ok(())
}

/// Removes the resource server and (by cascade) everything it holds.
pub async fn delete(c: &mut Conn, key: ServerKey) -> Result<()> {
    sqlx::query("DELETE FROM authz_servers WHERE realm_id = $1 AND id = $2")
        .bind(&key.realm_id)
        .bind(&key.id)
        .execute(c)
        .await?;
    Ok(())
}

/// Everything the resource server holds, links resolved.
pub async fn snapshot(c: &mut Conn, key: &ServerKey, settings: Settings) -> Result<Snapshot> {
    Ok(Snapshot {
        id: key.id.clone(),
        settings,
        resources: resources::list(&mut *c, key).await?,
        scopes: scopes::list(&mut *c, key).await?,
        policies: policies::list(&mut *c, key).await?,
    })
}

/// `(owner id, linked id)` pairs of a link table, for one server's owners.
async fn links(
    c: &mut Conn,
    sql: &str,
    key: &ServerKey,
) -> Result<std::collections::HashMap<String, Vec<String>>> {
    let rows = sqlx::query(sql).bind(&key.id).fetch_all(c).await?;
    let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
    for r in rows {
        let (a, b): (String, String) = (r.try_get(0)?, r.try_get(1)?);
        out.entry(a).or_default().push(b);
    }
    Ok(out)
}

fn unique(e: sqlx::Error, what: &str, name: &str) -> crate::error::Error {
    if super::is_unique_violation(&e) {
        conflicts::exists(what, name)
    } else {
        e.into()
    }
}

/// Every role id a user holds: direct, through groups, and composites expanded.
pub async fn effective_role_ids(c: &mut Conn, user_id: &str) -> Result<Vec<String>> {
    let sql = format!(
        "{} SELECT id FROM eff",
        super::roles::Holder::User.effective_cte()
    );
    let rows = sqlx::query(&sql).bind(user_id).fetch_all(c).await?;
    rows.into_iter().map(|r| Ok(r.try_get("id")?)).collect()
}
