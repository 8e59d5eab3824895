//! The request span of the HTTP log: method, path and a query whose secret values are
//! replaced, so that `KEYGATE_LOG=debug` never writes an action-token key, a code or a
//! token into the log.

use axum::extract::Request;
use tower_http::trace::MakeSpan;
use tracing::Span;

/// Query parameters whose values are secrets (compared case-insensitively).
const SECRET_PARAMS: &[&str] = &[
    "key",
    "code",
    "token",
    "client_secret",
    "password",
    "session_code",
    "id_token_hint",
    "refresh_token",
    "access_token",
    "client_assertion",
    "confirm",
];

const REDACTED: &str = "[redacted]";

fn is_secret(name: &str) -> bool {
    SECRET_PARAMS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// The raw query with the value of every secret parameter replaced. The parameter name is
/// compared after percent-decoding, so `%6bey=` is caught as well as `key=`.
pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decoded: String = url::form_urlencoded::parse(name.as_bytes())
                .map(|(k, _)| k.into_owned())
                .collect();
            if is_secret(&decoded) && !value.is_empty() {
                format!("{name}={REDACTED}")
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Makes the `request` span of `tower_http`'s trace layer without secret query values.
#[derive(Clone, Copy, Debug, Default)]
pub struct RedactedSpan;

impl<B> MakeSpan<B> for RedactedSpan {
    fn make_span(&mut self, req: &Request<B>) -> Span {
        let uri = req.uri();
        let query = uri.query().map(redact_query).unwrap_or_default();
        tracing::debug_span!(
            "request",
            method = %req.method(),
            path = %uri.path(),
            query = %query,
            version = ?req.version(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_are_replaced() {
        assert_eq!(
            redact_query("key=abc.def&client_id=web&code=123&state=s"),
            "key=[redacted]&client_id=web&code=[redacted]&state=s"
        );
        assert_eq!(
            redact_query("KEY=x&%6bey=y&Client_Secret=z&password=p&session_code=c"),
            "KEY=[redacted]&%6bey=[redacted]&Client_Secret=[redacted]&password=[redacted]&session_code=[redacted]"
        );
        assert_eq!(
            redact_query("id_token_hint=h&refresh_token=r&access_token=a&token=t"),
            "id_token_hint=[redacted]&refresh_token=[redacted]&access_token=[redacted]&token=[redacted]"
        );
    }

    #[test]
    fn everything_else_is_kept() {
        assert_eq!(redact_query(""), "");
        assert_eq!(redact_query("key"), "key");
        assert_eq!(redact_query("key="), "key=");
        assert_eq!(redact_query("a=1&&b=2"), "a=1&&b=2");
        assert_eq!(redact_query("keys=1&mykey=2"), "keys=1&mykey=2");
    }
}
