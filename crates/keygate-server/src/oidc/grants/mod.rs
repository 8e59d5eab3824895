//! One file per grant type.

pub mod authorization_code;
pub mod client_credentials;
pub mod device_code;
pub mod password;
pub mod refresh;
pub mod token_exchange;

use crate::oidc::form::Params;
use crate::realm::model::{Client, Realm};
use crate::state::AppState;

/// What every grant receives.
pub struct Ctx<'a> {
    pub state: &'a AppState,
    pub realm: &'a Realm,
    pub client: &'a Client,
    pub form: &'a Params,
    pub issuer: String,
    pub ip: Option<String>,
}
