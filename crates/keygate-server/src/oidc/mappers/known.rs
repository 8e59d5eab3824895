//! The protocol mapper types Keycloak ships: a mapper of another type names a provider that
//! does not exist, and Keycloak refuses to store it.

/// Keycloak 26's built-in mapper provider ids (OIDC and SAML). Keygate applies the OIDC
/// ones it knows how to (see `apply`); the rest are stored and kept, as on a Keycloak
/// where they would be configured but inert for this client's protocol.
pub const PROVIDERS: &[&str] = &[
    "oidc-acr-mapper",
    "oidc-address-mapper",
    "oidc-allowed-origins-mapper",
    "oidc-amr-mapper",
    "oidc-audience-mapper",
    "oidc-audience-resolve-mapper",
    "oidc-claims-param-token-mapper",
    "oidc-full-name-mapper",
    "oidc-group-membership-mapper",
    "oidc-hardcoded-claim-mapper",
    "oidc-hardcoded-role-mapper",
    "oidc-nonce-backwards-compatible-mapper",
    "oidc-organization-membership-mapper",
    "oidc-role-name-mapper",
    "oidc-sha256-pairwise-sub-mapper",
    "oidc-sub-mapper",
    "oidc-usermodel-attribute-mapper",
    "oidc-usermodel-client-role-mapper",
    "oidc-usermodel-property-mapper",
    "oidc-usermodel-realm-role-mapper",
    "oidc-usersessionmodel-note-mapper",
    "saml-audience-mapper",
    "saml-audience-resolve-mapper",
    "saml-group-membership-mapper",
    "saml-hardcode-attribute-mapper",
    "saml-hardcode-role-mapper",
    "saml-role-list-mapper",
    "saml-role-name-mapper",
    "saml-user-attribute-mapper",
    "saml-user-property-mapper",
    "saml-user-session-note-mapper",
];

/// Whether a mapper's `protocolMapper` names a provider Keycloak has.
pub fn exists(provider: Option<&str>) -> bool {
    provider.is_some_and(|p| PROVIDERS.contains(&p))
}
