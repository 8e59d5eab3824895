//! Engine decisions, each policy type granting and denying, strategies and modes.

use std::collections::{BTreeMap, HashMap};

use serde_json::json;

use super::decide::{decide, DEFAULT_JS};
use super::*;
use crate::store::authz::model::{Enforcement, Logic, Policy, Resource, Snapshot, Strategy};

fn policy(id: &str, type_: &str, config: &[(&str, String)]) -> Policy {
    Policy {
        id: id.into(),
        name: id.into(),
        type_: type_.into(),
        config: config
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        ..Default::default()
    }
}

fn who() -> Identity {
    Identity {
        user_id: Some("u1".into()),
        role_ids: ["r-user".to_string(), "r-client".to_string()].into(),
        group_paths: vec!["/org/team".into()],
        client_id: Some("c1".into()),
        client_scope_ids: ["s-profile".to_string()].into(),
        claims: json!({"email": "ann@example.com", "address": {"country": "NL"}})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        attributes: BTreeMap::from([("ip".to_string(), "10.0.0.7".to_string())]),
    }
}

fn groups() -> HashMap<String, String> {
    HashMap::from([
        ("g-org".to_string(), "/org".to_string()),
        ("g-team".to_string(), "/org/team".to_string()),
        ("g-other".to_string(), "/other".to_string()),
    ])
}

/// 2026-03-15 10:30:00 UTC, a Sunday.
const NOW: i64 = 1_773_570_600;

fn grants(p: &Policy, snapshot: &Snapshot) -> bool {
    let identity = who();
    let groups = groups();
    let env = Env {
        snapshot,
        identity: &identity,
        now: NOW,
        group_paths: &groups,
    };
    decide(&env, p, 0).granted
}

fn alone(p: Policy) -> bool {
    let s = Snapshot {
        policies: vec![p.clone()],
        ..Default::default()
    };
    grants(&p, &s)
}

#[test]
fn role_policy_required_and_optional() {
    let roles = |v: serde_json::Value| policy("p", "role", &[("roles", v.to_string())]);
    assert!(alone(roles(json!([{"id": "r-user"}]))));
    assert!(!alone(roles(json!([{"id": "r-admin"}]))));
    assert!(alone(roles(json!([{"id": "r-admin"}, {"id": "r-client"}]))));
    assert!(!alone(roles(
        json!([{"id": "r-admin", "required": true}, {"id": "r-user"}])
    )));
    assert!(alone(roles(
        json!([{"id": "r-client", "required": true}, {"id": "r-user", "required": true}])
    )));
}

#[test]
fn user_client_and_client_scope_policies() {
    let users = |v: serde_json::Value| policy("p", "user", &[("users", v.to_string())]);
    assert!(alone(users(json!(["u2", "u1"]))));
    assert!(!alone(users(json!(["u2"]))));
    let clients = |v: serde_json::Value| policy("p", "client", &[("clients", v.to_string())]);
    assert!(alone(clients(json!(["c1"]))));
    assert!(!alone(clients(json!(["c2"]))));
    let scopes =
        |v: serde_json::Value| policy("p", "client-scope", &[("clientScopes", v.to_string())]);
    assert!(alone(scopes(json!([{"id": "s-profile"}]))));
    assert!(!alone(scopes(
        json!([{"id": "s-profile"}, {"id": "s-email", "required": true}])
    )));
}

#[test]
fn group_policy_paths_and_children() {
    let g = |v: serde_json::Value| policy("p", "group", &[("groups", v.to_string())]);
    assert!(alone(g(json!([{"id": "g-team"}]))));
    assert!(
        !alone(g(json!([{"id": "g-org"}]))),
        "parent without extendChildren"
    );
    assert!(alone(g(json!([{"id": "g-org", "extendChildren": true}]))));
    assert!(!alone(g(
        json!([{"id": "g-other", "extendChildren": true}])
    )));
}

