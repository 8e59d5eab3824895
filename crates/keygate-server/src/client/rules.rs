//! Rules for client representations, free of HTTP and SQL.

use keygate_model::ClientRepresentation;

use crate::crypto::random_token;
use crate::error::{Error, Result};
use crate::store::clients::ClientRow;

/// Fills in what Keycloak fills in for a new client: an id, a secret for confidential
/// clients, the realm's default scopes, and the boolean defaults.
pub fn new_client_row(
    mut rep: ClientRepresentation,
    default_scopes: &[String],
    optional_scopes: &[String],
) -> Result<ClientRow> {
    let client_id = rep
        .client_id
        .clone()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::bad_request("Client id is missing"))?;
    let id = rep
        .id
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    rep.id = Some(id.clone());
    rep.client_id = Some(client_id.clone());
    rep.enabled.get_or_insert(true);
    rep.public_client.get_or_insert(false);
    rep.bearer_only.get_or_insert(false);
    rep.standard_flow_enabled.get_or_insert(true);
    rep.direct_access_grants_enabled.get_or_insert(false);
    rep.service_accounts_enabled.get_or_insert(false);
    rep.full_scope_allowed.get_or_insert(true);
    rep.protocol.get_or_insert_with(|| "openid-connect".into());
    rep.client_authenticator_type
        .get_or_insert_with(|| "client-secret".into());
    rep.redirect_uris.get_or_insert_with(Vec::new);
    rep.web_origins.get_or_insert_with(Vec::new);
    rep.attributes.get_or_insert_with(Default::default);
    if rep.default_client_scopes.is_none() {
        rep.default_client_scopes = Some(default_scopes.to_vec());
    }
    if rep.optional_client_scopes.is_none() {
        rep.optional_client_scopes = Some(optional_scopes.to_vec());
    }
    for m in rep.protocol_mappers.iter_mut().flatten() {
        m.id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
    }
    ensure_secret(&mut rep);
    for key in [
        "surrogateAuthRequired",
        "alwaysDisplayInConsole",
        "consentRequired",
        "implicitFlowEnabled",
        "frontchannelLogout",
    ] {
        rep.extra
            .entry(key.to_string())
            .or_insert(serde_json::Value::Bool(key == "frontchannelLogout"));
    }
    rep.extra
        .entry("nodeReRegistrationTimeout".to_string())
        .or_insert(serde_json::json!(-1));
    Ok(ClientRow {
        id,
        client_id,
        data: serde_json::to_string(&rep)?,
    })
}

/// Confidential clients always have a secret.
pub fn ensure_secret(rep: &mut ClientRepresentation) {
    let confidential = !rep.public_client.unwrap_or(false) && !rep.bearer_only.unwrap_or(false);
    if confidential && rep.secret.as_deref().is_none_or(str::is_empty) {
        rep.secret = Some(random_token(24));
    }
}

/// Overlays the fields an update sends onto the stored representation; fields it leaves
/// out keep their values, unknown fields included.
pub fn merge_update(
    stored: &ClientRepresentation,
    update: serde_json::Value,
) -> Result<ClientRepresentation> {
    let mut base = serde_json::to_value(stored)?;
    if let (Some(base), serde_json::Value::Object(update)) = (base.as_object_mut(), update) {
        for (k, v) in update {
            if k != "id" {
                base.insert(k, v);
            }
        }
    }
    let mut rep: ClientRepresentation =
        serde_json::from_value(base).map_err(|e| Error::bad_request(e.to_string()))?;
    if rep.client_id.as_deref().is_none_or(|s| s.trim().is_empty()) {
        return Err(Error::bad_request("Client id is missing"));
    }
    ensure_secret(&mut rep);
    Ok(rep)
}
