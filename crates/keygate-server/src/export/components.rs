//! The `components` section: every component row of the realm, keyed by provider type as
//! Keycloak exports them, children nested under their parent's `subComponents`. Key
//! providers carry their key material (Keycloak's config names) so a re-import keeps the
//! same keys; a partial export masks it again (`keys::mask_key_component`).

use std::collections::HashMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::RsaPrivateKey;
use serde_json::{json, Map, Value};

use super::snapshot::Snapshot;
use crate::crypto::keys::{StoredKey, KEY_PROVIDER};
use crate::error::{Error, Result};
use crate::store::components::ComponentRow;
use crate::store::{self, Conn};

/// Component lists by provider type, top-level components (parent = realm) only.
pub async fn components(c: &mut Conn, snap: &Snapshot) -> Result<Map<String, Value>> {
    let rows = store::export::components(c, &snap.realm.id).await?;
    let ordered = store::keys::all_for_realm(c, &snap.realm.id).await?;
    let rank: HashMap<String, usize> = ordered
        .iter()
        .enumerate()
        .map(|(i, k)| (k.id.clone(), i))
        .collect();
    let keys: HashMap<String, StoredKey> = ordered.into_iter().map(|k| (k.id.clone(), k)).collect();
    let mut kids: HashMap<&str, Vec<&ComponentRow>> = HashMap::new();
    for r in &rows {
        kids.entry(r.parent_id.as_str()).or_default().push(r);
    }
    let mut seen = Vec::new();
    let mut map = by_type(&snap.realm.id, &kids, &keys, &mut seen);
    // Key providers in the keys' own order (priority, then newest first), which the import
    // keeps for keys of equal priority.
    if let Some(Value::Array(list)) = map.get_mut(KEY_PROVIDER) {
        list.sort_by_key(|v| v["id"].as_str().and_then(|id| rank.get(id)).copied());
    }
    Ok(map)
}

fn by_type(
    parent: &str,
    kids: &HashMap<&str, Vec<&ComponentRow>>,
    keys: &HashMap<String, StoredKey>,
    seen: &mut Vec<String>,
) -> Map<String, Value> {
    let mut map = Map::new();
    for r in kids.get(parent).into_iter().flatten() {
        // A component that names itself (or a loop) as parent is written once.
        if seen.contains(&r.id) {
            continue;
        }
        seen.push(r.id.clone());
        let subs = by_type(&r.id, kids, keys, seen);
        let rep = component(r, keys.get(&r.id), subs);
        if let Value::Array(list) = map
            .entry(r.provider_type.clone())
            .or_insert_with(|| json!([]))
        {
            list.push(rep);
        }
    }
    map
}

fn component(r: &ComponentRow, key: Option<&StoredKey>, subs: Map<String, Value>) -> Value {
    let mut config = match serde_json::from_str(&r.config) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    if r.provider_type == KEY_PROVIDER {
        if let Some(k) = key {
            // The key row holds the flags in force; the config keeps the names it had
            // (a flag it lacks is written only when off, which the import needs to know).
            let flags = [
                ("priority", k.priority.to_string(), false),
                ("enabled", k.enabled.to_string(), !k.enabled),
                ("active", k.active.to_string(), !k.active),
            ];
            for (name, value, needed) in flags {
                if needed || config.contains_key(name) {
                    config.insert(name.into(), json!([value]));
                }
            }
            // A key whose material cannot be encoded is exported without it; the import
            // then generates a fresh one.
            let _ = key_material(&mut config, k);
        }
    }
    let mut v = json!({
        "id": r.id,
        "name": r.name,
        "providerId": r.provider_id,
        "subComponents": subs,
        "config": config,
    });
    if let Some(s) = &r.sub_type {
        v["subType"] = json!(s);
    }
    v
}

/// Keycloak's config names for key material: RSA keys as base64 PKCS#8 DER with their
/// certificate, EC keys as base64 PKCS#8 DER and SPKI, secrets with their kid.
fn key_material(config: &mut Map<String, Value>, k: &StoredKey) -> Result<()> {
    match k.key_type() {
        "RSA" => {
            let key = RsaPrivateKey::from_pkcs1_pem(&k.private_key)
                .or_else(|_| RsaPrivateKey::from_pkcs8_pem(&k.private_key))
                .map_err(Error::internal)?;
            let der = key.to_pkcs8_der().map_err(Error::internal)?;
            config.insert(
                "privateKey".into(),
                json!([STANDARD.encode(der.as_bytes())]),
            );
            if let Some(cert) = &k.certificate {
                config.insert("certificate".into(), json!([cert]));
            }
            config.insert("algorithm".into(), json!([k.algorithm]));
        }
        "EC" => {
            config.insert("ecdsaPrivateKey".into(), json!([pem_body(&k.private_key)]));
            config.insert("ecdsaPublicKey".into(), json!([k.public_key]));
        }
        _ => {
            config.insert("kid".into(), json!([k.kid]));
            config.insert("secret".into(), json!([k.private_key]));
            if k.provider_id != "aes-generated" {
                config.insert("algorithm".into(), json!([k.algorithm]));
            }
        }
    }
    Ok(())
}

/// The base64 body of a PEM document, on one line.
fn pem_body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect()
}

/// Config names that hold key material: never stored in the component row.
pub const MATERIAL: &[&str] = &[
    "privateKey",
    "certificate",
    "secret",
    "kid",
    "ecdsaPrivateKey",
    "ecdsaPublicKey",
];
