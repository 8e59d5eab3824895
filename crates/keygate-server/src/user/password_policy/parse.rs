//! Keycloak's policy string, `length(8) and digits(2) and notUsername(undefined)`, read as
//! Keycloak's `PasswordPolicy.Builder` reads it: split on `" and "`, a name, an optional
//! `(config)`; a name given twice keeps its first place and its last config. Each config is
//! checked as the matching `*PasswordPolicyProvider.parseConfig` checks it, with its words.

use regex::Regex;

use super::{HashAlgorithm, Policy, Rule};

/// Why a policy string is refused; `Display` is Keycloak's `ModelException` message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("Password policy not found")]
    UnknownPolicy(String),
    #[error("Invalid config for {id}: {reason}")]
    InvalidConfig { id: String, reason: String },
    /// Keycloak's `FileBasedPasswordBlacklist` words for a list it cannot use.
    #[error("{0}")]
    Blacklist(String),
}

fn invalid(id: &str, reason: &str) -> ConfigError {
    ConfigError::InvalidConfig {
        id: id.to_string(),
        reason: reason.to_string(),
    }
}

/// `(name, config)` pairs in Keycloak's builder order.
fn entries(policy: &str) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    if policy.trim().is_empty() {
        return out;
    }
    for part in policy.split(" and ") {
        let part = part.trim();
        let (key, config) = match part.find('(') {
            None => (part.to_string(), None),
            Some(i) => {
                let inner = part.get(i + 1..part.len().saturating_sub(1)).unwrap_or("");
                (part[..i].trim().to_string(), Some(inner.to_string()))
            }
        };
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = config,
            None => out.push((key, config)),
        }
    }
    out
}

/// Keycloak's `parseInteger`: absent is the default, anything else must be a number.
fn int(id: &str, config: Option<&str>, default: i64) -> Result<i64, ConfigError> {
    match config {
        None => Ok(default),
        Some(v) => v
            .parse::<i32>()
            .map(i64::from)
            .map_err(|_| invalid(id, "Not a valid number")),
    }
}

/// A count rule's number, as Keycloak stores it (negative counts never fail a password).
fn count(id: &str, config: Option<&str>, default: i64) -> Result<u32, ConfigError> {
    Ok(int(id, config, default)?.clamp(0, i64::from(u32::MAX)) as u32)
}

fn regex_rule(config: Option<&str>) -> Result<Rule, ConfigError> {
    let id = "regexPattern";
    let Some(pattern) = config else {
        return Err(invalid(id, "Config required"));
    };
    if pattern.trim().is_empty() {
        return Err(invalid(id, "White space not acepted"));
    }
    // Java's `Matcher.matches()` matches the whole password.
    let anchored = Regex::new(&format!(r"\A(?:{pattern})\z"))
        .map_err(|_| invalid(id, "Not a valid regular expression"))?;
    Ok(Rule::RegexPattern {
        pattern: pattern.to_string(),
        regex: anchored,
    })
}

fn hash_algorithm(config: Option<&str>) -> Result<Rule, ConfigError> {
    let name = config.filter(|c| !c.is_empty()).unwrap_or("argon2");
    HashAlgorithm::from_id(name)
        .map(Rule::HashAlgorithm)
        .ok_or_else(|| invalid("hashAlgorithm", "Password hashing provider not found"))
}

fn blacklist(config: Option<&str>) -> Result<Option<Rule>, ConfigError> {
    let Some(name) = config.map(str::trim) else {
        return Ok(None);
    };
    if name.is_empty() {
        return Err(ConfigError::Blacklist(
            "Password blacklist name must not be empty!".into(),
        ));
    }
    // Keycloak refuses '/' so a name never walks out of the blacklists folder; a
    // backslash or a dot-only name would do the same on other systems.
    if name.contains(['/', '\\']) || name.chars().all(|c| c == '.') {
        return Err(ConfigError::Blacklist(format!(
            "{name} must not contain slashes!"
        )));
    }
    Ok(Some(Rule::PasswordBlacklist(name.to_string())))
}

