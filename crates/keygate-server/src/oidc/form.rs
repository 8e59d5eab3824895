//! Form bodies of the OAuth endpoints, parsed leniently so a bad body still gets an OAuth
//! error rather than a framework rejection.

use std::collections::HashMap;

use axum::body::Bytes;

/// Parsed `application/x-www-form-urlencoded` parameters; the first value of each wins,
/// and a repeated name is remembered for the endpoints that refuse it.
#[derive(Debug, Default)]
pub struct Params {
    map: HashMap<String, String>,
    duplicated: bool,
}

impl Params {
    pub fn parse(body: &Bytes) -> Params {
        let mut map = HashMap::new();
        let mut duplicated = false;
        for (k, v) in url::form_urlencoded::parse(body) {
            match map.entry(k.into_owned()) {
                std::collections::hash_map::Entry::Occupied(_) => duplicated = true,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(v.into_owned());
                }
            }
        }
        Params { map, duplicated }
    }

    /// Keycloak's token, introspection and revocation endpoints refuse a repeated
    /// parameter: two `grant_type`s or `client_id`s make the request ambiguous.
    pub fn refuse_duplicates(&self) -> crate::error::Result<()> {
        if self.duplicated {
            return Err(crate::error::Error::oauth(
                "invalid_request",
                "duplicated parameter",
            ));
        }
        Ok(())
    }

    /// A non-empty parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.map
            .get(key)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}
