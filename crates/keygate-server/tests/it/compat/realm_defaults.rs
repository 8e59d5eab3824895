//! What a new realm holds that clients count on: the management client's display name
//! (`${client_realm-management}`, or "master Realm" in master) and Keycloak's twelve default
//! components (four key providers, eight client-registration policies).

use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

const POLICY: &str = "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy";

both_stores!(new_realm_clients_and_components, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("defaults");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let clients: Vec<Value> = srv
        .get(&admin, &format!("/admin/realms/{realm}/clients"))
        .await
        .json()
        .await
        .unwrap();
    let mut names: Vec<&str> = clients.iter().filter_map(|c| c["name"].as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "${client_account-console}",
            "${client_account}",
            "${client_admin-cli}",
            "${client_broker}",
            "${client_realm-management}",
            "${client_security-admin-console}",
        ]
    );
    let master: Vec<Value> = srv
        .get(&admin, "/admin/realms/master/clients?clientId=master-realm")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(master[0]["name"], "master Realm");

    let components: Vec<Value> = srv
        .get(&admin, &format!("/admin/realms/{realm}/components"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(components.len(), 12, "{components:#?}");
    let policies: Vec<&Value> = components
        .iter()
        .filter(|c| c["providerType"] == POLICY)
        .collect();
    let anonymous = policies
        .iter()
        .filter(|c| c["subType"] == "anonymous")
        .count();
    let authenticated = policies
        .iter()
        .filter(|c| c["subType"] == "authenticated")
        .count();
    assert_eq!((anonymous, authenticated), (6, 2));
    let max = policies
        .iter()
        .find(|c| c["providerId"] == "max-clients")
        .unwrap();
    assert_eq!(max["config"]["max-clients"], json!(["200"]));
    let realm_id = srv
        .get(&admin, &format!("/admin/realms/{realm}"))
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .clone();
    assert!(policies.iter().all(|c| c["parentId"] == realm_id));
});
