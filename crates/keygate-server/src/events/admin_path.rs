//! Which admin event a successful admin write is: its `operationType` and `resourceType`
//! from the method and the path under `/admin/realms/{realm}/`, following the values
//! Keycloak's admin resources pass to their `AdminEventBuilder`.

/// The event a write records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub operation: &'static str,
    pub resource: &'static str,
}

/// Actions on a user: `ACTION`, not `UPDATE`.
const USER_ACTIONS: &[&str] = &[
    "reset-password",
    "reset-password-email",
    "execute-actions-email",
    "send-verify-email",
    "logout",
    "disable-credential-types",
    "impersonation",
    "credentials",
    "consents",
];

/// Realm-wide actions.
const REALM_ACTIONS: &[&str] = &[
    "logout-all",
    "push-revocation",
    "clear-realm-cache",
    "clear-user-cache",
    "clear-keys-cache",
    "partialImport",
];

/// POSTs that change nothing and record no event.
const READS: &[&str] = &[
    "partial-export",
    "testSMTPConnection",
    "testLDAPConnection",
    "ldap-server-capabilities",
];

fn by_method(method: &str) -> Option<&'static str> {
    match method {
        "POST" => Some("CREATE"),
        "PUT" => Some("UPDATE"),
        "DELETE" => Some("DELETE"),
        _ => None,
    }
}

/// `PUT` that links an existing thing (a group membership, a default scope): `CREATE`.
fn link(method: &str) -> Option<&'static str> {
    match method {
        "PUT" | "POST" => Some("CREATE"),
        "DELETE" => Some("DELETE"),
        _ => None,
    }
}

/// Role and scope mappings below a user, group, client or client scope.
fn mapping(rest: &[&str], realm: &'static str, client: &'static str) -> Option<&'static str> {
    match rest.first() {
        Some(&"realm") => Some(realm),
        Some(&"clients") => Some(client),
        _ => None,
    }
}

/// Classifies a write; `None` for requests that record nothing.
pub fn classify(method: &str, segs: &[&str]) -> Option<Kind> {
    let op = by_method(method)?;
    let kind = |operation: &'static str, resource: &'static str| {
        Some(Kind {
            operation,
            resource,
        })
    };
    let Some((&head, tail)) = segs.split_first() else {
        return (method == "PUT").then_some(Kind {
            operation: "UPDATE",
            resource: "REALM",
        });
    };
    match head {
        "events" | "admin-events" if tail.is_empty() => None,
        "events" => kind(op, "REALM"),
        _ if READS.contains(&head) => None,
        _ if REALM_ACTIONS.contains(&head) => kind("ACTION", "REALM"),
        "users" | "groups" => subject(method, op, head, tail),
        "clients" => client(method, op, tail),
        "roles" | "roles-by-id" => kind(op, "REALM_ROLE"),
        "client-scopes" => client_scope(op, tail),
        "default-default-client-scopes" | "default-optional-client-scopes" => {
            kind(link(method)?, "CLIENT_SCOPE")
        }
        "default-groups" => kind(link(method)?, "GROUP"),
        "components" => kind(op, "COMPONENT"),
        "identity-provider" => match tail {
            ["import-config", ..] => None,
            [_, _, "mappers", ..] => kind(op, "IDENTITY_PROVIDER_MAPPER"),
            _ => kind(op, "IDENTITY_PROVIDER"),
        },
        "authentication" => kind(op, authentication(tail)),
        "attack-detection" => kind(op, "USER_LOGIN_FAILURE"),
        "sessions" => kind(op, "USER_SESSION"),
        "localization" => kind(op, "REALM_LOCALIZATION"),
        "clients-initial-access" => kind(op, "CLIENT_INITIAL_ACCESS_MODEL"),
        "organizations" => match tail {
            [_, "members", ..] => kind(op, "ORGANIZATION_MEMBERSHIP"),
            _ => kind(op, "ORGANIZATION"),
        },
        _ => kind(op, "REALM"),
    }
}

/// Users and groups share role mappings; users add memberships and actions.
fn subject(method: &str, op: &'static str, head: &str, tail: &[&str]) -> Option<Kind> {
    let resource = if head == "users" { "USER" } else { "GROUP" };
    let (operation, resource) = match tail {
        [_, "role-mappings", rest @ ..] => (
            op,
            mapping(rest, "REALM_ROLE_MAPPING", "CLIENT_ROLE_MAPPING").unwrap_or(resource),
        ),
        [_, "groups", _] if head == "users" => (link(method)?, "GROUP_MEMBERSHIP"),
        [_, action, ..] if head == "users" && USER_ACTIONS.contains(action) => ("ACTION", "USER"),
        [_, "federated-identity", ..] => (op, "USER"),
        _ => (op, resource),
    };
    Some(Kind {
        operation,
        resource,
    })
}

