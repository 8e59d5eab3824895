//! Which scopes a client gets: the realm's default and optional client scopes (copied to
//! every new client) and each client's own default and optional scopes. Both are kept as
//! scope names in the realm and client representations, so `defaultClientScopes` and
//! `optionalClientScopes` on a client always read what these endpoints wrote.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use keygate_model::ClientRepresentation;
use serde_json::{json, Value};

use super::target::{load_client, param};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::state::{AppState, Change};
use crate::store::realms::RealmRow;
use crate::store::{self, Conn};

const REALM_DEFAULT: &str = "defaultDefaultClientScopes";
const REALM_OPTIONAL: &str = "defaultOptionalClientScopes";

pub fn routes() -> Router<AppState> {
    let realm = "/admin/realms/{realm}";
    let client = "/admin/realms/{realm}/clients/{id}";
    Router::new()
        .route(
            &format!("{realm}/default-default-client-scopes"),
            get(realm_list::<true>),
        )
        .route(
            &format!("{realm}/default-default-client-scopes/{{scope}}"),
            put(realm_add::<true>).delete(realm_remove::<true>),
        )
        .route(
            &format!("{realm}/default-optional-client-scopes"),
            get(realm_list::<false>),
        )
        .route(
            &format!("{realm}/default-optional-client-scopes/{{scope}}"),
            put(realm_add::<false>).delete(realm_remove::<false>),
        )
        .route(
            &format!("{client}/default-client-scopes"),
            get(client_list::<true>),
        )
        .route(
            &format!("{client}/default-client-scopes/{{scope}}"),
            put(client_add::<true>).delete(client_remove::<true>),
        )
        .route(
            &format!("{client}/optional-client-scopes"),
            get(client_list::<false>),
        )
        .route(
            &format!("{client}/optional-client-scopes/{{scope}}"),
            put(client_add::<false>).delete(client_remove::<false>),
        )
}

fn scope_missing() -> Error {
    Error::not_found("Client scope not found")
}

/// The realm row with its two scope lists.
pub struct RealmLists {
    row: RealmRow,
    data: Value,
}

impl RealmLists {
    pub async fn load(c: &mut Conn, realm: &str) -> Result<RealmLists> {
        let row = store::realms::by_name(c, realm)
            .await?
            .ok_or_else(|| Error::not_found("Realm not found."))?;
        let data = serde_json::from_str(&row.data)?;
        Ok(RealmLists { row, data })
    }

    pub fn get(&self, key: &str) -> Vec<String> {
        serde_json::from_value(self.data[key].clone()).unwrap_or_default()
    }

    fn set(&mut self, key: &str, list: Vec<String>) {
        self.data[key] = json!(list);
    }

    /// Renames (or, with `None`, removes) a scope in both lists.
    pub fn rename(&mut self, old: &str, new: Option<&str>) {
        for key in [REALM_DEFAULT, REALM_OPTIONAL] {
            let list = self
                .get(key)
                .into_iter()
                .filter_map(|n| {
                    if n == old {
                        new.map(str::to_string)
                    } else {
                        Some(n)
                    }
                })
                .collect();
            self.set(key, list);
        }
    }

    pub fn remove(&mut self, name: &str) {
        self.rename(name, None);
    }

    pub async fn save(&mut self, c: &mut Conn) -> Result<()> {
        self.row.data = self.data.to_string();
        store::realms::update(c, &self.row).await
    }
}

fn client_lists(rep: &mut ClientRepresentation) -> [&mut Option<Vec<String>>; 2] {
    [
        &mut rep.default_client_scopes,
        &mut rep.optional_client_scopes,
    ]
}

