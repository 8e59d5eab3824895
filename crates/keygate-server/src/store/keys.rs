//! Realm key rows.

use sqlx::Row;

use super::Conn;
use crate::crypto::keys::StoredKey;
use crate::error::Result;

pub async fn for_realm(c: &mut Conn, realm_id: &str) -> Result<Vec<StoredKey>> {
    let rows = sqlx::query(
        "SELECT id, kid, algorithm, key_use, private_key, public_key, priority, enabled, active,
                provider_id, created
         FROM realm_keys WHERE realm_id = $1 ORDER BY priority DESC, created DESC",
    )
    .bind(realm_id)
    .fetch_all(c)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(StoredKey {
                id: r.try_get("id")?,
                kid: r.try_get("kid")?,
                algorithm: r.try_get("algorithm")?,
                key_use: r.try_get("key_use")?,
                private_key: r.try_get("private_key")?,
                public_key: r.try_get("public_key")?,
                priority: r.try_get("priority")?,
                enabled: r.try_get::<i64, _>("enabled")? != 0,
                active: r.try_get::<i64, _>("active")? != 0,
                provider_id: r.try_get("provider_id")?,
                created: r.try_get("created")?,
            })
        })
        .collect()
}

pub async fn insert(c: &mut Conn, realm_id: &str, k: &StoredKey) -> Result<()> {
    sqlx::query(
        "INSERT INTO realm_keys (id, realm_id, kid, algorithm, key_use, private_key, public_key,
                                 priority, enabled, active, provider_id, created)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
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
    .execute(c)
    .await?;
    Ok(())
}
