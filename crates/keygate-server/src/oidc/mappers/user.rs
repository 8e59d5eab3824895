//! What user mappers read from a user: attributes (the built-in ones included, as with
//! Keycloak's user profile), properties, the full name and the address.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::store::users::UserRow;

/// Values of a user attribute; `username`, `email`, `firstName` and `lastName` are
/// attributes too.
pub fn attribute(u: &UserRow, name: Option<&String>) -> Vec<Value> {
    let Some(name) = name else {
        return Vec::new();
    };
    let builtin = match name.as_str() {
        "username" => Some(u.username.clone()),
        "email" => u.email.clone(),
        "firstName" => u.first_name.clone(),
        "lastName" => u.last_name.clone(),
        _ => None,
    };
    if let Some(v) = builtin {
        return vec![json!(v)];
    }
    u.attributes
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| json!(v))
        .collect()
}

/// A user property by its Java bean name.
pub fn property(u: &UserRow, name: Option<&String>) -> Vec<Value> {
    let v = match name.map(String::as_str) {
        Some("username") => json!(u.username),
        Some("email") => json!(u.email),
        Some("firstName") => json!(u.first_name),
        Some("lastName") => json!(u.last_name),
        Some("emailVerified") => json!(u.email_verified),
        Some("enabled") => json!(u.enabled),
        Some("id") => json!(u.id),
        Some("createdTimestamp") => json!(u.created),
        _ => Value::Null,
    };
    if v.is_null() {
        Vec::new()
    } else {
        vec![v]
    }
}

pub fn full_name(u: &UserRow) -> Option<String> {
    let parts: Vec<&str> = [u.first_name.as_deref(), u.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The `address` claim from the attributes `user.attribute.{part}` names.
pub fn address(u: &UserRow, config: &BTreeMap<String, String>) -> Option<Value> {
    let mut out = Map::new();
    for (part, claim) in [
        ("formatted", "formatted"),
        ("street", "street_address"),
        ("locality", "locality"),
        ("region", "region"),
        ("postal_code", "postal_code"),
        ("country", "country"),
    ] {
        let attr = config
            .get(&format!("user.attribute.{part}"))
            .cloned()
            .unwrap_or_else(|| part.to_string());
        if let Some((_, v)) = u.attributes.iter().find(|(k, _)| *k == attr) {
            out.insert(claim.into(), json!(v));
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}
