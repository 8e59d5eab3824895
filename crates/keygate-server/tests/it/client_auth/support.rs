//! Assertions as clients make them.

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::support::Srv;

/// Claims of a fresh assertion by `client` for `realm`'s token endpoint.
pub fn claims_for(srv: &Srv, realm: &str, client: &str) -> Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    json!({
        "iss": client, "sub": client, "aud": srv.token_url(realm),
        "jti": uuid::Uuid::new_v4().to_string(), "iat": now, "exp": now + 30,
    })
}

pub fn sign(alg: Algorithm, key: &EncodingKey, kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_string);
    encode(&header, claims, key).unwrap()
}

/// A client-credentials request authenticated by `assertion`.
pub fn grant(assertion: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "client_credentials".into()),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
        ),
        ("client_assertion", assertion.to_string()),
    ]
}

/// POSTs `form` to the token endpoint; the status and JSON body.
pub async fn token(srv: &Srv, realm: &str, form: &[(&str, String)]) -> (u16, Value) {
    let r = srv
        .http
        .post(srv.token_url(realm))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}
