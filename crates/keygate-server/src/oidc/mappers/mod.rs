//! Protocol mappers: what each of Keycloak's OIDC mapper types puts in the access token,
//! the id token, userinfo and introspection. A token's claims are the base claims plus
//! every mapper of the client and of its client scopes in effect.

pub mod claims;
pub mod known;
mod user;

use std::collections::BTreeMap;

use keygate_model::ProtocolMapperRepresentation;
use serde_json::{json, Map, Value};

use crate::realm::model::{Client, Realm};
use crate::store::roles::EffectiveRole;
use crate::store::sessions::SessionRow;
use crate::store::users::UserRow;

use claims::{add_audience, map_claim};

/// Which token a mapper is asked to shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Access,
    Id,
    Userinfo,
    Introspection,
}

/// Everything mappers read.
pub struct Subject<'a> {
    pub realm: &'a Realm,
    pub client: &'a Client,
    pub user: &'a UserRow,
    /// The user's roles as the client may see them (scope-limited, hardcoded roles added).
    pub roles: &'a [EffectiveRole],
    /// Full paths of the user's groups.
    pub groups: &'a [String],
    pub session: Option<&'a SessionRow>,
}

fn flag(config: &BTreeMap<String, String>, key: &str) -> Option<bool> {
    config.get(key).map(|v| v == "true")
}

/// Whether a mapper applies to `target`, per Keycloak's `OIDCAttributeMapperHelper`:
/// introspection falls back to the access-token flag, userinfo to the id-token flag.
pub fn included(m: &ProtocolMapperRepresentation, target: Target) -> bool {
    let empty = BTreeMap::new();
    let c = m.config.as_ref().unwrap_or(&empty);
    let access = flag(c, "access.token.claim").unwrap_or(false);
    let id = flag(c, "id.token.claim").unwrap_or(false);
    match target {
        Target::Access => access,
        Target::Id => id,
        // These Keycloak mappers do not implement `UserInfoTokenMapper`, whatever their flags.
        Target::Userinfo
            if matches!(
                m.protocol_mapper.as_deref(),
                Some(
                    "oidc-acr-mapper"
                        | "oidc-allowed-origins-mapper"
                        | "oidc-audience-resolve-mapper"
                )
            ) =>
        {
            false
        }
        Target::Userinfo => flag(c, "userinfo.token.claim").unwrap_or(id),
        Target::Introspection => flag(c, "introspection.token.claim").unwrap_or(access),
    }
}

/// Roles a `oidc-hardcoded-role-mapper` grants: `role` is `name` or `clientId.name`.
pub fn hardcoded_roles<'a>(
    mappers: impl Iterator<Item = &'a ProtocolMapperRepresentation>,
) -> Vec<EffectiveRole> {
    let mut out = Vec::new();
    for m in mappers {
        if m.protocol_mapper.as_deref() != Some("oidc-hardcoded-role-mapper") {
            continue;
        }
        let Some(role) = m.config.as_ref().and_then(|c| c.get("role")) else {
            continue;
        };
        out.push(match role.rsplit_once('.') {
            Some((client, name)) if !client.is_empty() => EffectiveRole {
                name: name.to_string(),
                client: Some(client.to_string()),
            },
            _ => EffectiveRole {
                name: role.clone(),
                client: None,
            },
        });
    }
    out
}

/// Applies the mappers that target `target`, in order, to `claims`.
pub fn apply(
    s: &Subject<'_>,
    mappers: &[&ProtocolMapperRepresentation],
    target: Target,
    claims: &mut Map<String, Value>,
) {
    let empty = BTreeMap::new();
    for m in mappers.iter().filter(|m| included(m, target)) {
        let config = m.config.as_ref().unwrap_or(&empty);
        apply_one(
            s,
            m.protocol_mapper.as_deref().unwrap_or(""),
            config,
            target,
            claims,
        );
    }
    claims::finish_audience(claims);
}

