//! Permissions over resources: which permissions apply to a resource and its scopes, how
//! each decides (its policies under its decision strategy), and how the resource server's
//! strategy and enforcement mode turn those into a result per resource.

use super::decide::{decide, Verdict};
use super::{combine, Env};
use crate::store::authz::model::{Enforcement, Policy, Resource};

/// One thing asked about: a resource and the scopes wanted on it (empty: all of its own).
#[derive(Debug, Clone)]
pub struct Ask<'a> {
    pub resource: &'a Resource,
    pub scopes: Vec<String>,
}

/// A permission's verdict on one resource: its policies' verdicts and what it covers.
#[derive(Debug, Clone)]
pub struct PolicyVerdict {
    pub permission_id: String,
    pub granted: bool,
    /// The asked scope ids this permission speaks for (all of them for a resource
    /// permission).
    pub scopes: Vec<String>,
    pub associated: Vec<Verdict>,
}

/// The result for one resource.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub resource_id: String,
    /// Scope ids evaluated.
    pub scopes: Vec<String>,
    /// Scope ids granted.
    pub allowed: Vec<String>,
    pub granted: bool,
    pub permissions: Vec<PolicyVerdict>,
}

/// Evaluates every ask.
pub fn evaluate(env: &Env, asks: &[Ask]) -> Vec<Outcome> {
    asks.iter().map(|a| one(env, a)).collect()
}

/// The scope ids of a scope permission that apply to the resource, or `None` when the
/// permission does not apply at all.
fn applies(p: &Policy, resource: &Resource, asked: &[String]) -> Option<Vec<String>> {
    match p.type_.as_str() {
        "resource" => {
            let by_type = p
                .config
                .get("defaultResourceType")
                .filter(|t| !t.is_empty())
                .is_some_and(|t| resource.type_.as_deref() == Some(t.as_str()));
            (by_type || p.resources.contains(&resource.id)).then(|| asked.to_vec())
        }
        "scope" => {
            if !p.resources.is_empty() && !p.resources.contains(&resource.id) {
                return None;
            }
            let hit: Vec<String> = asked
                .iter()
                .filter(|s| p.scopes.contains(s))
                .cloned()
                .collect();
            (!hit.is_empty()).then_some(hit)
        }
        _ => None,
    }
}

fn one(env: &Env, ask: &Ask) -> Outcome {
    let resource = ask.resource;
    let asked = if ask.scopes.is_empty() {
        resource.scopes.clone()
    } else {
        ask.scopes.clone()
    };
    let mode = env.snapshot.settings.policy_enforcement_mode;
    let mut permissions = Vec::new();
    if mode != Enforcement::Disabled {
        for p in env.snapshot.policies.iter().filter(|p| p.is_permission()) {
            let Some(scopes) = applies(p, resource, &asked) else {
                continue;
            };
            let associated: Vec<Verdict> = p
                .policies
                .iter()
                .filter_map(|id| env.snapshot.policy(id))
                .map(|a| decide(env, a, 0))
                .collect();
            let votes: Vec<bool> = associated.iter().map(|v| v.granted).collect();
            permissions.push(PolicyVerdict {
                permission_id: p.id.clone(),
                granted: combine(p.decision_strategy, &votes),
                scopes,
                associated,
            });
        }
    }
    let strategy = env.snapshot.settings.decision_strategy;
    // Without votes the enforcement mode decides.
    let decide_votes = |votes: Vec<bool>| match mode {
        Enforcement::Disabled => true,
        _ if votes.is_empty() => mode == Enforcement::Permissive,
        _ => combine(strategy, &votes),
    };
    let (granted, allowed) = if asked.is_empty() {
        let votes = permissions.iter().map(|v| v.granted).collect();
        (decide_votes(votes), Vec::new())
    } else {
        let allowed: Vec<String> = asked
            .iter()
            .filter(|s| {
                let votes = permissions
                    .iter()
                    .filter(|v| v.scopes.contains(s))
                    .map(|v| v.granted)
                    .collect();
                decide_votes(votes)
            })
            .cloned()
            .collect();
        (!allowed.is_empty(), allowed)
    };
    Outcome {
        resource_id: resource.id.clone(),
        scopes: asked,
        allowed,
        granted,
        permissions,
    }
}
