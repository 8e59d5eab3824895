//! `policy/evaluate`: the engine run for a user (and client) the request names, answered in
//! Keycloak's `PolicyEvaluationResponse` shape.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, State};
use axum::Json;
use keygate_model::{ClientRepresentation, PolicyEvaluationRequest};
use serde_json::{json, Map, Value};

use super::server;
use crate::authz::engine::{self, Ask, Env, Identity, Outcome, Verdict};
use crate::authz::errors::invalid;
use crate::error::Result;
use crate::http::auth::{Admin, Perm};
use crate::http::json::JsonBody;
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::authz::model::Snapshot;
use crate::store::clients::ClientRow;
use crate::store::{self, Conn};

pub async fn run(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    JsonBody(req): JsonBody<PolicyEvaluationRequest>,
) -> Result<Json<Value>> {
    let realm = super::realm(&state, &realm, &admin, Perm::ViewClients).await?;
    let mut conn = state.db.conn().await?;
    let (client, key, settings) = server(&mut conn, &realm, &id).await?;
    let snap = store::authz::snapshot(&mut conn, &key, settings).await?;
    let identity = identity(&mut conn, &realm, &client, &req).await?;
    let groups = policy_groups(&mut conn, &realm, &snap).await?;
    let env = Env {
        snapshot: &snap,
        identity: &identity,
        now: state.clock.now(),
        group_paths: &groups,
    };
    let asks = asks(&snap, &req)?;
    let outcomes = engine::evaluate(&env, &asks);
    Ok(Json(response(&snap, &client, &outcomes)))
}

/// The resources asked about (by id or name, scopes by name); all of them when none.
fn asks<'a>(snap: &'a Snapshot, req: &PolicyEvaluationRequest) -> Result<Vec<Ask<'a>>> {
    let wanted = req.resources.clone().unwrap_or_default();
    let wanted: Vec<_> = wanted
        .into_iter()
        .filter(|r| r.id.is_some() || r.name.is_some() || r.scopes.is_some())
        .collect();
    if wanted.is_empty() {
        return Ok(snap
            .resources
            .iter()
            .filter(|r| {
                req.resource_type
                    .as_deref()
                    .is_none_or(|t| r.type_.as_deref() == Some(t))
            })
            .map(|resource| Ask {
                resource,
                scopes: vec![],
            })
            .collect());
    }
    let mut out = Vec::new();
    for w in wanted {
        let scopes: Vec<String> = w
            .scopes
            .unwrap_or_default()
            .iter()
            .filter_map(|s| {
                s.id.as_deref()
                    .and_then(|i| snap.scope(i))
                    .or_else(|| s.name.as_deref().and_then(|n| snap.scope_by_name(n)))
                    .map(|x| x.id.clone())
            })
            .collect();
        let named = w.id.as_deref().and_then(|i| snap.resource(i)).or_else(|| {
            w.name
                .as_deref()
                .and_then(|n| snap.resources.iter().find(|r| r.name == n))
        });
        match (named, w.id.is_some() || w.name.is_some()) {
            (Some(resource), _) => out.push(Ask { resource, scopes }),
            (None, true) => return Err(invalid("Resource does not exist")),
            // Scopes alone: every resource that has one of them.
            (None, false) => out.extend(
                snap.resources
                    .iter()
                    .filter(|r| scopes.iter().any(|s| r.scopes.contains(s)))
                    .map(|resource| Ask {
                        resource,
                        scopes: scopes
                            .iter()
                            .filter(|s| resource.scopes.contains(s))
                            .cloned()
                            .collect(),
                    }),
            ),
        }
    }
    Ok(out)
}

/// The identity the request describes: its user (id or username), extra realm roles, and
/// the client the token would be for (default: the resource server's).
async fn identity(
    c: &mut Conn,
    realm: &Realm,
    server_client: &ClientRow,
    req: &PolicyEvaluationRequest,
) -> Result<Identity> {
    let mut id = Identity::default();
    let client = match req.client_id.as_deref().filter(|s| !s.is_empty()) {
        None => server_client.clone(),
        Some(cid) => match store::clients::by_id(&mut *c, &realm.id, cid).await? {
            Some(cl) => cl,
            None => store::clients::search(&mut *c, &realm.id, Some(cid), true, 0, 1)
                .await?
                .pop()
                .ok_or_else(|| invalid("Could not find client"))?,
        },
    };
    id.client_id = Some(client.id.clone());
    let rep: ClientRepresentation = serde_json::from_str(&client.data)?;
    let defaults = rep.default_client_scopes.unwrap_or_default();
    id.client_scope_ids = store::scopes::list(&mut *c, &realm.id)
        .await?
        .into_iter()
        .filter(|s| defaults.contains(&s.name))
        .map(|s| s.id)
        .collect();
    let mut claims = Map::new();
    claims.insert("azp".into(), json!(client.client_id));
    if let Some(uid) = req.user_id.as_deref().filter(|s| !s.is_empty()) {
        let user = match store::users::by_id(&mut *c, &realm.id, uid).await? {
            Some(u) => u,
            None => store::users::by_username(&mut *c, &realm.id, uid)
                .await?
                .ok_or_else(|| invalid("Could not find user"))?,
        };
        id.role_ids = store::authz::effective_role_ids(&mut *c, &user.id)
            .await?
            .into_iter()
            .collect();
        id.group_paths = store::scopes::group_paths(&mut *c, &user.id).await?;
        for (k, v) in &user.attributes {
            claims.entry(k.clone()).or_insert(json!(v));
        }
        claims.insert("sub".into(), json!(user.id));
        claims.insert("preferred_username".into(), json!(user.username));
        claims.insert("email_verified".into(), json!(user.email_verified));
        for (k, v) in [
            ("email", &user.email),
            ("given_name", &user.first_name),
            ("family_name", &user.last_name),
        ] {
            if let Some(v) = v {
                claims.insert(k.into(), json!(v));
            }
        }
        id.user_id = Some(user.id);
    }
    for name in req.role_ids.clone().unwrap_or_default() {
        if let Some(e) = store::roles::entry_by_name(&mut *c, &realm.id, &name).await? {
            expand(c, e.role.id, &mut id.role_ids).await?;
        }
    }
    id.claims = claims;
    id.attributes = req
        .context
        .as_ref()
        .and_then(|ctx| ctx.get("attributes").cloned())
        .unwrap_or_default();
    Ok(id)
}

