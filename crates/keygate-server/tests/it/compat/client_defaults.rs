//! A client created through the admin API with only a `clientId` (python-keycloak's and
//! gocloak's tests do) gets Keycloak's defaults, and attribute values sent as JSON booleans
//! or numbers (Terraform, hand-written scripts) are kept as Keycloak's strings.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(
    client_defaults_and_scalar_attributes,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = support::realm_name("client-defaults");
        srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
            .await;
        let clients = format!("/admin/realms/{realm}/clients");
        let r = srv
            .post(
                &admin,
                &clients,
                &json!({"clientId": "bare", "attributes": {"pkce.required": true, "x.number": 3}}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
        let list: Vec<Value> = srv
            .get(&admin, &format!("{clients}?clientId=bare"))
            .await
            .json()
            .await
            .unwrap();
        let c = &list[0];
        assert_eq!(c["directAccessGrantsEnabled"], true);
        assert_eq!(c["standardFlowEnabled"], true);
        assert_eq!(c["attributes"]["pkce.required"], "true");
        assert_eq!(c["attributes"]["x.number"], "3");

        // Said explicitly, it stays off.
        let r = srv
            .post(
                &admin,
                &clients,
                &json!({"clientId": "strict", "directAccessGrantsEnabled": false}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let list: Vec<Value> = srv
            .get(&admin, &format!("{clients}?clientId=strict"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list[0]["directAccessGrantsEnabled"], false);

        // An attribute that is a list is still refused, with a reason.
        let r = srv
            .post(
                &admin,
                &clients,
                &json!({"clientId": "listy", "attributes": {"a": [1]}}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    }
);

both_stores!(
    reset_password_on_a_missing_user_is_404,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = support::realm_name("reset-missing");
        srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
            .await;
        // python-keycloak's test sends an empty credential to a user that does not exist.
        for body in [json!({"type": "password", "value": "x"}), json!({})] {
            let r = srv
                .put(
                    &admin,
                    &format!("/admin/realms/{realm}/users/no-such-user/reset-password"),
                    &body,
                )
                .await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{body}");
        }
    }
);
