//! What most admin tests start from: an admin token and a fresh realm with a user who
//! can log in through a confidential client.

use keygate_client::model::{
    ClientRepresentation, RealmRepresentation, RoleRepresentation, UserRepresentation,
};
use keygate_client::{Credentials, GetClientsParams, KeygateClient, TokenSource};

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

/// A client for the test server and a master-realm admin token.
pub async fn admin(srv: &Srv) -> (KeygateClient, String) {
    let kc = KeygateClient::new(&srv.base);
    let token = kc
        .login_admin("admin", "admin", "master")
        .await
        .expect("admin login")
        .access_token;
    (kc, token)
}

/// Creates an empty realm named after `prefix`; returns its name.
pub async fn bare_realm(kc: &KeygateClient, token: &str, prefix: &str) -> String {
    let realm = realm_name(prefix);
    let rep = RealmRepresentation {
        realm: Some(realm.clone()),
        ..Default::default()
    };
    kc.create_realm(token, &rep).await.expect("create realm");
    realm
}

/// A token source for the master realm's admin, through `admin-cli`.
pub fn admin_source(kc: &KeygateClient) -> TokenSource {
    TokenSource::new(
        kc.clone(),
        "master",
        Credentials::Password {
            client_id: "admin-cli".into(),
            client_secret: String::new(),
            username: "admin".into(),
            password: "admin".into(),
        },
    )
}

/// A role representation carrying only a name, as creation takes it.
pub fn role(name: &str) -> RoleRepresentation {
    RoleRepresentation {
        name: Some(name.into()),
        ..Default::default()
    }
}

impl Fx {
    /// A new realm named after `prefix`, with the confidential client `app`.
    pub async fn new(srv: &Srv, prefix: &str) -> Fx {
        let (kc, token) = admin(srv).await;
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

    /// Creates a bearer-only client; returns its internal id.
    pub async fn bearer_client(&self, client_id: &str) -> String {
        let rep = ClientRepresentation {
            client_id: Some(client_id.into()),
            bearer_only: Some(true),
            ..Default::default()
        };
        self.kc
            .create_client(&self.token, &self.realm, &rep)
            .await
            .expect("create client")
    }

    /// Creates the realm role `realm_role` and the role `client_role` of the client with
    /// internal id `client`; returns both as stored.
    pub async fn roles(
        &self,
        realm_role: &str,
        client: &str,
        client_role: &str,
    ) -> (RoleRepresentation, RoleRepresentation) {
        let (kc, t, r) = (&self.kc, self.token.as_str(), self.realm.as_str());
        kc.create_realm_role(t, r, &role(realm_role))
            .await
            .expect("create realm role");
        kc.create_client_role(t, r, client, &role(client_role))
            .await
            .expect("create client role");
        (
            kc.get_realm_role(t, r, realm_role)
                .await
                .expect("realm role"),
            kc.get_client_role(t, r, client, client_role)
                .await
                .expect("client role"),
        )
    }

    /// Creates the role `name` of the client with internal id `client`; returns it as
    /// stored, id included.
    pub async fn client_role(&self, client: &str, name: &str) -> RoleRepresentation {
        let (kc, t, r) = (&self.kc, self.token.as_str(), self.realm.as_str());
        kc.create_client_role(t, r, client, &role(name))
            .await
            .expect("create client role");
        kc.get_client_role(t, r, client, name)
            .await
            .expect("client role")
    }
}