/// Adds a role and its composites.
async fn expand(c: &mut Conn, role: String, into: &mut HashSet<String>) -> Result<()> {
    let mut todo = vec![role];
    while let Some(r) = todo.pop() {
        if into.insert(r.clone()) {
            for child in store::roles::composites(&mut *c, &r).await? {
                todo.push(child.id);
            }
        }
    }
    Ok(())
}

/// Paths of the groups the server's group policies name.
async fn policy_groups(
    c: &mut Conn,
    realm: &Realm,
    snap: &Snapshot,
) -> Result<HashMap<String, String>> {
    let mut ids = Vec::new();
    for p in snap.policies.iter().filter(|p| p.type_ == "group") {
        let entries: Vec<Value> = p
            .config
            .get("groups")
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        ids.extend(
            entries
                .iter()
                .filter_map(|e| e.get("id").and_then(Value::as_str).map(str::to_string)),
        );
    }
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(store::groups::by_ids(c, &realm.id, &ids)
        .await?
        .into_iter()
        .map(|f| (f.group.id, f.group.path))
        .collect())
}

fn status(granted: bool) -> &'static str {
    if granted {
        "PERMIT"
    } else {
        "DENY"
    }
}

fn policy_result(snap: &Snapshot, v: &Verdict) -> Value {
    let p = snap.policy(&v.policy_id);
    let rep = p.map(|p| policy_rep(snap, p)).unwrap_or(Value::Null);
    let mut out = json!({
        "policy": rep,
        "status": status(v.granted),
        "associatedPolicies": v.associated.iter().map(|a| policy_result(snap, a)).collect::<Vec<_>>(),
    });
    if !v.granted {
        out["scopes"] = out["policy"]["scopes"].clone();
    }
    out
}

fn policy_rep(snap: &Snapshot, p: &crate::store::authz::model::Policy) -> Value {
    let names = |ids: &[String], f: &dyn Fn(&str) -> Option<String>| -> Vec<String> {
        ids.iter().filter_map(|i| f(i)).collect()
    };
    let mut v = json!({
        "id": p.id,
        "name": p.name,
        "type": p.type_,
        "decisionStrategy": p.decision_strategy,
        "resources": names(&p.resources, &|i| snap.resource(i).map(|r| r.name.clone())),
        "scopes": names(&p.scopes, &|i| snap.scope(i).map(|s| s.name.clone())),
    });
    if let Some(d) = &p.description {
        v["description"] = json!(d);
    }
    v
}

fn response(snap: &Snapshot, client: &ClientRow, outcomes: &[Outcome]) -> Value {
    let scope_reps = |ids: &[String]| -> Vec<Value> {
        ids.iter()
            .filter_map(|i| snap.scope(i))
            .map(super::convert::brief_scope)
            .collect()
    };
    let mut results = Vec::new();
    let mut permissions = Vec::new();
    for o in outcomes {
        let Some(r) = snap.resource(&o.resource_id) else {
            continue;
        };
        let scope_names: Vec<String> = o
            .scopes
            .iter()
            .filter_map(|i| snap.scope(i).map(|s| s.name.clone()))
            .collect();
        let name = if scope_names.is_empty() {
            r.name.clone()
        } else {
            format!("{} with scopes [{}]", r.name, scope_names.join(", "))
        };
        let policies: Vec<Value> = o
            .permissions
            .iter()
            .map(|pv| {
                let verdict = Verdict {
                    policy_id: pv.permission_id.clone(),
                    granted: pv.granted,
                    associated: pv.associated.clone(),
                };
                policy_result(snap, &verdict)
            })
            .collect();
        let allowed = scope_reps(&o.allowed);
        results.push(json!({
            "resource": {"_id": r.id, "name": name},
            "scopes": scope_reps(&o.scopes),
            "policies": policies,
            "status": status(o.granted),
            "allowedScopes": if o.granted { allowed } else { vec![] },
        }));
        if o.granted {
            let allowed_names: Vec<String> = o
                .allowed
                .iter()
                .filter_map(|i| snap.scope(i).map(|s| s.name.clone()))
                .collect();
            permissions.push(json!({"rsid": r.id, "rsname": r.name, "scopes": allowed_names}));
        }
    }
    let overall = outcomes.iter().all(|o| o.granted);
    json!({
        "results": results,
        "entitlements": false,
        "status": status(overall),
        "rpt": {
            "aud": [client.client_id],
            "authorization": {"permissions": permissions},
        },
    })
}
