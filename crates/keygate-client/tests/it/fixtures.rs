//! What most admin tests start from: an admin token and a fresh realm with a user who
//! can log in through a confidential client.

use keygate_client::model::{ClientRepresentation, RealmRepresentation, UserRepresentation};
use keygate_client::{GetClientsParams, KeygateClient};

use crate::support::{realm_name, Srv};

/// A fresh realm, seen through an admin's eyes.
pub struct Fx {
    pub kc: KeygateClient,
    pub token: String,
    pub realm: String,
}

/// The client users log in through: `app` / `app-secret`.
pub const APP: &str = "app";
pub const APP_SECRET: &str = "app-secret";

impl Fx {
    /// A new realm named after `prefix`, with the confidential client `app`.
    pub async fn new(srv: &Srv, prefix: &str) -> Fx {
        let kc = KeygateClient::new(&srv.base);
        let token = kc
            .login_admin("admin", "admin", "master")
            .await
            .expect("admin login")
            .access_token;
        let realm = realm_name(prefix);
        let rep = RealmRepresentation {
            realm: Some(realm.clone()),
            enabled: Some(true),
            clients: Some(vec![ClientRepresentation {
                client_id: Some(APP.into()),
                secret: Some(APP_SECRET.into()),
                direct_access_grants_enabled: Some(true),
                service_accounts_enabled: Some(true),
                ..Default::default()
            }]),
            ..Default::default()
        };
        kc.create_realm(&token, &rep).await.expect("create realm");
        Fx { kc, token, realm }
    }

    /// Creates an enabled user with password `pw`; returns its id.
    pub async fn user(&self, name: &str) -> String {
        let id = self
            .kc
            .create_user(
                &self.token,
                &self.realm,
                &UserRepresentation {
                    username: Some(name.into()),
                    email: Some(format!("{name}@example.com")),
                    first_name: Some("Test".into()),
                    last_name: Some(name.into()),
                    enabled: Some(true),
                    ..Default::default()
                },
            )
            .await
            .expect("create user");
        self.kc
            .set_password(&self.token, &id, &self.realm, "pw", false)
            .await
            .expect("set password");
        id
    }

    /// The internal id of a client of the realm.
    pub async fn client_uuid(&self, client_id: &str) -> String {
        let params = GetClientsParams {
            client_id: Some(client_id.into()),
            ..Default::default()
        };
        let found = self
            .kc
            .get_clients(&self.token, &self.realm, &params)
            .await
            .expect("clients");
        found[0].id.clone().expect("client id")
    }

    /// The verified claims of a fresh access token of `user` through `app`.
    pub async fn claims(&self, user: &str) -> keygate_client::model::AccessTokenClaims {
        let t = self
            .kc
            .login(APP, APP_SECRET, &self.realm, user, "pw")
            .await
            .expect("login");
        self.kc
            .decode_access_token(&t.access_token, &self.realm)
            .await
            .expect("verified token")
    }
}