fn apply_one(
    s: &Subject<'_>,
    kind: &str,
    config: &BTreeMap<String, String>,
    target: Target,
    claims: &mut Map<String, Value>,
) {
    match kind {
        "oidc-hardcoded-claim-mapper" => {
            if let Some(v) = config.get("claim.value") {
                map_claim(claims, config, vec![json!(v)]);
            }
        }
        "oidc-usermodel-attribute-mapper" => {
            let values = user::attribute(s.user, config.get("user.attribute"));
            map_claim(claims, config, values);
        }
        "oidc-usermodel-property-mapper" => {
            let values = user::property(s.user, config.get("user.attribute"));
            map_claim(claims, config, values);
        }
        "oidc-full-name-mapper" => {
            if let Some(name) = user::full_name(s.user) {
                claims.insert("name".into(), json!(name));
            }
        }
        "oidc-address-mapper" => {
            if let Some(address) = user::address(s.user, config) {
                claims.insert("address".into(), address);
            }
        }
        "oidc-usermodel-realm-role-mapper" => realm_roles(s, config, claims),
        "oidc-usermodel-client-role-mapper" => client_roles(s, config, claims),
        "oidc-group-membership-mapper" => {
            let full = config.get("full.path").is_some_and(|v| v == "true");
            let values = s
                .groups
                .iter()
                .map(|p| {
                    if full {
                        json!(p)
                    } else {
                        json!(p.rsplit('/').next().unwrap_or(p))
                    }
                })
                .collect();
            let mut config = config.clone();
            config.insert("multivalued".into(), "true".into());
            map_claim(claims, &config, values);
        }
        "oidc-audience-mapper" => audience(s, config, claims),
        "oidc-audience-resolve-mapper" => {
            for r in s.roles {
                match &r.client {
                    Some(c) if c != s.client.client_id() => add_audience(claims, c),
                    _ => {}
                }
            }
        }
        "oidc-allowed-origins-mapper" => {
            let origins = s.client.allowed_origins();
            if !origins.is_empty() {
                claims.insert("allowed-origins".into(), json!(origins));
            }
        }
        "oidc-acr-mapper" => {
            claims.insert("acr".into(), json!("1"));
        }
        "oidc-sub-mapper" => {
            claims.insert("sub".into(), json!(s.user.id));
        }
        "oidc-usersessionmodel-note-mapper" => {
            let note = config.get("user.session.note").map(String::as_str);
            match (note, s.session) {
                (Some("AUTH_TIME"), Some(session)) => {
                    map_claim(claims, config, vec![json!(session.started.to_string())]);
                }
                // The note Keycloak's client-credentials grant sets on its session.
                (Some("client_id"), _) if s.user.service_account_client_id.is_some() => {
                    map_claim(claims, config, vec![json!(s.client.client_id())]);
                }
                _ => {}
            }
        }
        _ => {
            let _ = target;
        }
    }
}

fn prefixed(config: &BTreeMap<String, String>, key: &str, name: &str) -> Value {
    let prefix = config.get(key).map(String::as_str).unwrap_or("");
    json!(format!("{prefix}{name}"))
}

fn realm_roles(
    s: &Subject<'_>,
    config: &BTreeMap<String, String>,
    claims: &mut Map<String, Value>,
) {
    let values: Vec<Value> = s
        .roles
        .iter()
        .filter(|r| r.client.is_none())
        .map(|r| prefixed(config, "usermodel.realmRoleMapping.rolePrefix", &r.name))
        .collect();
    map_claim(claims, config, values);
}

/// Client roles, of one client (`usermodel.clientRoleMapping.clientId`) or of all; a
/// `${client_id}` in the claim name becomes each role's client.
fn client_roles(
    s: &Subject<'_>,
    config: &BTreeMap<String, String>,
    claims: &mut Map<String, Value>,
) {
    let only = config
        .get("usermodel.clientRoleMapping.clientId")
        .filter(|c| !c.is_empty());
    let mut by_client: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for r in s.roles {
        let Some(client) = r.client.as_deref() else {
            continue;
        };
        if only.is_some_and(|o| o != client) {
            continue;
        }
        by_client.entry(client).or_default().push(prefixed(
            config,
            "usermodel.clientRoleMapping.rolePrefix",
            &r.name,
        ));
    }
    let name = config.get("claim.name").cloned().unwrap_or_default();
    for (client, values) in by_client {
        let mut config = config.clone();
        config.insert("claim.name".into(), name.replace("${client_id}", client));
        map_claim(claims, &config, values);
    }
}

fn audience(s: &Subject<'_>, config: &BTreeMap<String, String>, claims: &mut Map<String, Value>) {
    if let Some(client) = config
        .get("included.client.audience")
        .filter(|c| !c.is_empty())
    {
        if s.realm.client(client).is_some() {
            add_audience(claims, client);
        }
    }
    if let Some(custom) = config
        .get("included.custom.audience")
        .filter(|c| !c.is_empty())
    {
        add_audience(claims, custom);
    }
}
