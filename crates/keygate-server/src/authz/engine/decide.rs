//! One policy's decision, per type, before and after its logic.

use serde::Deserialize;
use serde_json::Value;

use super::{combine, time, Env};
use crate::store::authz::model::{Logic, Policy};

/// The body of Keycloak's default JS policy, the only script Keygate runs: it grants.
pub const DEFAULT_JS: &str =
    "// by default, grants any permission associated with this policy\n$evaluation.grant();\n";

/// Deeper aggregate nesting than this (or a cycle) denies.
const MAX_DEPTH: usize = 16;

/// A policy's verdict with its logic applied, and the verdicts of what it aggregates.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub policy_id: String,
    pub granted: bool,
    pub associated: Vec<Verdict>,
}

/// Decides `policy` for the identity in `env`.
pub fn decide(env: &Env, policy: &Policy, depth: usize) -> Verdict {
    let mut associated = Vec::new();
    let raw = if depth > MAX_DEPTH {
        false
    } else {
        match policy.type_.as_str() {
            "aggregate" => {
                associated = policy
                    .policies
                    .iter()
                    .filter_map(|id| env.snapshot.policy(id))
                    .map(|p| decide(env, p, depth + 1))
                    .collect();
                let votes: Vec<bool> = associated.iter().map(|v| v.granted).collect();
                combine(policy.decision_strategy, &votes)
            }
            other => by_type(env, policy, other),
        }
    };
    let granted = match policy.logic {
        Logic::Positive => raw,
        Logic::Negative => !raw,
    };
    Verdict {
        policy_id: policy.id.clone(),
        granted,
        associated,
    }
}

fn by_type(env: &Env, policy: &Policy, type_: &str) -> bool {
    let cfg = |k: &str| policy.config.get(k).map(String::as_str);
    match type_ {
        "role" => required_set(cfg("roles"), |id| env.identity.role_ids.contains(id)),
        "client-scope" => required_set(cfg("clientScopes"), |id| {
            env.identity.client_scope_ids.contains(id)
        }),
        "user" => ids(cfg("users"))
            .iter()
            .any(|u| env.identity.user_id.as_deref() == Some(u.as_str())),
        "client" => ids(cfg("clients"))
            .iter()
            .any(|c| env.identity.client_id.as_deref() == Some(c.as_str())),
        "group" => group(env, cfg("groups"), cfg("groupsClaim")),
        "time" => time::allows(&policy.config, env.now),
        "regex" => regex(env, policy),
        "js" => cfg("code") == Some(DEFAULT_JS),
        _ => false,
    }
}

/// A JSON array of ids (`users`, `clients`), or nothing.
fn ids(raw: Option<&str>) -> Vec<String> {
    raw.and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct Required {
    id: String,
    #[serde(default)]
    required: bool,
}

/// Role and client-scope policies: every required entry held, and at least one held.
fn required_set(raw: Option<&str>, holds: impl Fn(&str) -> bool) -> bool {
    let entries: Vec<Required> = raw
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let mut any = false;
    for e in &entries {
        if holds(&e.id) {
            any = true;
        } else if e.required {
            return false;
        }
    }
    any
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupEntry {
    id: String,
    #[serde(default)]
    extend_children: bool,
}

/// Member of a named group, or of a descendant when `extendChildren` is set. With a
/// `groupsClaim` the token's claim (paths) is read instead of the memberships.
fn group(env: &Env, raw: Option<&str>, claim: Option<&str>) -> bool {
    let entries: Vec<GroupEntry> = raw
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let held: Vec<String> = match claim.filter(|c| !c.is_empty()) {
        Some(c) => match env.identity.claims.get(c) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        },
        None => env.identity.group_paths.clone(),
    };
    entries.iter().any(|e| {
        let Some(path) = env.group_paths.get(&e.id) else {
            return false;
        };
        held.iter()
            .any(|h| h == path || (e.extend_children && h.starts_with(&format!("{path}/"))))
    })
}

/// The claim (dotted path into the token) or context attribute matches the pattern whole.
fn regex(env: &Env, policy: &Policy) -> bool {
    let (Some(target), Some(pattern)) = (
        policy.config.get("targetClaim"),
        policy.config.get("pattern"),
    ) else {
        return false;
    };
    let from_context = policy
        .config
        .get("targetContextAttributes")
        .is_some_and(|v| v == "true");
    let value = if from_context {
        env.identity.attributes.get(target).cloned()
    } else {
        claim(&env.identity.claims, target)
    };
    let Some(value) = value else { return false };
    regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(1 << 20)
        .build()
        .is_ok_and(|re| re.is_match(&value))
}

fn claim(claims: &serde_json::Map<String, Value>, path: &str) -> Option<String> {
    let mut parts = path.split('.');
    let mut v = claims.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        Value::Array(a) => a.first().map(|x| match x {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
        other => Some(other.to_string()),
    }
}
