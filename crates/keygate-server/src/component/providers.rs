//! The key providers Keygate implements, described as Keycloak describes them (server info
//! `componentTypes`), with Keycloak's configuration checks and messages, and the key each
//! configuration makes.

use serde_json::{json, Map, Value};

use crate::crypto::keygen;
use crate::crypto::keys::{StoredKey, KEY_PROVIDER};
use crate::error::{Error, Result};

pub use super::spec::{Prop, Spec};

/// The value Keycloak shows in place of a secret config value.
pub const MASK: &str = "**********";

const fn prop(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    kind: &'static str,
    default: Option<&'static str>,
    options: &'static [&'static str],
) -> Prop {
    Prop {
        name,
        label,
        help,
        kind,
        default,
        options,
        secret: false,
    }
}

const PRIORITY: Prop = prop(
    "priority",
    "Priority",
    "Priority for the provider",
    "String",
    Some("0"),
    &[],
);
const ENABLED: Prop = prop(
    "enabled",
    "Enabled",
    "Set if the keys are enabled",
    "boolean",
    Some("true"),
    &[],
);
const ACTIVE: Prop = prop(
    "active",
    "Active",
    "Set if the keys can be used for signing",
    "boolean",
    Some("true"),
    &[],
);
const KEY_SIZE: Prop = prop(
    "keySize",
    "Key size",
    "Size for the generated keys",
    "List",
    Some("2048"),
    &["1024", "2048", "4096"],
);
const RS_ALG: Prop = prop(
    "algorithm",
    "Algorithm",
    "Intended algorithm for the key",
    "List",
    Some("RS256"),
    &["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
);
const ENC_ALG: Prop = prop(
    "algorithm",
    "Algorithm",
    "Intended algorithm for the key",
    "List",
    Some("RSA-OAEP"),
    &["RSA-OAEP", "RSA-OAEP-256"],
);
const HS_ALG: Prop = prop(
    "algorithm",
    "Algorithm",
    "Intended algorithm for the key",
    "List",
    Some("HS256"),
    &["HS256", "HS384", "HS512"],
);
const HMAC_SIZE: Prop = prop(
    "secretSize",
    "Secret size",
    "Size in bytes for the generated secret",
    "List",
    Some("64"),
    &["16", "24", "32", "64", "128", "256", "512"],
);
const AES_SIZE: Prop = prop(
    "secretSize",
    "Secret size",
    "Size in bytes for the generated AES key. Size 16 is for AES-CBC-HMAC-SHA256, size 24 for AES-CBC-HMAC-SHA384 and size 32 for AES-CBC-HMAC-SHA512",
    "List",
    Some("16"),
    &["16", "24", "32"],
);
const CURVE: Prop = prop(
    "ecdsaEllipticCurveKey",
    "Elliptic Curve",
    "Elliptic Curve used in ECDSA",
    "List",
    Some("P-256"),
    &["P-256", "P-384", "P-521"],
);
const PRIVATE_KEY: Prop = Prop {
    secret: true,
    ..prop(
        "privateKey",
        "Private RSA Key",
        "Private RSA Key encoded in PEM format",
        "File",
        None,
        &[],
    )
};
const CERTIFICATE: Prop = prop(
    "certificate",
    "X509 Certificate",
    "X509 Certificate encoded in PEM format",
    "File",
    None,
    &[],
);

pub const SPECS: &[Spec] = &[
    Spec {
        id: "rsa-generated",
        help: "Generates RSA keys and creates a self-signed certificate",
        props: &[PRIORITY, ENABLED, ACTIVE, KEY_SIZE, RS_ALG],
    },
    Spec {
        id: "rsa",
        help: "RSA key provider that can optionally generated a self-signed certificate",
        props: &[PRIORITY, ENABLED, ACTIVE, PRIVATE_KEY, CERTIFICATE, RS_ALG],
    },
    Spec {
        id: "rsa-enc-generated",
        help: "Generates RSA keys for key encryption and creates a self-signed certificate",
        props: &[PRIORITY, ENABLED, ACTIVE, KEY_SIZE, ENC_ALG],
    },
    Spec {
        id: "hmac-generated",
        help: "Generates HMAC secret key",
        props: &[PRIORITY, ENABLED, ACTIVE, HMAC_SIZE, HS_ALG],
    },
    Spec {
        id: "aes-generated",
        help: "Generates AES secret key",
        props: &[PRIORITY, ENABLED, ACTIVE, AES_SIZE],
    },
    Spec {
        id: "ecdsa-generated",
        help: "Generates ECDSA keys",
        props: &[PRIORITY, ENABLED, ACTIVE, CURVE],
    },
];

pub fn spec(provider_id: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.id == provider_id)
}

