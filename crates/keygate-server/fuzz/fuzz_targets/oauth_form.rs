//! The token, introspection and revocation form bodies.
#![no_main]

use axum::body::Bytes;
use keygate_server::oidc::form::Params;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = Params::parse(&Bytes::copy_from_slice(data));
    let _ = p.refuse_duplicates();
    for key in [
        "grant_type",
        "client_id",
        "client_secret",
        "username",
        "password",
        "scope",
    ] {
        let _ = p.get(key);
    }
});
