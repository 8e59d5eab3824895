//! Keycloak's `PartialImportManager`: clients, then roles, then groups, then users. Every
//! resource is first checked against the realm (so `FAIL` rejects before anything is
//! written), then overwritten ones are removed and all are created with new ids.

use keygate_model::RoleRepresentation;

use super::import_steps as steps;
use super::import_types::{
    Action, PartialImportRepresentation, PartialImportResults, Plan, Policy,
};
use crate::error::{Error, Result};
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::Conn;

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
