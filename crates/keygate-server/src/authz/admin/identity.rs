//! The identities policies name (roles, users, clients, groups, client scopes) stored as
//! ids, exported as names so a realm export imports elsewhere, as Keycloak's providers do.

use std::collections::BTreeMap;

use keygate_model::PolicyRepresentation;
use serde_json::{json, Value};

use crate::error::Result;
use crate::store::authz::model::Policy;
use crate::store::{self, Conn};

fn array(p: &Policy, k: &str) -> Vec<Value> {
    p.config
        .get(k)
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

/// The policy's config with ids replaced by names.
pub async fn export_config(
    c: &mut Conn,
    realm_id: &str,
    p: &Policy,
) -> Result<BTreeMap<String, String>> {
    let mut config = p.config.clone();
    match p.type_.as_str() {
        "role" => {
            let mut out = Vec::new();
            for mut r in array(p, "roles") {
                let id = r.get("id").and_then(Value::as_str).unwrap_or_default();
                if let Some(e) = store::roles::entry_by_id(&mut *c, realm_id, id).await? {
                    r["id"] = json!(match e.client_id {
                        Some(client) => format!("{client}/{}", e.role.name),
                        None => e.role.name,
                    });
                }
                out.push(r);
            }
            config.insert("roles".into(), json!(out).to_string());
        }
        "user" => {
            let mut out = Vec::new();
            for u in array(p, "users") {
                let id = u.as_str().unwrap_or_default();
                if let Some(row) = store::users::by_id(&mut *c, realm_id, id).await? {
                    out.push(json!(row.username));
                }
            }
            config.insert("users".into(), json!(out).to_string());
        }
        "client" => {
            let mut out = Vec::new();
            for cl in array(p, "clients") {
                let id = cl.as_str().unwrap_or_default();
                if let Some(row) = store::clients::by_id(&mut *c, realm_id, id).await? {
                    out.push(json!(row.client_id));
                }
            }
            config.insert("clients".into(), json!(out).to_string());
        }
        "group" => {
            let mut out = Vec::new();
            for g in array(p, "groups") {
                let id = g.get("id").and_then(Value::as_str).unwrap_or_default();
                if let Some(f) = store::groups::by_id(&mut *c, realm_id, id).await? {
                    out.push(
                        json!({"path": f.group.path, "extendChildren": g.get("extendChildren")}),
                    );
                }
            }
            config.insert("groups".into(), json!(out).to_string());
        }
        "client-scope" => {
            let scopes = store::scopes::list(&mut *c, realm_id).await?;
            let out: Vec<Value> = array(p, "clientScopes")
                .into_iter()
                .filter_map(|mut s| {
                    let id = s.get("id").and_then(Value::as_str)?.to_string();
                    let found = scopes.iter().find(|x| x.id == id)?;
                    s["id"] = json!(found.name);
                    Some(s)
                })
                .collect();
            config.insert("clientScopes".into(), json!(out).to_string());
        }
        _ => {}
    }
    Ok(config)
}

/// Moves identity lists out of an imported policy's config into its typed fields, so
/// import resolves the names as a typed create does.
pub fn config_to_typed(rep: &mut PolicyRepresentation) {
    let Some(config) = rep.config.as_mut() else {
        return;
    };
    for k in ["roles", "users", "clients", "groups", "clientScopes"] {
        if let Some(v) = config
            .get(k)
            .and_then(|s| serde_json::from_str::<Value>(s).ok())
        {
            config.remove(k);
            rep.typed.insert(k.into(), v);
        }
    }
}
