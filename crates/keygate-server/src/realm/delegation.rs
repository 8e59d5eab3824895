//! Keycloak's delegated administration: for every realm but master, master holds a
//! bearer-only client `{realm}-realm` with the realm's admin roles. Master's `admin` role
//! includes them all, and a master user granted some of them administers that realm (and
//! only that one). Whoever creates a realm with just `create-realm` is granted them.

use keygate_model::ClientRepresentation;
use serde_json::{json, Value};

use super::defaults::MANAGEMENT_ROLES;
use crate::error::Result;
use crate::store::roles::RoleRow;
use crate::store::{self, Conn};

/// The administration realm, which holds the clients.
const MASTER: &str = "master";

/// The client in master that holds `realm`'s admin roles.
pub fn client_id(realm: &str) -> String {
    format!("{realm}-realm")
}

/// Master's id and the internal id of `realm`'s client there, when both exist.
async fn find(c: &mut Conn, realm: &str) -> Result<Option<(String, String)>> {
    let Some(master) = store::realms::by_name(c, MASTER).await? else {
        return Ok(None);
    };
    let cid = client_id(realm);
    let found = store::clients::search(c, &master.id, Some(&cid), true, 0, 1).await?;
    Ok(found.into_iter().next().map(|row| (master.id, row.id)))
}

/// Creates `realm`'s client in master with its roles, each a composite child of master's
/// `admin`, unless the client exists. Idempotent, so start-up can run it for every realm.
pub async fn ensure(c: &mut Conn, realm: &str) -> Result<()> {
    if realm == MASTER || find(c, realm).await?.is_some() {
        return Ok(());
    }
    let Some(master) = store::realms::by_name(c, MASTER).await? else {
        return Ok(());
    };
    let settings: Value = serde_json::from_str(&master.data)?;
    let scopes = |key: &str| -> Vec<String> {
        serde_json::from_value(settings[key].clone()).unwrap_or_default()
    };
    let rep: ClientRepresentation = serde_json::from_value(json!({
        "clientId": client_id(realm), "name": format!("{realm} Realm"), "enabled": true,
        "bearerOnly": true, "publicClient": false, "standardFlowEnabled": true,
        "directAccessGrantsEnabled": false, "fullScopeAllowed": false,
        "protocol": "openid-connect", "attributes": {}
    }))?;
    let row = crate::client::rules::new_client_row(
        rep,
        &scopes("defaultDefaultClientScopes"),
        &scopes("defaultOptionalClientScopes"),
    )?;
    store::clients::insert(c, &master.id, &row).await?;
    let admin = store::roles::by_name(c, &master.id, "admin").await?;
    for name in MANAGEMENT_ROLES {
        let role = RoleRow {
            id: uuid::Uuid::new_v4().to_string(),
            container_id: row.id.clone(),
            client_role: true,
            name: name.to_string(),
            description: Some(format!("${{role_{name}}}")),
            attributes: "{}".into(),
        };
        store::roles::insert(c, &master.id, &role).await?;
        if let Some(admin) = &admin {
            store::roles::add_composite(c, &admin.id, &role.id).await?;
        }
    }
    Ok(())
}

/// Ensures the client of every realm in the store: realms made before Keygate kept them.
pub async fn ensure_all(c: &mut Conn) -> Result<()> {
    for realm in store::realms::list(c).await? {
        ensure(c, &realm.name).await?;
    }
    Ok(())
}

/// Grants a realm's creator its admin roles, as Keycloak's `grantPermissionsToRealmCreator`
/// (every role but `impersonation`, which Keycloak's `ALL_REALM_ROLES` leaves out).
pub async fn grant_creator(c: &mut Conn, realm: &str, user_id: &str) -> Result<()> {
    let Some((_, client)) = find(c, realm).await? else {
        return Ok(());
    };
    for role in store::roles::in_container(c, &client).await? {
        if role.name != "impersonation" {
            store::roles::grant_user(c, user_id, &role.id).await?;
        }
    }
    Ok(())
}

/// Removes `realm`'s client from master, with its roles and their grants.
pub async fn remove(c: &mut Conn, realm: &str) -> Result<()> {
    if let Some((master, client)) = find(c, realm).await? {
        store::clients::delete(c, &master, &client).await?;
    }
    Ok(())
}

/// Follows a realm's rename: its client in master takes the new name.
pub async fn rename(c: &mut Conn, old: &str, new: &str) -> Result<()> {
    let Some((master, client)) = find(c, old).await? else {
        return ensure(c, new).await;
    };
    let Some(mut row) = store::clients::by_id(c, &master, &client).await? else {
        return Ok(());
    };
    let mut data: Value = serde_json::from_str(&row.data)?;
    data["clientId"] = json!(client_id(new));
    data["name"] = json!(format!("{new} Realm"));
    row.client_id = client_id(new);
    row.data = data.to_string();
    store::clients::update(c, &master, &row).await
}
