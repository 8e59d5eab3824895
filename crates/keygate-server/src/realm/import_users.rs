//! The user part of a realm import, and service-account users for clients that need one.
//! Users are written in batches of multi-row inserts inside the caller's transaction, so
//! tens of thousands of users load without a round trip per row.

use std::collections::HashMap;

use keygate_model::{ClientRepresentation, CredentialRepresentation, UserRepresentation};

use super::import_index::{GroupPaths, ImportCtx, RoleIndex};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::user_extras::{ConsentRow, FederatedRow};
use crate::store::users::{CredentialRow, UserRow};
use crate::store::{self, Conn};
use crate::user::convert;
use crate::user::password_policy::apply::config_error;
use crate::user::password_policy::{Policy, Subject};
use serde::Deserialize;
use serde_json::Value;

/// Users per batch, and how often progress is reported.
pub const BATCH: usize = 1000;

/// Where imported users' names resolve to: roles, clients and groups.
pub struct UserRefs<'a> {
    pub roles: &'a RoleIndex,
    /// clientId to internal id.
    pub clients: &'a HashMap<String, String>,
    pub default_role: &'a str,
    pub groups: GroupPaths,
    /// Partial import: ignore the representation's ids and mint new ones.
    pub fresh_ids: bool,
}

/// Rows waiting for the next multi-row insert.
#[derive(Default)]
struct Batch {
    users: Vec<UserRow>,
    creds: Vec<(String, CredentialRow)>,
    grants: Vec<(String, String)>,
    members: Vec<(String, String, String)>,
    /// `clientConsents` and `federatedIdentities` as the representation carried them.
    extras: Vec<(String, Option<Value>, Option<Value>)>,
}

