//! Query parameters read the way Keycloak's JAX-RS resources read them: the first value of
//! a name wins, booleans are `true` (any case) or false, integers must parse (a 400 here
//! rather than a framework rejection).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::groups::Page;

/// The decoded query string of a request.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: &str) -> Params {
        Params(
            url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn bool(&self, name: &str, default: bool) -> bool {
        self.str(name)
            .map_or(default, |v| v.trim().eq_ignore_ascii_case("true"))
    }

    pub fn int(&self, name: &str) -> Result<Option<i64>> {
        self.str(name)
            .map(|v| {
                v.trim().parse::<i64>().map_err(|_| {
                    Error::bad_request(format!("Invalid value for query parameter {name}: {v}"))
                })
            })
            .transpose()
    }

    /// `first` and `max` as a page: a missing or negative `first` starts at 0; a missing
    /// `max` takes `default_max` (None: no limit); a negative `max` means no limit.
    pub fn page(&self, default_max: Option<i64>) -> Result<Page> {
        let first = self.int("first")?.unwrap_or(0).max(0);
        let max = match self.int("max")?.or(default_max) {
            Some(m) if m >= 0 => m,
            _ => i64::MAX,
        };
        Ok(Page { first, max })
    }
}

impl FromRequestParts<AppState> for Params {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self> {
        Ok(Params::parse(parts.uri.query().unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_jax_rs() {
        let p = Params::parse("first=5&max=-1&brief=TRUE&x=1&x=2&bad=abc&search=a%20b");
        assert_eq!(
            p.page(Some(10)).ok(),
            Some(Page {
                first: 5,
                max: i64::MAX
            })
        );
        assert!(p.bool("brief", false));
        assert!(!p.bool("missing", false));
        assert!(p.bool("missing", true));
        assert_eq!(p.str("x"), Some("1"));
        assert_eq!(p.str("search"), Some("a b"));
        assert!(p.int("bad").is_err());
        let p = Params::parse("");
        assert_eq!(p.page(Some(10)).ok(), Some(Page { first: 0, max: 10 }));
        assert_eq!(p.page(None).ok(), Some(Page::ALL));
    }
}
