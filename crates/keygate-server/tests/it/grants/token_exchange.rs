//! Standard token exchange: `api`, named in the audience of alice's token from `front`,
//! trades it for a token of its own, narrowed by `audience` and `requested_token_type`;
//! clients outside the audience, without the switch, or public are refused as Keycloak
//! refuses them.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{client, token};
use crate::both_stores;
use crate::login::{setup, PW};
use crate::support::{claims, Srv};

const GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS: &str = "urn:ietf:params:oauth:token-type:access_token";
const ID: &str = "urn:ietf:params:oauth:token-type:id_token";
const REFRESH: &str = "urn:ietf:params:oauth:token-type:refresh_token";

fn audience_mapper(target: &str) -> Value {
    json!({
        "name": format!("aud-{target}"), "protocol": "openid-connect",
        "protocolMapper": "oidc-audience-mapper",
        "config": {"included.client.audience": target, "access.token.claim": "true"}
    })
}

/// A confidential client `id` (secret `{id}-secret`) with `attributes` and `mappers`.
async fn confidential(srv: &Srv, realm: &str, id: &str, attributes: Value, mappers: Value) {
    let rep = json!({
        "clientId": id, "secret": format!("{id}-secret"), "publicClient": false,
        "directAccessGrantsEnabled": true, "attributes": attributes, "protocolMappers": mappers
    });
    client(srv, realm, rep).await;
}

/// A realm where `front` tokens name `api` (and `backend`) as audience, and `api` may
/// exchange; returns the realm and alice's access token from `front`.
async fn world(srv: &Srv) -> (String, String) {
    let realm = setup(srv, json!({})).await;
    let enabled = json!({"standard.token.exchange.enabled": "true"});
    confidential(srv, &realm, "backend", json!({}), json!([])).await;
    confidential(
        srv,
        &realm,
        "api",
        enabled.clone(),
        json!([audience_mapper("backend")]),
    )
    .await;
    confidential(srv, &realm, "other", enabled.clone(), json!([])).await;
    let refresh = json!({"standard.token.exchange.enabled": "true",
        "standard.token.exchange.enableRefreshRequestedTokenType": "SAME_SESSION"});
    confidential(srv, &realm, "api2", refresh, json!([])).await;
    let pubrep = json!({"clientId": "pub", "publicClient": true, "attributes": enabled});
    client(srv, &realm, pubrep).await;
    let mappers = json!([
        audience_mapper("api"),
        audience_mapper("api2"),
        audience_mapper("pub")
    ]);
    confidential(srv, &realm, "front", json!({}), mappers).await;
    let form = [
        ("grant_type", "password"),
        ("client_id", "front"),
        ("client_secret", "front-secret"),
        ("username", "alice"),
        ("password", PW),
    ];
    let (status, t) = token(srv, &realm, &form).await;
    assert_eq!(status, StatusCode::OK, "{t}");
    (
        realm,
        t["access_token"]
            .as_str()
            .expect("access_token")
            .to_string(),
    )
}

async fn exchange(
    srv: &Srv,
    realm: &str,
    who: &str,
    subject: &str,
    extra: &[(&str, &str)],
) -> (StatusCode, Value) {
    let secret = format!("{who}-secret");
    let mut form = vec![
        ("grant_type", GRANT),
        ("client_id", who),
        ("client_secret", secret.as_str()),
        ("subject_token", subject),
        ("subject_token_type", ACCESS),
    ];
    form.extend_from_slice(extra);
    token(srv, realm, &form).await
}

fn assert_error(got: &(StatusCode, Value), status: StatusCode, error: &str, description: &str) {
    assert_eq!(got.0, status, "{}", got.1);
    assert_eq!(got.1["error"], error, "{}", got.1);
    assert_eq!(got.1["error_description"], description, "{}", got.1);
}

