//! The refusals of the authorization admin API, worded as Keycloak words them.

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

/// A request that names something the resource server does not hold.
pub fn invalid(description: impl Into<String>) -> Error {
    Error::Described {
        status: 400,
        error: "invalid_request".into(),
        description: description.into(),
    }
}
