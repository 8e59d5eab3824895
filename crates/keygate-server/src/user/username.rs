//! The username rules of the realm's user profile (`length` and
//! `username-prohibited-characters` on the `username` attribute), applied when the admin
//! API creates or renames a user, with Keycloak's field-error answers.

use serde_json::{json, Value};

use crate::error::{Error, Result};

/// Keycloak's UsernameProhibitedCharactersValidator: markup, whitespace, control
/// characters and path or shell metacharacters.
fn prohibited(c: char) -> bool {
    c.is_whitespace() || c.is_control() || "<>&\"'$%!#?§,;:*~/\\|^=[]{}()`".contains(c)
}

/// The `validations` of the `username` attribute in a UPConfig.
fn validations(profile: &Value) -> Option<&serde_json::Map<String, Value>> {
    profile["attributes"]
        .as_array()?
        .iter()
        .find(|a| a["name"] == "username")?["validations"]
        .as_object()
}

fn bound(v: &Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// Checks a username (already trimmed and lower-cased) against the profile.
pub fn validate(profile: &Value, username: &str) -> Result<()> {
    let Some(rules) = validations(profile) else {
        return Ok(());
    };
    if let Some(length) = rules.get("length") {
        let min = bound(&length["min"]).unwrap_or(0);
        let max = bound(&length["max"]).unwrap_or(u64::MAX);
        let len = username.chars().count() as u64;
        if len < min || len > max {
            return Err(Error::Field {
                field: "username".into(),
                message: "error-invalid-length",
                params: vec![json!("username"), json!(min), json!(max)],
            });
        }
    }
    if rules.contains_key("username-prohibited-characters") && username.chars().any(prohibited) {
        return Err(Error::Field {
            field: "username".into(),
            message: "error-username-invalid-character",
            params: vec![json!("username")],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::profile::default_config;

    #[test]
    fn default_profile_rules() {
        let p = default_config();
        for ok in ["alice", "a.b-c_d@example.com", "čeněk", "abc"] {
            assert!(validate(&p, ok).is_ok(), "{ok}");
        }
        for bad in ["ab", "a b", "a\0b", "a\u{7}b", "<script>", "a/b", "a\\b"] {
            assert!(validate(&p, bad).is_err(), "{bad:?}");
        }
        assert!(validate(&p, &"x".repeat(256)).is_err());
        assert!(validate(&p, &"x".repeat(255)).is_ok());
    }

    #[test]
    fn a_profile_without_rules_allows_anything_non_empty() {
        assert!(validate(&json!({"attributes": []}), "x y").is_ok());
    }
}
