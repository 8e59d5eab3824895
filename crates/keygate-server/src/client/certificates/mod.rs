//! `/admin/realms/{realm}/clients/{id}/certificates/{attr}`: the key material a client
//! authenticates with (`jwt.credential` for signed-JWT client authentication), kept in its
//! attributes as Keycloak keeps it: `{attr}.certificate` (base64 DER), `{attr}.public.key`
//! (base64 SubjectPublicKeyInfo) and `{attr}.kid`.
//!
//! Keycloak also stores the private key of a generated pair; Keygate hands it out once in
//! the `generate` answer and never stores it, so `download` (a JKS/PKCS12 keystore, for
//! which no maintained pure-Rust writer is in the tree) answers 400.

mod multipart;

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use keygate_model::ClientRepresentation;
use rsa::pkcs8::EncodePrivateKey;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::JsonBody;
use crate::oidc::client_auth::client_key;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store;

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/clients/{id}/certificates/{attr}";
    Router::new()
        .route(base, get(read))
        .route(&format!("{base}/generate"), post(generate))
        .route(&format!("{base}/upload"), post(upload))
        .route(&format!("{base}/upload-certificate"), post(upload))
        .route(&format!("{base}/download"), post(download))
}

/// Keycloak's `CertificateRepresentation`.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct CertificateRep {
    #[serde(skip_serializing_if = "Option::is_none")]
    private_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
}

type Target = (String, String, String);

async fn load(state: &AppState, realm: &Realm, id: &str) -> Result<ClientRepresentation> {
    let mut conn = state.db.conn().await?;
    let row = store::clients::by_id(&mut conn, &realm.id, id)
        .await?
        .ok_or_else(|| Error::not_found("Could not find client"))?;
    Ok(serde_json::from_str(&row.data)?)
}

fn stored(rep: &ClientRepresentation, attr: &str) -> CertificateRep {
    let get = |suffix: &str| {
        rep.attributes
            .as_ref()
            .and_then(|a| a.get(&format!("{attr}.{suffix}")))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    CertificateRep {
        private_key: None,
        public_key: get("public.key"),
        certificate: get("certificate"),
        kid: get("kid"),
    }
}

async fn read(
    State(state): State<AppState>,
    Path((realm, id, attr)): Path<Target>,
    admin: Admin,
) -> Result<Json<CertificateRep>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let rep = load(&state, &realm, &id).await?;
    Ok(Json(stored(&rep, &attr)))
}

/// Replaces the client's `{attr}.*` attributes with `info` (absent parts removed), as
/// Keycloak's `CertificateInfoHelper.updateClientModelCertificateInfo`.
async fn save(
    state: &AppState,
    realm: &Realm,
    id: &str,
    attr: &str,
    info: &CertificateRep,
) -> Result<()> {
    let mut tx = state.begin().await?;
    let mut row = store::clients::by_id(&mut tx, &realm.id, id)
        .await?
        .ok_or_else(|| Error::not_found("Could not find client"))?;
    let mut rep: ClientRepresentation = serde_json::from_str(&row.data)?;
    let attrs = rep.attributes.get_or_insert_with(BTreeMap::new);
    for (suffix, value) in [
        ("private.key", None),
        ("public.key", info.public_key.as_ref()),
        ("certificate", info.certificate.as_ref()),
        ("kid", info.kid.as_ref()),
    ] {
        let key = format!("{attr}.{suffix}");
        match value {
            Some(v) => attrs.insert(key, v.clone()),
            None => attrs.remove(&key),
        };
    }
    row.data = serde_json::to_string(&rep)?;
    store::clients::update(&mut tx, &realm.id, &row).await?;
    state.commit(tx, Change::Realm).await
}

async fn generate(
    State(state): State<AppState>,
    Path((realm, id, attr)): Path<Target>,
    admin: Admin,
) -> Result<Json<CertificateRep>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    let rep = load(&state, &realm, &id).await?;
    let subject = rep.client_id.clone().unwrap_or_default();
    let now = state.clock.now();
    let (private_key, certificate) = tokio::task::spawn_blocking(move || {
        let key =
            rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).map_err(Error::internal)?;
        let cert = crate::crypto::cert::self_signed(&key, &subject, now)?;
        let der = key.to_pkcs8_der().map_err(Error::internal)?;
        Ok::<_, Error>((STANDARD.encode(der.as_bytes()), cert))
    })
    .await
    .map_err(Error::internal)??;
    let info = CertificateRep {
        certificate: Some(certificate),
        ..Default::default()
    };
    save(&state, &realm, &id, &attr, &info).await?;
    Ok(Json(CertificateRep {
        private_key: Some(private_key),
        ..info
    }))
}

