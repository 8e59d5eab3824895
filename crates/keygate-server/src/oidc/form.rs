//! Form bodies of the OAuth endpoints, parsed leniently so a bad body still gets an OAuth
//! error rather than a framework rejection.

use std::collections::HashMap;

use axum::body::Bytes;

/// Parsed `application/x-www-form-urlencoded` parameters; the first value of each wins.
#[derive(Debug, Default)]
pub struct Params(HashMap<String, String>);

impl Params {
    pub fn parse(body: &Bytes) -> Params {
        let mut map = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(body) {
            map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
        }
        Params(map)
    }

    /// A non-empty parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}
