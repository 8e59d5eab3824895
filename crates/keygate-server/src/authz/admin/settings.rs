//! The resource server itself: its settings (GET/PUT), the full export (`settings`) and
//! `import`, shared with realm export and import.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use keygate_model::{PolicyRepresentation, ResourceRepresentation, ResourceServerRepresentation};
use serde_json::{json, Value};

use super::{new_id, policy_types, resources, server};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::{AuthzServerRep, Strict};
use crate::state::{AppState, Change};
use crate::store::authz::model::{Policy, Resource, Scope, Settings, Snapshot};
use crate::store::authz::ServerKey;
use crate::store::clients::ClientRow;
use crate::store::{self, Conn};

type P2 = Path<(String, String)>;

fn settings_json(client: &ClientRow, s: &Settings) -> Value {
    json!({
        "id": client.id,
        "clientId": client.id,
        "name": client.client_id,
        "allowRemoteResourceManagement": s.allow_remote_resource_management,
        "policyEnforcementMode": s.policy_enforcement_mode,
        "decisionStrategy": s.decision_strategy,
    })
}

pub async fn read(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = super::realm(&state, &realm, &admin, Perm::ViewClients).await?;
    let mut conn = state.db.conn().await?;
    let (client, _, settings) = server(&mut conn, &realm, &id).await?;
    Ok(Json(settings_json(&client, &settings)))
}

/// The settings a representation sets, over `s`.
fn merge_settings(mut s: Settings, rep: &ResourceServerRepresentation) -> Result<Settings> {
    let parse = |v: &Option<String>| -> Result<Option<Value>> { Ok(v.as_ref().map(|x| json!(x))) };
    if let Some(m) = parse(&rep.policy_enforcement_mode)? {
        s.policy_enforcement_mode = serde_json::from_value(m)
            .map_err(|_| Error::bad_request("Invalid policyEnforcementMode"))?;
    }
    if let Some(d) = parse(&rep.decision_strategy)? {
        s.decision_strategy = serde_json::from_value(d)
            .map_err(|_| Error::bad_request("Invalid decisionStrategy"))?;
    }
    if let Some(a) = rep.allow_remote_resource_management {
        s.allow_remote_resource_management = a;
    }
    Ok(s)
}

pub async fn update(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Strict(rep, _): Strict<AuthzServerRep, ResourceServerRepresentation>,
) -> Result<StatusCode> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (_, key, settings) = server(&mut tx, &realm, &id).await?;
    let settings = merge_settings(settings, &rep)?;
    store::authz::update(&mut tx, &key, &settings).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn export(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut conn = state.db.conn().await?;
    let (client, _, _) = server(&mut conn, &realm, &id).await?;
    export_server(&mut conn, &realm.id, &client)
        .await?
        .map(Json)
        .ok_or(Error::Status(404))
}

pub async fn import(
    State(state): State<AppState>,
    Path((realm, id)): P2,
    admin: Admin,
    Strict(rep, _): Strict<AuthzServerRep, ResourceServerRepresentation>,
) -> Result<StatusCode> {
    let realm = super::realm(&state, &realm, &admin, Perm::ManageClients).await?;
    let mut tx = state.begin().await?;
    let (client, _, _) = server(&mut tx, &realm, &id).await?;
    import_server(&mut tx, &realm.id, &client, rep).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A client's `authorizationSettings` as Keycloak exports them (links and identities by
/// name), or `None` without a resource server.
pub async fn export_server(
    c: &mut Conn,
    realm_id: &str,
    client: &ClientRow,
) -> Result<Option<Value>> {
    let Some((key, settings)) = store::authz::find(&mut *c, realm_id, &client.id).await? else {
        return Ok(None);
    };
    let snap = store::authz::snapshot(&mut *c, &key, settings).await?;
    let owners = resources::owner_names(&mut *c, realm_id, client, &snap).await?;
    let res: Vec<Value> = snap
        .resources
        .iter()
        .map(|r| {
            let mut v = super::convert::resource(&snap, r, &owners, false);
            let scopes: Vec<Value> = r
                .scopes
                .iter()
                .filter_map(|s| snap.scope(s))
                .map(|s| json!({"name": s.name}))
                .collect();
            v["scopes"] = json!(scopes);
            v["owner"] = json!({"name": owners.get(&r.owner)});
            v
        })
        .collect();
    let mut policies = Vec::new();
    for p in &snap.policies {
        policies.push(export_policy(&mut *c, realm_id, &snap, p).await?);
    }
    let scopes: Vec<Value> = snap.scopes.iter().map(super::convert::scope).collect();
    Ok(Some(json!({
        "allowRemoteResourceManagement": snap.settings.allow_remote_resource_management,
        "policyEnforcementMode": snap.settings.policy_enforcement_mode,
        "resources": res,
        "policies": policies,
        "scopes": scopes,
        "decisionStrategy": snap.settings.decision_strategy,
        "authorizationSchema": {"resourceTypes": {}},
    })))
}

fn names<'a>(ids: &[String], find: impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    let v: Vec<&str> = ids.iter().filter_map(|i| find(i)).collect();
    (!v.is_empty()).then(|| json!(v).to_string())
}

