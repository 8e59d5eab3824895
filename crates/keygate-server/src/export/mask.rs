//! Keycloak's `StripSecretsUtils` for partial exports: secrets become `**********` unless
//! they are vault references (`${vault.key}`), users lose their credentials, key
//! providers lose their key material, and every component property its provider declares
//! secret is masked.

use serde_json::{json, Value};

use crate::component::providers::{is_vault, mask_secrets};

pub use super::keys::SECRET;

/// Masks `obj[key]` when it is a string that is not a vault reference.
fn mask_field(obj: Option<&mut Value>, key: &str) {
    let Some(Value::Object(map)) = obj else {
        return;
    };
    if let Some(v) = map.get_mut(key) {
        if v.as_str().is_some_and(|s| !is_vault(s)) {
            *v = json!(SECRET);
        }
    }
}

/// Masks every secret of a realm document in place.
pub fn strip_realm(doc: &mut Value) {
    mask_field(doc.get_mut("smtpServer"), "password");
    mask_field(doc.get_mut("smtpServer"), "authTokenClientSecret");
    if let Some(clients) = doc.get_mut("clients").and_then(Value::as_array_mut) {
        for c in clients {
            strip_client(c);
        }
    }
    if let Some(idps) = doc
        .get_mut("identityProviders")
        .and_then(Value::as_array_mut)
    {
        for idp in idps {
            mask_field(idp.get_mut("config"), "clientSecret");
        }
    }
    if let Some(components) = doc.get_mut("components") {
        strip_components(components);
    }
    for list in ["users", "federatedUsers"] {
        if let Some(users) = doc.get_mut(list).and_then(Value::as_array_mut) {
            for u in users {
                if let Some(u) = u.as_object_mut() {
                    u.remove("credentials");
                }
            }
        }
    }
}

/// A client's secret and its rotated secret.
pub fn strip_client(c: &mut Value) {
    mask_field(Some(c), "secret");
    mask_field(c.get_mut("attributes"), "client.secret.rotated");
}

/// Components by provider type, as exported, sub-components included.
fn strip_components(by_type: &mut Value) {
    let Some(map) = by_type.as_object_mut() else {
        return;
    };
    for (provider_type, list) in map.iter_mut() {
        for comp in list.as_array_mut().into_iter().flatten() {
            if provider_type == super::keys::KEY_PROVIDER {
                super::keys::mask_key_component(comp);
            }
            let provider_id = comp["providerId"].as_str().unwrap_or_default().to_string();
            if let Some(config) = comp.get_mut("config").and_then(Value::as_object_mut) {
                mask_secrets(provider_type, &provider_id, config);
            }
            if let Some(subs) = comp.get_mut("subComponents") {
                strip_components(subs);
            }
        }
    }
}
