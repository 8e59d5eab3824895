//! The sections of a realm export, one function each, every one reading the store and
//! returning the JSON Keycloak writes under that key. A capability that adds a table adds
//! its section here and a line in `document`.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use super::snapshot::Snapshot;
use crate::error::Result;
use crate::store::groups::{NameMatch, Page, Scope};
use crate::store::{self, Conn};

/// Which parts an export carries.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub clients: bool,
    pub groups_and_roles: bool,
}

impl Options {
    pub const FULL: Options = Options {
        clients: true,
        groups_and_roles: true,
    };
}

/// The realm document without its users: settings and every requested section.
pub async fn document(c: &mut Conn, snap: &Snapshot, opts: Options) -> Result<Map<String, Value>> {
    let mut doc = settings(snap)?;
    if opts.groups_and_roles {
        doc.insert("roles".into(), roles(c, snap, opts.clients).await?);
        doc.insert("groups".into(), groups(c, snap).await?);
        doc.insert("defaultGroups".into(), default_groups(c, snap).await?);
    }
    if opts.clients {
        let mut list = clients(snap)?;
        crate::authz::admin::export_realm_clients(c, &snap.realm.id, &snap.clients, &mut list)
            .await?;
        doc.insert("clients".into(), list);
    }
    doc.insert("clientScopes".into(), client_scopes(c, snap).await?);
    if opts.groups_and_roles {
        let (realm, client) = scope_mappings(c, snap, opts.clients).await?;
        doc.insert("scopeMappings".into(), realm);
        if opts.clients {
            doc.insert("clientScopeMappings".into(), client);
        }
    }
    doc.insert("components".into(), components(c, snap).await?);
    Ok(doc)
}

/// The realm's stored settings: every top-level field, unknown ones included.
pub fn settings(snap: &Snapshot) -> Result<Map<String, Value>> {
    let mut doc: Map<String, Value> = serde_json::from_str(&snap.realm.data)?;
    doc.insert("id".into(), json!(snap.realm.id));
    doc.insert("realm".into(), json!(snap.realm.name));
    Ok(doc)
}

/// `roles`: realm roles, and client roles by `clientId`, with attributes and composites.
pub async fn roles(c: &mut Conn, snap: &Snapshot, with_clients: bool) -> Result<Value> {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    for (parent, child) in store::export::composites(c, &snap.realm.id).await? {
        children.entry(parent).or_default().push(child);
    }
    let mut realm = Vec::new();
    let mut client: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    if with_clients {
        for cl in &snap.clients {
            client.insert(cl.client_id.clone(), Vec::new());
        }
    }
    for r in &snap.roles {
        let kids = children.get(&r.id);
        let mut rep = json!({
            "id": r.id,
            "name": r.name,
            "composite": kids.is_some(),
            "clientRole": r.client_role,
            "containerId": r.container_id,
            "attributes": serde_json::from_str::<Value>(&r.attributes).unwrap_or_else(|_| json!({})),
        });
        if let Some(d) = &r.description {
            rep["description"] = json!(d);
        }
        if let Some(kids) = kids {
            let (realm_names, client_names) = snap.split_roles(kids.iter());
            let mut comp = Map::new();
            if !realm_names.is_empty() {
                comp.insert("realm".into(), json!(realm_names));
            }
            if !client_names.is_empty() {
                comp.insert("client".into(), json!(client_names));
            }
            rep["composites"] = Value::Object(comp);
        }
        if !r.client_role {
            realm.push(rep);
        } else if let (true, Some(cid)) = (with_clients, snap.client_id(&r.container_id)) {
            client.entry(cid.to_string()).or_default().push(rep);
        }
    }
    let mut out = json!({ "realm": realm });
    if !client.is_empty() {
        out["client"] = json!(client);
    }
    Ok(out)
}

