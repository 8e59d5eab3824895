//! `POST /admin/realms/{realm}/partialImport`: adding, skipping and overwriting clients,
//! roles, groups and users; `FAIL` writes nothing; Keycloak's messages and results.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::{self, Srv};

async fn new_realm(srv: &Srv, token: &str, prefix: &str) -> String {
    let realm = support::realm_name(prefix);
    srv.create_realm(token, json!({"realm": realm, "enabled": true}))
        .await;
    realm
}

async fn import(srv: &Srv, token: &str, realm: &str, body: Value) -> (StatusCode, Value) {
    let r = srv
        .post(
            token,
            &format!("/admin/realms/{realm}/partialImport"),
            &body,
        )
        .await;
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// `(action, resourceType, resourceName)` of each result, sorted.
fn lines(results: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap().to_string(),
                r["resourceType"].as_str().unwrap().to_string(),
                r["resourceName"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn line(action: &str, kind: &str, name: &str) -> (String, String, String) {
    (action.into(), kind.into(), name.into())
}

/// One of each kind, the user referring to the others by name.
fn everything() -> Value {
    json!({
        "clients": [{"clientId": "shop", "secret": "shop-secret", "publicClient": false,
                     "directAccessGrantsEnabled": true, "id": "ignored-id"}],
        "roles": {
            "realm": [{"name": "reader", "attributes": {"a": ["1"]}},
                      {"name": "editor", "composite": true, "composites": {"realm": ["reader"]}}],
            "client": {"shop": [{"name": "buyer"}]}
        },
        "groups": [{"name": "staff", "attributes": {"dept": ["eng"]}, "realmRoles": ["editor"],
                    "subGroups": [{"name": "night", "clientRoles": {"shop": ["buyer"]}}]}],
        "users": [{"username": "dave", "enabled": true, "email": "dave@example.com",
                   "credentials": [{"type": "password", "value": "dave-pw"}],
                   "groups": ["/staff/night"], "attributes": {"k": ["v"]}}],
        "identityProviders": [{"alias": "ignored", "providerId": "oidc"}]
    })
}

both_stores!(partial_import_adds_every_kind, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let realm = new_realm(&srv, &token, "pimp-add").await;
    let (status, res) = import(&srv, &token, &realm, everything()).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(
        (
            res["added"].clone(),
            res["skipped"].clone(),
            res["overwritten"].clone()
        ),
        (json!(6), json!(0), json!(0))
    );
    assert_eq!(
        lines(&res),
        [
            line("ADDED", "CLIENT", "shop"),
            line("ADDED", "CLIENT_ROLE", "shop-->buyer"),
            line("ADDED", "GROUP", "staff"),
            line("ADDED", "REALM_ROLE", "editor"),
            line("ADDED", "REALM_ROLE", "reader"),
            line("ADDED", "USER", "dave"),
        ]
    );
    let base = format!("/admin/realms/{realm}");
    let clients = get_json(&srv, &token, &format!("{base}/clients?clientId=shop")).await;
    let shop_id = clients[0]["id"].as_str().unwrap().to_string();
    assert_ne!(shop_id, "ignored-id", "partial import mints new ids");
    let by = |t: &str, n: &str| {
        res["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resourceType"] == t && r["resourceName"] == n)
            .unwrap()["id"]
            .clone()
    };
    assert_eq!(by("CLIENT", "shop"), json!(shop_id));
    assert_eq!(
        by("CLIENT_ROLE", "shop-->buyer"),
        json!(shop_id),
        "Keycloak gives the client's id"
    );
    let editor = get_json(&srv, &token, &format!("{base}/roles/editor")).await;
    assert_eq!(by("REALM_ROLE", "editor"), editor["id"]);
    assert_eq!(editor["composite"], true);
    let staff = get_json(&srv, &token, &format!("{base}/group-by-path/staff")).await;
    assert_eq!(by("GROUP", "staff"), staff["id"]);
    assert_eq!(staff["attributes"], json!({"dept": ["eng"]}));
    let dave = get_json(
        &srv,
        &token,
        &format!("{base}/users?username=dave&exact=true"),
    )
    .await;
    assert_eq!(by("USER", "dave"), dave[0]["id"]);
    assert_eq!(dave[0]["attributes"], json!({"k": ["v"]}));
    // dave logs in and holds roles through the imported groups and composites.
    let form = [
        ("grant_type", "password"),
        ("client_id", "shop"),
        ("client_secret", "shop-secret"),
        ("username", "dave"),
        ("password", "dave-pw"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    let at = support::claims(t["access_token"].as_str().unwrap());
    let roles = at["realm_access"]["roles"].as_array().unwrap();
    assert!(
        roles.contains(&json!("editor")) && roles.contains(&json!("reader")),
        "{roles:?}"
    );
    assert_eq!(at["resource_access"]["shop"]["roles"], json!(["buyer"]));
});

both_stores!(
    fail_on_an_existing_resource_writes_nothing,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let realm = new_realm(&srv, &token, "pimp-fail").await;
        srv.create_user(&token, &realm, "dave", "old-pw").await;
        let base = format!("/admin/realms/{realm}");
        let before = get_json(&srv, &token, &format!("{base}/clients")).await;
        for policy in [json!(null), json!("FAIL")] {
            let mut body = everything();
            body["ifResourceExists"] = policy;
            let (status, res) = import(&srv, &token, &realm, body).await;
            assert_eq!(status, StatusCode::CONFLICT);
            assert_eq!(
                res,
                json!({"errorMessage": "User with user name dave already exists."})
            );
        }
        // Nothing of the clients, roles and groups that came before the user was written.
        assert_eq!(
            get_json(&srv, &token, &format!("{base}/clients")).await,
            before
        );
        assert_eq!(
            srv.get(&token, &format!("{base}/roles/reader"))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get_json(&srv, &token, &format!("{base}/groups")).await,
            json!([])
        );
        assert_eq!(
            shop_login(&srv, &realm, "dave", "dave-pw").await,
            StatusCode::UNAUTHORIZED
        );
    }
);

both_stores!(fail_messages_name_the_resource, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let realm = new_realm(&srv, &token, "pimp-msg").await;
    let (status, _) = import(&srv, &token, &realm, everything()).await;
    assert_eq!(status, StatusCode::OK);
    let cases = [
        (
            json!({"clients": [{"clientId": "shop"}]}),
            "Client id 'shop' already exists",
        ),
        (
            json!({"roles": {"realm": [{"name": "reader"}]}}),
            "Realm role 'reader' already exists.",
        ),
        (
            json!({"roles": {"client": {"shop": [{"name": "buyer"}]}}}),
            "Client role 'buyer' for client 'shop' already exists.",
        ),
        (
            json!({"groups": [{"name": "staff"}]}),
            "Group '/staff' already exists",
        ),
        (
            json!({"users": [{"username": "other", "email": "dave@example.com"}]}),
            "User with user name other already exists.",
        ),
    ];
    for (body, message) in cases {
        let (status, res) = import(&srv, &token, &realm, body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{message}");
        assert_eq!(res["errorMessage"], message);
    }
});

both_stores!(
    skip_leaves_existing_resources_alone,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let realm = new_realm(&srv, &token, "pimp-skip").await;
        import(&srv, &token, &realm, everything()).await;
        let base = format!("/admin/realms/{realm}");
        let before = get_json(
            &srv,
            &token,
            &format!("{base}/users?username=dave&exact=true"),
        )
        .await;
        let mut body = everything();
        body["ifResourceExists"] = json!("SKIP");
        body["users"][0]["attributes"] = json!({"k": ["changed"]});
        body["users"]
            .as_array_mut()
            .unwrap()
            .push(json!({"username": "erin", "enabled": true}));
        let (status, res) = import(&srv, &token, &realm, body).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        assert_eq!(
            (res["added"].clone(), res["skipped"].clone()),
            (json!(1), json!(6))
        );
        assert!(lines(&res).contains(&line("ADDED", "USER", "erin")));
        assert!(lines(&res).contains(&line("SKIPPED", "CLIENT_ROLE", "shop-->buyer")));
        let after = get_json(
            &srv,
            &token,
            &format!("{base}/users?username=dave&exact=true"),
        )
        .await;
        assert_eq!(after, before);
        let skipped = res["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resourceName"] == "dave")
            .unwrap()
            .clone();
        assert_eq!(skipped["id"], before[0]["id"]);
        assert_eq!(
            shop_login(&srv, &realm, "dave", "dave-pw").await,
            StatusCode::OK
        );
    }
);

