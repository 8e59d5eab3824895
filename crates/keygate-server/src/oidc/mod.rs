//! OpenID Connect endpoints of a realm, at Keycloak's paths.

pub mod client_auth;
pub mod device;
pub mod discovery;
pub mod form;
pub mod grants;
pub mod introspect;
pub mod issue;
pub mod logout;
pub mod mappers;
pub mod token;
pub mod userinfo;
pub mod validate;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    let oidc = "/realms/{realm}/protocol/openid-connect";
    Router::new()
        .route("/realms/{realm}", get(discovery::realm_info))
        .route(
            "/realms/{realm}/.well-known/openid-configuration",
            get(discovery::openid_configuration),
        )
        .route(&format!("{oidc}/certs"), get(discovery::certs))
        .route(&format!("{oidc}/token"), post(token::token))
        .route(
            &format!("{oidc}/userinfo"),
            get(userinfo::userinfo).post(userinfo::userinfo_post),
        )
        .route(
            &format!("{oidc}/token/introspect"),
            post(introspect::introspect),
        )
        .route(
            &format!("{oidc}/logout"),
            get(logout::logout_get).post(logout::logout),
        )
        .route(&format!("{oidc}/revoke"), post(logout::revoke))
        .merge(device::routes())
}
