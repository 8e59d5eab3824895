//! The role and group part of a realm import.

use std::collections::{BTreeMap, HashMap};

use keygate_model::{GroupRepresentation, RoleRepresentation, RolesRepresentation};

use super::defaults;
use super::import_index::{GroupPaths, RoleIndex};
use crate::error::{Error, Result};
use crate::store::groups::GroupRow;
use crate::store::roles::RoleRow;
use crate::store::{self, Conn};

pub(crate) fn role_row(
    r: &RoleRepresentation,
    container: &str,
    client_role: bool,
) -> Result<RoleRow> {
    Ok(RoleRow {
        id: r
            .id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        container_id: container.to_string(),
        client_role,
        name: r
            .name
            .clone()
            .ok_or_else(|| Error::bad_request("Role name is missing"))?,
        description: r.description.clone(),
        attributes: serde_json::to_string(&r.attributes.clone().unwrap_or_default())?,
    })
}

fn named(name: &str, description: &str) -> RoleRepresentation {
    RoleRepresentation {
        name: Some(name.to_string()),
        description: Some(description.to_string()),
        ..Default::default()
    }
}

/// Inserts realm and client roles (given plus built-in), then their composites.
pub async fn import_roles(
    c: &mut Conn,
    realm_id: &str,
    realm_name: &str,
    roles: &RolesRepresentation,
    client_ids: &HashMap<String, String>,
    default_role: &str,
) -> Result<RoleIndex> {
    let mut realm_roles = roles.realm.clone().unwrap_or_default();
    let mut builtin_composites: Vec<(String, Option<String>, String)> = Vec::new();
    let add_realm = |list: &mut Vec<RoleRepresentation>, r: RoleRepresentation| -> bool {
        if list.iter().any(|x| x.name == r.name) {
            false
        } else {
            list.push(r);
            true
        }
    };
    add_realm(
        &mut realm_roles,
        named("offline_access", "${role_offline-access}"),
    );
    add_realm(
        &mut realm_roles,
        named("uma_authorization", "${role_uma_authorization}"),
    );
    if add_realm(
        &mut realm_roles,
        named(default_role, "${role_default-roles}"),
    ) {
        for child in ["offline_access", "uma_authorization"] {
            builtin_composites.push((default_role.into(), None, child.into()));
        }
        for child in ["view-profile", "manage-account"] {
            builtin_composites.push((default_role.into(), Some("account".into()), child.into()));
        }
    }
    let management = defaults::management_client(realm_name);
    if realm_name == "master" {
        add_realm(
            &mut realm_roles,
            named("create-realm", "${role_create-realm}"),
        );
        if add_realm(&mut realm_roles, named("admin", "${role_admin}")) {
            builtin_composites.push(("admin".into(), None, "create-realm".into()));
            for r in defaults::MANAGEMENT_ROLES {
                builtin_composites.push(("admin".into(), Some(management.clone()), r.to_string()));
            }
        }
    }

    let mut client_roles = roles.client.clone().unwrap_or_default();
    let mut client_composites: Vec<(String, String, String)> = Vec::new();
    let mut add_client = |client: &str, r: RoleRepresentation| -> bool {
        let list = client_roles.entry(client.to_string()).or_default();
        if list.iter().any(|x| x.name == r.name) {
            false
        } else {
            list.push(r);
            true
        }
    };
    for (client, role, children) in defaults::CLIENT_ROLES {
        if add_client(client, named(role, &format!("${{role_{role}}}"))) {
            for child in *children {
                client_composites.push((client.to_string(), role.to_string(), child.to_string()));
            }
        }
    }
    for role in defaults::MANAGEMENT_ROLES {
        add_client(&management, named(role, &format!("${{role_{role}}}")));
    }
    if add_client(&management, named("realm-admin", "${role_realm-admin}")) {
        for role in defaults::MANAGEMENT_ROLES {
            client_composites.push((management.clone(), "realm-admin".into(), role.to_string()));
        }
    }

    let mut index = RoleIndex::default();
    let mut links = insert_roles(
        c,
        realm_id,
        &realm_roles,
        &client_roles,
        client_ids,
        &mut index,
        false,
    )
    .await?;
    for (parent, client, child) in builtin_composites {
        let parent = index.realm_role(&parent)?.clone();
        let child = match client {
            None => index.realm_role(&child)?.clone(),
            Some(cl) => index.client_role(&cl, &child)?.clone(),
        };
        links.push((parent, child));
    }
    for (client, parent, child) in client_composites {
        let parent = index.client_role(&client, &parent)?.clone();
        let child = index.client_role(&client, &child)?.clone();
        links.push((parent, child));
    }
    for (parent, child) in links {
        store::roles::add_composite(c, &parent, &child).await?;
    }
    Ok(index)
}