#[test]
fn regex_policy_on_claims_and_context() {
    let r = |claim: &str, pattern: &str, ctx: bool| {
        policy(
            "p",
            "regex",
            &[
                ("targetClaim", claim.into()),
                ("pattern", pattern.into()),
                ("targetContextAttributes", ctx.to_string()),
            ],
        )
    };
    assert!(alone(r("email", r".*@example\.com", false)));
    assert!(
        !alone(r("email", "example", false)),
        "the whole value must match"
    );
    assert!(alone(r("address.country", "NL|BE", false)));
    assert!(alone(r("ip", r"10\..*", true)));
    assert!(!alone(r("missing", ".*", false)));
}

#[test]
fn time_policy_windows() {
    let t = |pairs: &[(&str, &str)]| {
        let cfg: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (*k, v.to_string())).collect();
        policy("p", "time", &cfg)
    };
    assert!(alone(t(&[("hour", "9"), ("hourEnd", "18")])));
    assert!(!alone(t(&[("hour", "11"), ("hourEnd", "18")])));
    assert!(alone(t(&[("minute", "30")])));
    assert!(!alone(t(&[("minute", "31")])));
    assert!(alone(t(&[
        ("dayMonth", "15"),
        ("month", "3"),
        ("year", "2026")
    ])));
    assert!(!alone(t(&[("month", "4"), ("monthEnd", "12")])));
    assert!(!alone(t(&[("year", "2020"), ("yearEnd", "2025")])));
    assert!(alone(t(&[("nbf", "2026-03-15 10:30:00")])));
    assert!(!alone(t(&[("nbf", "2026-03-15 10:30:01")])));
    assert!(
        !alone(t(&[("noa", "2026-03-15 10:30:00")])),
        "not on or after"
    );
    assert!(alone(t(&[("noa", "2026-03-15 10:30:01")])));
    assert!(!alone(t(&[("hour", "nine")])), "unparsable denies");
}

#[test]
fn negative_logic_inverts() {
    let mut p = policy("p", "user", &[("users", json!(["u1"]).to_string())]);
    p.logic = Logic::Negative;
    assert!(!alone(p.clone()));
    p.config.insert("users".into(), json!(["u9"]).to_string());
    assert!(alone(p));
}

#[test]
fn js_runs_only_the_default_script() {
    assert!(alone(policy("p", "js", &[("code", DEFAULT_JS.into())])));
    assert!(!alone(policy(
        "p",
        "js",
        &[("code", "$evaluation.deny();".into())]
    )));
}

#[test]
fn aggregate_nesting_and_cycles() {
    let yes = policy("yes", "user", &[("users", json!(["u1"]).to_string())]);
    let no = policy("no", "user", &[("users", json!(["u9"]).to_string())]);
    let mut inner = policy("inner", "aggregate", &[]);
    inner.policies = vec!["yes".into(), "no".into()];
    inner.decision_strategy = Strategy::Affirmative;
    let mut outer = policy("outer", "aggregate", &[]);
    outer.policies = vec!["inner".into(), "yes".into()];
    let mut looped = policy("loop", "aggregate", &[]);
    looped.policies = vec!["loop".into()];
    looped.decision_strategy = Strategy::Affirmative;
    let s = Snapshot {
        policies: vec![yes, no, inner.clone(), outer.clone(), looped.clone()],
        ..Default::default()
    };
    assert!(grants(&inner, &s));
    assert!(grants(&outer, &s));
    let mut strict = inner.clone();
    strict.decision_strategy = Strategy::Unanimous;
    assert!(!grants(&strict, &s));
    assert!(!grants(&looped, &s), "a cycle ends in a denial");
}

#[test]
fn strategies_combine_votes() {
    use Strategy::*;
    assert!(combine(Unanimous, &[true, true]));
    assert!(!combine(Unanimous, &[true, false]));
    assert!(!combine(Unanimous, &[]));
    assert!(combine(Affirmative, &[false, true]));
    assert!(!combine(Affirmative, &[false]));
    assert!(combine(Consensus, &[true, true, false]));
    assert!(!combine(Consensus, &[true, false]));
}