both_stores!(
    overwrite_replaces_existing_resources,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let realm = new_realm(&srv, &token, "pimp-over").await;
        import(&srv, &token, &realm, everything()).await;
        let base = format!("/admin/realms/{realm}");
        let old = get_json(
            &srv,
            &token,
            &format!("{base}/users?username=dave&exact=true"),
        )
        .await;
        let mut body = everything();
        body["ifResourceExists"] = json!("OVERWRITE");
        body["clients"][0]["secret"] = json!("new-secret");
        body["users"][0]["attributes"] = json!({"k": ["changed"]});
        body["users"][0]["credentials"][0]["value"] = json!("new-pw");
        body["roles"]["realm"][0]["attributes"] = json!({"a": ["2"]});
        let (status, res) = import(&srv, &token, &realm, body).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        assert_eq!(
            (res["added"].clone(), res["overwritten"].clone()),
            (json!(0), json!(6))
        );
        let new = get_json(
            &srv,
            &token,
            &format!("{base}/users?username=dave&exact=true"),
        )
        .await;
        assert_ne!(
            new[0]["id"], old[0]["id"],
            "overwritten users are new users"
        );
        assert_eq!(new[0]["attributes"], json!({"k": ["changed"]}));
        let reader = get_json(&srv, &token, &format!("{base}/roles/reader")).await;
        assert_eq!(reader["attributes"], json!({"a": ["2"]}));
        let form = [
            ("grant_type", "password"),
            ("client_id", "shop"),
            ("client_secret", "new-secret"),
            ("username", "dave"),
            ("password", "new-pw"),
        ];
        assert_eq!(
            srv.oidc_form(&realm, "token", &form).await.status(),
            StatusCode::OK
        );
        let night = get_json(&srv, &token, &format!("{base}/group-by-path/staff/night")).await;
        assert_eq!(night["path"], "/staff/night");
    }
);