/// The properties a provider Keygate knows declares for components of `provider_type`.
pub fn declared(provider_type: &str, provider_id: &str) -> Option<&'static [Prop]> {
    let specs = match provider_type {
        KEY_PROVIDER => SPECS,
        super::storage::USER_STORAGE => super::storage::SPECS,
        _ => return None,
    };
    specs.iter().find(|s| s.id == provider_id).map(|s| s.props)
}

/// A `${vault.key}` reference: not a secret itself, so shown as it is.
pub fn is_vault(s: &str) -> bool {
    s.starts_with("${vault.") && s.ends_with('}') && s.len() > "${vault.}".len()
}

/// Keycloak's `StripSecretsUtils` for a component: every value of a property its provider
/// declares secret reads as the mask, vault references excepted.
pub fn mask_secrets(provider_type: &str, provider_id: &str, config: &mut Map<String, Value>) {
    let Some(props) = declared(provider_type, provider_id) else {
        return;
    };
    for p in props.iter().filter(|p| p.secret) {
        let Some(v) = config.get_mut(p.name) else {
            continue;
        };
        match v {
            Value::Array(items) if !items.is_empty() => {
                for item in items.iter_mut() {
                    if !item.as_str().is_some_and(is_vault) {
                        *item = json!(MASK);
                    }
                }
            }
            other => *other = json!([MASK]),
        }
    }
}

/// A config value that is the mask a client read back.
pub fn is_masked(v: &Value) -> bool {
    v.as_array().and_then(|a| a.first()).and_then(Value::as_str) == Some(MASK)
}

/// As Keycloak's `updateComponent`: a property sent back masked keeps its stored value.
pub fn keep_masked(config: &mut Map<String, Value>, old: &Map<String, Value>) {
    config.retain(|k, v| {
        if !is_masked(v) {
            return true;
        }
        match old.get(k) {
            Some(o) => {
                *v = o.clone();
                true
            }
            None => false,
        }
    });
}

/// Keycloak's `ComponentTypeRepresentation` of a provider, for server info.
pub fn component_type(s: &Spec) -> Value {
    let props: Vec<Value> = s
        .props
        .iter()
        .map(|p| {
            let mut v = json!({"name": p.name, "label": p.label, "helpText": p.help,
                "type": p.kind, "secret": p.secret, "readOnly": false, "required": false});
            if let Some(d) = p.default {
                v["defaultValue"] = json!(d);
            }
            if !p.options.is_empty() {
                v["options"] = json!(p.options);
            }
            v
        })
        .collect();
    json!({"id": s.id, "helpText": s.help, "properties": props, "metadata": {}})
}

/// Config keys that hold key material: never stored in the component row.
pub const MATERIAL: &[&str] = &[
    "privateKey",
    "certificate",
    "secret",
    "kid",
    "ecdsaPrivateKey",
    "ecdsaPublicKey",
];

/// The first value of `key`, if set.
pub fn first<'a>(config: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    config.get(key)?.as_array()?.first()?.as_str()
}

/// Keycloak's `ConfigurationValidationHelper` checks for every property of `spec`.
/// `has_key`: an existing key stands in for a private key the request leaves out.
pub fn validate(spec: &Spec, config: &Map<String, Value>, has_key: bool) -> Result<()> {
    for p in spec.props {
        let values = config.get(p.name).and_then(Value::as_array);
        if values.is_some_and(|v| v.len() > 1) {
            return Err(invalid(format!("'{}' should be a single entry", p.label)));
        }
        let Some(v) = first(config, p.name) else {
            continue;
        };
        let ok = match (p.name, p.kind) {
            ("priority", _) => v.parse::<i64>().is_ok(),
            (_, "boolean") => v == "true" || v == "false",
            (_, "List") => p.options.contains(&v),
            _ => true,
        };
        if !ok {
            let msg = match (p.name, p.kind) {
                ("priority", _) => format!("'{}' should be a number", p.label),
                (_, "boolean") => format!("'{}' should be 'true' or 'false'", p.label),
                _ => format!("'{}' should be {}", p.label, join_or(p.options)),
            };
            return Err(invalid(msg));
        }
    }
    if spec.id == "rsa" && !has_key && first(config, "privateKey").is_none() {
        return Err(invalid("'Private RSA Key' is required".into()));
    }
    Ok(())
}

