//! Query strings as the admin API reads them (booleans in any case, numbers, enums, maps).
#![no_main]

use std::collections::HashMap;

use keygate_server::http::query::from_query;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Listing {
    first: Option<i64>,
    max: Option<i32>,
    brief_representation: Option<bool>,
    exact: Option<bool>,
    search: Option<String>,
    enabled: Option<bool>,
    kind: Option<Kind>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Kind {
    #[serde(rename = "USER")]
    User,
    #[serde(rename = "GROUP")]
    Group,
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let _ = from_query::<Listing>(raw);
    let _ = from_query::<HashMap<String, String>>(raw);
});
