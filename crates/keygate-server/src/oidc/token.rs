//! `POST .../token`: authenticates the client and dispatches on `grant_type`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::client_auth;
use super::form::Params;
use super::grants;
use crate::error::{Error, Result};
use crate::http::base::Base;
use crate::http::client_ip::ClientIp;
use crate::state::AppState;

pub async fn token(
    State(state): State<AppState>,
    Path(name): Path<String>,
    base: Base,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let realm = state.realms.public(&state.db, &name).await?;
    if !realm.enabled() {
        return Err(Error::oauth("invalid_request", "Realm not enabled"));
    }
    let form = Params::parse(&body);
    form.refuse_duplicates()?;
    let grant_type = form
        .get("grant_type")
        .ok_or_else(|| Error::oauth("invalid_request", "Missing form parameter: grant_type"))?
        .to_string();
    let client = client_auth::authenticate(&realm, &headers, &form)?;
    let ctx = grants::Ctx {
        state: &state,
        realm: &realm,
        client: &client,
        form: &form,
        issuer: base.issuer(&realm.name),
        ip,
    };
    let tokens = match grant_type.as_str() {
        "password" => grants::password::grant(&ctx).await?,
        "client_credentials" => grants::client_credentials::grant(&ctx).await?,
        "refresh_token" => grants::refresh::grant(&ctx).await?,
        "authorization_code" => grants::authorization_code::grant(&ctx).await?,
        grants::device_code::GRANT_TYPE => grants::device_code::grant(&ctx).await?,
        grants::token_exchange::GRANT_TYPE => return grants::token_exchange::respond(&ctx).await,
        _ => {
            return Err(Error::oauth(
                "unsupported_grant_type",
                "Unsupported grant_type",
            ))
        }
    };
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(tokens),
    )
        .into_response())
}
