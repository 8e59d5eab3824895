//! `POST .../token/introspect` (RFC 7662). Inactive tokens of every kind answer
//! `{"active": false}`; only the authenticated confidential client learns more.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use super::client_auth;
use super::form::Params;
use super::grants::refresh;
use super::validate;
use crate::error::{Error, Result};
use crate::state::AppState;

pub async fn introspect(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>> {
    let realm = state.realms.public(&state.db, &name).await?;
    let form = Params::parse(&body);
    form.refuse_duplicates()?;
    let client = client_auth::authenticate(&realm, &headers, &form)?;
    if client.is_public() {
        return Err(Error::oauth_status(
            401,
            "invalid_request",
            "Client not allowed.",
        ));
    }
    let token = form
        .get("token")
        .ok_or_else(|| Error::oauth("invalid_request", "Token not provided"))?;
    let inactive = Json(json!({"active": false}));
    if validate::realm_of(token).as_deref() != Some(realm.name.as_str()) {
        return Ok(inactive);
    }
    let mut conn = state.db.conn().await?;
    if let Ok((claims, user)) = validate::access_token(&state, &mut conn, &realm, token).await? {
        let mut body = serde_json::to_value(&claims)?;
        if let Some(map) = body.as_object_mut() {
            map.insert("client_id".into(), json!(claims.azp));
            map.insert("username".into(), json!(user.username));
            map.insert("token_type".into(), json!("Bearer"));
            map.insert("active".into(), json!(true));
        }
        return Ok(Json(body));
    }
    let now = state.clock.now();
    let Ok(claims) = refresh::verify(&realm, token, now) else {
        return Ok(inactive);
    };
    let Ok(owner) = validate::live_client(&realm, &claims.azp) else {
        return Ok(inactive);
    };
    if refresh::live_session(&state, &mut conn, &realm, &claims, &owner.id, now)
        .await
        .is_err()
    {
        return Ok(inactive);
    }
    let user_not_before =
        match crate::store::users::by_id(&mut conn, &realm.id, &claims.sub).await? {
            Some(u) if u.enabled => u.not_before,
            _ => return Ok(inactive),
        };
    if crate::session::rules::stale(claims.iat, &realm, Some(owner), user_not_before) {
        return Ok(inactive);
    }
    let mut body: Value = crate::crypto::jwt::peek(token).unwrap_or(json!({}));
    body["active"] = json!(true);
    body["client_id"] = json!(claims.azp);
    Ok(Json(body))
}