/// `groups`: the tree, each group with attributes, role mappings and sub-groups.
pub async fn groups(c: &mut Conn, snap: &Snapshot) -> Result<Value> {
    let all =
        store::groups::list(c, &snap.realm.id, Scope::All, &NameMatch::Any, Page::ALL).await?;
    let mut grants: HashMap<String, Vec<String>> = HashMap::new();
    for (group, role) in store::export::group_grants(c, &snap.realm.id).await? {
        grants.entry(group).or_default().push(role);
    }
    let mut kids: HashMap<Option<String>, Vec<usize>> = HashMap::new();
    for (i, f) in all.iter().enumerate() {
        kids.entry(f.group.parent_id.clone()).or_default().push(i);
    }
    fn build(
        at: usize,
        all: &[store::groups::Found],
        kids: &HashMap<Option<String>, Vec<usize>>,
        grants: &HashMap<String, Vec<String>>,
        snap: &Snapshot,
    ) -> Value {
        let g = &all[at].group;
        let (realm_roles, client_roles) = snap.split_roles(grants.get(&g.id).into_iter().flatten());
        let subs: Vec<Value> = kids
            .get(&Some(g.id.clone()))
            .into_iter()
            .flatten()
            .map(|&i| build(i, all, kids, grants, snap))
            .collect();
        let mut rep = json!({
            "id": g.id,
            "name": g.name,
            "path": g.path,
            "subGroups": subs,
            "attributes": serde_json::from_str::<Value>(&g.attributes).unwrap_or_else(|_| json!({})),
            "realmRoles": realm_roles,
            "clientRoles": client_roles,
        });
        if let Some(p) = &g.parent_id {
            rep["parentId"] = json!(p);
        }
        rep
    }
    let top: Vec<Value> = kids
        .get(&None)
        .into_iter()
        .flatten()
        .map(|&i| build(i, &all, &kids, &grants, snap))
        .collect();
    Ok(Value::Array(top))
}

/// `defaultGroups`: paths of the groups new users join.
pub async fn default_groups(c: &mut Conn, snap: &Snapshot) -> Result<Value> {
    let found = store::groups::members::defaults(c, &snap.realm.id).await?;
    Ok(json!(found
        .iter()
        .map(|f| f.group.path.clone())
        .collect::<Vec<_>>()))
}

/// `clients`: every client as stored, secret, protocol mappers and scopes included.
pub fn clients(snap: &Snapshot) -> Result<Value> {
    let mut out = Vec::with_capacity(snap.clients.len());
    for cl in &snap.clients {
        out.push(serde_json::from_str::<Value>(&cl.data)?);
    }
    Ok(Value::Array(out))
}

/// `clientScopes`: every client scope with its protocol mappers.
pub async fn client_scopes(c: &mut Conn, snap: &Snapshot) -> Result<Value> {
    let mut out = Vec::new();
    for (_, data) in store::clients::scopes_for_realm(c, &snap.realm.id).await? {
        out.push(serde_json::from_str::<Value>(&data)?);
    }
    Ok(Value::Array(out))
}

/// Where Keycloak keeps the user profile configuration: a component of this type whose
/// config holds the JSON under `PROFILE_CONFIG`.
pub const PROFILE_PROVIDER: &str = "org.keycloak.userprofile.UserProfileProvider";
pub const PROFILE_CONFIG: &str = "kc.user.profile.config";

/// `components`: component lists keyed by provider type, as Keycloak exports them (key
/// providers with their key material), plus the user profile configuration.
pub async fn components(c: &mut Conn, snap: &Snapshot) -> Result<Value> {
    let mut map = super::components::components(c, snap).await?;
    if let Some(profile) = store::user_extras::profile_config(c, &snap.realm.id).await? {
        map.insert(
            PROFILE_PROVIDER.into(),
            json!([{
                "name": "declarative-user-profile",
                "providerId": "declarative-user-profile",
                "subComponents": {},
                "config": {PROFILE_CONFIG: [profile]},
            }]),
        );
    }
    Ok(Value::Object(map))
}

/// `scopeMappings` (realm roles) and `clientScopeMappings` (client roles by `clientId`):
/// each holder, a client (`client`) or a client scope (`clientScope`), with role names.
/// Without `with_clients`, client holders are left out (the export has no clients).
pub async fn scope_mappings(
    c: &mut Conn,
    snap: &Snapshot,
    with_clients: bool,
) -> Result<(Value, Value)> {
    let scopes: HashMap<String, String> = store::scopes::list(c, &snap.realm.id)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut by_holder: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (holder, role) in store::export::scope_mappings(c, &snap.realm.id).await? {
        by_holder.entry(holder).or_default().push(role);
    }
    let mut realm = Vec::new();
    let mut client: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (holder, roles) in &by_holder {
        let key = if let Some(cid) = snap.client_id(holder) {
            if !with_clients {
                continue;
            }
            ("client", cid.to_string())
        } else if let Some(name) = scopes.get(holder) {
            ("clientScope", name.clone())
        } else {
            continue;
        };
        let (realm_names, client_names) = snap.split_roles(roles.iter());
        if !realm_names.is_empty() {
            realm.push(json!({key.0: key.1, "roles": realm_names}));
        }
        for (cid, names) in client_names {
            client
                .entry(cid)
                .or_default()
                .push(json!({key.0: key.1, "roles": names}));
        }
    }
    Ok((json!(realm), json!(client)))
}
