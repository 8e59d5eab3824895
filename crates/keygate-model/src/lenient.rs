//! Keycloak reads its `Map<String, String>` fields with Jackson, which turns a JSON boolean
//! or number into its text: `"attributes": {"pkce.required": true}` is stored as `"true"`.
//! Tools (Terraform providers, python-keycloak users) send such values, so Keygate accepts
//! them the same way.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An optional string map whose scalar values may arrive as booleans or numbers; a null
/// value is left out, as Keycloak then has no such attribute.
pub fn string_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    let Some(raw) = Option::<BTreeMap<String, Value>>::deserialize(d)? else {
        return Ok(None);
    };
    let mut out = BTreeMap::new();
    for (k, v) in raw {
        let text = match v {
            Value::String(s) => s,
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Null => continue,
            other => {
                return Err(D::Error::custom(format!(
                    "Cannot deserialize value of type `java.lang.String` from {} for `{k}`",
                    if other.is_array() { "Array" } else { "Object" }
                )))
            }
        };
        out.insert(k, text);
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "string_map")]
        m: Option<BTreeMap<String, String>>,
    }

    #[test]
    fn scalars_become_text() {
        let t: T = serde_json::from_str(r#"{"m": {"a": true, "b": 3, "c": "x", "d": null}}"#)
            .expect("parses");
        let m = t.m.expect("map");
        assert_eq!(m["a"], "true");
        assert_eq!(m["b"], "3");
        assert_eq!(m["c"], "x");
        assert!(!m.contains_key("d"));
        assert!(serde_json::from_str::<T>(r#"{"m": {"a": [1]}}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{}"#)
            .expect("absent")
            .m
            .is_none());
    }
}
