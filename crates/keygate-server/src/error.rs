//! The one error type of the server. Capabilities return it; `http::error` turns it into
//! Keycloak's response shapes in exactly one place.

use std::borrow::Cow;

/// Every failure a request or a command can end in.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An OAuth/OIDC protocol error, rendered as `{error, error_description}`.
    #[error("{error}: {description}")]
    OAuth {
        status: u16,
        error: &'static str,
        description: Cow<'static, str>,
    },
    /// Keycloak's `ErrorResponseException(error, description, status)`: `{error,
    /// error_description}` with a text that names the object (authorization services).
    #[error("{error}: {description}")]
    Described {
        status: u16,
        error: String,
        description: String,
    },
    /// A missing realm, user, client...: 404 `{"error": "..."}` as Keycloak answers.
    #[error("not found: {0}")]
    NotFound(Cow<'static, str>),
    /// A duplicate: 409 `{"errorMessage": "..."}`.
    #[error("conflict: {0}")]
    Conflict(Cow<'static, str>),
    /// Bad input on the admin API: 400 `{"errorMessage": "..."}`.
    #[error("bad request: {0}")]
    BadRequest(Cow<'static, str>),
    /// A user-profile validation failure on one field, as Keycloak's admin API renders it:
    /// 400 `{"field": "username", "errorMessage": "error-invalid-length", "params": [...]}`.
    #[error("invalid {field}: {message}")]
    Field {
        field: String,
        message: &'static str,
        params: Vec<serde_json::Value>,
    },
    /// User-profile validation failures as the account API renders them: every error in
    /// `errors`, the first one also at the top level (Keycloak's `ErrorResponse.errors`
    /// without shrinking). 400, or 409 for a duplicate.
    #[error("invalid profile: {} error(s)", errors.len())]
    Fields {
        status: u16,
        errors: Vec<FieldError>,
    },
    /// A body that is not the JSON the endpoint takes: Keycloak's Jackson failure,
    /// 400 `{"error": "unknown_error", "error_description": "Cannot parse the JSON"}`.
    #[error("unparsable JSON body")]
    Unparsable,
    /// What Keycloak refuses with a JAX-RS `BadRequestException(message)` (an unknown
    /// property, a client without a service account...): 400 `{"error": "..."}`.
    #[error("{0}")]
    Rejected(String),
    /// A precondition of the request does not hold: 412 `{"errorMessage": "..."}`.
    #[error("precondition failed: {0}")]
    PreconditionFailed(Cow<'static, str>),
    /// No or invalid bearer token on the admin API.
    #[error("unauthorized")]
    Unauthorized,
    /// A valid token without the needed role.
    #[error("forbidden")]
    Forbidden,
    /// A protocol-level refusal (415, 413, 414...) rendered as JAX-RS renders it:
    /// `{"error": "HTTP 415 Unsupported Media Type"}`.
    #[error("HTTP status {0}")]
    Status(u16),
    /// Misconfiguration found at start-up.
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One attribute's validation failure: Keycloak's `ErrorRepresentation`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub error_message: &'static str,
    pub params: Vec<serde_json::Value>,
}

impl Error {
    /// An OAuth error with status 400.
    pub fn oauth(error: &'static str, description: impl Into<Cow<'static, str>>) -> Error {
        Error::OAuth {
            status: 400,
            error,
            description: description.into(),
        }
    }

    /// An OAuth error with an explicit status.
    pub fn oauth_status(
        status: u16,
        error: &'static str,
        description: impl Into<Cow<'static, str>>,
    ) -> Error {
        Error::OAuth {
            status,
            error,
            description: description.into(),
        }
    }

    pub fn not_found(what: impl Into<Cow<'static, str>>) -> Error {
        Error::NotFound(what.into())
    }

    pub fn conflict(what: impl Into<Cow<'static, str>>) -> Error {
        Error::Conflict(what.into())
    }

    pub fn bad_request(what: impl Into<Cow<'static, str>>) -> Error {
        Error::BadRequest(what.into())
    }

    pub fn internal(what: impl std::fmt::Display) -> Error {
        Error::Internal(what.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Internal(format!("json: {e}"))
    }
}
