//! The resource server: created by `authorizationServicesEnabled`, its settings, and who
//! may see or change it.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::Fx;
use crate::both_stores;
use crate::scopes::send;
use crate::support::Srv;

both_stores!(
    enabling_authorization_creates_the_resource_server,
    |srv: Srv| async move {
        let f = Fx::new(&srv, "authz-on").await;
        let rs = f.call(&srv, Method::GET, "", None, StatusCode::OK).await;
        assert_eq!(rs["clientId"], f.rs.as_str());
        assert_eq!(rs["name"], "rs");
        assert_eq!(rs["allowRemoteResourceManagement"], true);
        assert_eq!(rs["policyEnforcementMode"], "ENFORCING");
        assert_eq!(rs["decisionStrategy"], "UNANIMOUS");
        // Keycloak 26 creates an empty resource server.
        let export = f
            .call(&srv, Method::GET, "/settings", None, StatusCode::OK)
            .await;
        assert_eq!(export["resources"], json!([]));
        assert_eq!(export["policies"], json!([]));
        // The client gets a service account holding `uma_protection`.
        let client = send(
            &srv,
            &f.admin,
            Method::GET,
            &f.path(&format!("/clients/{}", f.rs)),
            None,
        )
        .await
        .1;
        assert_eq!(client["serviceAccountsEnabled"], true);
        let sa = send(
            &srv,
            &f.admin,
            Method::GET,
            &f.path(&format!("/clients/{}/service-account-user", f.rs)),
            None,
        )
        .await
        .1;
        let sa_id = sa["id"].as_str().unwrap();
        let roles = send(
            &srv,
            &f.admin,
            Method::GET,
            &f.path(&format!("/users/{sa_id}/role-mappings/clients/{}", f.rs)),
            None,
        )
        .await
        .1;
        assert_eq!(roles[0]["name"], "uma_protection", "{roles}");
    }
);

both_stores!(
    clients_without_authorization_answer_404,
    |srv: Srv| async move {
        let f = Fx::new(&srv, "authz-off").await;
        let path = f.path(&format!("/clients/{}/authz/resource-server", f.other));
        let (status, body) = send(&srv, &f.admin, Method::GET, &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body, json!({"error": "HTTP 404 Not Found"}));
        let (status, body) = send(
            &srv,
            &f.admin,
            Method::GET,
            &f.path("/clients/nope/authz/resource-server/resource"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["error"], "Could not find client");
        // Public clients cannot hold authorization settings.
        let (status, body) = send(&srv, &f.admin, Method::POST, &f.path("/clients"),
        Some(json!({"clientId": "spa", "publicClient": true, "authorizationServicesEnabled": true}))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        // Turning authorization off removes the resource server.
        let (status, _) = send(
            &srv,
            &f.admin,
            Method::PUT,
            &f.path(&format!("/clients/{}", f.rs)),
            Some(json!({"authorizationServicesEnabled": false})),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        f.call(&srv, Method::GET, "", None, StatusCode::NOT_FOUND)
            .await;
    }
);

both_stores!(settings_update_and_validation, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-settings").await;
    let body = json!({"policyEnforcementMode": "PERMISSIVE", "decisionStrategy": "AFFIRMATIVE",
        "allowRemoteResourceManagement": false});
    f.call(&srv, Method::PUT, "", Some(body), StatusCode::NO_CONTENT)
        .await;
    let rs = f.call(&srv, Method::GET, "", None, StatusCode::OK).await;
    assert_eq!(rs["policyEnforcementMode"], "PERMISSIVE");
    assert_eq!(rs["decisionStrategy"], "AFFIRMATIVE");
    assert_eq!(rs["allowRemoteResourceManagement"], false);
    let bad = json!({"policyEnforcementMode": "SOMETIMES"});
    f.call(&srv, Method::PUT, "", Some(bad), StatusCode::BAD_REQUEST)
        .await;
});

both_stores!(
    only_client_admins_reach_the_resource_server,
    |srv: Srv| async move {
        let f = Fx::new(&srv, "authz-perm").await;
        let token = srv
            .password_token(&f.realm, "admin-cli", "alice", "pw")
            .await;
        let token = token["access_token"].as_str().unwrap();
        let (status, _) = send(&srv, token, Method::GET, &f.authz("/resource"), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = send(
            &srv,
            token,
            Method::POST,
            &f.authz("/scope"),
            Some(json!({"name": "x"})),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let viewer = srv
            .password_token(&f.realm, "admin-cli", "viewer", "pw")
            .await;
        let viewer = viewer["access_token"].as_str().unwrap();
        let (status, _) = send(&srv, viewer, Method::GET, &f.authz("/resource"), None).await;
        assert_eq!(status, StatusCode::OK, "view-clients reads");
        let (status, _) = send(
            &srv,
            viewer,
            Method::POST,
            &f.authz("/scope"),
            Some(json!({"name": "x"})),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "but does not write");
        let (status, _) = send(&srv, "not-a-token", Method::GET, &f.authz(""), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
);

both_stores!(
    deleting_the_client_removes_its_resource_server,
    |srv: Srv| async move {
        let f = Fx::new(&srv, "authz-del").await;
        f.create(
            &srv,
            "/resource",
            json!({"name": "doc", "scopes": [{"name": "read"}]}),
        )
        .await;
        f.create(
            &srv,
            "/policy/user",
            json!({"name": "p", "users": ["alice"]}),
        )
        .await;
        f.create(
            &srv,
            "/permission/resource",
            json!({"name": "perm", "resources": ["doc"], "policies": ["p"]}),
        )
        .await;
        let (code, _) = send(
            &srv,
            &f.admin,
            Method::DELETE,
            &f.path(&format!("/clients/{}", f.rs)),
            None,
        )
        .await;
        assert_eq!(code, StatusCode::NO_CONTENT);
        for table in [
            "authz_servers",
            "authz_resources",
            "authz_scopes",
            "authz_policies",
            "authz_resource_scopes",
            "authz_policy_resources",
            "authz_policy_policies",
        ] {
            let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&srv.state.db.pool)
                .await
                .unwrap();
            assert_eq!(n, 0, "{table} left behind");
        }
    }
);
