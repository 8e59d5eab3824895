//! Placing a mapper's value in a token: Keycloak's `OIDCAttributeMapperHelper` — the
//! `claim.name` path (dots nest, `\.` is a literal dot), the `jsonType.label` conversion,
//! and `multivalued` lists that merge with what earlier mappers put there.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Splits a claim name on unescaped dots.
pub fn claim_path(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                cur.push('.');
                chars.next();
            }
            '.' => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// One raw value converted per `jsonType.label`; `None` when it does not convert (Keycloak
/// leaves such a claim out).
pub fn convert(raw: &Value, kind: Option<&str>) -> Option<Value> {
    let text = match raw {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match kind.unwrap_or("String") {
        "long" | "int" => match raw {
            Value::Number(_) => Some(raw.clone()),
            _ => text.trim().parse::<i64>().ok().map(Value::from),
        },
        "boolean" => match raw {
            Value::Bool(_) => Some(raw.clone()),
            _ => match text.trim().to_ascii_lowercase().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
        },
        "JSON" => match raw {
            Value::String(s) => serde_json::from_str(s).ok(),
            other => Some(other.clone()),
        },
        _ => Some(match raw {
            Value::String(_) => raw.clone(),
            Value::Object(_) | Value::Array(_) => raw.clone(),
            _ => Value::String(text),
        }),
    }
}

/// Sets the mapper's claim to `values`: a list when `multivalued` (merged with a list
/// already there, without duplicates), else the first value. Nothing is set when there
/// are no values.
pub fn map_claim(
    claims: &mut Map<String, Value>,
    config: &BTreeMap<String, String>,
    values: Vec<Value>,
) {
    let Some(name) = config.get("claim.name").filter(|n| !n.trim().is_empty()) else {
        return;
    };
    let kind = config.get("jsonType.label").map(String::as_str);
    let values: Vec<Value> = values.iter().filter_map(|v| convert(v, kind)).collect();
    if values.is_empty() {
        return;
    }
    let multivalued = config.get("multivalued").is_some_and(|v| v == "true");
    set(claims, &claim_path(name), values, multivalued);
}

/// Sets a claim at a nested path.
pub fn set(claims: &mut Map<String, Value>, path: &[String], values: Vec<Value>, multi: bool) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = claims;
    for p in parents {
        let entry = node
            .entry(p.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(next) = entry else {
            return;
        };
        node = next;
    }
    if multi {
        let slot = node
            .entry(last.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        if !slot.is_array() {
            let old = slot.take();
            *slot = Value::Array(if old.is_null() { vec![] } else { vec![old] });
        }
        if let Value::Array(list) = slot {
            for v in values {
                if !list.contains(&v) {
                    list.push(v);
                }
            }
        }
    } else if let Some(first) = values.into_iter().next() {
        node.insert(last.clone(), first);
    }
}

/// Adds an audience to `aud`, keeping it a list while building.
pub fn add_audience(claims: &mut Map<String, Value>, aud: &str) {
    let slot = claims
        .entry("aud".to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::String(s) = slot {
        *slot = Value::Array(vec![Value::String(s.clone())]);
    }
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    if let Value::Array(list) = slot {
        let v = Value::String(aud.to_string());
        if !list.contains(&v) {
            list.push(v);
        }
    }
}

/// `aud` as Keycloak serialises it: a string when single, absent when empty.
pub fn finish_audience(claims: &mut Map<String, Value>) {
    if let Some(Value::Array(list)) = claims.get("aud") {
        match list.len() {
            0 => {
                claims.remove("aud");
            }
            1 => {
                let one = list[0].clone();
                claims.insert("aud".into(), one);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_nest_on_unescaped_dots() {
        assert_eq!(claim_path("a.b\\.c"), vec!["a", "b.c"]);
        let mut m = Map::new();
        set(&mut m, &claim_path("x.y"), vec![json!(1)], false);
        set(
            &mut m,
            &claim_path("x.z"),
            vec![json!("a"), json!("b")],
            true,
        );
        set(
            &mut m,
            &claim_path("x.z"),
            vec![json!("b"), json!("c")],
            true,
        );
        assert_eq!(
            Value::Object(m),
            json!({"x": {"y": 1, "z": ["a", "b", "c"]}})
        );
    }

    #[test]
    fn types_convert() {
        assert_eq!(convert(&json!("42"), Some("long")), Some(json!(42)));
        assert_eq!(convert(&json!("x"), Some("int")), None);
        assert_eq!(convert(&json!("TRUE"), Some("boolean")), Some(json!(true)));
        assert_eq!(
            convert(&json!("{\"a\":1}"), Some("JSON")),
            Some(json!({"a": 1}))
        );
        assert_eq!(convert(&json!(true), Some("String")), Some(json!("true")));
    }
}
