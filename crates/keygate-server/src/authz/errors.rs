//! The refusals of the authorization admin API, worded as Keycloak words them.

use crate::error::Error;

/// A request that names something the resource server does not hold.
pub fn invalid(description: impl Into<String>) -> Error {
    Error::Described {
        status: 400,
        error: "invalid_request".into(),
        description: description.into(),
    }
}
