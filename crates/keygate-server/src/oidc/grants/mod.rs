//! One file per grant type.

pub mod authorization_code;
pub mod client_credentials;
pub mod device_code;
pub mod password;
pub mod refresh;
pub mod token_exchange;

use crate::error::Result;
use crate::oidc::form::Params;
use crate::realm::model::{Client, Realm};
use crate::state::{AppState, Change};
use crate::store::sessions::SessionRow;

/// What every grant receives.
pub struct Ctx<'a> {
    pub state: &'a AppState,
    pub realm: &'a Realm,
    pub client: &'a Client,
    pub form: &'a Params,
    pub issuer: String,
    pub ip: Option<String>,
}

impl Ctx<'_> {
    /// The session new tokens belong to: the user's online session, its last access moved
    /// (written behind), or a new offline session when `offline_access` was granted.
    pub async fn token_session(
        &self,
        session: SessionRow,
        user_id: &str,
        offline: bool,
        now: i64,
    ) -> Result<SessionRow> {
        self.state.touches.record(&session.id, now);
        if !offline {
            return Ok(SessionRow {
                last_access: now,
                ..session
            });
        }
        let mut tx = self.state.begin().await?;
        let offline = crate::session::offline::create(
            &mut tx,
            &self.realm.id,
            &self.client.id,
            user_id,
            self.ip.as_deref(),
            now,
        )
        .await?;
        self.state.commit(tx, Change::Users).await?;
        Ok(offline)
    }
}
