//! A policy from its representation: common fields, the type's own fields into `config`
//! (names resolved to ids as Keycloak's providers do), and the links.

use keygate_model::PolicyRepresentation;
use serde_json::{json, Value};

use super::convert::TIME_FIELDS;
use crate::authz::errors::invalid;
use crate::error::{Error, Result};
use crate::store::authz::model::{Policy, Snapshot};
use crate::store::{self, Conn};

/// The policy types Keygate decides, permissions included.
pub const TYPES: [&str; 11] = [
    "role",
    "user",
    "group",
    "client",
    "client-scope",
    "time",
    "regex",
    "aggregate",
    "js",
    "resource",
    "scope",
];

/// `policy/providers`: `(type, name, group)` as Keycloak lists its factories.
pub const PROVIDERS: [(&str, &str, &str); 9] = [
    ("aggregate", "Aggregated", "Others"),
    ("client", "Client", "Identity Based"),
    ("client-scope", "Client Scope", "Identity Based"),
    ("group", "Group", "Identity Based"),
    ("js", "JavaScript", "Rule Based"),
    ("regex", "Regex", "Rule Based"),
    ("role", "Role", "Identity Based"),
    ("time", "Time", "Time Based"),
    ("user", "User", "Identity Based"),
];

fn enum_field<T: serde::de::DeserializeOwned>(v: &Option<String>, what: &str) -> Result<Option<T>> {
    v.as_ref()
        .map(|s| {
            serde_json::from_value(json!(s))
                .map_err(|_| Error::bad_request(format!("Invalid {what} [{s}]")))
        })
        .transpose()
}

/// Applies `rep` onto `base` (a new policy, or the stored one on update). `generic` is the
/// `PolicyRepresentation` form, whose `config` carries the type's settings.
pub async fn apply(
    c: &mut Conn,
    realm_id: &str,
    snap: &Snapshot,
    mut base: Policy,
    mut rep: PolicyRepresentation,
) -> Result<Policy> {
    if let Some(n) = rep.name.take() {
        base.name = n;
    }
    if base.name.trim().is_empty() {
        return Err(invalid("Policy name is required"));
    }
    if base.type_ == "js" {
        return Err(Error::bad_request("Script upload is disabled"));
    }
    if !TYPES.contains(&base.type_.as_str()) {
        return Err(Error::bad_request(format!(
            "Unknown policy type [{}]",
            base.type_
        )));
    }
    if rep.description.is_some() {
        base.description = rep.description.take();
    }
    if let Some(l) = enum_field(&rep.logic, "logic")? {
        base.logic = l;
    }
    if let Some(d) = enum_field(&rep.decision_strategy, "decisionStrategy")? {
        base.decision_strategy = d;
    }
    let mut config = rep.config.take().unwrap_or_default();
    // Exports carry links in config as JSON arrays of names.
    let from_config = |config: &mut std::collections::BTreeMap<String, String>, k: &str| {
        config
            .remove(k)
            .and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
    };
    let policies = rep
        .policies
        .take()
        .or_else(|| from_config(&mut config, "applyPolicies"));
    let resources = rep
        .resources
        .take()
        .or_else(|| from_config(&mut config, "resources"));
    let scopes = rep
        .scopes
        .take()
        .or_else(|| from_config(&mut config, "scopes"));
    base.config.extend(config);
    if let Some(t) = rep.resource_type.take() {
        if t.is_empty() {
            base.config.remove("defaultResourceType");
        } else {
            base.config.insert("defaultResourceType".into(), t);
        }
    }
    typed_fields(c, realm_id, &mut base, &rep.typed).await?;
    if let Some(ids) = policies {
        base.policies = resolve(&ids, "Policy", |x| {
            snap.policy(x)
                .or_else(|| snap.policy_by_name(x))
                .map(|p| p.id.clone())
        })?;
        if base.policies.contains(&base.id) {
            return Err(invalid("A policy cannot be associated with itself"));
        }
    }
    if let Some(ids) = resources {
        base.resources = resolve(&ids, "Resource", |x| {
            snap.resource(x)
                .or_else(|| snap.resources.iter().find(|r| r.name == x))
                .map(|r| r.id.clone())
        })?;
    }
    if let Some(ids) = scopes {
        base.scopes = resolve(&ids, "Scope", |x| {
            snap.scope(x)
                .or_else(|| snap.scope_by_name(x))
                .map(|s| s.id.clone())
        })?;
    }
    Ok(base)
}