fn invalid(msg: String) -> Error {
    Error::bad_request(msg)
}

/// "a, b or c", as Keycloak's `StringUtil.joinValuesWithLogicalCondition`.
fn join_or(options: &[&str]) -> String {
    match options.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}

/// The value of `p` in `config`, or its default.
pub fn value<'a>(config: &'a Map<String, Value>, p: &Prop) -> Option<&'a str> {
    first(config, p.name).or(p.default)
}

/// Priority, enabled and active as the config sets them.
pub fn apply_flags(k: &mut StoredKey, config: &Map<String, Value>) {
    k.priority = first(config, "priority")
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    k.enabled = first(config, "enabled") != Some("false");
    k.active = first(config, "active") != Some("false");
}

/// What decides whether a key must be made anew when its config changes.
pub fn material_params(provider: &str, config: &Map<String, Value>) -> Option<String> {
    let p = match provider {
        "rsa-generated" | "rsa-enc-generated" => &KEY_SIZE,
        "hmac-generated" => &HMAC_SIZE,
        "aes-generated" => &AES_SIZE,
        "ecdsa-generated" => &CURVE,
        _ => return None,
    };
    value(config, p).map(str::to_string)
}

/// The algorithm the config asks for (ECDSA's follows the curve, AES has none).
pub fn algorithm(provider: &str, config: &Map<String, Value>) -> String {
    let p = match provider {
        "rsa-generated" | "rsa" => &RS_ALG,
        "rsa-enc-generated" => &ENC_ALG,
        "hmac-generated" => &HS_ALG,
        "ecdsa-generated" => {
            return match value(config, &CURVE) {
                Some("P-384") => "ES384".into(),
                Some("P-521") => "ES512".into(),
                _ => "ES256".into(),
            }
        }
        _ => return "AES".into(),
    };
    value(config, p).unwrap_or("RS256").to_string()
}

/// Makes the key a validated config asks for. RSA generation runs off the runtime.
pub async fn make_key(
    id: String,
    name: &str,
    provider: &str,
    config: &Map<String, Value>,
    realm: &str,
    now: i64,
) -> Result<StoredKey> {
    let alg = algorithm(provider, config);
    let mut k = match provider {
        "rsa-generated" | "rsa-enc-generated" => {
            let bits: usize = value(config, &KEY_SIZE)
                .and_then(|s| s.parse().ok())
                .unwrap_or(2048);
            let realm = realm.to_string();
            let alg = alg.clone();
            tokio::task::spawn_blocking(move || {
                keygen::generate_rsa_sized(id, &realm, bits, &alg, now)
            })
            .await
            .map_err(Error::internal)??
        }
        "rsa" => imported_rsa(id, config, &alg, realm, now)?,
        "hmac-generated" => {
            let size = value(config, &HMAC_SIZE)
                .and_then(|s| s.parse().ok())
                .unwrap_or(64);
            keygen::generate_hmac_sized(id, size, &alg, now)
        }
        "aes-generated" => {
            let size = value(config, &AES_SIZE)
                .and_then(|s| s.parse().ok())
                .unwrap_or(16);
            keygen::generate_aes(id, size, now)
        }
        "ecdsa-generated" => keygen::generate_ec(id, value(config, &CURVE).unwrap_or(""), now)?,
        other => return Err(Error::bad_request(format!("Unknown key provider: {other}"))),
    };
    k.provider_id = provider.to_string();
    k.name = name.to_string();
    k.algorithm = alg;
    apply_flags(&mut k, config);
    Ok(k)
}

fn imported_rsa(
    id: String,
    config: &Map<String, Value>,
    alg: &str,
    realm: &str,
    now: i64,
) -> Result<StoredKey> {
    let pem = first(config, "privateKey").unwrap_or_default();
    let key = keygen::parse_rsa_pem(pem)?;
    let cert = match first(config, "certificate").filter(|c| !c.trim().is_empty()) {
        Some(c) => Some(
            crate::crypto::cert::parse(c)
                .ok_or_else(|| Error::bad_request("Failed to decode certificate"))?
                .0,
        ),
        None => None,
    };
    if cert
        .as_deref()
        .is_some_and(|c| !crate::crypto::cert::matches(c, &key))
    {
        return Err(Error::bad_request("Certificate does not match private key"));
    }
    keygen::rsa_key(&key, id, "rsa", alg, realm, cert, now)
}
