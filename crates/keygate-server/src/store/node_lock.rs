//! One serving node per SQLite file. Each node caches realms in memory and SQLite has no
//! way to tell another process of a change, so a second node on the same file would
//! serve stale secrets and keys. A node holds an exclusive lock on `<file>.node-lock` for
//! its life; a second process is refused with a clear message. Servers started twice in
//! one process (tests restarting a node) share the lock they already hold.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};

fn held() -> &'static Mutex<HashMap<PathBuf, File>> {
    static HELD: OnceLock<Mutex<HashMap<PathBuf, File>>> = OnceLock::new();
    HELD.get_or_init(Mutex::default)
}

/// Takes the node lock of the SQLite file behind `url` (nothing for `:memory:`).
pub fn acquire(url: &str) -> Result<()> {
    let Some(path) = super::sqlite_path(url) else {
        return Ok(());
    };
    super::create_sqlite_parent(url)?;
    let lock_path = PathBuf::from(format!("{path}.node-lock"));
    let mut held = held().lock().unwrap_or_else(|e| e.into_inner());
    if held.contains_key(&lock_path) {
        return Ok(());
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::Config(format!("cannot open {}: {e}", lock_path.display())))?;
    match file.try_lock() {
        Ok(()) => {
            held.insert(lock_path, file);
            Ok(())
        }
        Err(TryLockError::WouldBlock) => Err(Error::Config(format!(
            "another Keygate node is serving the SQLite store {path}; SQLite is for one \
             node only: stop it, or run every node on one PostgreSQL database"
        ))),
        Err(TryLockError::Error(e)) => Err(Error::Config(format!(
            "cannot lock {}: {e}",
            lock_path.display()
        ))),
    }
}