fn client(method: &str, op: &'static str, tail: &[&str]) -> Option<Kind> {
    let (operation, resource) = match tail {
        [_, "roles", ..] => (op, "CLIENT_ROLE"),
        [_, "protocol-mappers", ..] => (op, "PROTOCOL_MAPPER"),
        [_, "scope-mappings", rest @ ..] => (
            op,
            mapping(rest, "REALM_SCOPE_MAPPING", "CLIENT_SCOPE_MAPPING")?,
        ),
        [_, "default-client-scopes" | "optional-client-scopes", _] => {
            (link(method)?, "CLIENT_SCOPE_CLIENT_MAPPING")
        }
        [_, "client-secret" | "registration-access-token" | "push-revocation", ..] => {
            ("ACTION", "CLIENT")
        }
        [_, "nodes", ..] => (op, "CLUSTER_NODE"),
        [_, "authz", "resource-server", kind, ..] => (
            op,
            match *kind {
                "resource" => "AUTHORIZATION_RESOURCE",
                "scope" => "AUTHORIZATION_SCOPE",
                "policy" | "permission" => "AUTHORIZATION_POLICY",
                _ => "AUTHORIZATION_RESOURCE_SERVER",
            },
        ),
        [_, "authz", ..] => (op, "AUTHORIZATION_RESOURCE_SERVER"),
        _ => (op, "CLIENT"),
    };
    Some(Kind {
        operation,
        resource,
    })
}

fn client_scope(op: &'static str, tail: &[&str]) -> Option<Kind> {
    let resource = match tail {
        [_, "protocol-mappers", ..] => "PROTOCOL_MAPPER",
        [_, "scope-mappings", rest @ ..] => {
            mapping(rest, "REALM_SCOPE_MAPPING", "CLIENT_SCOPE_MAPPING")?
        }
        _ => "CLIENT_SCOPE",
    };
    Some(Kind {
        operation: op,
        resource,
    })
}

fn authentication(tail: &[&str]) -> &'static str {
    match tail {
        ["flows", _, "executions", "flow", ..] => "AUTH_EXECUTION_FLOW",
        ["flows", _, "executions", ..] => "AUTH_EXECUTION",
        ["flows", ..] => "AUTH_FLOW",
        ["executions", _, "config", ..] | ["config", ..] => "AUTHENTICATOR_CONFIG",
        ["executions", ..] => "AUTH_EXECUTION",
        ["required-actions", ..] | ["register-required-action", ..] => "REQUIRED_ACTION",
        _ => "AUTH_FLOW",
    }
}

/// Decodes `%XX` escapes of a path segment (Keycloak's resource paths are decoded).
pub fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16);
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(method: &str, path: &str) -> Option<(&'static str, &'static str)> {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        classify(method, &segs).map(|k| (k.operation, k.resource))
    }

    #[test]
    fn keycloak_resource_types() {
        assert_eq!(c("POST", "users"), Some(("CREATE", "USER")));
        assert_eq!(c("PUT", "users/1"), Some(("UPDATE", "USER")));
        assert_eq!(
            c("PUT", "users/1/groups/2"),
            Some(("CREATE", "GROUP_MEMBERSHIP"))
        );
        assert_eq!(
            c("DELETE", "users/1/groups/2"),
            Some(("DELETE", "GROUP_MEMBERSHIP"))
        );
        assert_eq!(
            c("POST", "users/1/role-mappings/realm"),
            Some(("CREATE", "REALM_ROLE_MAPPING"))
        );
        assert_eq!(
            c("DELETE", "groups/1/role-mappings/clients/x"),
            Some(("DELETE", "CLIENT_ROLE_MAPPING"))
        );
        assert_eq!(c("PUT", "users/1/reset-password"), Some(("ACTION", "USER")));
        assert_eq!(
            c("POST", "clients/1/roles"),
            Some(("CREATE", "CLIENT_ROLE"))
        );
        assert_eq!(
            c("POST", "clients/1/client-secret"),
            Some(("ACTION", "CLIENT"))
        );
        assert_eq!(c("POST", "roles"), Some(("CREATE", "REALM_ROLE")));
        assert_eq!(c("POST", "client-scopes"), Some(("CREATE", "CLIENT_SCOPE")));
        assert_eq!(c("POST", "components"), Some(("CREATE", "COMPONENT")));
        assert_eq!(c("PUT", "events/config"), Some(("UPDATE", "REALM")));
        assert_eq!(c("PUT", ""), Some(("UPDATE", "REALM")));
        assert_eq!(c("DELETE", ""), None);
        assert_eq!(c("DELETE", "events"), None);
        assert_eq!(c("GET", "users"), None);
        assert_eq!(c("POST", "logout-all"), Some(("ACTION", "REALM")));
    }

    #[test]
    fn decodes_segments() {
        assert_eq!(decode("a%20b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }
}