/// A server with one typed resource carrying scopes `read` and `write`.
fn server(perms: Vec<Policy>) -> Snapshot {
    let mut policies = vec![
        policy("allow", "user", &[("users", json!(["u1"]).to_string())]),
        policy("deny", "user", &[("users", json!(["u9"]).to_string())]),
    ];
    policies.extend(perms);
    Snapshot {
        id: "rs".into(),
        resources: vec![Resource {
            id: "doc".into(),
            name: "doc".into(),
            type_: Some("urn:docs".into()),
            scopes: vec!["read".into(), "write".into()],
            ..Default::default()
        }],
        policies,
        ..Default::default()
    }
}

fn perm(id: &str, type_: &str, scopes: &[&str], policies: &[&str]) -> Policy {
    let mut p = policy(id, type_, &[]);
    p.resources = if type_ == "resource" {
        vec!["doc".into()]
    } else {
        vec![]
    };
    p.scopes = scopes.iter().map(|s| s.to_string()).collect();
    p.policies = policies.iter().map(|s| s.to_string()).collect();
    p
}

fn run(s: &Snapshot) -> Outcome {
    let identity = who();
    let groups = groups();
    let env = Env {
        snapshot: s,
        identity: &identity,
        now: NOW,
        group_paths: &groups,
    };
    let asks = [Ask {
        resource: &s.resources[0],
        scopes: vec![],
    }];
    evaluate(&env, &asks).remove(0)
}

#[test]
fn scope_permissions_grant_their_scopes() {
    let s = server(vec![
        perm("p-read", "scope", &["read"], &["allow"]),
        perm("p-write", "scope", &["write"], &["deny"]),
    ]);
    let o = run(&s);
    assert!(o.granted);
    assert_eq!(o.allowed, vec!["read".to_string()]);
}

#[test]
fn server_strategy_across_permissions() {
    let mut s = server(vec![
        perm("p-res", "resource", &[], &["allow"]),
        perm("p-write", "scope", &["write"], &["deny"]),
    ]);
    assert_eq!(run(&s).allowed, vec!["read".to_string()], "UNANIMOUS");
    s.settings.decision_strategy = Strategy::Affirmative;
    assert_eq!(run(&s).allowed.len(), 2, "AFFIRMATIVE");
    s.settings.decision_strategy = Strategy::Consensus;
    assert_eq!(
        run(&s).allowed,
        vec!["read".to_string()],
        "CONSENSUS, a tie"
    );
}

#[test]
fn permission_strategy_over_its_policies() {
    let mut p = perm("p-res", "resource", &[], &["allow", "deny"]);
    assert!(!run(&server(vec![p.clone()])).granted, "UNANIMOUS");
    p.decision_strategy = Strategy::Affirmative;
    assert!(run(&server(vec![p.clone()])).granted, "AFFIRMATIVE");
    p.decision_strategy = Strategy::Consensus;
    assert!(!run(&server(vec![p])).granted, "CONSENSUS, a tie");
}

#[test]
fn resource_type_permissions_apply_by_type() {
    let mut p = perm("p-type", "resource", &[], &["allow"]);
    p.resources.clear();
    p.config
        .insert("defaultResourceType".into(), "urn:docs".into());
    assert!(run(&server(vec![p.clone()])).granted);
    p.config
        .insert("defaultResourceType".into(), "urn:x".into());
    assert!(!run(&server(vec![p])).granted, "no permission applies");
}

#[test]
fn enforcement_modes_decide_uncovered_requests() {
    let mut s = server(vec![]);
    assert!(!run(&s).granted, "ENFORCING");
    s.settings.policy_enforcement_mode = Enforcement::Permissive;
    assert!(run(&s).granted, "PERMISSIVE");
    let mut s = server(vec![perm("p-res", "resource", &[], &["deny"])]);
    s.settings.policy_enforcement_mode = Enforcement::Permissive;
    assert!(!run(&s).granted, "PERMISSIVE still applies permissions");
    s.settings.policy_enforcement_mode = Enforcement::Disabled;
    let o = run(&s);
    assert!(o.granted && o.permissions.is_empty(), "DISABLED");
}