/// Inserts realm and client roles into `index` (client roles of unknown clients are
/// skipped) and returns the composite links they name, resolved against `index`, to be
/// written once every role exists.
pub async fn insert_roles(
    c: &mut Conn,
    realm_id: &str,
    realm_roles: &[RoleRepresentation],
    client_roles: &BTreeMap<String, Vec<RoleRepresentation>>,
    client_ids: &HashMap<String, String>,
    index: &mut RoleIndex,
    fresh_ids: bool,
) -> Result<Vec<(String, String)>> {
    let fresh = |mut row: RoleRow| {
        if fresh_ids {
            row.id = uuid::Uuid::new_v4().to_string();
        }
        row
    };
    for r in realm_roles {
        let row = fresh(role_row(r, realm_id, false)?);
        store::roles::insert(c, realm_id, &row).await?;
        index.realm.insert(row.name.clone(), row.id.clone());
    }
    for (client, list) in client_roles {
        let Some(container) = client_ids.get(client) else {
            continue;
        };
        for r in list {
            let row = fresh(role_row(r, container, true)?);
            store::roles::insert(c, realm_id, &row).await?;
            index
                .client
                .insert((client.clone(), row.name.clone()), row.id.clone());
        }
    }
    let mut links: Vec<(String, String)> = Vec::new();
    let given = realm_roles.iter().map(|r| (None, r)).chain(
        client_roles
            .iter()
            .flat_map(|(c, l)| l.iter().map(move |r| (Some(c), r))),
    );
    for (client, r) in given {
        let Some(comp) = &r.composites else { continue };
        let name = r.name.as_deref().unwrap_or_default();
        let parent = match client {
            None => index.realm_role(name)?.clone(),
            Some(c) => match index.client.get(&(c.clone(), name.to_string())) {
                Some(id) => id.clone(),
                None => continue,
            },
        };
        for child in comp.realm.iter().flatten() {
            links.push((parent.clone(), index.realm_role(child)?.clone()));
        }
        for (cid, names) in comp.client.iter().flatten() {
            for child in names {
                if let Some(id) = index.client.get(&(cid.clone(), child.clone())) {
                    links.push((parent.clone(), id.clone()));
                }
            }
        }
    }
    Ok(links)
}

/// A group tree to insert: where it hangs and what its names resolve to.
pub struct GroupTarget<'a> {
    pub realm_id: &'a str,
    pub index: &'a RoleIndex,
    /// Filled with the path and id of every inserted group.
    pub paths: &'a mut GroupPaths,
    /// Partial import: mint new ids instead of keeping the representation's.
    pub fresh_ids: bool,
}

/// Inserts a group tree with its role grants.
pub fn import_groups<'a>(
    c: &'a mut Conn,
    t: &'a mut GroupTarget<'_>,
    groups: &'a [GroupRepresentation],
    parent: Option<&'a str>,
    parent_path: &'a str,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>> + Send + 'a>> {
    Box::pin(async move {
        let (realm_id, index) = (t.realm_id, t.index);
        for g in groups {
            let name = g
                .name
                .clone()
                .ok_or_else(|| Error::bad_request("Group name is missing"))?;
            let row = GroupRow {
                id: match (&g.id, t.fresh_ids) {
                    (Some(id), false) if !id.is_empty() => id.clone(),
                    _ => uuid::Uuid::new_v4().to_string(),
                },
                parent_id: parent.map(str::to_string),
                path: format!("{parent_path}/{name}"),
                name,
                attributes: serde_json::to_string(&g.attributes.clone().unwrap_or_default())?,
            };
            store::groups::insert(c, realm_id, &row).await?;
            t.paths.0.insert(row.path.clone(), row.id.clone());
            for r in g.realm_roles.iter().flatten() {
                store::roles::grant_group(c, &row.id, index.realm_role(r)?).await?;
            }
            for (client, names) in g.client_roles.iter().flatten() {
                for r in names {
                    store::roles::grant_group(c, &row.id, index.client_role(client, r)?).await?;
                }
            }
            if let Some(subs) = &g.sub_groups {
                import_groups(c, t, subs, Some(&row.id), &row.path).await?;
            }
        }
        Ok(())
    })
}
