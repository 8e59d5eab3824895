//! `settings` export, `import`, and realm export/import carrying `authorizationSettings`.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{names, Fx};
use crate::both_stores;
use crate::scopes::send;
use crate::support::{self, Srv};

both_stores!(settings_export_and_import, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-exp").await;
    f.create(
        &srv,
        "/resource",
        json!({"name": "doc", "scopes": [{"name": "read"}]}),
    )
    .await;
    f.create(
        &srv,
        "/policy/role",
        json!({"name": "readers", "roles": [{"id": "reader"}]}),
    )
    .await;
    f.create(
        &srv,
        "/permission/resource",
        json!({"name": "doc-perm", "resources": ["doc"],
        "policies": ["readers"]}),
    )
    .await;
    let export = f
        .call(&srv, Method::GET, "/settings", None, StatusCode::OK)
        .await;
    assert_eq!(export["decisionStrategy"], "UNANIMOUS");
    assert_eq!(export["resources"][0]["scopes"], json!([{"name": "read"}]));
    let perm = export["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "doc-perm")
        .unwrap();
    assert_eq!(perm["config"]["resources"], "[\"doc\"]");
    assert_eq!(perm["config"]["applyPolicies"], "[\"readers\"]");
    let role = export["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "readers")
        .unwrap();
    assert!(
        role["config"]["roles"]
            .as_str()
            .unwrap()
            .contains("\"reader\""),
        "roles by name: {role}"
    );
    // Import into another client's resource server (python-keycloak's round trip).
    let (status, _) = send(
        &srv,
        &f.admin,
        Method::PUT,
        &f.path(&format!("/clients/{}", f.other)),
        Some(json!({"authorizationServicesEnabled": true})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let other = Fx {
        rs: f.other.clone(),
        ..f
    };
    let mut body = export.clone();
    body["resources"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "extra"}));
    other
        .call(
            &srv,
            Method::POST,
            "/import",
            Some(body),
            StatusCode::NO_CONTENT,
        )
        .await;
    let res = other
        .call(&srv, Method::GET, "/resource", None, StatusCode::OK)
        .await;
    assert_eq!(names(&res), ["doc", "extra"]);
    let v = other
        .evaluate(&srv, "alice", json!([{"name": "doc"}]))
        .await;
    assert_eq!(v["status"], "PERMIT", "{v}");
    let v = other.evaluate(&srv, "bob", json!([{"name": "doc"}])).await;
    assert_eq!(v["status"], "DENY");
});

both_stores!(realm_export_round_trip, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-realm").await;
    f.create(&srv, "/resource", json!({"name": "doc"})).await;
    f.create(
        &srv,
        "/policy/group",
        json!({"name": "org", "groups": [{"path": "/org", "extendChildren": true}]}),
    )
    .await;
    f.create(
        &srv,
        "/permission/resource",
        json!({"name": "doc-perm", "resources": ["doc"],
        "policies": ["org"]}),
    )
    .await;
    let (status, exported) = send(
        &srv,
        &f.admin,
        Method::POST,
        &f.path("/partial-export?exportClients=true&exportGroupsAndRoles=true"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let rs = exported["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clientId"] == "rs")
        .unwrap()
        .clone();
    assert_eq!(
        rs["authorizationSettings"]["resources"][0]["name"], "doc",
        "{rs}"
    );
    // A new realm importing those settings resolves the group by path.
    let name = support::realm_name("authz-copy");
    let rep = json!({"realm": name, "enabled": true,
        "groups": [{"name": "org", "subGroups": [{"name": "team"}]}],
        "clients": [{"clientId": "rs", "secret": "s", "serviceAccountsEnabled": true,
            "authorizationServicesEnabled": true,
            "authorizationSettings": rs["authorizationSettings"]}],
        "users": [{"username": "carol", "enabled": true, "groups": ["/org/team"]},
            {"username": "dave", "enabled": true}]});
    srv.create_realm(&f.admin, rep).await;
    let copy_rs = crate::scopes::client_uuid(&srv, &f.admin, &name, "rs").await;
    let copy = Fx {
        realm: name,
        rs: copy_rs,
        ..f
    };
    let v = copy.evaluate(&srv, "carol", json!([])).await;
    assert_eq!(v["status"], "PERMIT", "{v}");
    let v = copy.evaluate(&srv, "dave", json!([])).await;
    assert_eq!(v["status"], "DENY");
});

both_stores!(
    partial_import_carries_authorization_settings,
    |srv: Srv| async move {
        let f = Fx::new(&srv, "authz-partial").await;
        let settings = json!({"decisionStrategy": "AFFIRMATIVE",
        "resources": [{"name": "doc", "scopes": [{"name": "read"}]}],
        "policies": [
            {"name": "readers", "type": "role", "config": {"roles": "[{\"id\":\"reader\"}]"}},
            {"name": "doc-perm", "type": "resource",
             "config": {"resources": "[\"doc\"]", "applyPolicies": "[\"readers\"]"}}]});
        let body = json!({"ifResourceExists": "FAIL", "clients": [{"clientId": "imported",
        "secret": "x", "serviceAccountsEnabled": true, "authorizationServicesEnabled": true,
        "authorizationSettings": settings}]});
        let (status, v) = send(
            &srv,
            &f.admin,
            Method::POST,
            &f.path("/partialImport"),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        let id = crate::scopes::client_uuid(&srv, &f.admin, &f.realm, "imported").await;
        let imported = Fx { rs: id, ..f };
        let rs = imported
            .call(&srv, Method::GET, "", None, StatusCode::OK)
            .await;
        assert_eq!(rs["decisionStrategy"], "AFFIRMATIVE");
        let v = imported.evaluate(&srv, "alice", json!([])).await;
        assert_eq!(v["status"], "PERMIT", "{v}");
        let v = imported.evaluate(&srv, "bob", json!([])).await;
        assert_eq!(v["status"], "DENY");
    }
);
