//! A full export re-imports into an empty store as an equal realm: every read endpoint
//! answers the same JSON on both servers, ids included, and passwords still log in.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

/// Both servers answer `path` with the same status and body.
async fn same(a: &Srv, ta: &str, b: &Srv, tb: &str, path: &str) -> StatusCode {
    let ra = a.get(ta, path).await;
    let rb = b.get(tb, path).await;
    assert_eq!(ra.status(), rb.status(), "status of {path}");
    let status = ra.status();
    let va: Value = ra.json().await.unwrap_or(Value::Null);
    let vb: Value = rb.json().await.unwrap_or(Value::Null);
    assert_eq!(va, vb, "body of {path} ({status})");
    status
}

fn group_ids(list: &Value, out: &mut Vec<(String, String)>) {
    for g in list.as_array().into_iter().flatten() {
        let id = g["id"].as_str().unwrap().to_string();
        out.push((id, g["path"].as_str().unwrap().to_string()));
        group_ids(&g["subGroups"], out);
    }
}

/// Every read path of the realm that the export names.
fn read_paths(realm: &str, doc: &Value) -> Vec<String> {
    let base = format!("/admin/realms/{realm}");
    let mut paths: Vec<String> = [
        "",
        "/users",
        "/users?briefRepresentation=true",
        "/users/count",
        "/groups",
        "/groups?briefRepresentation=false",
        "/groups/count",
        "/roles",
        "/roles?briefRepresentation=false",
        "/clients",
        "/default-groups",
        "/users/profile",
        "/client-scopes",
        "/default-default-client-scopes",
        "/default-optional-client-scopes",
        "/components",
        "/components?type=org.keycloak.keys.KeyProvider",
        "/keys",
        "/events/config",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect();
    paths.push(format!("/realms/{realm}/protocol/openid-connect/certs"));
    for u in doc["users"].as_array().unwrap() {
        let u = format!("{base}/users/{}", u["id"].as_str().unwrap());
        for p in [
            "",
            "/groups",
            "/groups/count",
            "/role-mappings",
            "/role-mappings/realm/composite",
            "/federated-identity",
            "/consents",
        ] {
            paths.push(format!("{u}{p}"));
        }
    }
    let mut groups = Vec::new();
    group_ids(&doc["groups"], &mut groups);
    for (g, path) in groups {
        paths.push(format!("{base}/group-by-path{path}"));
        let g = format!("{base}/groups/{g}");
        for p in ["", "/children", "/members", "/role-mappings"] {
            paths.push(format!("{g}{p}"));
        }
    }
    for r in doc["roles"]["realm"].as_array().unwrap() {
        let r = format!("{base}/roles/{}", r["name"].as_str().unwrap());
        for p in ["", "/composites", "/users", "/groups"] {
            paths.push(format!("{r}{p}"));
        }
    }
    for c in doc["clients"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let client_id = c["clientId"].as_str().unwrap();
        let sa = c["serviceAccountsEnabled"] == json!(true);
        let c = format!("{base}/clients/{id}");
        for p in [
            "",
            "/roles",
            "/client-secret",
            "/scope-mappings",
            "/scope-mappings/realm",
            "/protocol-mappers/models",
            "/default-client-scopes",
            "/optional-client-scopes",
        ] {
            paths.push(format!("{c}{p}"));
        }
        if sa {
            paths.push(format!("{c}/service-account-user"));
        }
        for r in doc["roles"]["client"][client_id]
            .as_array()
            .into_iter()
            .flatten()
        {
            let r = format!("{c}/roles/{}", r["name"].as_str().unwrap());
            for p in ["", "/composites", "/users", "/groups"] {
                paths.push(format!("{r}{p}"));
            }
        }
    }
    for s in doc["clientScopes"].as_array().unwrap() {
        let s = format!("{base}/client-scopes/{}", s["id"].as_str().unwrap());
        for p in ["", "/protocol-mappers/models", "/scope-mappings"] {
            paths.push(format!("{s}{p}"));
        }
    }
    component_paths(&base, &doc["components"], &mut paths);
    paths
}

/// The claims of alice's access token through `shop` (with the optional scope) that do not
/// change from one token to the next.
async fn mapped_claims(srv: &Srv, realm: &str) -> Value {
    let form = [
        ("grant_type", "password"),
        ("client_id", "shop"),
        ("client_secret", "shop-secret"),
        ("username", "alice"),
        ("password", "alice-pw"),
        ("scope", "openid extra"),
    ];
    let r = srv.oidc_form(realm, "token", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    let mut claims = crate::support::claims(body["access_token"].as_str().unwrap());
    for k in [
        "exp",
        "iat",
        "jti",
        "sid",
        "session_state",
        "auth_time",
        "nbf",
        "iss",
    ] {
        claims.as_object_mut().unwrap().remove(k);
    }
    claims
}

/// Each exported component and the children of each.
fn component_paths(base: &str, map: &Value, out: &mut Vec<String>) {
    for list in map.as_object().into_iter().flat_map(|m| m.values()) {
        for c in list.as_array().into_iter().flatten() {
            let Some(id) = c["id"].as_str() else { continue };
            out.push(format!("{base}/components/{id}"));
            out.push(format!("{base}/components?parent={id}"));
            component_paths(base, &c["subComponents"], out);
        }
    }
}

both_stores!(export_reimports_to_an_equal_realm, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let built = build_realm(&srv, &token, "roundtrip").await;
    let doc = export_json(&srv, &built.realm).await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("realm.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let copy = fresh_like(&srv).await;
    let created = keygate_server::export::import_file(&copy.state, &file, None)
        .await
        .expect("import");
    assert!(created);
    let copy_token = copy.admin_token().await;

    let paths = read_paths(&built.realm, &doc);
    assert!(paths.len() > 100, "{} paths", paths.len());
    let mut not_ok = Vec::new();
    for path in &paths {
        if same(&srv, &token, &copy, &copy_token, path).await != StatusCode::OK {
            not_ok.push(path.clone());
        }
    }
    assert_eq!(not_ok, Vec::<String>::new(), "every path answers 200");
    // The password hash travelled: alice logs in on the copy, with her roles.
    assert_eq!(
        shop_login(&copy, &built.realm, "alice", "alice-pw").await,
        StatusCode::OK
    );
    assert_eq!(
        shop_login(&copy, &built.realm, "alice", "wrong").await,
        StatusCode::UNAUTHORIZED
    );
    // Mappers, scopes and scope mappings travelled: the copy's token carries the same claims.
    let before = mapped_claims(&srv, &built.realm).await;
    assert_eq!(before["team"], "blue", "{before}");
    assert_eq!(before["floor"], "3");
    assert_eq!(before["shop_tag"], "s1");
    assert_eq!(
        before["realm_access"]["roles"],
        json!(["reader"]),
        "{before}"
    );
    assert_eq!(
        before["resource_access"]["shop"]["roles"],
        json!(["buyer", "seller"]),
        "{before}"
    );
    assert_eq!(mapped_claims(&copy, &built.realm).await, before);
    // A second export of the copy is the same document.
    assert_eq!(export_json(&copy, &built.realm).await, doc);
});

both_stores!(
    keycloak_export_survives_a_round_trip,
    |srv: Srv| async move {
        // A realm exported by Keycloak itself: imported, exported by Keygate, imported again.
        let token = srv.admin_token().await;
        let fixture: Value =
            serde_json::from_str(include_str!("../../fixtures/gocloak-realm.json")).unwrap();
        srv.create_realm(&token, fixture).await;
        let doc = export_json(&srv, "gocloak").await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gocloak.json");
        std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
        let copy = fresh_like(&srv).await;
        assert!(
            keygate_server::export::import_file(&copy.state, &file, None)
                .await
                .expect("import")
        );
        let copy_token = copy.admin_token().await;
        for path in read_paths("gocloak", &doc) {
            assert_eq!(
                same(&srv, &token, &copy, &copy_token, &path).await,
                StatusCode::OK,
                "{path}"
            );
        }
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", "gocloak"),
            ("client_secret", "gocloak-secret"),
        ];
        assert_eq!(
            copy.oidc_form("gocloak", "token", &form).await.status(),
            StatusCode::OK
        );
    }
);

both_stores!(export_is_shaped_like_keycloaks, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let built = build_realm(&srv, &token, "shape").await;
    let doc = export_json(&srv, &built.realm).await;
    assert_eq!(doc["realm"], json!(built.realm));
    assert_eq!(doc["displayName"], "Export me");
    // A backup: secrets are not masked.
    assert_eq!(doc["smtpServer"]["password"], "smtp-secret");
    let shop = doc["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clientId"] == "shop")
        .unwrap();
    assert_eq!(shop["id"], json!(built.shop));
    assert_eq!(shop["secret"], "shop-secret");
    assert!(shop["defaultClientScopes"].is_array());
    let realm_roles = doc["roles"]["realm"].as_array().unwrap();
    let editor = realm_roles.iter().find(|r| r["name"] == "editor").unwrap();
    assert_eq!(editor["composite"], true);
    assert_eq!(
        editor["composites"],
        json!({"realm": ["reader"], "client": {"shop": ["buyer"]}})
    );
    let reader = realm_roles.iter().find(|r| r["name"] == "reader").unwrap();
    assert_eq!(reader["attributes"], json!({"level": ["1", "2"]}));
    assert_eq!(reader["description"], "Reads");
    let buyer = &doc["roles"]["client"]["shop"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "buyer")
        .unwrap()
        .clone();
    assert_eq!(buyer["clientRole"], true);
    assert_eq!(buyer["containerId"], json!(built.shop));
    assert!(doc["roles"]["client"]["realm-management"].is_array());

    let staff = &doc["groups"][0];
    assert_eq!(staff["name"], "staff");
    assert_eq!(staff["attributes"], json!({"dept": ["eng"]}));
    assert_eq!(staff["realmRoles"], json!(["editor"]));
    let night = &staff["subGroups"][0];
    assert_eq!(night["path"], "/staff/night");
    assert_eq!(night["clientRoles"], json!({"shop": ["seller"]}));
    assert_eq!(night["subGroups"][0]["path"], "/staff/night/owls");
    assert_eq!(doc["defaultGroups"], json!(["/staff/night/owls"]));
    assert!(doc["defaultDefaultClientScopes"].is_array());
    assert!(doc["clientScopes"].as_array().unwrap().len() > 3);

    let users = doc["users"].as_array().unwrap();
    let alice = users.iter().find(|u| u["username"] == "alice").unwrap();
    assert_eq!(alice["id"], json!(built.alice));
    assert_eq!(
        alice["attributes"],
        json!({"city": ["Oxford"], "phone": ["1", "2"]})
    );
    assert_eq!(alice["credentials"][0]["type"], "password");
    assert!(alice["credentials"][0]["secretData"]
        .as_str()
        .unwrap()
        .contains("value"));
    assert!(alice["credentials"][0].get("value").is_none());
    let mut realm_roles: Vec<&str> = alice["realmRoles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    realm_roles.sort();
    assert_eq!(
        realm_roles,
        ["default-roles-".to_string() + &built.realm, "reader".into()]
    );
    assert_eq!(alice["clientRoles"], json!({"shop": ["buyer"]}));
    assert_eq!(
        alice["groups"],
        json!(["/staff/night", "/staff/night/owls"])
    );
    let bob = users.iter().find(|u| u["username"] == "bob").unwrap();
    assert_eq!(bob["requiredActions"], json!(["VERIFY_EMAIL"]));
    assert_eq!(
        alice["federatedIdentities"],
        json!([{"identityProvider": "corp", "userId": "corp-1", "userName": "alice.corp"}])
    );
    assert_eq!(alice["clientConsents"][0]["clientId"], "shop");
    assert_eq!(
        alice["clientConsents"][0]["grantedClientScopes"],
        json!(["profile", "email"])
    );
    let profile = &doc["components"]["org.keycloak.userprofile.UserProfileProvider"][0];
    assert_eq!(profile["providerId"], "declarative-user-profile");
    let config: Value = serde_json::from_str(
        profile["config"]["kc.user.profile.config"][0]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert!(config["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["name"] == "phone"));
    assert_eq!(bob["enabled"], false);
    let sa = users
        .iter()
        .find(|u| u["username"] == "service-account-shop")
        .unwrap();
    assert_eq!(sa["serviceAccountClientId"], "shop");
    // Keys as Keycloak's key provider components, with their material.
    let keys = doc["components"]["org.keycloak.keys.KeyProvider"]
        .as_array()
        .unwrap();
    let rsa = keys
        .iter()
        .find(|k| k["config"]["privateKey"].is_array())
        .unwrap();
    assert_eq!(rsa["providerId"], "rsa-generated");
    assert!(keys.iter().any(|k| k["config"]["secret"].is_array()));
});

both_stores!(exporting_an_unknown_realm_fails, |srv: Srv| async move {
    let mut out = Vec::new();
    let r =
        keygate_server::export::write_realm(&srv.state.db, "no-such-realm", &mut out, None).await;
    assert!(
        matches!(r, Err(keygate_server::Error::NotFound(_))),
        "{r:?}"
    );
});

both_stores!(
    importing_over_an_existing_realm_is_skipped,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let built = build_realm(&srv, &token, "again").await;
        let doc = export_json(&srv, &built.realm).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("realm.json");
        std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
        let created = keygate_server::export::import_file(&srv.state, &file, None)
            .await
            .unwrap();
        assert!(!created);
        assert_eq!(export_json(&srv, &built.realm).await, doc);
    }
);

/// A realm export with `n` users sharing one password hash.
fn big_export(realm: &str, n: usize, hash: &Value) -> Value {
    let users: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "username": format!("user{i:05}"), "enabled": true,
                "email": format!("user{i:05}@example.com"),
                "attributes": {"n": [i.to_string()]},
                "credentials": [hash],
                "realmRoles": ["member"],
                "groups": ["/crowd"]
            })
        })
        .collect();
    json!({
        "realm": realm, "enabled": true,
        "roles": {"realm": [{"name": "member"}]},
        "groups": [{"name": "crowd"}],
        "clients": [{"clientId": "shop", "secret": "shop-secret", "publicClient": false,
                     "directAccessGrantsEnabled": true}],
        "users": users
    })
}

