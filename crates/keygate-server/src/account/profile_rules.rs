//! The realm's user profile as the user sees it on the account API (Keycloak's `ACCOUNT`
//! context): which attributes the user may view and edit, what is required, and the
//! checks an update must pass. Plain functions over the UPConfig JSON and the user row.

use serde_json::{json, Map, Value};

use crate::error::FieldError;
use crate::store::users::UserRow;

/// The attributes kept in the user row itself rather than as attributes.
pub const ROOT: [&str; 4] = ["username", "email", "firstName", "lastName"];

/// What the realm lets the user do with the profile.
pub struct View<'a> {
    pub config: &'a Value,
    pub edit_username: bool,
}

fn has_user(v: Option<&Value>) -> bool {
    v.and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|r| r.as_str() == Some("user")))
}

impl<'a> View<'a> {
    pub fn attributes(&self) -> impl Iterator<Item = &'a Value> {
        self.config
            .get("attributes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    }

    pub fn declared(&self, name: &str) -> Option<&'a Value> {
        self.attributes().find(|a| a["name"] == name)
    }

    pub fn can_view(a: &Value) -> bool {
        let p = a.get("permissions");
        has_user(p.and_then(|p| p.get("view"))) || has_user(p.and_then(|p| p.get("edit")))
    }

    /// Whether the user may change the attribute.
    pub fn can_edit(&self, a: &Value) -> bool {
        let edit = has_user(a.get("permissions").and_then(|p| p.get("edit")));
        edit && (a["name"] != "username" || self.edit_username)
    }

    /// Required of the user: `required` with no roles, or with the `user` role.
    pub fn required(a: &Value) -> bool {
        match a.get("required").filter(|r| !r.is_null()) {
            None => false,
            Some(r) => {
                let roles = r.get("roles").and_then(Value::as_array);
                roles.is_none_or(|x| x.is_empty()) || has_user(r.get("roles"))
            }
        }
    }

    /// Attributes outside the profile are the user's own only under policy `ENABLED`.
    pub fn unmanaged_visible(&self) -> bool {
        self.config
            .get("unmanagedAttributePolicy")
            .and_then(Value::as_str)
            == Some("ENABLED")
    }

    /// `userProfileMetadata`: the attributes the user can see, as the account console
    /// renders them.
    pub fn metadata(&self) -> Value {
        let attributes: Vec<Value> = self
            .attributes()
            .filter(|a| Self::can_view(a))
            .map(|a| {
                let name = a.get("name").cloned().unwrap_or(Value::Null);
                let mut m = Map::new();
                m.insert("name".into(), name.clone());
                m.insert(
                    "displayName".into(),
                    a.get("displayName").cloned().unwrap_or(name),
                );
                m.insert("required".into(), json!(Self::required(a)));
                m.insert("readOnly".into(), json!(!self.can_edit(a)));
                for (from, to) in [
                    ("validations", "validators"),
                    ("annotations", "annotations"),
                    ("group", "group"),
                ] {
                    if let Some(v) = a.get(from).filter(|v| !v.is_null()) {
                        m.insert(to.into(), v.clone());
                    }
                }
                let multi = a.get("multivalued").and_then(Value::as_bool);
                m.insert("multivalued".into(), json!(multi.unwrap_or(false)));
                Value::Object(m)
            })
            .collect();
        let groups: Vec<Value> = self
            .config
            .get("groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        json!({"attributes": attributes, "groups": groups})
    }

    /// The non-root attributes the user can see, with their values.
    pub fn visible_attributes(&self, user: &UserRow) -> Map<String, Value> {
        let mut out = Map::new();
        for (name, value) in &user.attributes {
            let shown = match self.declared(name) {
                Some(a) => !ROOT.contains(&name.as_str()) && Self::can_view(a),
                None => self.unmanaged_visible() && !ROOT.contains(&name.as_str()),
            };
            if !shown {
                continue;
            }
            if let Value::Array(values) = out
                .entry(name.clone())
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                values.push(Value::String(value.clone()));
            }
        }
        out
    }

    /// Whether the user may set this non-root attribute.
    pub fn can_set_attribute(&self, name: &str) -> bool {
        match self.declared(name) {
            Some(a) => self.can_edit(a),
            None => self.unmanaged_visible(),
        }
    }

    pub fn display_name(&self, name: &str) -> Value {
        self.declared(name)
            .and_then(|a| a.get("displayName"))
            .filter(|d| !d.is_null())
            .cloned()
            .unwrap_or_else(|| json!(name))
    }

    fn error(&self, name: &str, message: &'static str, extra: &[Value]) -> FieldError {
        let mut params = vec![self.display_name(name)];
        params.extend_from_slice(extra);
        FieldError {
            field: name.to_string(),
            error_message: message,
            params,
        }
    }

    pub fn read_only(&self, name: &str) -> FieldError {
        self.error(name, "error-user-attribute-read-only", &[])
    }

    /// Checks one text attribute's new value against its declared validations.
    pub fn check(&self, name: &str, value: Option<&str>) -> Option<FieldError> {
        let a = self.declared(name)?;
        let Some(v) = value.filter(|v| !v.is_empty()) else {
            return Self::required(a)
                .then(|| self.error(name, "error-user-attribute-required", &[]));
        };
        let rules = a.get("validations").and_then(Value::as_object)?;
        if let Some(len) = rules.get("length") {
            let bound = |k: &str| {
                len.get(k)
                    .and_then(|x| x.as_u64().or_else(|| x.as_str()?.trim().parse().ok()))
            };
            let n = v.chars().count() as u64;
            let (min, max) = (bound("min"), bound("max"));
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                let (min, max) = (min.unwrap_or(0), max.unwrap_or(u64::MAX));
                return Some(self.error(name, "error-invalid-length", &[json!(min), json!(max)]));
            }
        }
        if rules.contains_key("email") && !valid_email(v) {
            return Some(self.error(name, "invalidEmailMessage", &[]));
        }
        if rules.contains_key("person-name-prohibited-characters")
            && v.chars().any(|c| "<>&\"$%!#?§;*~/\\|^=[]{}()".contains(c))
        {
            return Some(self.error(name, "error-person-name-invalid-character", &[]));
        }
        None
    }
}

/// An address Keycloak's email validator would take: one `@`, a non-empty local part of
/// at most 64 characters, a dotted-or-not domain of letters, digits, `-` and `.`.
pub fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let domain_ok = !domain.is_empty()
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::profile::default_config;

    #[test]
    fn emails() {
        for ok in ["a@b.c", "alice.liddell@example.org", "x+y@localhost"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "@b", "a@", "a@@b", "a b@c.d", "a@b..c", ".a@b.c", "a@-b.c",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn default_profile_for_the_user() {
        let cfg = default_config();
        let view = View {
            config: &cfg,
            edit_username: false,
        };
        let meta = view.metadata();
        let username = &meta["attributes"][0];
        assert_eq!(username["name"], "username");
        assert_eq!(username["readOnly"], true);
        let email = &meta["attributes"][1];
        assert_eq!(email["required"], true);
        assert_eq!(email["readOnly"], false);
        let e = view.check("email", Some("nope")).unwrap();
        assert_eq!(e.error_message, "invalidEmailMessage");
        assert_eq!(e.params, vec![json!("${email}")]);
        let e = view.check("firstName", None).unwrap();
        assert_eq!(e.error_message, "error-user-attribute-required");
        assert!(view.check("lastName", Some("Liddell")).is_none());
    }
}
