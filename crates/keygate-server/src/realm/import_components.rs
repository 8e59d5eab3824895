//! Importing an export's `components` map: key providers become keys (with their own
//! material when the export carries it) and every other component is stored as given,
//! sub-components under their parent, ids, names and config kept.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::crypto::keys::{self, StoredKey, KEY_PROVIDER};
use crate::error::{Error, Result};
use crate::store::components::ComponentRow;
use crate::store::{self, Conn};

/// Kept in its own table, not as a component row.
const PROFILE_PROVIDER: &str = "org.keycloak.userprofile.UserProfileProvider";

/// Config names that hold key material: never stored in a component row.
const MATERIAL: &[&str] = &[
    "privateKey",
    "certificate",
    "secret",
    "kid",
    "ecdsaPrivateKey",
    "ecdsaPublicKey",
];

/// The key an exported key-provider component carries, or None when it carries none.
pub fn exported_key(p: &Value, realm: &str, now: i64) -> Result<Option<StoredKey>> {
    let provider = p["providerId"].as_str().unwrap_or_default();
    let first = |k: &str| p["config"][k][0].as_str().map(str::to_string);
    let id = p["id"].as_str().map(str::to_string);
    let id = id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let alg = first("algorithm");
    let mut k = match (provider, first("privateKey"), first("secret")) {
        ("rsa" | "rsa-generated" | "rsa-enc-generated", Some(pem), _) => {
            let mut k = keys::import_rsa_pem_for_realm(id, &pem_lines(&pem), 100, realm, now)?;
            if let Some(cert) = first("certificate").and_then(|c| crate::crypto::cert::parse(&c)) {
                k.certificate = Some(cert.0);
            }
            if let Some(a) = alg {
                k.key_use = if a.starts_with("RSA") { "enc" } else { "sig" }.into();
                k.algorithm = a;
            }
            k
        }
        ("hmac-generated", _, Some(secret)) => {
            let mut k = keys::generate_hmac(id, now);
            k.private_key = secret;
            k.algorithm = alg.unwrap_or_else(|| "HS512".into());
            k
        }
        ("aes-generated", _, Some(secret)) => {
            let mut k = crate::crypto::keygen::generate_aes(id, 16, now);
            k.private_key = secret;
            k
        }
        ("ecdsa-generated", _, _) => match ec_key(p, id, now)? {
            Some(k) => k,
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    if let Some(kid) = first("kid").filter(|_| k.key_type() == "OCT") {
        k.kid = kid;
    }
    k.provider_id = provider.to_string();
    k.priority = first("priority")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    k.enabled = first("enabled").is_none_or(|v| v == "true");
    k.active = first("active").is_none_or(|v| v == "true");
    if let Some(name) = p["name"].as_str() {
        k.name = name.to_string();
    }
    Ok(Some(k))
}

/// An `ecdsa-generated` key: the private key as base64 PKCS#8 DER (or PEM), the public key
/// as base64 SPKI DER, the curve from `ecdsaEllipticCurveKey`.
fn ec_key(p: &Value, id: String, now: i64) -> Result<Option<StoredKey>> {
    let first = |k: &str| p["config"][k][0].as_str().map(str::to_string);
    let (Some(private), Some(public)) = (first("ecdsaPrivateKey"), first("ecdsaPublicKey")) else {
        return Ok(None);
    };
    let spki = STANDARD
        .decode(public.trim())
        .map_err(|_| Error::bad_request("Invalid ecdsaPublicKey in key component"))?;
    let algorithm = match first("ecdsaEllipticCurveKey").as_deref() {
        Some("P-384") => "ES384",
        Some("P-521") => "ES512",
        _ => "ES256",
    };
    let k = StoredKey {
        id,
        name: "ecdsa-generated".into(),
        kid: URL_SAFE_NO_PAD.encode(Sha256::digest(&spki)),
        algorithm: algorithm.into(),
        key_use: "sig".into(),
        private_key: pem_lines(&private),
        public_key: public.trim().to_string(),
        certificate: None,
        priority: 100,
        enabled: true,
        active: true,
        provider_id: "ecdsa-generated".into(),
        created: now,
    };
    // A key the signer cannot load (P-521) is left out, as a key with no material is.
    Ok(keys::RealmKey::load(k.clone()).is_ok().then_some(k))
}

/// Writes the realm's keys (each with its exported component's config when there is one)
/// and every other exported component.
pub async fn import_components(
    c: &mut Conn,
    realm_id: &str,
    components: Option<&Value>,
    keys: &[StoredKey],
    now: i64,
) -> Result<()> {
    let exported: Vec<&Value> = components
        .and_then(|m| m.get(KEY_PROVIDER))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    for k in keys {
        match exported.iter().find(|p| p["id"].as_str() == Some(&k.id)) {
            Some(p) => {
                let mut config = config_of(p);
                config.retain(|name, _| !MATERIAL.contains(&name.as_str()));
                let config = Value::Object(config).to_string();
                store::keys::insert_with_config(c, realm_id, k, &config).await?;
            }
            None => store::keys::insert(c, realm_id, k).await?,
        }
    }
    if let Some(Value::Object(map)) = components {
        insert_tree(c, realm_id, realm_id, map, now).await?;
    }
    Ok(())
}

fn config_of(p: &Value) -> Map<String, Value> {
    p.get("config")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Inserts the components of `map` (by provider type) under `parent`, then their
/// sub-components; key providers and the user profile are written elsewhere.
async fn insert_tree(
    c: &mut Conn,
    realm_id: &str,
    parent: &str,
    map: &Map<String, Value>,
    now: i64,
) -> Result<()> {
    for (provider_type, list) in map {
        if parent == realm_id
            && (provider_type == KEY_PROVIDER || provider_type == PROFILE_PROVIDER)
        {
            continue;
        }
        for p in list.as_array().into_iter().flatten() {
            let provider_id = p["providerId"]
                .as_str()
                .ok_or_else(|| Error::bad_request("Component providerId is missing"))?;
            let row = ComponentRow {
                id: p["id"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
                realm_id: realm_id.to_string(),
                name: p["name"].as_str().unwrap_or(provider_id).to_string(),
                provider_id: provider_id.to_string(),
                provider_type: provider_type.clone(),
                parent_id: parent.to_string(),
                sub_type: p["subType"].as_str().map(str::to_string),
                config: Value::Object(config_of(p)).to_string(),
                created: now,
            };
            store::components::insert(c, &row).await?;
            if let Some(Value::Object(subs)) = p.get("subComponents") {
                Box::pin(insert_tree(c, realm_id, &row.id, subs, now)).await?;
            }
        }
    }
    Ok(())
}

/// Keycloak exports a private key as one line of base64 (PKCS#8 DER); PEM wants it in
/// lines of 64 characters under a header.
pub(crate) fn pem_lines(key: &str) -> String {
    if key.contains("-----BEGIN") {
        return key.to_string();
    }
    let body: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect();
    format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        lines.join("\n")
    )
}
