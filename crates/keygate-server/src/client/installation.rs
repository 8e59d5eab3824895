//! `GET /admin/realms/{realm}/clients/{id}/installation/providers/{providerId}`: the adapter
//! configuration Keycloak offers for download. Only `keycloak-oidc-keycloak-json` (the
//! `keycloak.json` of the Keycloak adapters) is served; the JBoss subsystem XML and the
//! SAML descriptors are not, and answer 404 as an unknown provider does.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::ClientRepresentation;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/admin/realms/{realm}/clients/{id}/installation/providers/{provider}",
        get(installation),
    )
}

async fn installation(
    State(state): State<AppState>,
    Path((realm, id, provider)): Path<(String, String, String)>,
    admin: Admin,
    base: Base,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let mut conn = state.db.conn().await?;
    let row = store::clients::by_id(&mut conn, &realm.id, &id)
        .await?
        .ok_or_else(|| Error::not_found("Could not find client"))?;
    if provider != "keycloak-oidc-keycloak-json" {
        return Err(Error::not_found("Unknown Provider"));
    }
    let rep: ClientRepresentation = serde_json::from_str(&row.data)?;
    let has_roles = !store::roles::in_container(&mut conn, &row.id)
        .await?
        .is_empty();
    Ok(Json(keycloak_json(&realm, &rep, &base, has_roles)))
}

/// The adapter's `keycloak.json`, with Keycloak's keys in Keycloak's order.
fn keycloak_json(realm: &Realm, rep: &ClientRepresentation, base: &Base, has_roles: bool) -> Value {
    let mut out = Map::new();
    let ssl = realm
        .rep
        .extra
        .get("sslRequired")
        .and_then(Value::as_str)
        .unwrap_or("external")
        .to_ascii_lowercase();
    out.insert("realm".into(), json!(realm.name));
    out.insert("auth-server-url".into(), json!(format!("{}/", base.0)));
    out.insert("ssl-required".into(), json!(ssl));
    out.insert("resource".into(), json!(rep.client_id));
    let bearer_only = rep.bearer_only.unwrap_or(false);
    if bearer_only {
        out.insert("verify-token-audience".into(), json!(true));
    }
    if rep.public_client.unwrap_or(false) && !bearer_only {
        out.insert("public-client".into(), json!(true));
    } else if let Some(credentials) = credentials(rep) {
        out.insert("credentials".into(), credentials);
    }
    if bearer_only {
        out.insert("bearer-only".into(), json!(true));
    }
    if has_roles {
        out.insert("use-resource-role-mappings".into(), json!(true));
    }
    out.insert("confidential-port".into(), json!(0));
    if rep.extra.get("authorizationServicesEnabled") == Some(&json!(true)) {
        out.insert("policy-enforcer".into(), json!({"credentials": {}}));
    }
    Value::Object(out)
}

/// What the client's authenticator puts in the adapter config.
fn credentials(rep: &ClientRepresentation) -> Option<Value> {
    let client_id = rep.client_id.clone().unwrap_or_default();
    let alg = rep
        .attributes
        .as_ref()
        .and_then(|a| a.get("token.endpoint.auth.signing.alg"))
        .filter(|a| !a.is_empty());
    match rep.client_authenticator_type.as_deref() {
        Some("client-jwt") => {
            let mut jwt = json!({
                "client-keystore-file": "REPLACE WITH THE LOCATION OF YOUR KEYSTORE FILE",
                "client-keystore-type": "jks",
                "client-keystore-password": "REPLACE WITH THE KEYSTORE PASSWORD",
                "client-key-password": "REPLACE WITH THE KEY PASSWORD IN KEYSTORE",
                "client-key-alias": client_id,
                "token-timeout": 10,
            });
            if let Some(alg) = alg {
                jwt["algorithm"] = json!(alg);
            }
            Some(json!({ "jwt": jwt }))
        }
        Some("client-secret-jwt") => Some(json!({"secret-jwt": {"secret": rep.secret}})),
        Some("client-x509") => None,
        _ => Some(json!({ "secret": rep.secret })),
    }
}
