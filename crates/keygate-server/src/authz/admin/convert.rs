//! Model to Keycloak's JSON representations: resources, scopes, policies generic and typed.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::store::authz::model::{Policy, Resource, Scope, Snapshot};

pub fn scope(s: &Scope) -> Value {
    let mut v = json!({"id": s.id, "name": s.name});
    if let Some(d) = &s.display_name {
        v["displayName"] = json!(d);
    }
    if let Some(i) = &s.icon_uri {
        v["iconUri"] = json!(i);
    }
    v
}

/// `{id, name}` only, as sub-resource listings show them.
pub fn brief_scope(s: &Scope) -> Value {
    json!({"id": s.id, "name": s.name})
}

/// A resource; `owners` maps owner ids to display names (clientId or username).
pub fn resource(
    snap: &Snapshot,
    r: &Resource,
    owners: &HashMap<String, String>,
    deep: bool,
) -> Value {
    let mut v = json!({
        "_id": r.id,
        "name": r.name,
        "owner": {"id": r.owner},
        "ownerManagedAccess": r.owner_managed_access,
        "uris": r.uris,
        "attributes": r.attributes,
    });
    if let Some(name) = owners.get(&r.owner) {
        v["owner"]["name"] = json!(name);
    }
    if let Some(t) = &r.type_ {
        v["type"] = json!(t);
    }
    if let Some(d) = &r.display_name {
        v["displayName"] = json!(d);
    }
    if let Some(i) = &r.icon_uri {
        v["icon_uri"] = json!(i);
    }
    if deep {
        let scopes: Vec<Value> = r
            .scopes
            .iter()
            .filter_map(|id| snap.scope(id))
            .map(scope)
            .collect();
        v["scopes"] = json!(scopes);
    }
    v
}

/// `PolicyRepresentation` as `GET /policy` lists it: common fields and `config`.
pub fn policy(p: &Policy) -> Value {
    let mut v = common(p);
    v["config"] = json!(p.config);
    v
}

/// `{id, name, type, ...}` without config, as sub-resource listings show policies.
pub fn common(p: &Policy) -> Value {
    let mut v = json!({
        "id": p.id,
        "name": p.name,
        "type": p.type_,
        "logic": p.logic,
        "decisionStrategy": p.decision_strategy,
    });
    if let Some(d) = &p.description {
        v["description"] = json!(d);
    }
    if let Some(o) = &p.owner {
        v["owner"] = json!(o);
    }
    v
}

fn parsed(p: &Policy, key: &str) -> Option<Value> {
    p.config.get(key).and_then(|s| serde_json::from_str(s).ok())
}

/// The time policy's representation fields and their config keys.
pub const TIME_FIELDS: [(&str, &str); 12] = [
    ("notBefore", "nbf"),
    ("notOnOrAfter", "noa"),
    ("dayMonth", "dayMonth"),
    ("dayMonthEnd", "dayMonthEnd"),
    ("month", "month"),
    ("monthEnd", "monthEnd"),
    ("year", "year"),
    ("yearEnd", "yearEnd"),
    ("hour", "hour"),
    ("hourEnd", "hourEnd"),
    ("minute", "minute"),
    ("minuteEnd", "minuteEnd"),
];

/// The typed representation (`RolePolicyRepresentation`, ...) of `GET /policy/{type}/{id}`.
pub fn typed(p: &Policy) -> Value {
    let mut v = common(p);
    let mut extra = Map::new();
    let cfg = |k: &str| p.config.get(k).cloned();
    match p.type_.as_str() {
        "role" => {
            extra.insert("roles".into(), parsed(p, "roles").unwrap_or(json!([])));
            extra.insert(
                "fetchRoles".into(),
                json!(cfg("fetchRoles").is_some_and(|f| f == "true")),
            );
        }
        "user" => {
            extra.insert("users".into(), parsed(p, "users").unwrap_or(json!([])));
        }
        "client" => {
            extra.insert("clients".into(), parsed(p, "clients").unwrap_or(json!([])));
        }
        "client-scope" => {
            let v = parsed(p, "clientScopes").unwrap_or(json!([]));
            extra.insert("clientScopes".into(), v);
        }
        "group" => {
            extra.insert("groups".into(), parsed(p, "groups").unwrap_or(json!([])));
            if let Some(c) = cfg("groupsClaim") {
                extra.insert("groupsClaim".into(), json!(c));
            }
        }
        "time" => {
            for (field, key) in TIME_FIELDS {
                if let Some(val) = cfg(key) {
                    extra.insert(field.into(), json!(val));
                }
            }
        }
        "regex" => {
            for k in ["targetClaim", "pattern"] {
                if let Some(val) = cfg(k) {
                    extra.insert(k.into(), json!(val));
                }
            }
            let ctx = cfg("targetContextAttributes").is_some_and(|f| f == "true");
            extra.insert("targetContextAttributes".into(), json!(ctx));
        }
        "js" => {
            if let Some(c) = cfg("code") {
                extra.insert("code".into(), json!(c));
            }
        }
        "resource" | "scope" => {
            if let Some(t) = cfg("defaultResourceType") {
                extra.insert("resourceType".into(), json!(t));
            }
        }
        _ => {}
    }
    if let Some(obj) = v.as_object_mut() {
        obj.extend(extra);
    }
    v
}
