//! The `users` section, a page at a time so a large realm streams out in bounded memory:
//! each user with its credential hashes, role mappings by name and group paths.

use std::collections::HashMap;

use keygate_model::CredentialRepresentation;
use serde_json::{json, Value};

use super::snapshot::Snapshot;
use crate::error::Result;
use crate::store::groups::{NameMatch, Page, Scope};
use crate::store::users::{CredentialRow, UserRow};
use crate::store::{self, Conn};
use crate::user::convert;

/// Users per page read from the store.
pub const PAGE: i64 = 1000;

/// Walks a realm's users in username order.
pub struct Users {
    /// Group id to path.
    paths: HashMap<String, String>,
    after: String,
    /// Whether role mappings and groups go with each user.
    with_roles: bool,
    done: bool,
}

impl Users {
    pub async fn new(c: &mut Conn, snap: &Snapshot, with_roles: bool) -> Result<Users> {
        let all =
            store::groups::list(c, &snap.realm.id, Scope::All, &NameMatch::Any, Page::ALL).await?;
        Ok(Users {
            paths: all
                .into_iter()
                .map(|f| (f.group.id, f.group.path))
                .collect(),
            after: String::new(),
            with_roles,
            done: false,
        })
    }

    /// The next page of exported users; empty when all were read.
    pub async fn next(&mut self, c: &mut Conn, snap: &Snapshot) -> Result<Vec<Value>> {
        if self.done {
            return Ok(Vec::new());
        }
        let rows = store::export::users_after(c, &snap.realm.id, &self.after, PAGE).await?;
        if (rows.len() as i64) < PAGE {
            self.done = true;
        }
        if let Some(last) = rows.last() {
            self.after = last.username.clone();
        }
        self.render(c, snap, rows, true).await
    }

    /// Renders rows with what belongs to them; `with_credentials` false leaves hashes out.
    pub async fn render(
        &self,
        c: &mut Conn,
        snap: &Snapshot,
        rows: Vec<UserRow>,
        with_credentials: bool,
    ) -> Result<Vec<Value>> {
        let ids: Vec<String> = rows.iter().map(|u| u.id.clone()).collect();
        let mut creds: HashMap<String, Vec<CredentialRow>> = HashMap::new();
        if with_credentials {
            for (user, k) in store::export::credentials(c, &ids).await? {
                creds.entry(user).or_default().push(k);
            }
        }
        let mut grants: HashMap<String, Vec<String>> = HashMap::new();
        let mut groups: HashMap<String, Vec<String>> = HashMap::new();
        if self.with_roles {
            for (user, role) in store::export::user_grants(c, &ids).await? {
                grants.entry(user).or_default().push(role);
            }
            for (user, group) in store::export::memberships(c, &ids).await? {
                if let Some(p) = self.paths.get(&group) {
                    groups.entry(user).or_default().push(p.clone());
                }
            }
        }
        let mut consents: HashMap<String, Vec<Value>> = HashMap::new();
        for (user, k) in store::export::consents(c, &ids).await? {
            consents.entry(user).or_default().push(json!({
                "clientId": snap.client_id(&k.client_id),
                "grantedClientScopes": k.scopes,
                "createdDate": k.created,
                "lastUpdatedDate": k.last_updated,
            }));
        }
        let mut links: HashMap<String, Vec<Value>> = HashMap::new();
        for (user, f) in store::export::federated(c, &ids).await? {
            links.entry(user).or_default().push(json!({
                "identityProvider": f.provider, "userId": f.user_id, "userName": f.username,
            }));
        }
        let mut out = Vec::with_capacity(rows.len());
        for u in rows {
            let extras = [
                ("clientConsents", consents.remove(&u.id)),
                ("federatedIdentities", links.remove(&u.id)),
            ];
            let mut rep = serde_json::to_value(convert::to_rep(&u, false))?;
            if let Some(map) = rep.as_object_mut() {
                map.remove("access");
            }
            for (key, list) in extras {
                if let Some(list) = list {
                    rep[key] = json!(list);
                }
            }
            if let Some(internal) = &u.service_account_client_id {
                rep["serviceAccountClientId"] = json!(snap.client_id(internal));
            }
            if with_credentials {
                let list: Vec<CredentialRepresentation> = creds
                    .remove(&u.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(credential)
                    .collect();
                rep["credentials"] = serde_json::to_value(list)?;
            }
            if self.with_roles {
                let (realm, client) = snap.split_roles(grants.get(&u.id).into_iter().flatten());
                rep["realmRoles"] = json!(realm);
                if !client.is_empty() {
                    rep["clientRoles"] = json!(client);
                }
                let mut paths = groups.remove(&u.id).unwrap_or_default();
                paths.sort();
                rep["groups"] = json!(paths);
            }
            out.push(rep);
        }
        Ok(out)
    }
}

fn credential(k: CredentialRow) -> CredentialRepresentation {
    CredentialRepresentation {
        id: Some(k.id),
        type_: Some(k.type_),
        user_label: k.user_label,
        created_date: Some(k.created),
        secret_data: Some(k.secret_data),
        credential_data: Some(k.credential_data),
        priority: Some(k.priority),
        ..Default::default()
    }
}
