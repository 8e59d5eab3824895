//! `passwordBlacklist(name)`: a file of one password a line under the blacklists folder,
//! compared case-insensitively as Keycloak does. A file is read once and kept, and read
//! again when its size or modification time changes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use super::parse::ConfigError;

struct Loaded {
    stamp: (Option<SystemTime>, u64),
    words: Arc<HashSet<String>>,
}

fn cache() -> &'static Mutex<HashMap<PathBuf, Loaded>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Loaded>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn not_found(name: &str) -> ConfigError {
    ConfigError::Blacklist(format!("Password blacklist {name} not found!"))
}

/// The lowercased passwords of the list `name` in `dir`; refused when the file is missing,
/// with Keycloak's message.
pub fn load(dir: &Path, name: &str) -> Result<Arc<HashSet<String>>, ConfigError> {
    let path = dir.join(name);
    let meta = std::fs::metadata(&path).map_err(|_| not_found(name))?;
    if !meta.is_file() {
        return Err(not_found(name));
    }
    let stamp = (meta.modified().ok(), meta.len());
    if let Ok(c) = cache().lock() {
        if let Some(l) = c.get(&path).filter(|l| l.stamp == stamp) {
            return Ok(l.words.clone());
        }
    }
    let text = std::fs::read(&path).map_err(|_| not_found(name))?;
    let words: HashSet<String> = String::from_utf8_lossy(&text)
        .lines()
        .map(|l| l.trim_end_matches('\r').to_lowercase())
        .filter(|l| !l.is_empty())
        .collect();
    let words = Arc::new(words);
    if let Ok(mut c) = cache().lock() {
        c.insert(
            path,
            Loaded {
                stamp,
                words: words.clone(),
            },
        );
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_case_insensitively_and_refuses_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("list.txt"),
            "blacklisted1\nBlackListed2\r\n",
        )
        .unwrap();
        let words = load(dir.path(), "list.txt").unwrap();
        assert!(words.contains("blacklisted2"));
        assert!(!words.contains("notblacklisted"));
        assert_eq!(
            load(dir.path(), "missing.txt")
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some("Password blacklist missing.txt not found!")
        );
    }
}
