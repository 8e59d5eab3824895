//! Tried as a new user would: a realm built only through the admin API (a group tree,
//! composite realm and client roles, a client scope with mappers, a client mapper) issues
//! tokens whose claims are exactly what the admin API says the user has.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{claims, location_id, realm_name, Srv};

struct Story {
    token: String,
    base: String,
}

impl Story {
    async fn post(&self, srv: &Srv, path: &str, body: Value) -> reqwest::Response {
        let r = srv
            .post(&self.token, &format!("{}{path}", self.base), &body)
            .await;
        assert!(r.status().is_success(), "POST {path}: {}", r.status());
        r
    }
    async fn put(&self, srv: &Srv, path: &str, body: Value) {
        let r = srv
            .put(&self.token, &format!("{}{path}", self.base), &body)
            .await;
        assert!(r.status().is_success(), "PUT {path}: {}", r.status());
    }
    async fn get(&self, srv: &Srv, path: &str) -> Value {
        let r = srv.get(&self.token, &format!("{}{path}", self.base)).await;
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.json().await.expect("json")
    }
}

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|r| r["name"].as_str().expect("name").to_string())
        .collect()
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

both_stores!(token_claims_match_the_admin_api, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let realm = realm_name("story");
    srv.create_realm(&token, json!({"realm": realm, "enabled": true}))
        .await;
    let s = Story {
        token,
        base: format!("/admin/realms/{realm}"),
    };

    // Client with its own roles; `reports-view` is granted only through a composite.
    let portal = srv
        .create_client(&s.token, &realm, "portal", "s3cret")
        .await;
    for r in ["reports-view", "reports-edit"] {
        s.post(
            &srv,
            &format!("/clients/{portal}/roles"),
            json!({"name": r}),
        )
        .await;
    }
    for r in ["employee", "manager", "auditor", "unused"] {
        s.post(&srv, "/roles", json!({"name": r})).await;
    }
    let employee = s.get(&srv, "/roles/employee").await;
    let view = s
        .get(&srv, &format!("/clients/{portal}/roles/reports-view"))
        .await;
    s.post(&srv, "/roles/manager/composites", json!([employee, view]))
        .await;

    // Group tree /company/engineering/backend; roles sit on the middle group.
    let company = location_id(&s.post(&srv, "/groups", json!({"name": "company"})).await);
    let eng = location_id(
        &s.post(
            &srv,
            &format!("/groups/{company}/children"),
            json!({"name": "engineering"}),
        )
        .await,
    );
    let backend = location_id(
        &s.post(
            &srv,
            &format!("/groups/{eng}/children"),
            json!({"name": "backend"}),
        )
        .await,
    );
    let manager = s.get(&srv, "/roles/manager").await;
    s.post(
        &srv,
        &format!("/groups/{eng}/role-mappings/realm"),
        json!([manager]),
    )
    .await;
    let edit = s
        .get(&srv, &format!("/clients/{portal}/roles/reports-edit"))
        .await;
    s.post(
        &srv,
        &format!("/groups/{company}/role-mappings/clients/{portal}"),
        json!([edit]),
    )
    .await;

    // Alice: in backend, auditor directly, with a department attribute.
    let alice = srv
        .create_user(&s.token, &realm, "alice", "pw-alice-1")
        .await;
    let mut rep = s.get(&srv, &format!("/users/{alice}")).await;
    rep["attributes"] = json!({"department": ["backend"]});
    s.put(&srv, &format!("/users/{alice}"), rep).await;
    s.put(&srv, &format!("/users/{alice}/groups/{backend}"), json!({}))
        .await;
    let auditor = s.get(&srv, "/roles/auditor").await;
    s.post(
        &srv,
        &format!("/users/{alice}/role-mappings/realm"),
        json!([auditor]),
    )
    .await;

    // A default client scope with mappers, and a hardcoded claim on the client itself.
    let org = location_id(
        &s.post(
            &srv,
            "/client-scopes",
            json!({"name": "org", "protocol": "openid-connect"}),
        )
        .await,
    );
    let on = json!({"access.token.claim": "true", "id.token.claim": "true",
                    "userinfo.token.claim": "true"});
    let mut groups_cfg = on.clone();
    groups_cfg["claim.name"] = json!("groups");
    groups_cfg["full.path"] = json!("true");
    let mut dept_cfg = on.clone();
    dept_cfg["claim.name"] = json!("department");
    dept_cfg["user.attribute"] = json!("department");
    dept_cfg["jsonType.label"] = json!("String");
    s.post(
        &srv,
        &format!("/client-scopes/{org}/protocol-mappers/add-models"),
        json!([
            {"name": "groups", "protocol": "openid-connect",
             "protocolMapper": "oidc-group-membership-mapper", "config": groups_cfg},
            {"name": "department", "protocol": "openid-connect",
             "protocolMapper": "oidc-usermodel-attribute-mapper", "config": dept_cfg},
        ]),
    )
    .await;
    s.put(
        &srv,
        &format!("/clients/{portal}/default-client-scopes/{org}"),
        json!({}),
    )
    .await;
    let mut tenant_cfg = on.clone();
    tenant_cfg["claim.name"] = json!("tenant");
    tenant_cfg["claim.value"] = json!("acme");
    s.post(
        &srv,
        &format!("/clients/{portal}/protocol-mappers/models"),
        json!({"name": "tenant", "protocol": "openid-connect",
               "protocolMapper": "oidc-hardcoded-claim-mapper", "config": tenant_cfg}),
    )
    .await;

    // What the admin API says alice has.
    let realm_effective = names(
        &s.get(
            &srv,
            &format!("/users/{alice}/role-mappings/realm/composite"),
        )
        .await,
    );
    let client_effective = names(
        &s.get(
            &srv,
            &format!("/users/{alice}/role-mappings/clients/{portal}/composite"),
        )
        .await,
    );
    let paths: BTreeSet<String> = s
        .get(&srv, &format!("/users/{alice}/groups"))
        .await
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["path"].as_str().expect("path").to_string())
        .collect();
    assert!(realm_effective.contains("employee") && realm_effective.contains("auditor"));
    assert!(!realm_effective.contains("unused"));
    assert_eq!(
        client_effective,
        BTreeSet::from(["reports-view".to_string(), "reports-edit".to_string()])
    );
    assert_eq!(
        paths,
        BTreeSet::from(["/company/engineering/backend".to_string()])
    );

    // What the tokens say.
    let r = srv
        .oidc_form(
            &realm,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "portal"),
                ("client_secret", "s3cret"),
                ("username", "alice"),
                ("password", "pw-alice-1"),
                ("scope", "openid"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.expect("json");
    let at = claims(t["access_token"].as_str().expect("access token"));
    let id = claims(t["id_token"].as_str().expect("id token"));
    assert_eq!(strings(&at["realm_access"]["roles"]), realm_effective);
    assert_eq!(
        strings(&at["resource_access"]["portal"]["roles"]),
        client_effective
    );
    assert_eq!(strings(&at["groups"]), paths);
    assert_eq!(at["department"], json!("backend"));
    assert_eq!(at["tenant"], json!("acme"));
    assert_eq!(at["preferred_username"], json!("alice"));
    assert_eq!(strings(&id["groups"]), paths);
    assert_eq!(id["tenant"], json!("acme"));

    let info: Value = srv
        .http
        .get(srv.url(&format!("/realms/{realm}/protocol/openid-connect/userinfo")))
        .bearer_auth(t["access_token"].as_str().expect("access token"))
        .send()
        .await
        .expect("userinfo")
        .json()
        .await
        .expect("json");
    assert_eq!(info["sub"], json!(alice));
    assert_eq!(strings(&info["groups"]), paths);
    assert_eq!(info["department"], json!("backend"));

    // Taking the manager role off the group changes the next token the same way.
    let r = srv
        .http
        .delete(srv.url(&format!("{}/groups/{eng}/role-mappings/realm", s.base)))
        .bearer_auth(&s.token)
        .json(&json!([manager]))
        .send()
        .await
        .expect("delete mapping");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let after = names(
        &s.get(
            &srv,
            &format!("/users/{alice}/role-mappings/realm/composite"),
        )
        .await,
    );
    assert!(!after.contains("manager") && !after.contains("employee"));
    let r = srv
        .oidc_form(
            &realm,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "portal"),
                ("client_secret", "s3cret"),
                ("username", "alice"),
                ("password", "pw-alice-1"),
            ],
        )
        .await;
    let t: Value = r.json().await.expect("json");
    let at = claims(t["access_token"].as_str().expect("access token"));
    assert_eq!(strings(&at["realm_access"]["roles"]), after);
    assert_eq!(
        strings(&at["resource_access"]["portal"]["roles"]),
        BTreeSet::from(["reports-edit".to_string()])
    );
});
