//! Admin API JSON bodies: the representations, then the server's checks on what parsed.
#![no_main]

use keygate_model::{
    ClientRepresentation, GroupRepresentation, ProtocolMapperRepresentation, RealmRepresentation,
    RoleRepresentation, UserRepresentation,
};
use keygate_server::{realm, user};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rep) = serde_json::from_slice::<UserRepresentation>(data) {
        let mut row = user::convert::new_row("id".into(), 0);
        if user::convert::apply(&mut row, &rep).is_ok() {
            let _ = user::username::validate(&user::profile::default_config(), &row.username);
        }
    }
    if let Ok(rep) = serde_json::from_slice::<RealmRepresentation>(data) {
        if let Some(name) = &rep.realm {
            let _ = realm::name::validate(name);
        }
    }
    let _ = serde_json::from_slice::<ClientRepresentation>(data);
    let _ = serde_json::from_slice::<GroupRepresentation>(data);
    let _ = serde_json::from_slice::<RoleRepresentation>(data);
    let _ = serde_json::from_slice::<ProtocolMapperRepresentation>(data);
    let _ = serde_json::from_slice::<serde_json::Value>(data);
});