/// Whether any client of the realm has the scope as a default or optional scope.
pub async fn scope_in_use(c: &mut Conn, realm_id: &str, name: &str) -> Result<bool> {
    for row in store::clients::for_realm(c, realm_id).await? {
        let mut rep: ClientRepresentation = serde_json::from_str(&row.data)?;
        if client_lists(&mut rep)
            .iter()
            .any(|l| l.iter().flatten().any(|n| n == name))
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Follows a scope rename in the realm's lists and every client's.
pub async fn rename_everywhere(
    c: &mut Conn,
    realm: &str,
    realm_id: &str,
    old: &str,
    new: Option<&str>,
) -> Result<()> {
    let mut lists = RealmLists::load(c, realm).await?;
    lists.rename(old, new);
    lists.save(c).await?;
    for mut row in store::clients::for_realm(c, realm_id).await? {
        let mut rep: ClientRepresentation = serde_json::from_str(&row.data)?;
        let mut changed = false;
        for list in client_lists(&mut rep).into_iter().flatten() {
            for n in list.iter_mut().filter(|n| *n == old) {
                *n = new.unwrap_or_default().to_string();
                changed = true;
            }
            list.retain(|n| !n.is_empty());
        }
        if changed {
            row.data = serde_json::to_string(&rep)?;
            store::clients::update(c, realm_id, &row).await?;
        }
    }
    Ok(())
}

/// `[{id, name}]` for scope names, in list order (names without a scope are skipped).
async fn briefs(c: &mut Conn, realm_id: &str, names: &[String]) -> Result<Vec<Value>> {
    let by_name: HashMap<String, String> = store::scopes::list(c, realm_id)
        .await?
        .into_iter()
        .map(|r| (r.name, r.id))
        .collect();
    Ok(names
        .iter()
        .filter_map(|n| by_name.get(n).map(|id| json!({"id": id, "name": n})))
        .collect())
}

async fn scope_name(c: &mut Conn, realm_id: &str, id: &str) -> Result<String> {
    store::scopes::by_id(c, realm_id, id)
        .await?
        .map(|r| r.name)
        .ok_or_else(scope_missing)
}

fn key(default: bool) -> (&'static str, &'static str) {
    if default {
        (REALM_DEFAULT, REALM_OPTIONAL)
    } else {
        (REALM_OPTIONAL, REALM_DEFAULT)
    }
}

async fn realm_list<const DEFAULT: bool>(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let mut conn = state.db.conn().await?;
    let lists = RealmLists::load(&mut conn, &realm.name).await?;
    let names = lists.get(key(DEFAULT).0);
    Ok(Json(briefs(&mut conn, &realm.id, &names).await?))
}

/// Adds the scope to one list, taking it out of the other.
async fn realm_add<const DEFAULT: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, param(&path, "realm")?).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let mut tx = state.begin().await?;
    let name = scope_name(&mut tx, &realm.id, param(&path, "scope")?).await?;
    let mut lists = RealmLists::load(&mut tx, &realm.name).await?;
    let (this, other) = key(DEFAULT);
    let mut list = lists.get(this);
    if !list.contains(&name) {
        list.push(name.clone());
    }
    let rest = lists
        .get(other)
        .into_iter()
        .filter(|n| *n != name)
        .collect();
    lists.set(this, list);
    lists.set(other, rest);
    lists.save(&mut tx).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn realm_remove<const DEFAULT: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, param(&path, "realm")?).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    let mut tx = state.begin().await?;
    let name = scope_name(&mut tx, &realm.id, param(&path, "scope")?).await?;
    let mut lists = RealmLists::load(&mut tx, &realm.name).await?;
    let this = key(DEFAULT).0;
    let list = lists.get(this).into_iter().filter(|n| *n != name).collect();
    lists.set(this, list);
    lists.save(&mut tx).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn client_list_mut(rep: &mut ClientRepresentation, default: bool) -> &mut Vec<String> {
    if default {
        rep.default_client_scopes.get_or_insert_with(Vec::new)
    } else {
        rep.optional_client_scopes.get_or_insert_with(Vec::new)
    }
}

async fn client_list<const DEFAULT: bool>(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewClients)?;
    let mut conn = state.db.conn().await?;
    let (_, mut rep) = load_client(&mut conn, &realm.id, &id).await?;
    let names = client_list_mut(&mut rep, DEFAULT).clone();
    Ok(Json(briefs(&mut conn, &realm.id, &names).await?))
}

/// Links the scope to the client; a scope already linked either way stays as it is, as
/// Keycloak's `addClientScopes` skips linked scopes.
async fn client_add<const DEFAULT: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, param(&path, "realm")?).await?;
    admin.require(&realm, Perm::ManageClients)?;
    let mut tx = state.begin().await?;
    let (mut row, mut rep) = load_client(&mut tx, &realm.id, param(&path, "id")?).await?;
    let name = scope_name(&mut tx, &realm.id, param(&path, "scope")?).await?;
    let linked = client_lists(&mut rep)
        .iter()
        .any(|l| l.iter().flatten().any(|n| *n == name));
    if !linked {
        client_list_mut(&mut rep, DEFAULT).push(name);
        row.data = serde_json::to_string(&rep)?;
        store::clients::update(&mut tx, &realm.id, &row).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn client_remove<const DEFAULT: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, param(&path, "realm")?).await?;
    admin.require(&realm, Perm::ManageClients)?;
    let mut tx = state.begin().await?;
    let (mut row, mut rep) = load_client(&mut tx, &realm.id, param(&path, "id")?).await?;
    let name = scope_name(&mut tx, &realm.id, param(&path, "scope")?).await?;
    client_list_mut(&mut rep, DEFAULT).retain(|n| *n != name);
    row.data = serde_json::to_string(&rep)?;
    store::clients::update(&mut tx, &realm.id, &row).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Keeps the `service_account` scope a default scope of exactly the clients with a
/// service account, as Keycloak's `ClientManager` does when service accounts are enabled
/// or disabled; true when the client's lists changed.
pub fn link_service_account_scope(
    realm: &crate::realm::model::Realm,
    rep: &mut ClientRepresentation,
) -> bool {
    let name = crate::realm::defaults::SERVICE_ACCOUNT_SCOPE;
    if !realm.scopes.contains_key(name) {
        return false;
    }
    let before = (
        rep.default_client_scopes.clone(),
        rep.optional_client_scopes.clone(),
    );
    if rep.service_accounts_enabled.unwrap_or(false) {
        client_list_mut(rep, false).retain(|n| n != name);
        let defaults = client_list_mut(rep, true);
        if !defaults.iter().any(|n| n == name) {
            defaults.push(name.to_string());
        }
    } else {
        client_list_mut(rep, true).retain(|n| n != name);
    }
    before
        != (
            rep.default_client_scopes.clone(),
            rep.optional_client_scopes.clone(),
        )
}
