//! Which realm names are allowed. A realm name is a path segment of every URL and the
//! issuer of every token, so it must stay one segment: Keycloak refuses RFC 3986's reserved
//! characters; Keygate also refuses names that a URL normaliser would rewrite (`.`, `..`),
//! control characters and markup.

use crate::error::{Error, Result};

/// RFC 3986 reserved characters and the backslash, as Keycloak's ReservedCharValidator.
const RESERVED: &[char] = &[
    ':', '/', '?', '#', '@', '!', '$', '&', '(', ')', '*', '+', ',', ';', '=', '[', ']', '\\',
];

/// Characters that have no place in a name shown in pages and used in URLs.
const UNSAFE: &[char] = &['<', '>', '"', '\'', '%', '`'];

/// Keycloak's column holds 255 characters.
const MAX_LEN: usize = 255;

pub fn validate(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::bad_request("Realm name cannot be empty"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| RESERVED.contains(c) || UNSAFE.contains(c))
    {
        return Err(Error::bad_request(format!("Character '{c}' not allowed.")));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::bad_request(
            "Realm name cannot contain control characters",
        ));
    }
    if name.chars().all(|c| c == '.') {
        return Err(Error::bad_request("Realm name cannot be '.' or '..'"));
    }
    if name.chars().count() > MAX_LEN {
        return Err(Error::bad_request(format!(
            "Realm name cannot be longer than {MAX_LEN} characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn refuses_what_breaks_a_path_segment() {
        for bad in [
            "", " ", ".", "..", "...", "?x", "#x", "a\\b", "a/b", "a\0b", "a\tb", "<b>x</b>",
            "a%2fb",
        ] {
            assert!(validate(bad).is_err(), "{bad:?} must be refused");
        }
        let long = "a".repeat(256);
        assert!(validate(&long).is_err());
    }

    #[test]
    fn accepts_ordinary_names() {
        for good in [
            "master",
            "my-realm",
            "my_realm.v2",
            "Ünïcode",
            "a..b",
            "x y",
        ] {
            assert!(validate(good).is_ok(), "{good:?} must be accepted");
        }
    }
}