fn rule(id: &str, config: Option<&str>) -> Result<Option<Rule>, ConfigError> {
    let rule = match id {
        "length" => Rule::Length(count(id, config, 8)?),
        "maxLength" => Rule::MaxLength(count(id, config, 64)?),
        "digits" => Rule::Digits(count(id, config, 1)?),
        "lowerCase" => Rule::LowerCase(count(id, config, 1)?),
        "upperCase" => Rule::UpperCase(count(id, config, 1)?),
        "specialChars" => Rule::SpecialChars(count(id, config, 1)?),
        "notUsername" => Rule::NotUsername,
        "notEmail" => Rule::NotEmail,
        "notContainsUsername" => Rule::NotContainsUsername,
        "regexPattern" => regex_rule(config)?,
        "passwordHistory" => Rule::PasswordHistory(count(id, config, 3)?),
        "forceExpiredPasswordChange" => Rule::ForceExpiredPasswordChange(int(id, config, 365)?),
        "hashAlgorithm" => hash_algorithm(config)?,
        "hashIterations" => Rule::HashIterations(int(id, config, -1)?),
        "passwordBlacklist" => return blacklist(config),
        // Known to Keycloak and kept, but they govern flows Keygate does not run.
        "maxAuthAge" | "passwordAge" | "recoveryCodesWarningThreshold" => {
            int(id, config, -1)?;
            return Ok(None);
        }
        _ => return Err(ConfigError::UnknownPolicy(id.to_string())),
    };
    Ok(Some(rule))
}

/// Parses a realm's `passwordPolicy`; empty or absent is the empty policy.
pub fn parse(policy: &str) -> Result<Policy, ConfigError> {
    let mut rules = Vec::new();
    for (id, config) in entries(policy) {
        if let Some(r) = rule(&id, config.as_deref())? {
            rules.push(r);
        }
    }
    Ok(Policy { rules })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        parse(s).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn reads_keycloak_syntax_with_defaults() {
        let p =
            parse("length(12) and digits and notUsername(undefined) and passwordHistory").unwrap();
        assert_eq!(p.min_length(), Some(12));
        assert!(p.rules.contains(&Rule::Digits(1)));
        assert!(p.rules.contains(&Rule::NotUsername));
        assert_eq!(p.history(), Some(3));
        assert!(parse("").unwrap().rules.is_empty());
        assert_eq!(parse("length").unwrap().min_length(), Some(8));
    }

    #[test]
    fn a_repeated_name_keeps_its_last_config() {
        let p = parse("length(4) and digits(2) and length(10)").unwrap();
        assert_eq!(p.rules, vec![Rule::Length(10), Rule::Digits(2)]);
    }

    #[test]
    fn refuses_as_keycloak_does() {
        assert_eq!(err("noSuchPolicy"), "Password policy not found");
        assert_eq!(
            err("length(abc)"),
            "Invalid config for length: Not a valid number"
        );
        assert_eq!(
            err("regexPattern"),
            "Invalid config for regexPattern: Config required"
        );
        assert_eq!(
            err("regexPattern(*)"),
            "Invalid config for regexPattern: Not a valid regular expression"
        );
        assert_eq!(
            err("hashAlgorithm(md5)"),
            "Invalid config for hashAlgorithm: Password hashing provider not found"
        );
        assert_eq!(
            err("passwordBlacklist(../etc)"),
            "../etc must not contain slashes!"
        );
    }

    #[test]
    fn regex_must_match_the_whole_password() {
        let p = parse("regexPattern([a-z]+[0-9])").unwrap();
        let Some(Rule::RegexPattern { regex, .. }) = p.rules.first() else {
            panic!("regex rule");
        };
        assert!(regex.is_match("abcd1"));
        assert!(!regex.is_match("abcd1x"));
    }
}
