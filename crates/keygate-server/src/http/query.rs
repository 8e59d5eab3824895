//! Typed query strings read as Keycloak's JAX-RS resources read them: the first value of a
//! name wins, a boolean is `true` in any case (`True` from Python's requests) and false
//! otherwise, a number must parse. A bad value is a Keycloak-shaped 400, never serde's text.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::value::{Error as DeError, MapDeserializer, StringDeserializer};
use serde::de::{DeserializeOwned, Deserializer, Error as _, IntoDeserializer, Visitor};

use crate::error::Error;

/// A query string deserialized into `T`; drop-in for `axum::extract::Query`.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        from_query(parts.uri.query().unwrap_or_default()).map(Query)
    }
}

/// Deserializes a raw query string with Keycloak's parameter semantics.
pub fn from_query<T: DeserializeOwned>(raw: &str) -> Result<T, Error> {
    let mut pairs: Vec<(String, Value)> = Vec::new();
    for (k, v) in url::form_urlencoded::parse(raw.as_bytes()) {
        if !pairs.iter().any(|(seen, _)| *seen == k) {
            pairs.push((k.into_owned(), Value(v.into_owned())));
        }
    }
    T::deserialize(MapDeserializer::new(pairs.into_iter()))
        .map_err(|e: DeError| Error::bad_request(e.to_string()))
}

/// One parameter's value.
struct Value(String);

impl<'de> IntoDeserializer<'de, DeError> for Value {
    type Deserializer = Value;
    fn into_deserializer(self) -> Value {
        self
    }
}

macro_rules! numbers {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            match self.0.trim().parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => Err(DeError::custom(format!("Invalid query parameter value: {}", self.0))),
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for Value {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_string(self.0)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_bool(self.0.trim().eq_ignore_ascii_case("true"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        StringDeserializer::<DeError>::new(self.0).deserialize_enum(name, variants, visitor)
    }

    numbers! {
        deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64,
        deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64,
        deserialize_f32 visit_f32 f32, deserialize_f64 visit_f64 f64
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize, Debug, Default)]
    #[serde(rename_all = "camelCase")]
    struct P {
        brief_representation: Option<bool>,
        exact: Option<bool>,
        first: Option<i64>,
        search: Option<String>,
    }

    #[test]
    fn booleans_in_any_case() {
        let p: P = from_query("briefRepresentation=False&exact=True").unwrap();
        assert_eq!(p.brief_representation, Some(false));
        assert_eq!(p.exact, Some(true));
        let p: P = from_query("exact=TRUE&exact=false").unwrap();
        assert_eq!(p.exact, Some(true), "the first value wins");
        let p: P = from_query("exact=yes").unwrap();
        assert_eq!(
            p.exact,
            Some(false),
            "anything but true is false, as in Java"
        );
    }

    #[test]
    fn numbers_must_parse() {
        let p: P = from_query("first=5&search=a%20b").unwrap();
        assert_eq!(p.first, Some(5));
        assert_eq!(p.search.as_deref(), Some("a b"));
        let e = from_query::<P>("first=abc").unwrap_err();
        assert!(matches!(e, Error::BadRequest(_)), "{e:?}");
    }

    #[test]
    fn maps_take_everything() {
        let m: HashMap<String, String> = from_query("a=1&b=two&a=3").unwrap();
        assert_eq!(m["a"], "1");
        assert_eq!(m["b"], "two");
    }
}