/// A policy with links as name lists in config, identities as names.
async fn export_policy(c: &mut Conn, realm_id: &str, snap: &Snapshot, p: &Policy) -> Result<Value> {
    let mut v = super::convert::policy(p);
    let mut config = super::identity::export_config(c, realm_id, p).await?;
    let links = [
        (
            "resources",
            names(&p.resources, |i| snap.resource(i).map(|r| r.name.as_str())),
        ),
        (
            "scopes",
            names(&p.scopes, |i| snap.scope(i).map(|s| s.name.as_str())),
        ),
        (
            "applyPolicies",
            names(&p.policies, |i| snap.policy(i).map(|x| x.name.as_str())),
        ),
    ];
    for (k, val) in links {
        if let Some(val) = val {
            config.insert(k.into(), val);
        }
    }
    v["config"] = json!(config);
    Ok(v)
}

/// Merges a representation into the client's resource server (created if missing):
/// settings, then scopes, resources and policies by name, as Keycloak's import does.
pub async fn import_server(
    c: &mut Conn,
    realm_id: &str,
    client: &ClientRow,
    rep: ResourceServerRepresentation,
) -> Result<()> {
    let (key, settings) = match store::authz::find(&mut *c, realm_id, &client.id).await? {
        Some(found) => found,
        None => {
            let s = Settings::default();
            (
                store::authz::create(&mut *c, realm_id, &client.id, &s).await?,
                s,
            )
        }
    };
    let settings = merge_settings(settings, &rep)?;
    store::authz::update(&mut *c, &key, &settings).await?;
    let mut snap = store::authz::snapshot(&mut *c, &key, settings).await?;
    for s in rep.scopes.unwrap_or_default() {
        let Some(name) = s.name.clone().filter(|n| !n.trim().is_empty()) else {
            continue;
        };
        if snap.scope_by_name(&name).is_none() {
            let scope = Scope {
                id: new_id(),
                name,
                display_name: s.display_name,
                icon_uri: s.icon_uri,
            };
            store::authz::scopes::insert(&mut *c, &key, &scope).await?;
            snap.scopes.push(scope);
        }
    }
    for r in rep.resources.unwrap_or_default() {
        import_resource(c, realm_id, client, &key, &mut snap, r).await?;
    }
    // Policies before the permissions that apply them; a second pass links the rest.
    let mut pending = rep.policies.unwrap_or_default();
    pending.sort_by_key(|p| matches!(p.type_.as_deref(), Some("resource" | "scope" | "aggregate")));
    for p in pending {
        import_policy(c, realm_id, &key, &mut snap, p).await?;
    }
    Ok(())
}

async fn import_resource(
    c: &mut Conn,
    realm_id: &str,
    client: &ClientRow,
    key: &ServerKey,
    snap: &mut Snapshot,
    mut rep: ResourceRepresentation,
) -> Result<()> {
    let owner = match rep.owner.take() {
        None => client.id.clone(),
        Some(o) => {
            let name = match &o {
                keygate_model::OwnerRepresentation::Name(n) => Some(n.clone()),
                keygate_model::OwnerRepresentation::Object { id, name } => {
                    name.clone().or(id.clone())
                }
            };
            match name {
                Some(n) if n != client.client_id && n != client.id => {
                    match store::users::by_username(&mut *c, realm_id, &n).await? {
                        Some(u) => u.id,
                        None => client.id.clone(),
                    }
                }
                _ => client.id.clone(),
            }
        }
    };
    let name = rep.name.clone().unwrap_or_default();
    let existing = snap
        .resources
        .iter()
        .find(|r| r.name == name && r.owner == owner)
        .cloned();
    let mut r = existing.clone().unwrap_or(Resource {
        id: new_id(),
        owner,
        ..Default::default()
    });
    resources::apply(c, key, snap, &mut r, rep).await?;
    if existing.is_some() {
        store::authz::resources::update(&mut *c, key, &r).await?;
        snap.resources.retain(|x| x.id != r.id);
    } else {
        store::authz::resources::insert(&mut *c, key, &r).await?;
    }
    snap.resources.push(r);
    Ok(())
}

async fn import_policy(
    c: &mut Conn,
    realm_id: &str,
    key: &ServerKey,
    snap: &mut Snapshot,
    mut rep: PolicyRepresentation,
) -> Result<()> {
    let Some(name) = rep.name.clone() else {
        return Ok(());
    };
    rep.id = None;
    super::identity::config_to_typed(&mut rep);
    let existing = snap.policy_by_name(&name).cloned();
    let base = existing.clone().unwrap_or(Policy {
        id: new_id(),
        type_: rep.type_.clone().unwrap_or_default(),
        ..Default::default()
    });
    let p = policy_types::apply(c, realm_id, snap, base, rep).await?;
    if existing.is_some() {
        store::authz::policies::update(&mut *c, key, &p).await?;
        snap.policies.retain(|x| x.id != p.id);
    } else {
        store::authz::policies::insert(&mut *c, key, &p).await?;
    }
    snap.policies.push(p);
    Ok(())
}
