//! Masking key providers for a partial export (their material is written by `components`).

use serde_json::{json, Value};

/// Keycloak's `ComponentRepresentation.SECRET_VALUE`.
pub const SECRET: &str = "**********";

pub const KEY_PROVIDER: &str = "org.keycloak.keys.KeyProvider";

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
                *v = json!([SECRET]);
            }
        }
    }
}
