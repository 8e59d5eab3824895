//! Keycloak's `PartialImportManager`: clients, then roles, then groups, then users. Every
//! resource is first checked against the realm (so `FAIL` rejects before anything is
//! written), then overwritten ones are removed and all are created with new ids.

use std::collections::{BTreeMap, HashMap};

use keygate_model::{
    ClientRepresentation, GroupRepresentation, RoleRepresentation, RolesRepresentation,
    UserRepresentation,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::import_steps as steps;
use crate::error::{Error, Result};
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::Conn;

/// The body of `partialImport`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartialImportRepresentation {
    pub if_resource_exists: Option<String>,
    pub policy: Option<String>,
    pub users: Option<Vec<UserRepresentation>>,
    pub groups: Option<Vec<GroupRepresentation>>,
    pub clients: Option<Vec<ClientRepresentation>>,
    pub roles: Option<RolesRepresentation>,
    /// Not supported: identity providers are left alone.
    pub identity_providers: Option<Value>,
}

/// What to do with a resource that exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    Fail,
    Skip,
    Overwrite,
}

impl PartialImportRepresentation {
    /// `ifResourceExists` (or `policy`), `FAIL` when absent.
    pub fn policy(&self) -> Result<Policy> {
        match self
            .if_resource_exists
            .as_deref()
            .or(self.policy.as_deref())
        {
            None | Some("FAIL") => Ok(Policy::Fail),
            Some("SKIP") => Ok(Policy::Skip),
            Some("OVERWRITE") => Ok(Policy::Overwrite),
            Some(other) => Err(Error::bad_request(format!(
                "Invalid value for ifResourceExists: {other}"
            ))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Action {
    Added,
    Skipped,
    Overwritten,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceType {
    User,
    Group,
    Client,
    RealmRole,
    ClientRole,
}

/// One line of `PartialImportResults.results`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartialImportResult {
    pub action: Action,
    pub resource_type: ResourceType,
    pub resource_name: String,
    pub id: String,
}

/// The answer of `partialImport`.
#[derive(Debug, Default, Serialize)]
pub struct PartialImportResults {
    pub overwritten: usize,
    pub added: usize,
    pub skipped: usize,
    pub results: Vec<PartialImportResult>,
}

impl PartialImportResults {
    pub(super) fn push(&mut self, action: Action, t: ResourceType, name: String, id: String) {
        match action {
            Action::Added => self.added += 1,
            Action::Skipped => self.skipped += 1,
            Action::Overwritten => self.overwritten += 1,
        }
        self.results.push(PartialImportResult {
            action,
            resource_type: t,
            resource_name: name,
            id,
        });
    }
}

/// Hashes plain passwords before the write transaction starts, under the realm's policy.
pub async fn hash_passwords(
    state: &AppState,
    realm: &Realm,
    mut rep: PartialImportRepresentation,
) -> Result<PartialImportRepresentation> {
    let policy = crate::user::password_policy::apply::of_realm(realm)?;
    if let Some(users) = rep.users.as_mut() {
        crate::realm::import_users::prehash(state, &policy, users).await?;
    }
    Ok(rep)
}

/// Whether a resource exists, and what the policy makes of it: None adds it.
fn decide(
    policy: Policy,
    exists: bool,
    message: impl FnOnce() -> String,
) -> Result<Option<Action>> {
    match (exists, policy) {
        (false, _) => Ok(None),
        (true, Policy::Skip) => Ok(Some(Action::Skipped)),
        (true, Policy::Overwrite) => Ok(Some(Action::Overwritten)),
        (true, Policy::Fail) => Err(Error::conflict(message())),
    }
}

/// Runs the whole import inside `c` (the caller's transaction).
pub async fn run(
    state: &AppState,
    c: &mut Conn,
    realm: &Realm,
    rep: PartialImportRepresentation,
    policy: Policy,
) -> Result<PartialImportResults> {
    let plan = prepare(c, realm, &rep, policy).await?;
    let mut out = PartialImportResults::default();
    let mut ctx = steps::Ctx::new(state, c, realm).await?;
    let mut clients = rep.clients.unwrap_or_default();
    let skipped = plan.clients.iter().map(|a| *a == Some(Action::Skipped));
    let authz = crate::authz::admin::take_partial_clients(&mut clients, skipped)?;
    ctx.clients(c, clients, &plan.clients, &mut out).await?;
    let roles = rep.roles.unwrap_or_default();
    ctx.roles(c, roles, &plan, &mut out).await?;
    ctx.groups(c, rep.groups.unwrap_or_default(), &plan.groups, &mut out)
        .await?;
    ctx.users(c, rep.users.unwrap_or_default(), &plan.users, &mut out)
        .await?;
    crate::authz::admin::import_realm_clients(c, &realm.id, authz).await?;
    Ok(out)
}

/// The decision for each resource that exists, by position in its list.
#[derive(Debug, Default)]
pub struct Plan {
    pub clients: Vec<Option<Action>>,
    pub realm_roles: Vec<Option<Action>>,
    pub client_roles: BTreeMap<String, Vec<Option<Action>>>,
    pub groups: Vec<Option<Action>>,
    pub users: Vec<Option<Action>>,
}

async fn prepare(
    c: &mut Conn,
    realm: &Realm,
    rep: &PartialImportRepresentation,
    policy: Policy,
) -> Result<Plan> {
    let mut plan = Plan::default();
    for cl in rep.clients.iter().flatten() {
        let id = cl.client_id.clone().unwrap_or_default();
        let exists = steps::client_by_client_id(c, &realm.id, &id)
            .await?
            .is_some();
        let msg = || format!("Client id '{id}' already exists");
        plan.clients.push(decide(policy, exists, msg)?);
    }
    let empty = Vec::new();
    let roles = rep.roles.clone().unwrap_or_default();
    for r in roles.realm.as_ref().unwrap_or(&empty) {
        let name = role_name(r, "Realm")?;
        let exists = crate::store::roles::by_name(c, &realm.id, &name)
            .await?
            .is_some();
        let msg = || format!("Realm role '{name}' already exists.");
        plan.realm_roles.push(decide(policy, exists, msg)?);
    }
    for (client_id, list) in roles.client.iter().flatten() {
        let stored = steps::client_by_client_id(c, &realm.id, client_id).await?;
        let importing = rep
            .clients
            .iter()
            .flatten()
            .any(|cl| cl.client_id.as_deref() == Some(client_id.as_str()));
        if stored.is_none() && !importing {
            return Err(Error::PreconditionFailed(
                format!("Can not import client roles for nonexistent client named {client_id}")
                    .into(),
            ));
        }
        let mut decisions = Vec::new();
        for r in list {
            let name = role_name(r, "Client")?;
            let exists = match &stored {
                Some(cl) => crate::store::roles::by_name(c, &cl.id, &name)
                    .await?
                    .is_some(),
                None => false,
            };
            let msg = || format!("Client role '{name}' for client '{client_id}' already exists.");
            decisions.push(decide(policy, exists, msg)?);
        }
        plan.client_roles.insert(client_id.clone(), decisions);
    }
    for g in rep.groups.iter().flatten() {
        let path = steps::group_path(g)?;
        let exists = crate::store::groups::by_path(c, &realm.id, &path)
            .await?
            .is_some();
        plan.groups.push(decide(policy, exists, || {
            format!("Group '{path}' already exists")
        })?);
    }
    let dup_emails = realm.rep.duplicate_emails_allowed.unwrap_or(false);
    for u in rep.users.iter().flatten() {
        let found = steps::find_user(c, &realm.id, u, dup_emails).await?;
        let name = steps::user_name(u);
        let msg = || match (&u.email, dup_emails) {
            (Some(email), true) => {
                format!("User with user name {name} or with email {email} already exists.")
            }
            _ => format!("User with user name {name} already exists."),
        };
        plan.users.push(decide(policy, found.is_some(), msg)?);
    }
    Ok(plan)
}

fn role_name(r: &RoleRepresentation, kind: &str) -> Result<String> {
    r.name
        .clone()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::bad_request(format!("{kind} role to import does not have a name")))
}

/// Client internal ids by `clientId`, for every client the realm holds.
pub type ClientIds = HashMap<String, String>;
