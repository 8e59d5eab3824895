//! Each rule's check, in Keycloak's `*PasswordPolicyProvider.validate` terms, and the
//! message keys and English texts Keycloak answers with.

use super::Rule;

/// A password a rule refuses: Keycloak's message key and its one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub key: &'static str,
    pub param: Option<String>,
}

impl Violation {
    fn new(key: &'static str, param: impl ToString) -> Violation {
        Violation {
            key,
            param: Some(param.to_string()),
        }
    }

    fn bare(key: &'static str) -> Violation {
        Violation { key, param: None }
    }

    /// A refusal by `passwordHistory(n)`.
    pub fn history(n: u32) -> Violation {
        Violation::new("invalidPasswordHistoryMessage", n)
    }

    /// A refusal by `passwordBlacklist`.
    pub fn blacklisted() -> Violation {
        Violation::bare("invalidPasswordBlacklistedMessage")
    }

    /// Keycloak's English text (`messages_en.properties`) for the key.
    pub fn message(&self) -> String {
        let p = self.param.as_deref().unwrap_or_default();
        match self.key {
            "invalidPasswordMinLengthMessage" => format!("Invalid password: minimum length {p}."),
            "invalidPasswordMaxLengthMessage" => format!("Invalid password: maximum length {p}."),
            "invalidPasswordMinDigitsMessage" => {
                format!("Invalid password: must contain at least {p} numerical digits.")
            }
            "invalidPasswordMinLowerCaseCharsMessage" => {
                format!("Invalid password: must contain at least {p} lower case characters.")
            }
            "invalidPasswordMinUpperCaseCharsMessage" => {
                format!("Invalid password: must contain at least {p} upper case characters.")
            }
            "invalidPasswordMinSpecialCharsMessage" => {
                format!("Invalid password: must contain at least {p} special characters.")
            }
            "invalidPasswordNotUsernameMessage" => {
                "Invalid password: must not be equal to the username.".into()
            }
            "invalidPasswordNotContainsUsernameMessage" => {
                "Invalid password: Can not contain the username.".into()
            }
            "invalidPasswordNotEmailMessage" => {
                "Invalid password: must not be equal to the email.".into()
            }
            "invalidPasswordRegexPatternMessage" => {
                "Invalid password: fails to match regex pattern(s).".into()
            }
            "invalidPasswordHistoryMessage" => {
                format!("Invalid password: must not be equal to any of last {p} passwords.")
            }
            "invalidPasswordBlacklistedMessage" => {
                "Invalid password: password is blacklisted.".into()
            }
            _ => "Invalid password: new password doesn't match password policies.".into(),
        }
    }
}

/// Who the password is for, as the name and email rules see them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject<'a> {
    pub username: &'a str,
    pub email: Option<&'a str>,
}

/// Java counts UTF-16 units (`String.length()`); the counts here follow it, so a policy
/// answers the same for a password outside the Basic Multilingual Plane.
fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn at_least(n: u32, key: &'static str, found: usize) -> Option<Violation> {
    (found < n as usize).then(|| Violation::new(key, n))
}