fn text(parts: &std::collections::HashMap<String, Vec<u8>>, name: &str) -> Option<String> {
    parts
        .get(name)
        .map(|v| String::from_utf8_lossy(v).trim().to_string())
}

/// The stored form of an uploaded file, by `keystoreFormat`.
fn from_upload(format: &str, file: &str) -> Result<CertificateRep> {
    let invalid = |what: &str| Error::bad_request(format!("Invalid {what}"));
    match format {
        "Certificate PEM" => {
            let der = client_key::der_of(file).ok_or_else(|| invalid("certificate"))?;
            client_key::certificate_spki(file).ok_or_else(|| invalid("certificate"))?;
            Ok(CertificateRep {
                certificate: Some(STANDARD.encode(der)),
                ..Default::default()
            })
        }
        "Public Key PEM" => {
            let der = client_key::der_of(file).ok_or_else(|| invalid("public key"))?;
            client_key::from_spki(&der, None).ok_or_else(|| invalid("public key"))?;
            Ok(CertificateRep {
                public_key: Some(STANDARD.encode(der)),
                ..Default::default()
            })
        }
        "JSON Web Key Set" => from_jwks(file),
        "JKS" | "PKCS12" | "BCFKS" => Err(Error::bad_request(format!(
            "Keystore format {format} is not supported"
        ))),
        other => Err(Error::bad_request(format!(
            "Unknown keystore format: {other}"
        ))),
    }
}

/// The signing key of a JWK Set: its certificate when it carries `x5c`, else its public key.
fn from_jwks(file: &str) -> Result<CertificateRep> {
    let set: Value =
        serde_json::from_str(file).map_err(|_| Error::bad_request("Invalid JSON Web Key Set"))?;
    let jwk = set
        .get("keys")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|k| k.get("use").and_then(Value::as_str).unwrap_or("sig") == "sig")
        .ok_or_else(|| Error::bad_request("Certificate not found for use sig"))?;
    let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_string);
    let spki = client_key::jwk_spki(jwk)
        .ok_or_else(|| Error::bad_request("Unsupported key in JSON Web Key Set"))?;
    let cert = jwk
        .get("x5c")
        .and_then(|c| c.get(0))
        .and_then(Value::as_str)
        .filter(|c| client_key::certificate_spki(c).as_deref() == Some(spki.as_slice()));
    Ok(match cert {
        Some(cert) => CertificateRep {
            certificate: Some(cert.to_string()),
            kid,
            ..Default::default()
        },
        None => CertificateRep {
            public_key: Some(STANDARD.encode(&spki)),
            kid,
            ..Default::default()
        },
    })
}

async fn upload(
    State(state): State<AppState>,
    Path((realm, id, attr)): Path<Target>,
    admin: Admin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<CertificateRep>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageClients)?;
    load(&state, &realm, &id).await?;
    let parts = multipart::parse(&headers, &body)?;
    let format = text(&parts, "keystoreFormat")
        .ok_or_else(|| Error::bad_request("keystoreFormat not specified"))?;
    let file = text(&parts, "file").ok_or_else(|| Error::bad_request("file not specified"))?;
    let info = from_upload(&format, &file)?;
    save(&state, &realm, &id, &attr, &info).await?;
    Ok(Json(info))
}

/// The parts of Keycloak's `KeyStoreConfig` that decide the answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeyStoreConfig {
    store_password: Option<String>,
    format: Option<String>,
}

async fn download(
    State(state): State<AppState>,
    Path((realm, id, attr)): Path<Target>,
    admin: Admin,
    JsonBody(config): JsonBody<KeyStoreConfig>,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let rep = load(&state, &realm, &id).await?;
    let info = stored(&rep, &attr);
    if info.certificate.is_none() {
        return Err(Error::not_found("keypair not generated for client"));
    }
    if config.store_password.is_none() {
        return Err(Error::bad_request(
            "Need to specify a store password for jks download",
        ));
    }
    let format = config.format.unwrap_or_else(|| "JKS".into());
    Err(Error::bad_request(format!(
        "Keystore format {format} is not supported"
    )))
}
