//! Secret component properties (an LDAP `bindCredential`) once came back in clear from the
//! components API and from `partial-export`. Now every property a provider declares secret
//! reads as `**********`; a PUT that sends the mask back keeps the stored value, a new value
//! replaces it, and only the full export (a backup) holds the secret.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{location_id, realm_name, Srv};

const MASK: &str = "**********";
const LDAP: &str = "org.keycloak.storage.UserStorageProvider";

fn ldap_rep(realm_id: &str, credential: &str) -> Value {
    json!({
        "name": "corp-ldap", "providerId": "ldap", "providerType": LDAP, "parentId": realm_id,
        "config": {
            "editMode": ["READ_ONLY"], "connectionUrl": ["ldap://ldap.example.com"],
            "bindDn": ["cn=admin,dc=example,dc=com"], "bindCredential": [credential]
        }
    })
}

/// The ldap component of the realm's full export (`keygate export`).
async fn exported_credential(srv: &Srv, realm: &str) -> Value {
    let mut out = Vec::new();
    keygate_server::export::write_realm(&srv.state.db, realm, &mut out, None)
        .await
        .expect("export");
    let doc: Value = serde_json::from_slice(&out).expect("export is JSON");
    doc["components"][LDAP][0]["config"]["bindCredential"].clone()
}

both_stores!(ldap_bind_credential_masked, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let realm = realm_name("secrets");
    srv.create_realm(&token, json!({"realm": realm, "enabled": true}))
        .await;
    let realm_rep: Value = srv
        .get(&token, &format!("/admin/realms/{realm}"))
        .await
        .json()
        .await
        .unwrap();
    let realm_id = realm_rep["id"].as_str().unwrap().to_string();
    let base = format!("/admin/realms/{realm}/components");
    let r = srv
        .post(&token, &base, &ldap_rep(&realm_id, "s3cret-bind"))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = location_id(&r);

    let list: Value = srv
        .get(&token, &format!("{base}?type={LDAP}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["config"]["bindCredential"], json!([MASK]), "{list}");
    assert_eq!(
        list[0]["config"]["bindDn"],
        json!(["cn=admin,dc=example,dc=com"])
    );
    let one: Value = srv
        .get(&token, &format!("{base}/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["config"]["bindCredential"], json!([MASK]), "{one}");
    let r = srv
        .post(
            &token,
            &format!("/admin/realms/{realm}/partial-export"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let partial: Value = r.json().await.unwrap();
    let comp = &partial["components"][LDAP][0];
    assert_eq!(comp["config"]["bindCredential"], json!([MASK]), "{comp}");
    assert!(!partial.to_string().contains("s3cret-bind"));

    // What a client read back, sent back: the stored secret stays.
    let mut back = one.clone();
    back["config"]["bindDn"] = json!(["cn=reader,dc=example,dc=com"]);
    let r = srv.put(&token, &format!("{base}/{id}"), &back).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        exported_credential(&srv, &realm).await,
        json!(["s3cret-bind"])
    );
    let one: Value = srv
        .get(&token, &format!("{base}/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        one["config"]["bindDn"],
        json!(["cn=reader,dc=example,dc=com"])
    );
    assert_eq!(one["config"]["bindCredential"], json!([MASK]));

    // A new value replaces it.
    back["config"]["bindCredential"] = json!(["n3w-bind"]);
    let r = srv.put(&token, &format!("{base}/{id}"), &back).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(exported_credential(&srv, &realm).await, json!(["n3w-bind"]));
});

both_stores!(
    vault_reference_shown_in_partial_export,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let realm = realm_name("vault");
        srv.create_realm(&token, json!({"realm": realm, "enabled": true}))
            .await;
        let realm_rep: Value = srv
            .get(&token, &format!("/admin/realms/{realm}"))
            .await
            .json()
            .await
            .unwrap();
        let realm_id = realm_rep["id"].as_str().unwrap();
        let base = format!("/admin/realms/{realm}/components");
        let r = srv
            .post(&token, &base, &ldap_rep(realm_id, "${vault.ldap_pw}"))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let r = srv
            .post(
                &token,
                &format!("/admin/realms/{realm}/partial-export"),
                &json!({}),
            )
            .await;
        let partial: Value = r.json().await.unwrap();
        assert_eq!(
            partial["components"][LDAP][0]["config"]["bindCredential"],
            json!(["${vault.ldap_pw}"])
        );
    }
);
