//! The conflicts the authorization store reports when a name is taken, worded as Keycloak
//! words them.

use crate::error::Error;

/// A resource or scope name taken: `409 {"error":"invalid_request", ...}`.
pub fn exists(what: &str, name: &str) -> Error {
    Error::Described {
        status: 409,
        error: "invalid_request".into(),
        description: format!("{what} with name [{name}] already exists."),
    }
}

/// A policy name taken: Keycloak puts the sentence in `error`.
pub fn policy_exists(name: &str) -> Error {
    Error::Described {
        status: 409,
        error: format!("Policy with name [{name}] already exists"),
        description: "Conflicting policy".into(),
    }
}