impl Batch {
    async fn flush(
        &mut self,
        c: &mut Conn,
        realm_id: &str,
        clients: &HashMap<String, String>,
    ) -> Result<()> {
        store::bulk::users(c, realm_id, &self.users).await?;
        store::bulk::credentials(c, &self.creds).await?;
        store::bulk::user_roles(c, &self.grants).await?;
        store::bulk::memberships(c, &self.members).await?;
        for (user, consents, links) in std::mem::take(&mut self.extras) {
            user_extras(c, realm_id, &user, consents, links, clients).await?;
        }
        *self = Batch::default();
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Consent {
    client_id: String,
    #[serde(default)]
    granted_client_scopes: Vec<String>,
    created_date: Option<i64>,
    last_updated_date: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Link {
    identity_provider: String,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    user_name: String,
}

/// A user's consents to clients and links to identity-provider accounts, as Keycloak
/// exports them; consents to clients the realm lacks are dropped.
async fn user_extras(
    c: &mut Conn,
    realm_id: &str,
    user: &str,
    consents: Option<Value>,
    links: Option<Value>,
    clients: &HashMap<String, String>,
) -> Result<()> {
    let bad = |what: &str| Error::bad_request(format!("Invalid {what} of an imported user"));
    if let Some(v) = consents.filter(|v| !v.is_null()) {
        let list: Vec<Consent> = serde_json::from_value(v).map_err(|_| bad("clientConsents"))?;
        for k in list {
            let Some(internal) = clients.get(&k.client_id) else {
                continue;
            };
            let row = ConsentRow {
                client_id: internal.clone(),
                scopes: k.granted_client_scopes,
                created: k.created_date.unwrap_or(0),
                last_updated: k.last_updated_date.or(k.created_date).unwrap_or(0),
            };
            store::export::insert_consent(c, realm_id, user, &row).await?;
        }
    }
    if let Some(v) = links.filter(|v| !v.is_null()) {
        let list: Vec<Link> = serde_json::from_value(v).map_err(|_| bad("federatedIdentities"))?;
        for l in list {
            let row = FederatedRow {
                provider: l.identity_provider,
                user_id: l.user_id,
                username: l.user_name,
            };
            store::user_extras::link(c, realm_id, user, &row).await?;
        }
    }
    Ok(())
}

/// Inserts users with credentials, roles and groups; returns `(username, id)` of each.
pub async fn import_users(
    c: &mut Conn,
    ctx: &ImportCtx<'_>,
    realm_id: &str,
    users: Vec<UserRepresentation>,
    refs: &mut UserRefs<'_>,
) -> Result<Vec<(String, String)>> {
    let total = users.len();
    let mut done = Vec::with_capacity(total);
    let mut batch = Batch::default();
    for mut u in users {
        let consents = u.extra.remove("clientConsents");
        let links = u.extra.remove("federatedIdentities");
        let row = user_row(&u, ctx, refs)?;
        let id = row.id.clone();
        done.push((row.username.clone(), id.clone()));
        for cred in u.credentials.iter().flatten() {
            if let Some(k) = credential(ctx, cred, refs.fresh_ids).await? {
                batch.creds.push((id.clone(), k));
            }
        }
        match &u.realm_roles {
            Some(roles) => {
                for r in roles {
                    batch
                        .grants
                        .push((id.clone(), refs.roles.realm_role(r)?.clone()));
                }
            }
            None => {
                let role = refs.roles.realm_role(refs.default_role)?.clone();
                batch.grants.push((id.clone(), role));
            }
        }
        for (client, names) in u.client_roles.iter().flatten() {
            for r in names {
                let role = refs.roles.client_role(client, r)?.clone();
                batch.grants.push((id.clone(), role));
            }
        }
        for path in u.groups.iter().flatten() {
            let g = refs.groups.id(c, realm_id, path).await?;
            batch.members.push((id.clone(), g, row.username.clone()));
        }
        batch.users.push(row);
        batch.extras.push((id.clone(), consents, links));
        if batch.users.len() >= BATCH {
            batch.flush(c, realm_id, refs.clients).await?;
            if let Some(report) = ctx.progress {
                report(done.len(), total);
            }
        }
    }
    batch.flush(c, realm_id, refs.clients).await?;
    if let Some(report) = ctx.progress {
        if !total.is_multiple_of(BATCH) {
            report(done.len(), total);
        }
    }
    Ok(done)
}

fn user_row(u: &UserRepresentation, ctx: &ImportCtx<'_>, refs: &UserRefs<'_>) -> Result<UserRow> {
    let id = match (&u.id, refs.fresh_ids) {
        (Some(id), false) if !id.is_empty() => id.clone(),
        _ => uuid::Uuid::new_v4().to_string(),
    };
    let mut row = convert::new_row(id, u.created_timestamp.unwrap_or(ctx.now_ms));
    row.enabled = true;
    convert::apply(&mut row, u)?;
    row.not_before = u.not_before.unwrap_or(0);
    if row.username.is_empty() {
        return Err(Error::bad_request("User name is missing"));
    }
    if let Some(sa) = &u.service_account_client_id {
        let internal = refs
            .clients
            .get(sa)
            .ok_or_else(|| Error::bad_request(format!("Client not found: {sa}")))?;
        row.service_account_client_id = Some(internal.clone());
    }
    Ok(row)
}

/// A stored credential from an exported hash, or a password hashed from its plain value.
async fn credential(
    ctx: &ImportCtx<'_>,
    cred: &CredentialRepresentation,
    fresh_ids: bool,
) -> Result<Option<CredentialRow>> {
    let type_ = cred.type_.clone().unwrap_or_else(|| "password".into());
    let (secret_data, credential_data) =
        match (&cred.value, &cred.secret_data, &cred.credential_data) {
            (Some(v), _, _) if type_ == "password" => {
                let h = ctx.hasher.hash(v.clone()).await?;
                (h.secret_data, h.credential_data)
            }
            (None, Some(s), Some(d)) => (s.clone(), d.clone()),
            _ => return Ok(None),
        };
    let id = match (&cred.id, fresh_ids) {
        (Some(id), false) if !id.is_empty() => id.clone(),
        _ => uuid::Uuid::new_v4().to_string(),
    };
    Ok(Some(CredentialRow {
        id,
        type_,
        user_label: cred.user_label.clone(),
        created: cred.created_date.unwrap_or(ctx.now_ms),
        secret_data,
        credential_data,
        priority: cred.priority.unwrap_or(10),
    }))
}

/// Hashes plain passwords ahead of the write transaction (argon2 is CPU work that must not
/// hold the write lock), concurrently on the hasher's bounded pool; the credentials then
/// carry the hash as an export would. Plain passwords must meet the realm's policy, as
/// Keycloak's import checks them; hashes are taken as they are.
pub async fn prehash(
    state: &AppState,
    policy: &Policy,
    users: &mut [UserRepresentation],
) -> Result<()> {
    let dir = &state.config.password_blacklists;
    let spec = policy.hash_spec();
    let mut set = tokio::task::JoinSet::new();
    for (ui, u) in users.iter().enumerate() {
        for (ci, cred) in u.credentials.iter().flatten().enumerate() {
            let password = cred.type_.as_deref().unwrap_or("password") == "password";
            if let (true, Some(v)) = (password, cred.value.clone()) {
                let who = Subject {
                    username: u.username.as_deref().unwrap_or_default(),
                    email: u.email.as_deref(),
                };
                let refusal = policy.check(&who, &v, dir).map_err(config_error)?;
                if let Some(refusal) = refusal {
                    tracing::warn!(
                        user = who.username,
                        reason = refusal.key,
                        "password policy not met"
                    );
                    return Err(Error::bad_request(
                        "Password policy not met. See logs for details",
                    ));
                }
                let h = state.hasher.clone();
                set.spawn(async move { (ui, ci, h.hash_with(v, spec).await) });
            }
        }
    }
    while let Some(done) = set.join_next().await {
        let (ui, ci, hash) = done.map_err(Error::internal)?;
        let hash = hash?;
        if let Some(cred) = users[ui].credentials.as_mut().and_then(|c| c.get_mut(ci)) {
            cred.value = None;
            cred.secret_data = Some(hash.secret_data);
            cred.credential_data = Some(hash.credential_data);
        }
    }
    Ok(())
}

/// Creates the service-account user of every client that has service accounts enabled but
/// no such user yet (an export that did not carry it, or a newly imported client).
pub async fn ensure_service_accounts(
    c: &mut Conn,
    ctx: &ImportCtx<'_>,
    realm_id: &str,
    clients: &HashMap<String, String>,
    default_role_id: Option<&str>,
) -> Result<()> {
    for (client_id, internal) in clients {
        let Some(row) = store::clients::by_id(c, realm_id, internal).await? else {
            continue;
        };
        let rep: ClientRepresentation = serde_json::from_str(&row.data)?;
        if !rep.service_accounts_enabled.unwrap_or(false) {
            continue;
        }
        if store::users::by_service_account(c, realm_id, internal)
            .await?
            .is_none()
        {
            create_service_account(
                c,
                realm_id,
                internal,
                client_id,
                ctx.now_ms,
                default_role_id,
            )
            .await?;
        }
    }
    Ok(())
}

/// The `service-account-{clientId}` user that client-credentials tokens speak for.
pub async fn create_service_account(
    c: &mut Conn,
    realm_id: &str,
    client_internal_id: &str,
    client_id: &str,
    now_ms: i64,
    default_role_id: Option<&str>,
) -> Result<()> {
    let mut row = convert::new_row(uuid::Uuid::new_v4().to_string(), now_ms);
    row.username = format!("service-account-{}", client_id.to_lowercase());
    row.enabled = true;
    row.service_account_client_id = Some(client_internal_id.to_string());
    store::users::insert(c, realm_id, &row).await?;
    if let Some(role) = default_role_id {
        store::roles::grant_user(c, &row.id, role).await?;
    }
    Ok(())
}
