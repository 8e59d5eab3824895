//! A realm export taken from a real Keycloak imports by the API and at boot.

use keygate_server::Config;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{claims, Srv};

const EXPORT: &str = include_str!("../fixtures/gocloak-realm.json");

async fn gocloak_token(srv: &Srv) -> Value {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "gocloak"),
        ("client_secret", "gocloak-secret"),
    ];
    let r = srv.oidc_form("gocloak", "token", &form).await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    r.json().await.unwrap()
}

both_stores!(
    keycloak_export_imports_through_the_admin_api,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let export: Value = serde_json::from_str(EXPORT).unwrap();
        srv.create_realm(&admin, export.clone()).await;
        let t = gocloak_token(&srv).await;
        let at = claims(t["access_token"].as_str().unwrap());
        assert_eq!(at["preferred_username"], json!("service-account-gocloak"));
        assert_eq!(at["azp"], json!("gocloak"));
        // Settings from the export survive, unknown ones included.
        let realm: Value = srv
            .get(&admin, "/admin/realms/gocloak")
            .await
            .json()
            .await
            .unwrap();
        for key in [
            "otpPolicyType",
            "webAuthnPolicyRpEntityName",
            "browserFlow",
            "ssoSessionIdleTimeout",
        ] {
            assert_eq!(realm[key], export[key], "{key} kept");
        }
        // Its clients keep their ids and settings.
        let clients: Value = srv
            .get(&admin, "/admin/realms/gocloak/clients?clientId=gocloak")
            .await
            .json()
            .await
            .unwrap();
        let exported = export["clients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["clientId"] == json!("gocloak"))
            .unwrap();
        assert_eq!(clients[0]["id"], exported["id"]);
        assert_eq!(clients[0]["attributes"], exported["attributes"]);
        // Importing it again is a conflict.
        let r = srv.post(&admin, "/admin/realms", &export).await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
    }
);

both_stores!(keycloak_export_imports_at_boot, |srv: Srv| async move {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gocloak-realm.json"), EXPORT).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a realm").unwrap();
    let mut config = Config::for_url(srv.db_url.clone());
    config.import_realm = Some(dir.path().to_path_buf());
    let booted = Srv::start(config.clone(), None).await;
    gocloak_token(&booted).await;
    // A second boot with the same directory skips the existing realm.
    let again = Srv::start(config, None).await;
    gocloak_token(&again).await;
});

both_stores!(half_written_import_leaves_nothing, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let rep = json!({
        "realm": "broken-import",
        "users": [{"username": "u1", "enabled": true, "groups": ["/no-such-group"]}]
    });
    let r = srv.post(&admin, "/admin/realms", &rep).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert!(body["errorMessage"]
        .as_str()
        .unwrap()
        .contains("no-such-group"));
    let r = srv
        .http
        .get(srv.url("/realms/broken-import"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});

both_stores!(
    full_representation_with_roles_groups_users,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let rep = json!({
            "realm": "full-rep",
            "roles": {
                "realm": [
                    {"name": "reader"},
                    {"name": "editor", "composite": true, "composites": {"realm": ["reader"]}}
                ],
                "client": {"shop": [{"name": "buyer"}]}
            },
            "groups": [{"name": "staff", "realmRoles": ["editor"], "subGroups": [{"name": "night"}]}],
            "clients": [{"clientId": "shop", "secret": "shop-secret", "directAccessGrantsEnabled": true, "publicClient": false}],
            "users": [{
                "username": "Dave", "enabled": true, "email": "dave@example.com",
                "credentials": [{"type": "password", "value": "pw"}],
                "groups": ["/staff/night"], "clientRoles": {"shop": ["buyer"]}
            }]
        });
        srv.create_realm(&admin, rep).await;
        let form = [
            ("grant_type", "password"),
            ("client_id", "shop"),
            ("client_secret", "shop-secret"),
            ("username", "dave"),
            ("password", "pw"),
        ];
        let r = srv.oidc_form("full-rep", "token", &form).await;
        assert_eq!(r.status(), StatusCode::OK);
        let t: Value = r.json().await.unwrap();
        let at = claims(t["access_token"].as_str().unwrap());
        let roles = at["realm_access"]["roles"].as_array().unwrap();
        // editor through the parent group of /staff/night, reader through editor's composite.
        assert!(
            roles.contains(&json!("editor")) && roles.contains(&json!("reader")),
            "{roles:?}"
        );
        assert!(roles.contains(&json!("default-roles-full-rep")));
        assert_eq!(at["resource_access"]["shop"]["roles"], json!(["buyer"]));
    }
);
