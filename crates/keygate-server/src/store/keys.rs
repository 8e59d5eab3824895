//! Realm key rows. Every key belongs to a key-provider component with the same id, so
//! inserting a key also writes its component row (realm creation and import go through
//! here and so show their keys under `/components`, as Keycloak does).

use sqlx::any::AnyRow;
use sqlx::Row;

use super::components::{self, ComponentRow};
use super::Conn;
use crate::crypto::keys::{StoredKey, KEY_PROVIDER};
use crate::error::Result;

const COLUMNS: &str = "k.id, k.kid, k.algorithm, k.key_use, k.private_key, k.public_key,
    k.certificate, k.priority, k.enabled, k.active, k.provider_id, k.created,
    COALESCE(c.name, k.provider_id) AS name";

/// The realm's signing keys (the cache's view: encryption keys sign nothing).
pub async fn for_realm(c: &mut Conn, realm_id: &str) -> Result<Vec<StoredKey>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM realm_keys k LEFT JOIN components c ON c.id = k.id
         WHERE k.realm_id = $1 AND k.key_use = 'sig' ORDER BY k.priority DESC, k.created DESC"
    ))
    .bind(realm_id)
    .fetch_all(c)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every key of the realm, signing and encryption, for the keys endpoint.
pub async fn all_for_realm(c: &mut Conn, realm_id: &str) -> Result<Vec<StoredKey>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM realm_keys k LEFT JOIN components c ON c.id = k.id
         WHERE k.realm_id = $1 ORDER BY k.priority DESC, k.created DESC"
    ))
    .bind(realm_id)
    .fetch_all(c)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The key owned by component `id`.
pub async fn by_id(c: &mut Conn, realm_id: &str, id: &str) -> Result<Option<StoredKey>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM realm_keys k LEFT JOIN components c ON c.id = k.id
         WHERE k.realm_id = $1 AND k.id = $2"
    ))
    .bind(realm_id)
    .bind(id)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(from_row).transpose()
}

fn from_row(r: &AnyRow) -> Result<StoredKey> {
    Ok(StoredKey {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kid: r.try_get("kid")?,
        algorithm: r.try_get("algorithm")?,
        key_use: r.try_get("key_use")?,
        private_key: r.try_get("private_key")?,
        public_key: r.try_get("public_key")?,
        certificate: r.try_get("certificate")?,
        priority: r.try_get("priority")?,
        enabled: r.try_get::<i64, _>("enabled")? != 0,
        active: r.try_get::<i64, _>("active")? != 0,
        provider_id: r.try_get("provider_id")?,
        created: r.try_get("created")?,
    })
}

/// Inserts a key and its key-provider component (config derived from the key).
pub async fn insert(c: &mut Conn, realm_id: &str, k: &StoredKey) -> Result<()> {
    let config = serde_json::Value::Object(k.default_config()).to_string();
    insert_with_config(c, realm_id, k, &config).await
}

/// Inserts a key and its component with the given (secret-free) config JSON.
pub async fn insert_with_config(
    c: &mut Conn,
    realm_id: &str,
    k: &StoredKey,
    config: &str,
) -> Result<()> {
    insert_row(c, realm_id, k).await?;
    components::insert(
        c,
        &ComponentRow {
            id: k.id.clone(),
            realm_id: realm_id.to_string(),
            name: k.name.clone(),
            provider_id: k.provider_id.clone(),
            provider_type: KEY_PROVIDER.into(),
            parent_id: realm_id.to_string(),
            sub_type: None,
            config: config.to_string(),
            created: k.created,
        },
    )
    .await
}

/// Inserts only the key row (its component exists already).
pub async fn insert_row(c: &mut Conn, realm_id: &str, k: &StoredKey) -> Result<()> {
    sqlx::query(
        "INSERT INTO realm_keys (id, realm_id, kid, algorithm, key_use, private_key, public_key,
                                 priority, enabled, active, provider_id, created, certificate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&k.id)
    .bind(realm_id)
    .bind(&k.kid)
    .bind(&k.algorithm)
    .bind(&k.key_use)
    .bind(&k.private_key)
    .bind(&k.public_key)
    .bind(k.priority)
    .bind(k.enabled as i64)
    .bind(k.active as i64)
    .bind(&k.provider_id)
    .bind(k.created)
    .bind(k.certificate.as_deref())
    .execute(c)
    .await?;
    Ok(())
}

/// Changes what decides the key's use: priority, enabled, active and algorithm.
pub async fn update_flags(c: &mut Conn, realm_id: &str, k: &StoredKey) -> Result<()> {
    sqlx::query(
        "UPDATE realm_keys SET priority = $1, enabled = $2, active = $3, algorithm = $4
         WHERE realm_id = $5 AND id = $6",
    )
    .bind(k.priority)
    .bind(k.enabled as i64)
    .bind(k.active as i64)
    .bind(&k.algorithm)
    .bind(realm_id)
    .bind(&k.id)
    .execute(c)
    .await?;
    Ok(())
}

/// Removes the key row of component `id` (the component stays to the caller).
pub async fn delete(c: &mut Conn, realm_id: &str, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM realm_keys WHERE realm_id = $1 AND id = $2")
        .bind(realm_id)
        .bind(id)
        .execute(c)
        .await?;
    Ok(())
}
