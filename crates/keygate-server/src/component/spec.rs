//! The shape of a provider's declared configuration, shared by the key providers and the
//! user-storage providers that describe themselves with it.

/// One configuration property (Keycloak's `ProviderConfigProperty`).
pub struct Prop {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: &'static str,
    pub default: Option<&'static str>,
    pub options: &'static [&'static str],
    pub secret: bool,
}

/// A provider: id, help text and properties.
pub struct Spec {
    pub id: &'static str,
    pub help: &'static str,
    pub props: &'static [Prop],
}
