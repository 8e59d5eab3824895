//! The export sections added for scope mappings and components: Keycloak's shapes in a
//! full export, and key material masked in a partial export.

use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

fn key_component<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["components"]["org.keycloak.keys.KeyProvider"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == json!(name))
        .unwrap_or_else(|| panic!("key component {name}"))
}

both_stores!(
    scope_mappings_and_components_export,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let built = build_realm(&srv, &token, "sections").await;
        let doc = export_json(&srv, &built.realm).await;

        assert!(doc["scopeMappings"]
            .as_array()
            .unwrap()
            .contains(&json!({"client": "shop", "roles": ["reader"]})));
        assert!(doc["scopeMappings"]
            .as_array()
            .unwrap()
            .contains(&json!({"clientScope": "team", "roles": ["reader"]})));
        assert!(doc["clientScopeMappings"]["shop"]
            .as_array()
            .unwrap()
            .contains(&json!({"clientScope": "team", "roles": ["buyer"]})));

        let ec = key_component(&doc, "ec-key");
        assert_eq!(ec["providerId"], "ecdsa-generated");
        assert_eq!(ec["config"]["priority"], json!(["50"]));
        assert!(ec["config"]["ecdsaPrivateKey"][0].as_str().unwrap().len() > 40);
        let rsa = key_component(&doc, "rsa-generated");
        assert!(rsa["config"]["privateKey"][0].as_str().unwrap().len() > 100);
        let ldap = &doc["components"]["org.keycloak.storage.UserStorageProvider"][0];
        assert_eq!(ldap["name"], "corp-ldap");
        let mappers = &ldap["subComponents"]["org.keycloak.storage.ldap.mappers.LDAPStorageMapper"];
        assert_eq!(mappers[0]["name"], "mail");
        assert_eq!(mappers[0]["config"]["ldap.attribute"], json!(["mail"]));
        assert_eq!(doc["eventsEnabled"], true);
        assert_eq!(doc["enabledEventTypes"], json!(["LOGIN", "LOGOUT"]));
        assert_eq!(doc["adminEventsEnabled"], true);

        // The partial export carries the same sections, key material gone.
        let r = srv
            .post(
                &token,
                &format!(
                    "/admin/realms/{}/partial-export?exportClients=true&exportGroupsAndRoles=true",
                    built.realm
                ),
                &json!({}),
            )
            .await;
        assert!(r.status().is_success());
        let partial: Value = r.json().await.unwrap();
        assert_eq!(partial["scopeMappings"], doc["scopeMappings"]);
        assert_eq!(partial["clientScopeMappings"], doc["clientScopeMappings"]);
        let ec = key_component(&partial, "ec-key");
        assert!(ec["config"].get("ecdsaPrivateKey").is_none(), "{ec}");
        let rsa = key_component(&partial, "rsa-generated");
        assert!(rsa["config"].get("privateKey").is_none(), "{rsa}");
        let hmac = key_component(&partial, "hmac-generated-hs512");
        assert!(hmac["config"].get("secret").is_none(), "{hmac}");
        assert_eq!(
            partial["components"]["org.keycloak.storage.UserStorageProvider"],
            doc["components"]["org.keycloak.storage.UserStorageProvider"]
        );
    }
);
