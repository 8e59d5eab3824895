//! What the clients people run send and Keycloak accepts (issue 11): each test here is a
//! request shape one of python-keycloak, keycloak-admin-client, keycloak-js or gocloak sends.

mod client_defaults;
mod cors;
mod default_keys;
mod form_scraping;
mod realm_defaults;
mod trailing_slash;
mod unknown_fields;
mod unknown_realm;
