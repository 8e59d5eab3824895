//! The writing half of a partial import: per resource type, remove what is overwritten,
//! then create what is added or overwritten, and record a result for each.

use std::collections::BTreeMap;

use keygate_model::{
    ClientRepresentation, GroupRepresentation, RoleRepresentation, RolesRepresentation,
    UserRepresentation,
};

use super::import_types::{Action, ClientIds, PartialImportResults, Plan, ResourceType};
use crate::client::rules::new_client_row;
use crate::error::{Error, Result};
use crate::realm::import_index::{GroupPaths, ImportCtx, RoleIndex};
use crate::realm::import_roles::{import_groups, insert_roles, GroupTarget};
use crate::realm::import_users::{create_service_account, import_users, UserRefs};
use crate::realm::model::Realm;
use crate::state::AppState;
use crate::store::clients::ClientRow;
use crate::store::users::UserRow;
use crate::store::{self, Conn};

pub async fn client_by_client_id(
    c: &mut Conn,
    realm_id: &str,
    client_id: &str,
) -> Result<Option<ClientRow>> {
    let mut rows = store::clients::search(c, realm_id, Some(client_id), true, 0, 1).await?;
    Ok(rows.pop())
}

/// A group's path as the import names it: its `path`, or `/name` for a top-level group.
pub fn group_path(g: &GroupRepresentation) -> Result<String> {
    if let Some(p) = g.path.as_ref().filter(|p| !p.is_empty()) {
        return Ok(p.clone());
    }
    let name = g
        .name
        .as_ref()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Error::bad_request("Group name is missing"))?;
    Ok(format!("/{name}"))
}

/// Keycloak names a user by username, else email.
pub fn user_name(u: &UserRepresentation) -> String {
    u.username
        .clone()
        .or_else(|| u.email.clone())
        .unwrap_or_default()
}

/// The stored user a representation collides with: same username, or same email when the
/// realm forbids duplicate emails.
pub async fn find_user(
    c: &mut Conn,
    realm_id: &str,
    u: &UserRepresentation,
    duplicate_emails: bool,
) -> Result<Option<UserRow>> {
    if let Some(name) = u.username.as_deref().filter(|n| !n.is_empty()) {
        if let Some(found) = store::users::by_username(c, realm_id, name.trim()).await? {
            return Ok(Some(found));
        }
    }
    match (&u.email, duplicate_emails) {
        (Some(email), false) if !email.is_empty() => {
            store::users::by_email(c, realm_id, email.trim()).await
        }
        _ => Ok(None),
    }
}

/// What the steps share: the realm, its clients by `clientId` and its roles by name.
pub struct Ctx<'a> {
    state: &'a AppState,
    realm: &'a Realm,
    clients: ClientIds,
    index: RoleIndex,
}

