//! Components as Keycloak renders them: `ComponentRepresentation`, with the key material of
//! key providers shown as Keycloak shows it (private keys and secrets masked), and every
//! property a provider declares secret masked.

use serde_json::{json, Map, Value};

use super::providers::{self, MASK};
use crate::crypto::keys::{StoredKey, KEY_PROVIDER};
use crate::error::Result;
use crate::store::components::ComponentRow;

/// The representation of `row`; `key` is the key it owns, for key providers.
pub fn representation(row: &ComponentRow, key: Option<&StoredKey>) -> Result<Value> {
    let mut config: Map<String, Value> = match serde_json::from_str(&row.config)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if row.provider_type == KEY_PROVIDER {
        if let Some(k) = key {
            key_material(&mut config, k);
        }
    }
    providers::mask_secrets(&row.provider_type, &row.provider_id, &mut config);
    let mut v = json!({
        "id": row.id,
        "name": row.name,
        "providerId": row.provider_id,
        "providerType": row.provider_type,
        "parentId": row.parent_id,
        "config": config,
    });
    if let Some(s) = &row.sub_type {
        v["subType"] = json!(s);
    }
    Ok(v)
}

fn key_material(config: &mut Map<String, Value>, k: &StoredKey) {
    match k.key_type() {
        "RSA" => {
            config.insert("privateKey".into(), json!([MASK]));
            if let Some(c) = &k.certificate {
                config.insert("certificate".into(), json!([c]));
            }
        }
        "EC" => {
            config.insert("ecdsaPrivateKey".into(), json!([MASK]));
            config.insert("ecdsaPublicKey".into(), json!([k.public_key]));
        }
        _ => {
            config.insert("kid".into(), json!([k.kid]));
            config.insert("secret".into(), json!([MASK]));
        }
    }
}

/// Normalises a request's config: every value a list of strings (a bare string or number
/// becomes a one-element list, as lenient clients send them).
pub fn normalise(config: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(Value::Object(m)) = config {
        for (k, v) in m {
            let list: Vec<Value> = match v {
                Value::Array(items) => items.iter().map(as_text).collect(),
                Value::Null => continue,
                other => vec![as_text(other)],
            };
            out.insert(k.clone(), Value::Array(list));
        }
    }
    out
}

fn as_text(v: &Value) -> Value {
    match v {
        Value::String(_) => v.clone(),
        Value::Null => Value::String(String::new()),
        other => Value::String(other.to_string()),
    }
}
