//! Authorization services over HTTP, against Keycloak 26's answers: the resource server
//! and its settings (`authz/settings.rs`), resources and scopes (`authz/resources.rs`),
//! policies and permissions (`authz/policies.rs`), policy evaluation
//! (`authz/evaluate.rs`) and realm export/import (`authz/export.rs`).

mod evaluate;
mod export;
mod policies;
mod resources;
mod settings;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::scopes::{client_uuid, send};
use crate::support::{self, Srv};

/// A realm with roles `reader` and `writer`, groups `/org/team`, users `alice` (reader,
/// in `/org/team`, attribute `dept=sales`), `bob`, `viewer` (view-clients), a
/// confidential client `other`, and
/// `rs` created through the admin API with authorization services on.
pub struct Fx {
    pub admin: String,
    pub realm: String,
    pub rs: String,
    pub other: String,
}

impl Fx {
    pub async fn new(srv: &Srv, prefix: &str) -> Fx {
        let admin = srv.admin_token().await;
        let realm = support::realm_name(prefix);
        let rep = json!({"realm": realm, "enabled": true,
            "clients": [{"clientId": "other", "publicClient": false, "secret": "s"}],
            "roles": {"realm": [{"name": "reader"}, {"name": "writer"}]},
            "groups": [{"name": "org", "subGroups": [{"name": "team"}]}],
            "users": [
                {"username": "alice", "enabled": true, "email": "alice@example.com",
                 "attributes": {"dept": ["sales"]},
                 "credentials": [{"type": "password", "value": "pw"}],
                 "realmRoles": ["reader"], "groups": ["/org/team"]},
                {"username": "bob", "enabled": true, "email": "bob@corp.test",
                 "credentials": [{"type": "password", "value": "pw"}]},
                {"username": "viewer", "enabled": true,
                 "credentials": [{"type": "password", "value": "pw"}],
                 "clientRoles": {"realm-management": ["view-clients"]}}]});
        srv.create_realm(&admin, rep).await;
        let body = json!({"clientId": "rs", "secret": "rs-secret",
            "authorizationServicesEnabled": true});
        let (status, v) = send(
            srv,
            &admin,
            Method::POST,
            &format!("/admin/realms/{realm}/clients"),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "create rs: {v}");
        let rs = client_uuid(srv, &admin, &realm, "rs").await;
        let other = client_uuid(srv, &admin, &realm, "other").await;
        Fx {
            admin,
            realm,
            rs,
            other,
        }
    }

    /// `/admin/realms/{realm}{rest}`.
    pub fn path(&self, rest: &str) -> String {
        format!("/admin/realms/{}{rest}", self.realm)
    }

    /// The resource server's path plus `rest`.
    pub fn authz(&self, rest: &str) -> String {
        self.path(&format!("/clients/{}/authz/resource-server{rest}", self.rs))
    }

    /// Sends to the resource server (`rest` under it), asserting the status.
    pub async fn call(
        &self,
        srv: &Srv,
        method: Method,
        rest: &str,
        body: Option<Value>,
        want: StatusCode,
    ) -> Value {
        let (status, v) = send(srv, &self.admin, method.clone(), &self.authz(rest), body).await;
        assert_eq!(status, want, "{method} {rest}: {v}");
        v
    }

    pub async fn create(&self, srv: &Srv, rest: &str, body: Value) -> Value {
        self.call(srv, Method::POST, rest, Some(body), StatusCode::CREATED)
            .await
    }

    /// A user's id by username.
    pub async fn user_id(&self, srv: &Srv, username: &str) -> String {
        let (_, v) = send(
            srv,
            &self.admin,
            Method::GET,
            &self.path(&format!("/users?username={username}&exact=true")),
            None,
        )
        .await;
        v[0]["id"].as_str().unwrap().to_string()
    }

    /// Evaluates for `user` (all resources when `resources` is empty); returns the body.
    pub async fn evaluate(&self, srv: &Srv, user: &str, resources: Value) -> Value {
        let body = json!({"userId": user, "resources": resources, "context": {"attributes": {}}});
        self.call(
            srv,
            Method::POST,
            "/policy/evaluate",
            Some(body),
            StatusCode::OK,
        )
        .await
    }
}

/// The names of a list's items.
pub fn names(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x["name"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}
