//! User-storage providers Keycloak ships (`ldap`), described by their configuration
//! properties as Keycloak's factories declare them. Keygate does not federate users; it keeps
//! these components as stored and needs the metadata to know which values are secret.

use super::spec::{Prop, Spec};

/// Keycloak's `UserStorageProvider` component type.
pub const USER_STORAGE: &str = "org.keycloak.storage.UserStorageProvider";

/// Keycloak's `ProviderConfigProperty.PASSWORD` type.
const PASSWORD: &str = "Password";

const fn p(name: &'static str, kind: &'static str, default: Option<&'static str>) -> Prop {
    Prop {
        name,
        label: name,
        help: "",
        kind,
        default,
        options: &[],
        secret: false,
    }
}

const S: &str = "String";
const B: &str = "boolean";

/// `LDAPStorageProviderFactory`'s properties.
const LDAP: &[Prop] = &[
    p("editMode", S, None),
    p("importEnabled", B, Some("true")),
    p("syncRegistrations", B, Some("false")),
    p("vendor", S, None),
    p("usePasswordModifyExtendedOp", B, None),
    p("usernameLDAPAttribute", S, None),
    p("rdnLDAPAttribute", S, None),
    p("uuidLDAPAttribute", S, None),
    p("userObjectClasses", S, None),
    p("connectionUrl", S, None),
    p("usersDn", S, None),
    p("relativeCreateDn", S, None),
    p("authType", S, Some("simple")),
    p("startTls", B, None),
    p("bindDn", S, None),
    Prop {
        secret: true,
        ..p("bindCredential", PASSWORD, None)
    },
    p("customUserSearchFilter", S, None),
    p("searchScope", S, Some("1")),
    p("validatePasswordPolicy", B, Some("false")),
    p("trustEmail", B, Some("false")),
    p("useTruststoreSpi", S, Some("always")),
    p("connectionPooling", B, Some("true")),
    p("connectionTimeout", S, None),
    p("readTimeout", S, None),
    p("pagination", B, Some("true")),
    p("referral", S, None),
    p("allowKerberosAuthentication", B, Some("false")),
    p("serverPrincipal", S, None),
    p("keyTab", S, None),
    p("kerberosRealm", S, None),
    p("krbPrincipalAttribute", S, None),
    p("debug", B, Some("false")),
    p("useKerberosForPasswordAuthentication", B, Some("false")),
    p("connectionTrace", B, Some("false")),
    p("enableLdapPasswordPolicy", B, Some("false")),
];

pub const SPECS: &[Spec] = &[Spec {
    id: "ldap",
    help: "LDAP",
    props: LDAP,
}];
