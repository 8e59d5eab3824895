//! Client scopes, protocol mappers and scope mappings over HTTP, against Keycloak 26's
//! answers: the admin API here and in `scopes/crud.rs`, `scopes/mappers.rs` and
//! `scopes/mappings.rs`; what mappers put in tokens in `scopes/tokens.rs`.

mod crud;
mod effects;
mod mappers;
mod mappings;
mod tokens;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{self, Srv};

/// A realm with a public client `app` (direct grants), a second client `api` with roles,
/// realm roles `base` and `extra` (composite of `child`), groups `/team/dev`, and `alice`
/// holding them, with attributes.
pub struct Fixture {
    pub admin: String,
    pub realm: String,
    pub app: String,
    pub api: String,
}

impl Fixture {
    pub async fn new(srv: &Srv, prefix: &str) -> Fixture {
        Fixture::with(srv, prefix, json!({})).await
    }

    /// `app_extra` is merged into the `app` client's representation.
    pub async fn with(srv: &Srv, prefix: &str, app_extra: Value) -> Fixture {
        let admin = srv.admin_token().await;
        let realm = support::realm_name(prefix);
        let mut app = json!({"clientId": "app", "publicClient": true,
            "directAccessGrantsEnabled": true, "webOrigins": ["https://app.example"]});
        if let (Some(a), Value::Object(extra)) = (app.as_object_mut(), app_extra) {
            a.extend(extra);
        }
        let rep = json!({"realm": realm, "enabled": true,
            "clients": [app, {"clientId": "api", "publicClient": false, "secret": "s"}],
            "roles": {
                "realm": [{"name": "base"}, {"name": "child"},
                          {"name": "extra", "composite": true, "composites": {"realm": ["child"]}}],
                "client": {"api": [{"name": "read"}, {"name": "write"}], "app": [{"name": "own"}]}
            },
            "groups": [{"name": "team", "subGroups": [{"name": "dev"}]}],
            "users": [{"username": "alice", "enabled": true, "email": "alice@example.com",
                "firstName": "Alice", "lastName": "Liddell", "emailVerified": true,
                "attributes": {"colors": ["red", "blue"], "phoneNumber": ["+123"], "level": ["7"]},
                "credentials": [{"type": "password", "value": "pw"}],
                "realmRoles": ["base", "extra"],
                "clientRoles": {"api": ["read"], "app": ["own"]},
                "groups": ["/team/dev"]}]});
        srv.create_realm(&admin, rep).await;
        let app = client_uuid(srv, &admin, &realm, "app").await;
        let api = client_uuid(srv, &admin, &realm, "api").await;
        Fixture {
            admin,
            realm,
            app,
            api,
        }
    }

    pub fn path(&self, rest: &str) -> String {
        format!("/admin/realms/{}{rest}", self.realm)
    }

    pub async fn send(
        &self,
        srv: &Srv,
        method: Method,
        rest: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        send(srv, &self.admin, method, &self.path(rest), body).await
    }

    /// Asserts the status and returns the body.
    pub async fn expect(
        &self,
        srv: &Srv,
        method: Method,
        rest: &str,
        body: Option<Value>,
        want: StatusCode,
    ) -> Value {
        let (status, v) = self.send(srv, method.clone(), rest, body).await;
        assert_eq!(status, want, "{method} {rest}: {v}");
        v
    }

    /// Creates a client scope; returns its id.
    pub async fn scope(&self, srv: &Srv, rep: Value) -> String {
        let r = srv
            .post(&self.admin, &self.path("/client-scopes"), &rep)
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "create scope {rep}");
        support::location_id(&r)
    }

    /// Scope id by name.
    pub async fn scope_id(&self, srv: &Srv, name: &str) -> String {
        let list = self
            .expect(srv, Method::GET, "/client-scopes", None, StatusCode::OK)
            .await;
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("scope {name}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A password-grant token response for alice through `app`.
    pub async fn token(&self, srv: &Srv, scope: Option<&str>) -> Value {
        let mut form = vec![
            ("grant_type", "password"),
            ("client_id", "app"),
            ("username", "alice"),
            ("password", "pw"),
        ];
        if let Some(s) = scope {
            form.push(("scope", s));
        }
        let r = srv.oidc_form(&self.realm, "token", &form).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// Access token claims, id token claims (if any) and userinfo for one grant.
    pub async fn all_claims(&self, srv: &Srv, scope: &str) -> (Value, Value, Value) {
        let t = self.token(srv, Some(scope)).await;
        let at = t["access_token"].as_str().unwrap();
        let info: Value = srv
            .http
            .get(srv.url(&format!(
                "/realms/{}/protocol/openid-connect/userinfo",
                self.realm
            )))
            .bearer_auth(at)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = t["id_token"]
            .as_str()
            .map(support::claims)
            .unwrap_or(Value::Null);
        (support::claims(at), id, info)
    }
}

pub async fn send(
    srv: &Srv,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = srv.http.request(method, srv.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn client_uuid(srv: &Srv, admin: &str, realm: &str, client_id: &str) -> String {
    let r = srv
        .get(
            admin,
            &format!("/admin/realms/{realm}/clients?clientId={client_id}"),
        )
        .await;
    let list: Value = r.json().await.unwrap();
    list[0]["id"].as_str().unwrap().to_string()
}

/// Names in a JSON list of representations.
pub fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect()
}

/// A mapper representation.
pub fn mapper(name: &str, kind: &str, config: Value) -> Value {
    json!({"name": name, "protocol": "openid-connect", "protocolMapper": kind, "config": config})
}

/// The realm roles in a token.
pub fn realm_roles(claims: &Value) -> Vec<String> {
    claims["realm_access"]["roles"]
        .as_array()
        .map(|a| a.iter().map(|r| r.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}
