//! The Cookie header as the login pages read it.
#![no_main]

use axum::http::{header, HeaderMap, HeaderValue};
use keygate_server::login::cookies;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = HeaderValue::from_bytes(data) else {
        return;
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::COOKIE, value);
    for name in [
        "KEYCLOAK_IDENTITY",
        "KEYCLOAK_SESSION",
        "AUTH_SESSION_ID",
        "KC_RESTART",
    ] {
        if let Some(v) = cookies::read(&headers, name) {
            let _ = cookies::digest(&v);
        }
    }
});