both_stores!(client_roles_need_a_client, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let realm = new_realm(&srv, &token, "pimp-412").await;
    let body = json!({"roles": {"client": {"ghost": [{"name": "boo"}]}}});
    let (status, res) = import(&srv, &token, &realm, body).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        res,
        json!({"errorMessage": "Can not import client roles for nonexistent client named ghost"})
    );
});

both_stores!(
    partial_import_rejects_bad_input_and_callers,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let realm = new_realm(&srv, &token, "pimp-bad").await;
        let (status, res) =
            import(&srv, &token, &realm, json!({"ifResourceExists": "MAYBE"})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(res["errorMessage"].as_str().unwrap().contains("MAYBE"));
        let (status, _) = import(&srv, &token, &realm, json!({"users": "nope"})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, res) = import(&srv, &token, &realm, json!({})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            res,
            json!({"overwritten": 0, "added": 0, "skipped": 0, "results": []})
        );
        let (status, _) = import(&srv, &token, "no-such-realm", json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        srv.create_user(&token, &realm, "plain", "pw").await;
        let t = srv.password_token(&realm, "admin-cli", "plain", "pw").await;
        let plain = t["access_token"].as_str().unwrap();
        let (status, _) = import(&srv, plain, &realm, everything()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

both_stores!(
    partial_export_imports_into_another_realm,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let built = build_realm(&srv, &token, "pimp-src").await;
        let r = srv
            .http
            .post(srv.url(&format!(
                "/admin/realms/{}/partial-export?exportClients=true&exportGroupsAndRoles=true",
                built.realm
            )))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let mut doc: Value = r.json().await.unwrap();
        doc["ifResourceExists"] = json!("SKIP");
        doc["clients"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .for_each(|c| {
                if c["clientId"] == "shop" {
                    c["secret"] = json!("shop-secret");
                }
            });
        let target = new_realm(&srv, &token, "pimp-dst").await;
        let (status, res) = import(&srv, &token, &target, doc).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        assert!(lines(&res).contains(&line("ADDED", "CLIENT", "shop")));
        assert!(lines(&res).contains(&line("SKIPPED", "CLIENT", "account")));
        assert!(lines(&res).contains(&line("ADDED", "GROUP", "staff")));
        let base = format!("/admin/realms/{target}");
        let editor = get_json(&srv, &token, &format!("{base}/roles/editor/composites")).await;
        assert_eq!(editor.as_array().unwrap().len(), 2);
        let night = get_json(&srv, &token, &format!("{base}/group-by-path/staff/night")).await;
        assert_eq!(night["attributes"], json!({"shift": ["late", "later"]}));
        // The client's service account came once, from the client, with the exported roles.
        let shop = get_json(&srv, &token, &format!("{base}/clients?clientId=shop")).await;
        let sa = format!(
            "{base}/clients/{}/service-account-user",
            shop[0]["id"].as_str().unwrap()
        );
        assert_eq!(
            get_json(&srv, &token, &sa).await["username"],
            "service-account-shop"
        );
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", "shop"),
            ("client_secret", "shop-secret"),
        ];
        assert_eq!(
            srv.oidc_form(&target, "token", &form).await.status(),
            StatusCode::OK
        );
    }
);

both_stores!(keycloak_export_partially_imports, |srv: Srv| async move {
    // A realm export written by Keycloak, partially imported into another realm.
    let token = srv.admin_token().await;
    let realm = new_realm(&srv, &token, "pimp-kc").await;
    let mut body: Value =
        serde_json::from_str(include_str!("../../fixtures/gocloak-realm.json")).unwrap();
    body["ifResourceExists"] = json!("SKIP");
    let (status, res) = import(&srv, &token, &realm, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert!(lines(&res).contains(&line("ADDED", "CLIENT", "gocloak")));
    assert!(lines(&res).contains(&line("SKIPPED", "CLIENT", "account")));
    assert!(lines(&res).contains(&line("ADDED", "USER", "service-account-gocloak")));
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "gocloak"),
        ("client_secret", "gocloak-secret"),
    ];
    let r = srv.oidc_form(&realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    let at = support::claims(t["access_token"].as_str().unwrap());
    let mgmt = at["resource_access"]["realm-management"]["roles"]
        .as_array()
        .unwrap();
    assert!(mgmt.contains(&json!("manage-clients")), "{at}");
    // Again: everything is there now, so everything is skipped.
    let (status, again) = import(&srv, &token, &realm, body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["added"], 0);
    assert_eq!(
        again["skipped"],
        res["added"].as_u64().unwrap() + res["skipped"].as_u64().unwrap()
    );
});