impl<'a> Ctx<'a> {
    pub async fn new(state: &'a AppState, c: &mut Conn, realm: &'a Realm) -> Result<Ctx<'a>> {
        let mut ctx = Ctx {
            state,
            realm,
            clients: ClientIds::new(),
            index: RoleIndex::default(),
        };
        ctx.reload(c).await?;
        Ok(ctx)
    }

    async fn reload(&mut self, c: &mut Conn) -> Result<()> {
        self.clients = store::clients::for_realm(c, &self.realm.id)
            .await?
            .into_iter()
            .map(|r| (r.client_id, r.id))
            .collect();
        self.index = RoleIndex::load(c, &self.realm.id, &self.clients).await?;
        Ok(())
    }

    fn import_ctx(&self) -> ImportCtx<'a> {
        ImportCtx {
            hasher: &self.state.hasher,
            now_ms: self.state.clock.now_ms(),
            progress: None,
        }
    }

    fn scopes(&self, key: &str) -> Vec<String> {
        let rep = &self.realm.rep;
        rep.extra
            .get(key)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .or_else(|| match key {
                "defaultDefaultClientScopes" => rep.default_default_client_scopes.clone(),
                _ => rep.default_optional_client_scopes.clone(),
            })
            .unwrap_or_default()
    }

    pub async fn clients(
        &mut self,
        c: &mut Conn,
        list: Vec<ClientRepresentation>,
        plan: &[Option<Action>],
        out: &mut PartialImportResults,
    ) -> Result<()> {
        let defaults = self.scopes("defaultDefaultClientScopes");
        let optional = self.scopes("defaultOptionalClientScopes");
        let default_role = self
            .index
            .realm
            .get(&self.realm.default_role_name())
            .cloned();
        for (mut rep, action) in list.into_iter().zip(plan) {
            let client_id = rep.client_id.clone().unwrap_or_default();
            if let Some(Action::Skipped) = action {
                let id = self.clients.get(&client_id).cloned().unwrap_or_default();
                out.push(Action::Skipped, ResourceType::Client, client_id, id);
                continue;
            }
            if let Some(old) = client_by_client_id(c, &self.realm.id, &client_id).await? {
                store::clients::delete(c, &self.realm.id, &old.id).await?;
            }
            rep.id = None;
            for m in rep.protocol_mappers.iter_mut().flatten() {
                m.id = None;
            }
            let service_accounts = rep.service_accounts_enabled.unwrap_or(false);
            let row = new_client_row(rep, &defaults, &optional)?;
            store::clients::insert(c, &self.realm.id, &row).await?;
            if service_accounts {
                let now = self.state.clock.now_ms();
                let role = default_role.as_deref();
                create_service_account(c, &self.realm.id, &row.id, &row.client_id, now, role)
                    .await?;
            }
            let action = action.unwrap_or(Action::Added);
            out.push(action, ResourceType::Client, client_id, row.id);
        }
        self.reload(c).await
    }

    pub async fn roles(
        &mut self,
        c: &mut Conn,
        roles: RolesRepresentation,
        plan: &Plan,
        out: &mut PartialImportResults,
    ) -> Result<()> {
        let realm = roles.realm.unwrap_or_default();
        let (realm_new, realm_actions) = self.realm_roles(c, realm, plan, out).await?;
        let client = roles.client.unwrap_or_default();
        let (client_new, client_actions) = self.client_roles(c, client, plan, out).await?;
        let links = insert_roles(
            c,
            &self.realm.id,
            &realm_new,
            &client_new,
            &self.clients,
            &mut self.index,
            true,
        )
        .await?;
        for (parent, child) in links {
            store::roles::add_composite(c, &parent, &child).await?;
        }
        for (name, action) in realm_actions {
            let id = self.index.realm.get(&name).cloned().unwrap_or_default();
            out.push(action, ResourceType::RealmRole, name, id);
        }
        for (combined, internal, action) in client_actions {
            out.push(action, ResourceType::ClientRole, combined, internal);
        }
        Ok(())
    }

    /// Records skipped realm roles and removes overwritten ones; returns the roles to
    /// create with their eventual action.
    async fn realm_roles(
        &mut self,
        c: &mut Conn,
        list: Vec<RoleRepresentation>,
        plan: &Plan,
        out: &mut PartialImportResults,
    ) -> Result<(Vec<RoleRepresentation>, Vec<(String, Action)>)> {
        let mut create = Vec::new();
        let mut actions = Vec::new();
        for (r, action) in list.into_iter().zip(&plan.realm_roles) {
            let name = r.name.clone().unwrap_or_default();
            let existing = self.index.realm.get(&name).cloned();
            match (action, existing) {
                (Some(Action::Skipped), id) => {
                    let id = id.unwrap_or_default();
                    out.push(Action::Skipped, ResourceType::RealmRole, name, id);
                    continue;
                }
                (Some(Action::Overwritten), Some(id)) => {
                    store::roles::delete(c, &self.realm.id, &id).await?;
                    self.index.realm.remove(&name);
                }
                _ => {}
            }
            actions.push((name, action.unwrap_or(Action::Added)));
            create.push(r);
        }
        Ok((create, actions))
    }

    /// The same for client roles, named `clientId-->role` in results, which carry the
    /// client's id as Keycloak's do.
    #[allow(clippy::type_complexity)]
    async fn client_roles(
        &mut self,
        c: &mut Conn,
        roles: BTreeMap<String, Vec<RoleRepresentation>>,
        plan: &Plan,
        out: &mut PartialImportResults,
    ) -> Result<(
        BTreeMap<String, Vec<RoleRepresentation>>,
        Vec<(String, String, Action)>,
    )> {
        let mut create: BTreeMap<String, Vec<_>> = BTreeMap::new();
        let mut actions = Vec::new();
        for (client_id, list) in roles {
            let none = Vec::new();
            let decisions = plan.client_roles.get(&client_id).unwrap_or(&none);
            let internal = self.clients.get(&client_id).cloned().unwrap_or_default();
            for (r, action) in list.into_iter().zip(decisions) {
                let name = r.name.clone().unwrap_or_default();
                let combined = format!("{client_id}-->{name}");
                let key = (client_id.clone(), name);
                match (action, self.index.client.get(&key).cloned()) {
                    (Some(Action::Skipped), _) => {
                        let id = internal.clone();
                        out.push(Action::Skipped, ResourceType::ClientRole, combined, id);
                        continue;
                    }
                    (Some(Action::Overwritten), Some(id)) => {
                        store::roles::delete(c, &self.realm.id, &id).await?;
                        self.index.client.remove(&key);
                    }
                    _ => {}
                }
                actions.push((combined, internal.clone(), action.unwrap_or(Action::Added)));
                create.entry(client_id.clone()).or_default().push(r);
            }
        }
        Ok((create, actions))
    }

    pub async fn groups(
        &mut self,
        c: &mut Conn,
        list: Vec<GroupRepresentation>,
        plan: &[Option<Action>],
        out: &mut PartialImportResults,
    ) -> Result<()> {
        let realm_id = self.realm.id.clone();
        for (mut g, action) in list.into_iter().zip(plan) {
            let path = group_path(&g)?;
            let name = g.name.clone().unwrap_or_default();
            let existing = store::groups::by_path(c, &realm_id, &path).await?;
            if let Some(Action::Skipped) = action {
                let id = existing.map(|g| g.id).unwrap_or_default();
                out.push(Action::Skipped, ResourceType::Group, name, id);
                continue;
            }
            if let Some(old) = existing {
                store::groups::delete(c, &realm_id, &old.id).await?;
            }
            let mut paths = GroupPaths::default();
            let mut target = GroupTarget {
                realm_id: &realm_id,
                index: &self.index,
                paths: &mut paths,
                fresh_ids: true,
            };
            g.path = None;
            import_groups(c, &mut target, std::slice::from_ref(&g), None, "").await?;
            let id = paths
                .0
                .get(&format!("/{name}"))
                .cloned()
                .unwrap_or_default();
            out.push(
                action.unwrap_or(Action::Added),
                ResourceType::Group,
                name,
                id,
            );
        }
        Ok(())
    }

    pub async fn users(
        &mut self,
        c: &mut Conn,
        list: Vec<UserRepresentation>,
        plan: &[Option<Action>],
        out: &mut PartialImportResults,
    ) -> Result<()> {
        let realm_id = self.realm.id.clone();
        let dup_emails = self.realm.rep.duplicate_emails_allowed.unwrap_or(false);
        let mut create = Vec::new();
        let mut actions = Vec::new();
        for (u, action) in list.into_iter().zip(plan) {
            let found = find_user(c, &realm_id, &u, dup_emails).await?;
            if let Some(Action::Skipped) = action {
                let id = found.map(|f| f.id).unwrap_or_default();
                out.push(Action::Skipped, ResourceType::User, user_name(&u), id);
                continue;
            }
            if let Some(old) = found {
                store::users::delete(c, &realm_id, &old.id).await?;
            }
            actions.push((user_name(&u), action.unwrap_or(Action::Added)));
            create.push(u);
        }
        let default_role = self.realm.default_role_name();
        let ctx = self.import_ctx();
        let mut refs = UserRefs {
            roles: &self.index,
            clients: &self.clients,
            default_role: &default_role,
            groups: GroupPaths::default(),
            fresh_ids: true,
        };
        let created = import_users(c, &ctx, &realm_id, create, &mut refs).await?;
        for ((name, action), (_, id)) in actions.into_iter().zip(created) {
            out.push(action, ResourceType::User, name, id);
        }
        Ok(())
    }
}