both_stores!(api_exchanges_a_token_naming_it, |srv: Srv| async move {
    let (realm, subject) = world(&srv).await;
    let (status, t) = exchange(&srv, &realm, "api", &subject, &[]).await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["issued_token_type"], ACCESS);
    assert_eq!(t["token_type"], "Bearer");
    assert!(t.get("refresh_token").is_none(), "{t}");
    let at = t["access_token"].as_str().expect("access_token");
    let (c, s) = (claims(at), claims(&subject));
    assert_eq!(c["azp"], "api");
    assert_eq!(c["sub"], s["sub"]);
    assert_eq!(c["sid"], s["sid"]);
    let me = srv
        .get(
            at,
            &format!("/realms/{realm}/protocol/openid-connect/userinfo"),
        )
        .await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.expect("json");
    assert_eq!(me["preferred_username"], "alice");

    // Narrowed to one audience the token carries.
    let (status, t) = exchange(&srv, &realm, "api", &subject, &[("audience", "backend")]).await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(
        claims(t["access_token"].as_str().expect("at"))["aud"],
        "backend"
    );
    let missing = exchange(&srv, &realm, "api", &subject, &[("audience", "web")]).await;
    assert_error(
        &missing,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "Requested audience not available: web",
    );
    let unknown = exchange(&srv, &realm, "api", &subject, &[("audience", "nobody")]).await;
    assert_error(
        &unknown,
        StatusCode::BAD_REQUEST,
        "invalid_client",
        "Audience not found",
    );

    // An id token, in `access_token`, as RFC 8693 puts it.
    let (status, t) = exchange(
        &srv,
        &realm,
        "api",
        &subject,
        &[("requested_token_type", ID)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["issued_token_type"], ID);
    assert_eq!(t["token_type"], "N_A");
    assert_eq!(claims(t["access_token"].as_str().expect("id"))["typ"], "ID");

    // A refresh token only for a client that allows it.
    let refused = exchange(
        &srv,
        &realm,
        "api",
        &subject,
        &[("requested_token_type", REFRESH)],
    )
    .await;
    assert_error(
        &refused,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "requested_token_type unsupported",
    );
    let (status, t) = exchange(
        &srv,
        &realm,
        "api2",
        &subject,
        &[("requested_token_type", REFRESH)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["issued_token_type"], REFRESH);
    let rt = t["refresh_token"].as_str().expect("refresh_token");
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", "api2"),
        ("client_secret", "api2-secret"),
        ("refresh_token", rt),
    ];
    let (status, refreshed) = token(&srv, &realm, &form).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
});

both_stores!(exchanges_keycloak_refuses, |srv: Srv| async move {
    let (realm, subject) = world(&srv).await;
    let outside = exchange(&srv, &realm, "other", &subject, &[]).await;
    assert_error(
        &outside,
        StatusCode::FORBIDDEN,
        "access_denied",
        "Client is not within the token audience",
    );
    let off = exchange(&srv, &realm, "backend", &subject, &[]).await;
    assert_error(
        &off,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "Standard token exchange is not enabled for the requested client",
    );
    let public = token(
        &srv,
        &realm,
        &[
            ("grant_type", GRANT),
            ("client_id", "pub"),
            ("subject_token", &subject),
            ("subject_token_type", ACCESS),
        ],
    )
    .await;
    assert_error(
        &public,
        StatusCode::BAD_REQUEST,
        "invalid_client",
        "Public client is not allowed to exchange token",
    );
    let forged = exchange(&srv, &realm, "api", "not.a.token", &[]).await;
    assert_error(
        &forged,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "Invalid token",
    );
    let scope = exchange(&srv, &realm, "api", &subject, &[("scope", "bogus")]).await;
    assert_error(
        &scope,
        StatusCode::BAD_REQUEST,
        "invalid_scope",
        "Invalid scopes: bogus",
    );
    let impersonate = exchange(
        &srv,
        &realm,
        "api",
        &subject,
        &[("requested_subject", "alice")],
    )
    .await;
    assert_error(
        &impersonate,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "Parameter 'requested_subject' is not supported for standard token exchange",
    );
    let untyped = token(
        &srv,
        &realm,
        &[
            ("grant_type", GRANT),
            ("client_id", "api"),
            ("client_secret", "api-secret"),
            ("subject_token", &subject),
        ],
    )
    .await;
    assert_error(
        &untyped,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "Parameter 'subject_token_type' required for standard token exchange",
    );

    // A token from a session that has ended cannot be exchanged.
    let sid = claims(&subject)["sid"].as_str().expect("sid").to_string();
    let admin = srv.admin_token().await;
    let r = srv
        .delete(&admin, &format!("/admin/realms/{realm}/sessions/{sid}"))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let ended = exchange(&srv, &realm, "api", &subject, &[]).await;
    assert_error(
        &ended,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "Invalid token",
    );
});
