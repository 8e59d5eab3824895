//! The user part of a realm import, and service-account users for clients that need one.

use std::collections::HashMap;

use keygate_model::{ClientRepresentation, UserRepresentation};

use super::import::ImportCtx;
use super::import_roles::RoleIndex;
use crate::crypto::password::PasswordHash;
use crate::error::{Error, Result};
use crate::store::{self, Conn};
use crate::user::convert;

/// Inserts users with credentials, roles and groups, then the service-account users of
/// clients whose export did not carry one.
pub async fn import_users(
    c: &mut Conn,
    ctx: &ImportCtx<'_>,
    realm_id: &str,
    users: Vec<UserRepresentation>,
    index: &RoleIndex,
    client_ids: &HashMap<String, String>,
    default_role: &str,
) -> Result<()> {
    let mut with_account = Vec::new();
    for u in users {
        let id =
            u.id.clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let mut row = convert::new_row(id.clone(), u.created_timestamp.unwrap_or(ctx.now_ms));
        row.enabled = true;
        convert::apply(&mut row, &u)?;
        if row.username.is_empty() {
            return Err(Error::bad_request("User name is missing"));
        }
        if let Some(sa) = &u.service_account_client_id {
            let internal = client_ids
                .get(sa)
                .ok_or_else(|| Error::bad_request(format!("Client not found: {sa}")))?;
            row.service_account_client_id = Some(internal.clone());
            with_account.push(sa.clone());
        }
        store::users::insert(c, realm_id, &row).await?;
        for cred in u.credentials.iter().flatten() {
            if cred.type_.as_deref().unwrap_or("password") != "password" {
                continue;
            }
            let hash = match (&cred.value, &cred.secret_data, &cred.credential_data) {
                (Some(v), _, _) => ctx.hasher.hash(v.clone()).await?,
                (None, Some(s), Some(d)) => PasswordHash {
                    secret_data: s.clone(),
                    credential_data: d.clone(),
                },
                _ => continue,
            };
            store::users::set_password(c, &id, &hash, cred.user_label.as_deref(), ctx.now_ms)
                .await?;
        }
        match &u.realm_roles {
            Some(roles) => {
                for r in roles {
                    store::roles::grant_user(c, &id, index.realm_role(r)?).await?;
                }
            }
            None => store::roles::grant_user(c, &id, index.realm_role(default_role)?).await?,
        }
        for (client, names) in u.client_roles.iter().flatten() {
            for r in names {
                store::roles::grant_user(c, &id, index.client_role(client, r)?).await?;
            }
        }
        for path in u.groups.iter().flatten() {
            let path = if path.starts_with('/') {
                path.clone()
            } else {
                format!("/{path}")
            };
            let g = store::groups::by_path(c, realm_id, &path)
                .await?
                .ok_or_else(|| Error::bad_request(format!("Group {path} not found")))?;
            store::groups::add_member(c, &id, &g.id).await?;
        }
    }
    for (client_id, internal) in client_ids {
        if with_account.contains(client_id) {
            continue;
        }
        let row = store::clients::by_id(c, realm_id, internal).await?;
        let Some(row) = row else { continue };
        let rep: ClientRepresentation = serde_json::from_str(&row.data)?;
        if rep.service_accounts_enabled.unwrap_or(false) {
            let role = index.realm.get(default_role).map(String::as_str);
            create_service_account(c, realm_id, internal, client_id, ctx.now_ms, role).await?;
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
