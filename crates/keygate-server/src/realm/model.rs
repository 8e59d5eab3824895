//! The in-memory view of a realm that the token path reads: settings, keys and clients,
//! loaded once and dropped from the cache on every write to the realm.

use std::collections::HashMap;
use std::sync::Arc;

use keygate_model::{ClientRepresentation, ClientScopeRepresentation, RealmRepresentation};

use crate::crypto::keys::RealmKey;
use crate::store::roles::EffectiveRole;

/// A client as the token path needs it.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub rep: ClientRepresentation,
}

impl Client {
    pub fn client_id(&self) -> &str {
        self.rep.client_id.as_deref().unwrap_or_default()
    }
    pub fn enabled(&self) -> bool {
        self.rep.enabled.unwrap_or(true)
    }
    pub fn is_public(&self) -> bool {
        self.rep.public_client.unwrap_or(false)
    }
    pub fn bearer_only(&self) -> bool {
        self.rep.bearer_only.unwrap_or(false)
    }
    pub fn direct_grants(&self) -> bool {
        self.rep.direct_access_grants_enabled.unwrap_or(false)
    }
    pub fn service_accounts(&self) -> bool {
        self.rep.service_accounts_enabled.unwrap_or(false)
    }
    pub fn secret(&self) -> Option<&str> {
        self.rep.secret.as_deref()
    }

    /// The browser origins that may call on this client's behalf: its `webOrigins`, with
    /// `+` standing for the origins of its redirect URIs and `*` for any origin. Tokens
    /// carry them as `allowed-origins`; CORS answers from them.
    pub fn allowed_origins(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for o in self.rep.web_origins.iter().flatten() {
            if o == "+" {
                for uri in self.rep.redirect_uris.iter().flatten() {
                    let Ok(u) = url::Url::parse(uri.trim_end_matches('*')) else {
                        continue;
                    };
                    if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() {
                        let origin = u.origin().ascii_serialization();
                        if !out.contains(&origin) {
                            out.push(origin);
                        }
                    }
                }
            } else if !out.contains(o) {
                out.push(o.clone());
            }
        }
        out
    }
}

/// A realm with everything the hot paths read.
#[derive(Debug)]
pub struct Realm {
    pub id: String,
    pub name: String,
    pub rep: RealmRepresentation,
    pub keys: Vec<RealmKey>,
    /// Public JWKs of the enabled RSA encryption keys (`use: enc`), published in JWKS.
    pub enc_jwks: Vec<serde_json::Value>,
    pub clients: HashMap<String, Arc<Client>>,
    /// Client scopes by name.
    pub scopes: HashMap<String, ClientScopeRepresentation>,
    /// Role scope mappings of clients and client scopes by holder id, composites expanded.
    pub scope_roles: HashMap<String, Vec<EffectiveRole>>,
}

impl Realm {
    pub fn enabled(&self) -> bool {
        self.rep.enabled.unwrap_or(true)
    }
    pub fn access_token_lifespan(&self) -> i64 {
        self.rep.access_token_lifespan.unwrap_or(300)
    }
    pub fn sso_idle(&self) -> i64 {
        self.rep.sso_session_idle_timeout.unwrap_or(1800)
    }
    pub fn sso_max(&self) -> i64 {
        self.rep.sso_session_max_lifespan.unwrap_or(36000)
    }
    pub fn not_before(&self) -> i64 {
        self.rep.not_before.unwrap_or(0)
    }
    /// The realm's default role (`default-roles-{realm}` unless imported otherwise), which
    /// every new user and service account gets.
    pub fn default_role_name(&self) -> String {
        self.rep
            .extra
            .get("defaultRole")
            .and_then(|r| r.get("name"))
            .and_then(|n| n.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| format!("default-roles-{}", self.name))
    }

    pub fn login_with_email(&self) -> bool {
        self.rep.login_with_email_allowed.unwrap_or(true)
    }

    /// The active key that signs access and id tokens: the highest-priority active, enabled
    /// key of the realm's `defaultSignatureAlgorithm`; else RS256's; else any public key.
    /// Only public keys sign these tokens (an HMAC default falls back), since every reader
    /// of them verifies against the JWKS.
    pub fn signing_key(&self) -> Option<&RealmKey> {
        let alg = self
            .rep
            .extra
            .get("defaultSignatureAlgorithm")
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .unwrap_or("RS256");
        let usable = || {
            self.keys
                .iter()
                .filter(|k| k.stored.enabled && k.stored.active && k.jwk.is_some())
        };
        let best = |alg: &str| {
            usable()
                .filter(|k| k.stored.algorithm == alg)
                .max_by_key(|k| k.stored.priority)
        };
        best(alg)
            .or_else(|| best("RS256"))
            .or_else(|| usable().max_by_key(|k| k.stored.priority))
    }

    /// The active HMAC key that signs refresh tokens: HS512 (Keycloak's internal algorithm)
    /// by priority, else any HMAC key.
    pub fn refresh_key(&self) -> Option<&RealmKey> {
        let usable = || {
            self.keys
                .iter()
                .filter(|k| k.stored.enabled && k.stored.active && k.jwk.is_none())
        };
        usable()
            .filter(|k| k.stored.algorithm == "HS512")
            .max_by_key(|k| k.stored.priority)
            .or_else(|| usable().max_by_key(|k| k.stored.priority))
    }

    pub fn client(&self, client_id: &str) -> Option<&Arc<Client>> {
        self.clients.get(client_id)
    }

    pub fn client_by_internal_id(&self, id: &str) -> Option<&Arc<Client>> {
        self.clients.values().find(|c| c.id == id)
    }
}
