//! What saving a client means for its resource server: `authorizationServicesEnabled`
//! creates it as Keycloak 26 does (empty, remote resource management allowed, the
//! `uma_protection` role granted to the service account); `false` removes it.

use keygate_model::ClientRepresentation;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::realm::model::Realm;
use crate::store::authz::model::Settings;
use crate::store::clients::ClientRow;
use crate::store::roles::RoleRow;
use crate::store::{self, Conn};

/// Keycloak's client role for the protection API.
pub const UMA_PROTECTION: &str = "uma_protection";

/// Called after a client is created or updated (and its service account ensured).
pub async fn client_saved(
    c: &mut Conn,
    state: &crate::state::AppState,
    realm: &Realm,
    row: &mut ClientRow,
    rep: &mut ClientRepresentation,
) -> Result<()> {
    let now_ms = state.clock.now_ms();
    let existing = store::authz::find(&mut *c, &realm.id, &row.id).await?;
    match rep.extra.get("authorizationServicesEnabled") {
        Some(Value::Bool(true)) if existing.is_none() => enable(c, now_ms, realm, row, rep).await,
        Some(Value::Bool(false)) => match existing {
            Some((key, _)) => store::authz::delete(c, key).await,
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

async fn enable(
    c: &mut Conn,
    now_ms: i64,
    realm: &Realm,
    row: &mut ClientRow,
    rep: &mut ClientRepresentation,
) -> Result<()> {
    if rep.public_client.unwrap_or(false) || rep.bearer_only.unwrap_or(false) {
        return Err(Error::bad_request(
            "Only confidential clients are allowed to set authorization settings",
        ));
    }
    store::authz::create(&mut *c, &realm.id, &row.id, &Settings::default()).await?;
    service_account(c, now_ms, realm, row, rep).await?;
    let role = match store::roles::by_name(&mut *c, &row.id, UMA_PROTECTION).await? {
        Some(r) => r,
        None => {
            let r = RoleRow {
                id: uuid::Uuid::new_v4().to_string(),
                container_id: row.id.clone(),
                client_role: true,
                name: UMA_PROTECTION.into(),
                description: None,
                attributes: "{}".into(),
            };
            store::roles::insert(&mut *c, &realm.id, &r).await?;
            r
        }
    };
    if let Some(sa) = store::users::by_service_account(&mut *c, &realm.id, &row.id).await? {
        store::roles::grant_user(c, &sa.id, &role.id).await?;
    }
    Ok(())
}

/// A resource server needs a service account: Keycloak turns it on if it was off.
async fn service_account(
    c: &mut Conn,
    now_ms: i64,
    realm: &Realm,
    row: &mut ClientRow,
    rep: &mut ClientRepresentation,
) -> Result<()> {
    if store::users::by_service_account(&mut *c, &realm.id, &row.id)
        .await?
        .is_some()
    {
        return Ok(());
    }
    rep.service_accounts_enabled = Some(true);
    row.data = serde_json::to_string(rep)?;
    store::clients::update(&mut *c, &realm.id, row).await?;
    let default_role =
        store::roles::by_name(&mut *c, &realm.id, &realm.default_role_name()).await?;
    crate::realm::import_users::create_service_account(
        c,
        &realm.id,
        &row.id,
        &row.client_id,
        now_ms,
        default_role.as_ref().map(|r| r.id.as_str()),
    )
    .await
}
