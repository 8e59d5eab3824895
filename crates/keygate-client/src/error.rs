//! One error type with what a caller needs to act: the HTTP status and Keycloak's own
//! error fields, and distinct variants for the answers code branches on.

use keygate_model::AdminError;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 404: the realm, user, client... does not exist.
    #[error("not found: {0}")]
    NotFound(ApiError),
    /// 409: it already exists (gocloak's `ObjectAlreadyExists`).
    #[error("already exists: {0}")]
    Conflict(ApiError),
    /// 401: no, bad or expired credentials or token.
    #[error("unauthorized: {0}")]
    Unauthorized(ApiError),
    /// 403: authenticated, but lacking the role.
    #[error("forbidden: {0}")]
    Forbidden(ApiError),
    /// Any other non-success answer.
    #[error("server answered {0}")]
    Api(ApiError),
    /// The request never got an answer (connection, timeout, TLS).
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// The answer was not what the API promises.
    #[error("unexpected answer: {0}")]
    Decode(String),
    /// A token failed offline verification.
    #[error("token rejected: {0}")]
    Token(#[from] crate::verifier::TokenError),
}

/// A non-success answer: its status and whichever of Keycloak's error fields it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// `error` (OAuth and some admin answers).
    pub error: Option<String>,
    /// `error_description` (OAuth answers).
    pub error_description: Option<String>,
    /// `errorMessage` (admin answers).
    pub error_message: Option<String>,
    /// The raw body when it was not JSON.
    pub body: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.status)?;
        for part in [
            &self.error,
            &self.error_description,
            &self.error_message,
            &self.body,
        ]
        .into_iter()
        .flatten()
        {
            write!(f, " {part}")?;
        }
        Ok(())
    }
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::NotFound(e)
            | Error::Conflict(e)
            | Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::Api(e) => Some(e.status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// Builds the error for a non-success answer.
    pub(crate) fn from_answer(status: u16, body: &str) -> Error {
        let parsed: Option<AdminError> = serde_json::from_str(body).ok();
        let api = match parsed {
            Some(e) => ApiError {
                status,
                error: e.error,
                error_description: e.error_description,
                error_message: e.error_message,
                body: None,
            },
            None => ApiError {
                status,
                error: None,
                error_description: None,
                error_message: None,
                body: (!body.is_empty()).then(|| body.chars().take(500).collect()),
            },
        };
        match status {
            404 => Error::NotFound(api),
            409 => Error::Conflict(api),
            401 => Error::Unauthorized(api),
            403 => Error::Forbidden(api),
            _ => Error::Api(api),
        }
    }
}

/// The result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