both_stores!(
    ten_thousand_users_import_in_batches,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let built = build_realm(&srv, &token, "hash").await;
        let doc = export_json(&srv, &built.realm).await;
        let alice = doc["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "alice")
            .unwrap();
        let mut hash = alice["credentials"][0].clone();
        hash.as_object_mut().unwrap().remove("id");
        let realm = support::realm_name("big");
        let n = 10_001;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.json");
        std::fs::write(
            &file,
            serde_json::to_vec(&big_export(&realm, n, &hash)).unwrap(),
        )
        .unwrap();

        let reports = std::sync::Mutex::new(Vec::new());
        let progress = |done: usize, total: usize| reports.lock().unwrap().push((done, total));
        let started = std::time::Instant::now();
        let created = keygate_server::export::import_file(&srv.state, &file, Some(&progress))
            .await
            .expect("import");
        assert!(created);
        eprintln!("imported {n} users in {:?}", started.elapsed());
        let reports = reports.into_inner().unwrap();
        assert_eq!(reports.len(), 11, "one report per 1,000 users and the rest");
        assert_eq!(reports[0], (1000, n));
        assert_eq!(*reports.last().unwrap(), (n, n));

        let base = format!("/admin/realms/{realm}");
        let count = get_json(&srv, &token, &format!("{base}/users/count")).await;
        assert_eq!(count, json!(n));
        let found = get_json(
            &srv,
            &token,
            &format!("{base}/users?username=user09999&exact=true"),
        )
        .await;
        assert_eq!(found[0]["attributes"], json!({"n": ["9999"]}));
        assert_eq!(
            shop_login(&srv, &realm, "user09999", "alice-pw").await,
            StatusCode::OK
        );
        let crowd = get_json(&srv, &token, &format!("{base}/group-by-path/crowd")).await;
        let members = get_json(
            &srv,
            &token,
            &format!(
                "{base}/groups/{}/members?max=20000",
                crowd["id"].as_str().unwrap()
            ),
        )
        .await;
        assert_eq!(members.as_array().unwrap().len(), n);
        // And they all come back out.
        let again = export_json(&srv, &realm).await;
        assert_eq!(again["users"].as_array().unwrap().len(), n);
    }
);
