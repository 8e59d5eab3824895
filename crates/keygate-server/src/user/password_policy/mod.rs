//! The realm's password policy (`passwordPolicy`), as Keycloak's password policy providers
//! apply it: parsed from Keycloak's policy string, checked on every path that sets a
//! password, and read for how new passwords are hashed, how many old ones are kept and
//! when a password expires. The rules here know nothing of HTTP or the store; `apply`
//! joins them to both.

pub mod apply;
pub mod blacklist;
pub mod parse;
pub mod rules;

use std::path::Path;

use regex::Regex;

pub use crate::crypto::password::Algorithm as HashAlgorithm;
use crate::crypto::password::HashSpec;
pub use parse::{parse, ConfigError};
pub use rules::{Subject, Violation};

/// One policy of the string, with its parsed config.
#[derive(Debug, Clone)]
pub enum Rule {
    Length(u32),
    MaxLength(u32),
    Digits(u32),
    LowerCase(u32),
    UpperCase(u32),
    SpecialChars(u32),
    NotUsername,
    NotEmail,
    NotContainsUsername,
    RegexPattern {
        pattern: String,
        regex: Regex,
    },
    PasswordHistory(u32),
    /// Days; Keycloak's negative values never expire a password.
    ForceExpiredPasswordChange(i64),
    HashAlgorithm(HashAlgorithm),
    /// Keycloak's `-1` (and any value below 1) means the algorithm's default.
    HashIterations(i64),
    /// A list's file name under the blacklists folder.
    PasswordBlacklist(String),
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        use Rule::*;
        match (self, other) {
            (RegexPattern { pattern: a, .. }, RegexPattern { pattern: b, .. }) => a == b,
            (Length(a), Length(b))
            | (MaxLength(a), MaxLength(b))
            | (Digits(a), Digits(b))
            | (LowerCase(a), LowerCase(b))
            | (UpperCase(a), UpperCase(b))
            | (SpecialChars(a), SpecialChars(b))
            | (PasswordHistory(a), PasswordHistory(b)) => a == b,
            (ForceExpiredPasswordChange(a), ForceExpiredPasswordChange(b))
            | (HashIterations(a), HashIterations(b)) => a == b,
            (HashAlgorithm(a), HashAlgorithm(b)) => a == b,
            (PasswordBlacklist(a), PasswordBlacklist(b)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// A parsed policy: its rules in the order the string gave them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    pub rules: Vec<Rule>,
}

impl Policy {
    pub fn min_length(&self) -> Option<u32> {
        self.rules.iter().find_map(|r| match r {
            Rule::Length(n) => Some(*n),
            _ => None,
        })
    }

    /// `passwordHistory(n)`: the current password and the last `n - 1` before it.
    pub fn history(&self) -> Option<u32> {
        self.rules.iter().find_map(|r| match r {
            Rule::PasswordHistory(n) => Some(*n),
            _ => None,
        })
    }

    /// `forceExpiredPasswordChange(days)`, when it can expire a password.
    pub fn expire_days(&self) -> Option<i64> {
        self.rules.iter().find_map(|r| match r {
            Rule::ForceExpiredPasswordChange(d) if *d >= 0 => Some(*d),
            _ => None,
        })
    }

    /// How new passwords are hashed: `hashAlgorithm` and `hashIterations`.
    pub fn hash_spec(&self) -> HashSpec {
        let mut spec = HashSpec::default();
        for r in &self.rules {
            match r {
                Rule::HashAlgorithm(a) => spec.algorithm = *a,
                Rule::HashIterations(i) if *i > 0 => {
                    spec.iterations = u32::try_from(*i).ok();
                }
                _ => {}
            }
        }
        spec
    }

    /// Whether a password made at `created_ms` has expired at `now_ms` (Keycloak's
    /// `UpdatePassword.evaluateTriggers`: strictly older than the days allowed).
    pub fn expired(&self, created_ms: i64, now_ms: i64) -> bool {
        self.expire_days()
            .is_some_and(|days| now_ms.saturating_sub(created_ms) > days.saturating_mul(86_400_000))
    }

    /// Checks that every blacklist the policy names can be read from `dir` (Keycloak
    /// resolves the list when the policy is set).
    pub fn resolve_blacklists(&self, dir: &Path) -> Result<(), ConfigError> {
        for r in &self.rules {
            if let Rule::PasswordBlacklist(name) = r {
                blacklist::load(dir, name)?;
            }
        }
        Ok(())
    }

    /// The first refusal among the rules that need only the password and its user, in
    /// the policy's order; blacklists are read from `dir`.
    pub fn check(
        &self,
        who: &Subject<'_>,
        password: &str,
        dir: &Path,
    ) -> Result<Option<Violation>, ConfigError> {
        for r in &self.rules {
            if let Rule::PasswordBlacklist(name) = r {
                if blacklist::load(dir, name)?.contains(&password.to_lowercase()) {
                    return Ok(Some(Violation::blacklisted()));
                }
                continue;
            }
            if let Some(v) = rules::check(r, who, password) {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_and_hashing_come_from_the_policy() {
        let p = parse("forceExpiredPasswordChange(2) and hashAlgorithm(pbkdf2-sha256) and hashIterations(1000)")
            .unwrap();
        let day = 86_400_000;
        assert!(!p.expired(0, 2 * day));
        assert!(p.expired(0, 2 * day + 1));
        assert_eq!(p.hash_spec().algorithm, HashAlgorithm::Pbkdf2Sha256);
        assert_eq!(p.hash_spec().iterations(), 1000);
        assert!(!Policy::default().expired(0, i64::MAX));
        assert_eq!(Policy::default().hash_spec(), HashSpec::default());
    }

    #[test]
    fn blacklist_is_checked_from_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.txt"), "letmein\n").unwrap();
        let p = parse("passwordBlacklist(bad.txt)").unwrap();
        let who = Subject::default();
        assert_eq!(
            p.check(&who, "LetMeIn", dir.path()).unwrap(),
            Some(Violation::blacklisted())
        );
        assert_eq!(p.check(&who, "fine", dir.path()).unwrap(), None);
        let missing = parse("passwordBlacklist(none.txt)").unwrap();
        assert!(missing.resolve_blacklists(dir.path()).is_err());
    }
}
