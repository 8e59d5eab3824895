//! First start: the master realm, its admin, every realm's admin client in master, and
//! realms imported from a directory.

use keygate_model::{CredentialRepresentation, RealmRepresentation, UserRepresentation};

use super::admin::create_realm;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store;

/// Creates master (and its admin when master has no users), then imports `--import-realm`.
pub async fn run(state: &AppState) -> Result<()> {
    let master = state.realms.find(&state.db, "master").await?;
    let admin_user = state.config.bootstrap_admin.clone();
    if master.is_none() {
        let users = admin_user
            .clone()
            .map(|(name, password)| vec![admin(name, password)]);
        create_realm(
            state,
            RealmRepresentation {
                realm: Some("master".into()),
                display_name: Some("Keygate".into()),
                users,
                ..Default::default()
            },
        )
        .await?;
        tracing::info!("created realm master");
    } else if let (Some(master), Some((name, password))) = (master, admin_user) {
        let mut conn = state.db.conn().await?;
        let any = store::users::count(&mut conn, &master.id, &Default::default()).await?;
        drop(conn);
        if any == 0 {
            tracing::info!(user = %name, "master has no users: creating the bootstrap admin");
            add_admin(state, &master.id, name, password).await?;
        }
    }
    delegated_clients(state).await?;
    if let Some(dir) = state.config.import_realm.clone() {
        import_dir(state, &dir).await?;
    }
    Ok(())
}

/// Gives every realm its `{realm}-realm` client in master: stores made before Keygate kept
/// them get them at the first start. A node that loses the race to another starting node
/// finds them made.
async fn delegated_clients(state: &AppState) -> Result<()> {
    let mut tx = state.begin().await?;
    match super::delegation::ensure_all(&mut tx).await {
        Ok(()) => state.commit(tx, crate::state::Change::Realm).await,
        Err(Error::Conflict(msg)) => {
            tracing::info!(%msg, "realm admin clients made by another node");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

fn admin(name: String, password: String) -> UserRepresentation {
    UserRepresentation {
        username: Some(name),
        enabled: Some(true),
        realm_roles: Some(vec!["admin".into(), "default-roles-master".into()]),
        credentials: Some(vec![CredentialRepresentation {
            type_: Some("password".into()),
            value: Some(password),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

async fn add_admin(state: &AppState, realm_id: &str, name: String, password: String) -> Result<()> {
    let hash = state.hasher.hash(password).await?;
    let mut tx = state.begin().await?;
    let mut row =
        crate::user::convert::new_row(uuid::Uuid::new_v4().to_string(), state.clock.now_ms());
    row.username = name.to_lowercase();
    row.enabled = true;
    store::users::insert(&mut tx, realm_id, &row).await?;
    store::users::set_password(&mut tx, &row.id, &hash, None, state.clock.now_ms()).await?;
    for role in ["admin", "default-roles-master"] {
        if let Some(r) = store::roles::by_name(&mut tx, realm_id, role).await? {
            store::roles::grant_user(&mut tx, &row.id, &r.id).await?;
        }
    }
    state.commit(tx, crate::state::Change::Users).await
}

/// Imports every `*.json` realm export in `dir`, skipping realms that exist.
pub async fn import_dir(state: &AppState, dir: &std::path::Path) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", dir.display())))?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for path in files {
        import_file(state, &path).await?;
    }
    Ok(())
}

/// Imports one realm export file unless its realm exists.
pub async fn import_file(state: &AppState, path: &std::path::Path) -> Result<bool> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))?;
    let rep: RealmRepresentation = serde_json::from_str(&text)
        .map_err(|e| Error::Config(format!("{} is not a realm export: {e}", path.display())))?;
    let name = rep.realm.clone().unwrap_or_default();
    if state.realms.find(&state.db, &name).await?.is_some() {
        tracing::info!(realm = %name, file = %path.display(), "realm exists, import skipped");
        return Ok(false);
    }
    create_realm(state, rep).await?;
    tracing::info!(realm = %name, file = %path.display(), "imported realm");
    Ok(true)
}