/// The refusal of one rule, if it refuses. History and blacklist need stored data and are
/// checked by the caller; here they pass.
pub fn check(rule: &Rule, who: &Subject<'_>, password: &str) -> Option<Violation> {
    let chars = || password.chars();
    match rule {
        Rule::Length(min) => at_least(*min, "invalidPasswordMinLengthMessage", java_len(password)),
        Rule::MaxLength(max) => (java_len(password) > *max as usize)
            .then(|| Violation::new("invalidPasswordMaxLengthMessage", max)),
        Rule::Digits(n) => at_least(
            *n,
            "invalidPasswordMinDigitsMessage",
            chars().filter(|c| c.is_numeric()).count(),
        ),
        Rule::LowerCase(n) => at_least(
            *n,
            "invalidPasswordMinLowerCaseCharsMessage",
            chars().filter(|c| c.is_lowercase()).count(),
        ),
        Rule::UpperCase(n) => at_least(
            *n,
            "invalidPasswordMinUpperCaseCharsMessage",
            chars().filter(|c| c.is_uppercase()).count(),
        ),
        Rule::SpecialChars(n) => at_least(
            *n,
            "invalidPasswordMinSpecialCharsMessage",
            chars().filter(|c| !c.is_alphanumeric()).count(),
        ),
        Rule::NotUsername => {
            (who.username == password).then(|| Violation::bare("invalidPasswordNotUsernameMessage"))
        }
        Rule::NotContainsUsername => (!who.username.is_empty()
            && password
                .to_lowercase()
                .contains(&who.username.to_lowercase()))
        .then(|| Violation::bare("invalidPasswordNotContainsUsernameMessage")),
        Rule::NotEmail => who
            .email
            .is_some_and(|e| e.to_lowercase() == password.to_lowercase())
            .then(|| Violation::bare("invalidPasswordNotEmailMessage")),
        Rule::RegexPattern { pattern, regex } => (!regex.is_match(password))
            .then(|| Violation::new("invalidPasswordRegexPatternMessage", pattern)),
        Rule::PasswordHistory(_)
        | Rule::ForceExpiredPasswordChange(_)
        | Rule::HashAlgorithm(_)
        | Rule::HashIterations(_)
        | Rule::PasswordBlacklist(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn first(policy: &str, who: Subject<'_>, pw: &str) -> Option<String> {
        parse(policy)
            .unwrap()
            .rules
            .iter()
            .find_map(|r| check(r, &who, pw))
            .map(|v| v.message())
    }

    const JDOE: Subject<'static> = Subject {
        username: "jdoe",
        email: Some("jdoe@example.com"),
    };

    #[test]
    fn keycloaks_examples() {
        assert_eq!(
            first("length", JDOE, "1234567").as_deref(),
            Some("Invalid password: minimum length 8.")
        );
        assert_eq!(first("length", JDOE, "12345678"), None);
        assert_eq!(
            first("maxLength(24)", JDOE, "1234567890123456789012345").as_deref(),
            Some("Invalid password: maximum length 24.")
        );
        assert!(first("digits(2)", JDOE, "abcd1").is_some());
        assert!(first("digits(2)", JDOE, "abcd12").is_none());
        assert!(first("lowerCase(2)", JDOE, "ABcD1234").is_some());
        assert!(first("lowerCase(2)", JDOE, "aBcD1234").is_none());
        assert!(first("upperCase(2)", JDOE, "abCd1234").is_some());
        assert!(first("upperCase(2)", JDOE, "AbCd1234").is_none());
        assert!(first("specialChars(2)", JDOE, "ab&d1234").is_some());
        assert!(first("specialChars(2)", JDOE, "ab&d-234").is_none());
        assert!(first("notUsername", JDOE, "jdoe").is_some());
        assert!(first("notContainsUsername", JDOE, "xxJDoexx").is_some());
        assert!(first("notEmail", JDOE, "JDOE@example.com").is_some());
        assert!(first("regexPattern([a-z][a-z][a-z][a-z][0-9])", JDOE, "jdoe").is_some());
        assert!(first("regexPattern([a-z][a-z][a-z][a-z][0-9])", JDOE, "jdoe0").is_none());
    }

    #[test]
    fn keycloaks_complex_policy() {
        let p = "length(8) and maxLength(32) and digits(2) and lowerCase(2) and upperCase(2) \
                 and specialChars(2) and notUsername()";
        for bad in ["12aaBB&", "aaaaBB&-", "12AABB&-", "12aabb&-", "12aaBBcc"] {
            assert!(first(p, JDOE, bad).is_some(), "{bad}");
        }
        let same = Subject {
            username: "12aaBB&-",
            email: None,
        };
        assert!(first(p, same, "12aaBB&-").is_some());
        assert!(first(p, JDOE, "12aaBB&-12aaBB&-12aaBB&-12aaBB&-1").is_some());
        assert!(first(p, JDOE, "12aaBB&-").is_none());
    }
}
