//! `POST /admin/realms/{realm}/partial-export`: what each flag adds, what is masked, and
//! who may call it.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

async fn partial(srv: &Srv, token: &str, realm: &str, query: &str) -> Value {
    let r = srv
        .http
        .post(srv.url(&format!("/admin/realms/{realm}/partial-export{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "partial-export{query}");
    r.json().await.unwrap()
}

both_stores!(
    partial_export_without_flags_is_settings_only,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let built = build_realm(&srv, &token, "pexp-bare").await;
        for query in [
            "",
            "?exportClients=false&exportGroupsAndRoles=false",
            "?exportClients=yes",
        ] {
            let doc = partial(&srv, &token, &built.realm, query).await;
            assert_eq!(doc["realm"], json!(built.realm));
            assert_eq!(doc["displayName"], "Export me");
            for absent in ["clients", "roles", "groups", "users", "defaultGroups"] {
                assert!(doc.get(absent).is_none(), "{absent} in {query}");
            }
            assert!(doc["clientScopes"].as_array().unwrap().len() > 3);
            assert_eq!(doc["smtpServer"]["password"], "**********");
            assert_eq!(doc["smtpServer"]["host"], "mail.example.com");
            assert_eq!(
                doc["identityProviders"][0]["config"]["clientSecret"],
                "**********"
            );
            // Key providers keep their settings, never their key material.
            let keys = doc["components"]["org.keycloak.keys.KeyProvider"]
                .as_array()
                .unwrap();
            assert!(!keys.is_empty());
            for k in keys {
                let config = k["config"].as_object().unwrap();
                assert!(config.contains_key("priority"), "{k}");
                for secret in ["privateKey", "secret", "kid", "certificate"] {
                    assert!(!config.contains_key(secret), "{secret} in {k}");
                }
            }
        }
    }
);

both_stores!(
    partial_export_with_clients_masks_secrets,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let built = build_realm(&srv, &token, "pexp-clients").await;
        let base = format!("/admin/realms/{}", built.realm);
        let vault = json!({"clientId": "vaulted", "secret": "${vault.shop_secret}",
                       "attributes": {"client.secret.rotated": "old-secret"}});
        post_ok(&srv, &token, &format!("{base}/clients"), vault).await;
        let doc = partial(&srv, &token, &built.realm, "?exportClients=true").await;
        let clients = doc["clients"].as_array().unwrap();
        let by_id = |id: &str| {
            clients
                .iter()
                .find(|c| c["clientId"] == id)
                .unwrap()
                .clone()
        };
        assert_eq!(by_id("shop")["secret"], "**********");
        assert_eq!(by_id("shop")["id"], json!(built.shop));
        assert_eq!(by_id("vaulted")["secret"], "${vault.shop_secret}");
        assert_eq!(
            by_id("vaulted")["attributes"]["client.secret.rotated"],
            "**********"
        );
        assert!(doc.get("roles").is_none() && doc.get("groups").is_none());
        // Service accounts go with their clients, without roles or credentials; people never do.
        let users = doc["users"].as_array().unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(users[0]["username"], "service-account-shop");
        assert_eq!(users[0]["serviceAccountClientId"], "shop");
        assert!(users[0].get("credentials").is_none());
        assert!(users[0].get("realmRoles").is_none());
        // The stored secret is untouched.
        let secret = get_json(
            &srv,
            &token,
            &format!("{base}/clients/{}/client-secret", built.shop),
        )
        .await;
        assert_eq!(secret["value"], "shop-secret");
    }
);

both_stores!(
    partial_export_with_groups_and_roles,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let built = build_realm(&srv, &token, "pexp-roles").await;
        let doc = partial(&srv, &token, &built.realm, "?exportGroupsAndRoles=true").await;
        let names: Vec<&str> = doc["roles"]["realm"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"editor") && names.contains(&"reader"),
            "{names:?}"
        );
        // Without clients, no client roles either (as Keycloak).
        assert!(doc["roles"].get("client").is_none());
        assert_eq!(doc["groups"][0]["name"], "staff");
        assert_eq!(doc["groups"][0]["subGroups"][0]["name"], "night");
        assert!(doc.get("clients").is_none() && doc.get("users").is_none());

        let doc = partial(
            &srv,
            &token,
            &built.realm,
            "?exportGroupsAndRoles=true&exportClients=true",
        )
        .await;
        assert_eq!(doc["roles"]["client"]["shop"].as_array().unwrap().len(), 2);
        let sa = &doc["users"][0];
        assert_eq!(sa["username"], "service-account-shop");
        assert!(sa["realmRoles"].is_array());
        assert!(sa.get("credentials").is_none());
    }
);

both_stores!(partial_export_needs_manage_realm, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let built = build_realm(&srv, &token, "pexp-perm").await;
    let base = format!("/admin/realms/{}", built.realm);
    let mgmt = get_json(
        &srv,
        &token,
        &format!("{base}/clients?clientId=realm-management"),
    )
    .await;
    let mgmt_id = mgmt[0]["id"].as_str().unwrap().to_string();
    let grant = |user: String, roles: Vec<Value>| {
        let srv = &srv;
        let token = &token;
        let base = &base;
        let mgmt_id = &mgmt_id;
        async move {
            let path = format!("{base}/users/{user}/role-mappings/clients/{mgmt_id}");
            post_ok(srv, token, &path, json!(roles)).await;
        }
    };
    let role = |name: &str| {
        let path = format!("{base}/clients/{mgmt_id}/roles/{name}");
        let srv = &srv;
        let token = &token;
        async move { get_json(srv, token, &path).await }
    };
    let viewer = srv.create_user(&token, &built.realm, "viewer", "pw").await;
    grant(
        viewer,
        vec![role("view-realm").await, role("view-clients").await],
    )
    .await;
    let manager = srv.create_user(&token, &built.realm, "manager", "pw").await;
    grant(manager, vec![role("manage-realm").await]).await;
    let login = |user: &'static str| {
        let srv = &srv;
        let realm = built.realm.clone();
        async move {
            let t = srv.password_token(&realm, "admin-cli", user, "pw").await;
            t["access_token"].as_str().unwrap().to_string()
        }
    };
    let export = |t: String, query: &'static str| {
        let srv = &srv;
        let path = format!("{base}/partial-export{query}");
        async move {
            srv.http
                .post(srv.url(&path))
                .bearer_auth(t)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let viewer_token = login("viewer").await;
    assert_eq!(export(viewer_token, "").await, StatusCode::FORBIDDEN);
    let manager_token = login("manager").await;
    assert_eq!(export(manager_token.clone(), "").await, StatusCode::OK);
    assert_eq!(
        export(manager_token.clone(), "?exportClients=true").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        export(manager_token, "?exportGroupsAndRoles=true").await,
        StatusCode::FORBIDDEN
    );
    let r = srv
        .http
        .post(srv.url(&format!("{base}/partial-export")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
});