fn resolve(
    names: &[String],
    what: &str,
    find: impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for n in names {
        let id = find(n)
            .ok_or_else(|| invalid(format!("{what} with id or name [{n}] does not exist")))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The type's own representation fields into config.
async fn typed_fields(
    c: &mut Conn,
    realm_id: &str,
    p: &mut Policy,
    typed: &serde_json::Map<String, Value>,
) -> Result<()> {
    let get = |k: &str| typed.get(k).filter(|v| !v.is_null());
    match p.type_.as_str() {
        "role" => {
            if let Some(v) = get("roles") {
                let roles = required_list(c, realm_id, v, Kind::Role).await?;
                p.config.insert("roles".into(), roles.to_string());
            }
            if let Some(f) = get("fetchRoles").and_then(text) {
                p.config.insert("fetchRoles".into(), f);
            }
        }
        "client-scope" => {
            if let Some(v) = get("clientScopes") {
                let s = required_list(c, realm_id, v, Kind::ClientScope).await?;
                p.config.insert("clientScopes".into(), s.to_string());
            }
        }
        "user" => {
            if let Some(v) = get("users") {
                let ids = id_list(c, realm_id, v, Kind::User).await?;
                p.config.insert("users".into(), json!(ids).to_string());
            }
        }
        "client" => {
            if let Some(v) = get("clients") {
                let ids = id_list(c, realm_id, v, Kind::Client).await?;
                p.config.insert("clients".into(), json!(ids).to_string());
            }
        }
        "group" => group_fields(c, realm_id, p, typed).await?,
        "time" => {
            for (field, key) in TIME_FIELDS {
                if let Some(v) = get(field).and_then(text) {
                    p.config.insert(key.into(), v);
                }
            }
            time_valid(p)?;
        }
        "regex" => {
            for k in ["targetClaim", "pattern", "targetContextAttributes"] {
                if let Some(v) = get(k).and_then(text) {
                    p.config.insert(k.into(), v);
                }
            }
            if let Some(pat) = p.config.get("pattern") {
                regex::Regex::new(pat)
                    .map_err(|_| Error::bad_request(format!("Invalid pattern [{pat}]")))?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn time_valid(p: &Policy) -> Result<()> {
    for k in ["nbf", "noa"] {
        if let Some(v) = p.config.get(k).filter(|v| !v.is_empty()) {
            chrono::NaiveDateTime::parse_from_str(v, crate::authz::engine::TIME_FORMAT).map_err(
                |_| {
                    Error::bad_request(format!(
                        "Could not parse a date using format [yyyy-MM-dd HH:mm:ss]: {v}"
                    ))
                },
            )?;
        }
    }
    for (_, k) in TIME_FIELDS.iter().skip(2) {
        if let Some(v) = p.config.get(*k).filter(|v| !v.trim().is_empty()) {
            v.trim()
                .parse::<i64>()
                .map_err(|_| Error::bad_request(format!("Invalid value [{v}] for {k}")))?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Kind {
    Role,
    ClientScope,
    User,
    Client,
}

/// `[{id, required}]` with each id resolved (roles and client scopes).
async fn required_list(c: &mut Conn, realm_id: &str, v: &Value, kind: Kind) -> Result<Value> {
    let items = v
        .as_array()
        .ok_or_else(|| Error::bad_request("Expected an array"))?;
    let mut out = Vec::new();
    for item in items {
        let (raw, required) = match item {
            Value::String(s) => (s.clone(), false),
            other => (
                other.get("id").and_then(text).unwrap_or_default(),
                other
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            ),
        };
        let id = find(c, realm_id, &raw, kind).await?;
        out.push(json!({"id": id, "required": required}));
    }
    Ok(Value::Array(out))
}

async fn id_list(c: &mut Conn, realm_id: &str, v: &Value, kind: Kind) -> Result<Vec<String>> {
    let items = v
        .as_array()
        .ok_or_else(|| Error::bad_request("Expected an array"))?;
    let mut out = Vec::new();
    for item in items {
        let raw = text(item).unwrap_or_default();
        out.push(find(c, realm_id, &raw, kind).await?);
    }
    Ok(out)
}

/// An id, or a name Keycloak's providers accept in its place.
async fn find(c: &mut Conn, realm_id: &str, raw: &str, kind: Kind) -> Result<String> {
    let found = match kind {
        Kind::Role => role(c, realm_id, raw).await?,
        Kind::User => match store::users::by_id(&mut *c, realm_id, raw).await? {
            Some(u) => Some(u.id),
            None => store::users::by_username(c, realm_id, raw)
                .await?
                .map(|u| u.id),
        },
        Kind::Client => match store::clients::by_id(&mut *c, realm_id, raw).await? {
            Some(cl) => Some(cl.id),
            None => store::clients::search(c, realm_id, Some(raw), true, 0, 1)
                .await?
                .pop()
                .map(|cl| cl.id),
        },
        Kind::ClientScope => store::scopes::list(c, realm_id)
            .await?
            .into_iter()
            .find(|s| s.id == raw || s.name == raw)
            .map(|s| s.id),
    };
    let what = match kind {
        Kind::Role => "Role",
        Kind::User => "User",
        Kind::Client => "Client",
        Kind::ClientScope => "Client scope",
    };
    found.ok_or_else(|| invalid(format!("{what} [{raw}] could not be found")))
}

/// A role by id, realm role name, or `clientId/roleName`.
async fn role(c: &mut Conn, realm_id: &str, raw: &str) -> Result<Option<String>> {
    if let Some(e) = store::roles::entry_by_id(&mut *c, realm_id, raw).await? {
        return Ok(Some(e.role.id));
    }
    if let Some(e) = store::roles::entry_by_name(&mut *c, realm_id, raw).await? {
        return Ok(Some(e.role.id));
    }
    let Some((client, name)) = raw.split_once('/') else {
        return Ok(None);
    };
    let Some(cl) = store::clients::search(&mut *c, realm_id, Some(client), true, 0, 1)
        .await?
        .pop()
    else {
        return Ok(None);
    };
    Ok(store::roles::entry_by_name(c, &cl.id, name)
        .await?
        .map(|e| e.role.id))
}

async fn group_fields(
    c: &mut Conn,
    realm_id: &str,
    p: &mut Policy,
    typed: &serde_json::Map<String, Value>,
) -> Result<()> {
    if let Some(claim) = typed.get("groupsClaim").and_then(text) {
        p.config.insert("groupsClaim".into(), claim);
    }
    let Some(items) = typed.get("groups").and_then(Value::as_array) else {
        return Ok(());
    };
    let mut out = Vec::new();
    for g in items {
        let id = g.get("id").and_then(text);
        let path = g.get("path").and_then(text);
        let extend = g
            .get("extendChildren")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let found = match (id, path) {
            (Some(id), _) => store::groups::by_id(&mut *c, realm_id, &id)
                .await?
                .map(|f| f.group.id),
            (None, Some(path)) => store::groups::by_path(&mut *c, realm_id, &path)
                .await?
                .map(|g| g.id),
            _ => None,
        };
        let id = found.ok_or_else(|| invalid(format!("Group [{g}] could not be found")))?;
        out.push(json!({"id": id, "extendChildren": extend}));
    }
    p.config
        .insert("groups".into(), Value::Array(out).to_string());
    Ok(())
}
