//! `POST /realms/{realm}/protocol/openid-connect/auth/device`: the device's request for a
//! device code and a user code (RFC 8628 §3.1-3.2).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::crypto::random_token;
use crate::error::{Error, Result};
use crate::http::base::Base;
use crate::login::cookies::digest;
use crate::oidc::client_auth;
use crate::oidc::form::Params;
use crate::state::{AppState, Change};
use crate::store::device_codes::{self, DeviceRow, Status};

pub async fn device_authorization(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let realm = state.realms.public(&state.db, &name).await?;
    if !realm.enabled() {
        return Err(Error::oauth("invalid_request", "Realm not enabled"));
    }
    let form = Params::parse(&body);
    form.refuse_duplicates()?;
    let client = client_auth::authenticate(&realm, &headers, &form)?;
    if !super::enabled(&client) {
        return Err(Error::oauth(
            "invalid_grant",
            "Client not allowed for OAuth 2.0 Device Authorization Grant",
        ));
    }
    let now = state.clock.now();
    let expires_in = super::lifespan(&realm, &client);
    let interval = super::interval(&realm, &client);
    let device_code = random_token(32);
    let mut row = DeviceRow {
        id: digest(&device_code),
        realm_id: realm.id.clone(),
        client_id: client.id.clone(),
        user_code: String::new(),
        scope: form.get("scope").map(str::to_string),
        nonce: form.get("nonce").map(str::to_string),
        status: Status::Pending,
        user_id: None,
        session_id: None,
        poll_interval: interval,
        created: now,
        expires: now + expires_in,
    };
    // 20^8 codes: a clash with a live one is rare; a few draws make it vanishing.
    let mut stored = false;
    for _ in 0..5 {
        row.user_code = super::new_user_code();
        let mut tx = state.begin().await?;
        stored = device_codes::insert(&mut tx, &row).await?;
        state.commit(tx, Change::Users).await?;
        if stored {
            break;
        }
    }
    if !stored {
        return Err(Error::internal("no free user code"));
    }
    let verification_uri = format!("{}/device", base.issuer(&realm.name));
    let user_code = super::display(&row.user_code);
    let body = json!({
        "device_code": device_code,
        "user_code": user_code,
        "verification_uri": verification_uri,
        "verification_uri_complete": format!("{verification_uri}?user_code={user_code}"),
        "expires_in": expires_in,
        "interval": interval,
    });
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(body),
    )
        .into_response())
}
