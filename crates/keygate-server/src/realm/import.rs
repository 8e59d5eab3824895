//! Creating a realm from a representation: a bare name, a full realm export, or Keycloak's
//! own export file. A new realm and an imported one pass the same code, so both get
//! Keycloak's built-in clients, roles and scopes where the representation lacks them.

use std::collections::HashMap;

use keygate_model::{ClientRepresentation, ClientScopeRepresentation, RealmRepresentation};
use serde_json::{json, Value};

use super::defaults;
use super::import_index::ImportCtx;
use super::import_index::{GroupPaths, RoleIndex};
use super::import_roles::{import_groups, import_roles, GroupTarget};
use super::import_scopes::{import_scope_mappings, Holders};
use super::import_users::{ensure_service_accounts, import_users, UserRefs};
use crate::crypto::keys::{self, StoredKey};
use crate::error::{Error, Result};
use crate::store::{self, Conn};

/// Finds or generates the realm's keys. Runs before the transaction: RSA generation is
/// CPU work that must not hold the write lock.
pub async fn prepare_keys(rep: &RealmRepresentation, now: i64) -> Result<Vec<StoredKey>> {
    let mut out = Vec::new();
    let realm = rep.realm.clone().unwrap_or_default();
    let providers = rep
        .extra
        .get("components")
        .and_then(|c| c.get("org.keycloak.keys.KeyProvider"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // Exports list keys newest first; creation times one apart keep that order among keys
    // of equal priority.
    for (i, p) in providers.iter().enumerate() {
        if let Some(mut k) = super::import_components::exported_key(p, &realm, now)? {
            k.created -= i as i64;
            out.push(k);
        }
    }
    // Keycloak's default key set: RS256 signing and RSA-OAEP encryption, generated side
    // by side (each is CPU work of tens of milliseconds).
    let sig = (!out.iter().any(|k| k.algorithm.starts_with("RS"))).then(|| {
        let (id, realm) = (uuid::Uuid::new_v4().to_string(), realm.clone());
        tokio::task::spawn_blocking(move || keys::generate_rsa_for_realm(id, &realm, now))
    });
    let enc = (!out.iter().any(|k| k.algorithm == "RSA-OAEP")).then(|| {
        let (id, realm) = (uuid::Uuid::new_v4().to_string(), realm.clone());
        tokio::task::spawn_blocking(move || {
            crate::crypto::keygen::generate_rsa_sized(id, &realm, 2048, "RSA-OAEP", now)
        })
    });
    for task in [sig, enc].into_iter().flatten() {
        out.push(task.await.map_err(Error::internal)??);
    }
    if !out.iter().any(|k| k.algorithm.starts_with("HS")) {
        out.push(keys::generate_hmac(uuid::Uuid::new_v4().to_string(), now));
    }
    if !out.iter().any(|k| k.algorithm == "AES") {
        let id = uuid::Uuid::new_v4().to_string();
        out.push(crate::crypto::keygen::generate_aes(id, 16, now));
    }
    Ok(out)
}

/// Writes a whole realm inside the caller's transaction; returns the realm id.
pub async fn import_realm(
    c: &mut Conn,
    ctx: &ImportCtx<'_>,
    mut rep: RealmRepresentation,
    keys: Vec<StoredKey>,
) -> Result<String> {
    let name = rep
        .realm
        .clone()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::bad_request("Realm name cannot be empty"))?;
    super::name::validate(&name)?;
    if store::realms::by_name(c, &name).await?.is_some() {
        return Err(Error::conflict(format!("Realm {name} already exists")));
    }
    let id = rep
        .id
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());

    let users = rep.users.take().unwrap_or_default();
    let groups = rep.groups.take().unwrap_or_default();
    let roles = rep.roles.take().unwrap_or_default();
    let mut clients = rep.clients.take().unwrap_or_default();
    let scopes = rep.client_scopes.take();
    let profile = profile_config(&rep);
    let default_scopes_used = scopes.is_none();
    let scope_mappings = rep.extra.remove("scopeMappings");
    let client_scope_mappings = rep.extra.remove("clientScopeMappings");
    let components = defaults::with_registration_policies(rep.extra.remove("components"));
    let default_groups = rep.extra.remove("defaultGroups");
    let default_scopes = rep
        .default_default_client_scopes
        .clone()
        .unwrap_or_else(|| {
            defaults::DEFAULT_DEFAULT_SCOPES
                .iter()
                .map(|s| s.to_string())
                .collect()
        });
    let optional_scopes = rep
        .default_optional_client_scopes
        .clone()
        .unwrap_or_else(|| {
            defaults::DEFAULT_OPTIONAL_SCOPES
                .iter()
                .map(|s| s.to_string())
                .collect()
        });
    rep.default_default_client_scopes = Some(default_scopes.clone());
    rep.default_optional_client_scopes = Some(optional_scopes.clone());
    rep.realm = Some(name.clone());
    rep.id = Some(id.clone());
    if !rep.extra.contains_key("defaultRole") {
        rep.extra.insert(
            "defaultRole".into(),
            json!({"name": format!("default-roles-{name}"), "composite": true, "clientRole": false, "containerId": id}),
        );
    }
    let settings = merged_settings(&rep)?;
    store::realms::insert(
        c,
        &store::realms::RealmRow {
            id: id.clone(),
            name: name.clone(),
            data: settings.to_string(),
        },
        ctx.now_ms,
    )
    .await?;
    super::import_components::import_components(c, &id, components.as_ref(), &keys, ctx.now_ms)
        .await?;
    if let Some(profile) = profile {
        store::user_extras::set_profile_config(c, &id, &profile).await?;
    }

    let scope_ids = import_scopes(c, &id, scopes).await?;

    for def in defaults::clients(&name) {
        let def: ClientRepresentation = serde_json::from_value(def)?;
        if !clients.iter().any(|c| c.client_id == def.client_id) {
            clients.push(def);
        }
    }
    let authz = crate::authz::admin::take_realm_clients(&mut clients)?;
    let mut client_ids = HashMap::new();
    for client in clients {
        let row =
            super::super::client::rules::new_client_row(client, &default_scopes, &optional_scopes)?;
        store::clients::insert(c, &id, &row).await?;
        client_ids.insert(row.client_id.clone(), row.id.clone());
    }

    let default_role = settings["defaultRole"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let index: RoleIndex = import_roles(c, &id, &name, &roles, &client_ids, &default_role).await?;
    let mut paths = GroupPaths::default();
    let mut target = GroupTarget {
        realm_id: &id,
        index: &index,
        paths: &mut paths,
        fresh_ids: false,
    };
    import_groups(c, &mut target, &groups, None, "").await?;
    import_default_groups(c, &id, default_groups, &mut paths).await?;
    let holders = Holders {
        clients: &client_ids,
        scopes: &scope_ids,
    };
    import_scope_mappings(
        c,
        &id,
        scope_mappings,
        client_scope_mappings,
        &holders,
        &index,
        default_scopes_used,
    )
    .await?;
    let mut refs = UserRefs {
        roles: &index,
        clients: &client_ids,
        default_role: &default_role,
        groups: paths,
        fresh_ids: false,
    };
    import_users(c, ctx, &id, users, &mut refs).await?;
    let role = index.realm.get(&default_role).map(String::as_str);
    ensure_service_accounts(c, ctx, &id, &client_ids, role).await?;
    crate::authz::admin::import_realm_clients(c, &id, authz).await?;
    Ok(id)
}

/// The user profile configuration of an export: Keycloak keeps it in the config of its
/// `declarative-user-profile` component.
fn profile_config(rep: &RealmRepresentation) -> Option<String> {
    let list = rep
        .extra
        .get("components")?
        .get("org.keycloak.userprofile.UserProfileProvider")?
        .as_array()?;
    list.iter()
        .find_map(|p| p["config"]["kc.user.profile.config"][0].as_str())
        .map(str::to_string)
}

/// The export's `defaultGroups`: group paths new users join.
async fn import_default_groups(
    c: &mut Conn,
    realm_id: &str,
    given: Option<Value>,
    paths: &mut GroupPaths,
) -> Result<()> {
    let Some(given) = given.filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let list: Vec<String> = serde_json::from_value(given)
        .map_err(|_| Error::bad_request("defaultGroups must be a list of group paths"))?;
    for path in list {
        let group = paths.id(c, realm_id, &path).await?;
        store::groups::members::add_default(c, realm_id, &group).await?;
    }
    Ok(())
}

/// Keycloak's defaults overlaid with what the representation sets.
fn merged_settings(rep: &RealmRepresentation) -> Result<Value> {
    let mut settings = defaults::realm_settings();
    let given = serde_json::to_value(rep)?;
    if let (Some(base), Value::Object(given)) = (settings.as_object_mut(), given) {
        for (k, v) in given {
            base.insert(k, v);
        }
    }
    Ok(settings)
}

/// Writes the scopes (Keycloak's built-in ones when the representation has none); returns
/// their ids by name.
async fn import_scopes(
    c: &mut Conn,
    realm_id: &str,
    scopes: Option<Vec<ClientScopeRepresentation>>,
) -> Result<HashMap<String, String>> {
    let mut ids = HashMap::new();
    let scopes = match scopes {
        Some(s) => s,
        None => defaults::client_scopes()
            .into_iter()
            .map(serde_json::from_value)
            .collect::<std::result::Result<Vec<_>, _>>()?,
    };
    for mut s in scopes {
        let name = s
            .name
            .clone()
            .ok_or_else(|| Error::bad_request("Client scope name is missing"))?;
        let id =
            s.id.clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        s.id = Some(id.clone());
        for m in s.protocol_mappers.iter_mut().flatten() {
            m.id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        }
        store::clients::insert_scope(c, realm_id, &id, &name, &serde_json::to_string(&s)?).await?;
        ids.insert(name, id);
    }
    Ok(ids)
}
