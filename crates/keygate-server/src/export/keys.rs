//! Realm keys as Keycloak exports them: `org.keycloak.keys.KeyProvider` components whose
//! config carries the key material (the private key as base64 PKCS#8 DER, HMAC secrets).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::EncodePrivateKey;
use rsa::RsaPrivateKey;
use serde_json::{json, Map, Value};

use super::snapshot::Snapshot;
use crate::error::{Error, Result};
use crate::store::{self, Conn};

pub const KEY_PROVIDER: &str = "org.keycloak.keys.KeyProvider";

/// One component per stored key, ids kept so a re-import keeps them.
pub async fn key_components(c: &mut Conn, snap: &Snapshot) -> Result<Vec<Value>> {
    let keys = store::keys::for_realm(c, &snap.realm.id).await?;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let mut config = Map::new();
        config.insert("priority".into(), json!([k.priority.to_string()]));
        config.insert("enabled".into(), json!([k.enabled.to_string()]));
        config.insert("active".into(), json!([k.active.to_string()]));
        config.insert("algorithm".into(), json!([k.algorithm]));
        if k.algorithm.starts_with("HS") {
            config.insert("kid".into(), json!([k.kid]));
            config.insert("secret".into(), json!([k.private_key]));
        } else {
            let key = RsaPrivateKey::from_pkcs1_pem(&k.private_key).map_err(Error::internal)?;
            let der = key.to_pkcs8_der().map_err(Error::internal)?;
            config.insert(
                "privateKey".into(),
                json!([STANDARD.encode(der.as_bytes())]),
            );
            config.insert("keyUse".into(), json!([k.key_use.to_uppercase()]));
        }
        out.push(json!({
            "id": k.id,
            "name": k.provider_id,
            "providerId": k.provider_id,
            "subComponents": {},
            "config": config,
        }));
    }
    Ok(out)
}

/// The config keys a key provider declares, as Keycloak's partial export keeps them; the
/// rest (generated key material) is dropped and declared secrets are masked.
fn declared(provider: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match provider {
        "rsa" | "rsa-enc" => (
            &[
                "priority",
                "enabled",
                "active",
                "algorithm",
                "certificate",
                "keyUse",
            ],
            &["privateKey"],
        ),
        "rsa-generated" | "rsa-enc-generated" | "ecdsa-generated" | "eddsa-generated" => (
            &[
                "priority",
                "enabled",
                "active",
                "algorithm",
                "keySize",
                "ecdsaEllipticCurveKey",
                "eddsaEllipticCurveKey",
            ],
            &[],
        ),
        _ => (
            &["priority", "enabled", "active", "algorithm", "secretSize"],
            &[],
        ),
    }
}

/// Strips a key component for a partial export.
pub fn mask_key_component(comp: &mut Value) {
    let provider = comp["providerId"].as_str().unwrap_or_default().to_string();
    let (keep, secret) = declared(&provider);
    if let Some(config) = comp.get_mut("config").and_then(Value::as_object_mut) {
        config.retain(|k, _| keep.contains(&k.as_str()) || secret.contains(&k.as_str()));
        for (k, v) in config.iter_mut() {
            if secret.contains(&k.as_str()) {
                *v = json!([super::mask::SECRET]);
            }
        }
    }
}
