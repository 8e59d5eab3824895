//! Full realm export files, as `keygate export` writes them and `keygate import` reads
//! them: Keycloak's realm export format, users streamed a page at a time.

use std::io::Write;
use std::path::Path;

use keygate_model::RealmRepresentation;

use super::sections::{self, Options};
use super::snapshot::Snapshot;
use super::users::Users;
use crate::error::{Error, Result};
use crate::realm::import::{import_realm, prepare_keys};
use crate::realm::import_index::ImportCtx;
use crate::realm::import_users::prehash;
use crate::state::{AppState, Change};
use crate::store::Db;

fn io(e: std::io::Error) -> Error {
    Error::Config(format!("cannot write the export: {e}"))
}

/// Writes the realm as one Keycloak realm export (secrets unmasked: it is a backup) and
/// returns how many users it holds. `progress` hears the running user count per page.
/// Everything is read in one transaction, so the file is one consistent snapshot.
pub async fn write_realm<W: Write>(
    db: &Db,
    realm: &str,
    out: &mut W,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<usize> {
    let mut tx = crate::store::export::snapshot(db).await?;
    let snap = Snapshot::load(&mut tx, realm).await?;
    let doc = sections::document(&mut tx, &snap, Options::FULL).await?;
    let head = serde_json::to_string_pretty(&serde_json::Value::Object(doc))?;
    let head = head
        .strip_suffix('}')
        .map(str::trim_end)
        .ok_or_else(|| Error::internal("realm document is not an object"))?;
    write!(out, "{head},\n  \"users\" : [").map_err(io)?;
    let mut users = Users::new(&mut tx, &snap, true).await?;
    let mut count = 0usize;
    loop {
        let page = users.next(&mut tx, &snap).await?;
        if page.is_empty() {
            break;
        }
        for u in &page {
            let sep = if count == 0 { "\n" } else { ",\n" };
            write!(out, "{sep}{}", serde_json::to_string(u)?).map_err(io)?;
            count += 1;
        }
        if let Some(report) = progress {
            report(count);
        }
    }
    writeln!(out, "\n  ]\n}}").map_err(io)?;
    out.flush().map_err(io)?;
    tx.rollback().await?;
    Ok(count)
}

/// Imports a realm export file as a new realm, reporting `(done, total)` users per batch.
/// False when the realm exists already (nothing is written then).
pub async fn import_file(
    state: &AppState,
    path: &Path,
    progress: Option<&(dyn Fn(usize, usize) + Sync)>,
) -> Result<bool> {
    let file = std::fs::File::open(path)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))?;
    let mut rep: RealmRepresentation = serde_json::from_reader(std::io::BufReader::new(file))
        .map_err(|e| Error::Config(format!("{} is not a realm export: {e}", path.display())))?;
    let name = rep.realm.clone().unwrap_or_default();
    if state.realms.find(&state.db, &name).await?.is_some() {
        return Ok(false);
    }
    let policy = crate::user::password_policy::apply::of_import(state, &rep)?;
    if let Some(users) = rep.users.as_mut() {
        prehash(state, &policy, users).await?;
    }
    let keys = prepare_keys(&rep, state.clock.now()).await?;
    let ctx = ImportCtx {
        hasher: &state.hasher,
        now_ms: state.clock.now_ms(),
        progress,
    };
    let mut tx = state.begin().await?;
    import_realm(&mut tx, &ctx, rep, keys).await?;
    crate::realm::delegation::ensure(&mut tx, name.trim()).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(true)
}
