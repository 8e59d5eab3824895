//! Realm export and import carry each client's `authorizationSettings`.

use keygate_model::{ClientRepresentation, ResourceServerRepresentation};
use serde_json::Value;

use super::settings::{export_server, import_server};
use crate::error::Result;
use crate::store::clients::ClientRow;
use crate::store::{self, Conn};

/// Settings held back from clients being imported, by `clientId`, until roles, groups
/// and users (which policies name) exist. A client with authorization services on but
/// no settings gets an empty resource server.
pub struct Pending(Vec<(String, ResourceServerRepresentation)>);

/// Takes `authorizationSettings` out of the clients about to be imported.
pub fn take(clients: &mut [ClientRepresentation]) -> Result<Pending> {
    let mut out = Vec::new();
    for cl in clients.iter_mut() {
        let settings = cl.extra.remove("authorizationSettings");
        let enabled = matches!(
            cl.extra.get("authorizationServicesEnabled"),
            Some(Value::Bool(true))
        );
        if !enabled {
            continue;
        }
        let rep = match settings {
            Some(v) => serde_json::from_value(v).map_err(|e| {
                crate::error::Error::bad_request(format!("Invalid authorizationSettings: {e}"))
            })?,
            None => ResourceServerRepresentation::default(),
        };
        out.push((cl.client_id.clone().unwrap_or_default(), rep));
    }
    Ok(Pending(out))
}

/// [`take`] for a partial import: clients it skips keep their resource server untouched.
pub fn take_partial(
    clients: &mut [ClientRepresentation],
    skipped: impl Iterator<Item = bool>,
) -> Result<Pending> {
    let mut pending = take(clients)?;
    let skip: Vec<String> = clients
        .iter()
        .zip(skipped)
        .filter(|(_, s)| *s)
        .filter_map(|(c, _)| c.client_id.clone())
        .collect();
    pending.0.retain(|(id, _)| !skip.contains(id));
    Ok(pending)
}

/// Imports what [`take`] held back, once the realm's identities exist.
pub async fn import(c: &mut Conn, realm_id: &str, pending: Pending) -> Result<()> {
    for (client_id, rep) in pending.0 {
        let found = store::clients::search(&mut *c, realm_id, Some(&client_id), true, 0, 1)
            .await?
            .pop();
        if let Some(client) = found {
            import_server(&mut *c, realm_id, &client, rep).await?;
        }
    }
    Ok(())
}

/// Adds `authorizationSettings` to the exported clients that have a resource server.
pub async fn export(
    c: &mut Conn,
    realm_id: &str,
    rows: &[ClientRow],
    clients: &mut Value,
) -> Result<()> {
    let Some(list) = clients.as_array_mut() else {
        return Ok(());
    };
    for (row, out) in rows.iter().zip(list.iter_mut()) {
        if let Some(settings) = export_server(&mut *c, realm_id, row).await? {
            out["authorizationSettings"] = settings;
        }
    }
    Ok(())
}
