//! Keycloak's `StripSecretsUtils` for partial exports: secrets become `**********` unless
//! they are vault references (`${vault.key}`), users lose their credentials, and key
//! providers lose their key material.

use serde_json::{json, Value};

/// Keycloak's `ComponentRepresentation.SECRET_VALUE`.
pub const SECRET: &str = "**********";

fn is_vault(s: &str) -> bool {
    s.starts_with("${vault.") && s.ends_with('}') && s.len() > "${vault.}".len()
}

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
    if let Some(keys) = doc
        .get_mut("components")
        .and_then(|c| c.get_mut(super::keys::KEY_PROVIDER))
        .and_then(Value::as_array_mut)
    {
        for k in keys {
            super::keys::mask_key_component(k);
        }
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
