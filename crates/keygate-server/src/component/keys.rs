//! `GET /admin/realms/{realm}/keys`: Keycloak's `KeysMetadataRepresentation`, every key of
//! the realm with its status, and the active key's kid per algorithm.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::crypto::cert;
use crate::crypto::keys::StoredKey;
use crate::error::Result;
use crate::http::auth::{Admin, Perm};
use crate::state::AppState;
use crate::store;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/realms/{realm}/keys", get(metadata))
}

async fn metadata(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewRealm)?;
    let mut conn = state.db.conn().await?;
    let keys = store::keys::all_for_realm(&mut conn, &realm.id).await?;
    Ok(Json(describe(&keys)))
}

/// The representation of `keys`, which come ordered by priority, highest first.
pub fn describe(keys: &[StoredKey]) -> Value {
    let mut active = Map::new();
    for k in keys.iter().filter(|k| k.enabled && k.active) {
        if !active.contains_key(&k.algorithm) {
            active.insert(k.algorithm.clone(), json!(k.kid));
        }
    }
    let list: Vec<Value> = keys.iter().map(key_metadata).collect();
    json!({"active": active, "keys": list})
}

fn key_metadata(k: &StoredKey) -> Value {
    let mut v = json!({
        "providerId": k.id,
        "providerPriority": k.priority,
        "kid": k.kid,
        "status": k.status(),
        "type": k.key_type(),
        "algorithm": k.algorithm,
        "use": k.key_use.to_ascii_uppercase(),
    });
    if !k.public_key.is_empty() {
        v["publicKey"] = json!(k.public_key);
    }
    if let Some(c) = &k.certificate {
        v["certificate"] = json!(c);
        if let Some(t) = cert::valid_to(c) {
            v["validTo"] = json!(t);
        }
    }
    v
}
