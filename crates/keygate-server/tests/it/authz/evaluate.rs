//! `policy/evaluate`: decisions for real users of the realm, per policy type, strategy and
//! enforcement mode; time windows with the server's clock moved.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::Fx;
use crate::both_stores;
use crate::scopes::send;
use crate::support::Srv;

/// A resource `doc` (scopes read, write) with a resource permission applying `policy`.
async fn guarded(srv: &Srv, f: &Fx, policy: Value) -> String {
    f.create(
        srv,
        "/resource",
        json!({"name": "doc", "scopes": [{"name": "read"}, {"name": "write"}]}),
    )
    .await;
    let p = f
        .create(
            srv,
            &format!("/policy/{}", policy["type"].as_str().unwrap()),
            policy,
        )
        .await;
    let name = p["name"].as_str().unwrap().to_string();
    f.create(
        srv,
        "/permission/resource",
        json!({"name": "doc-perm", "resources": ["doc"],
        "policies": [name]}),
    )
    .await;
    p["id"].as_str().unwrap().to_string()
}

async fn status(srv: &Srv, f: &Fx, user: &str) -> String {
    let v = f.evaluate(srv, user, json!([])).await;
    v["status"].as_str().unwrap().to_string()
}

both_stores!(
    role_permission_permits_holders_only,
    |srv: Srv| async move {
        let f = Fx::new(&srv, "authz-eval-role").await;
        guarded(
            &srv,
            &f,
            json!({"type": "role", "name": "readers", "roles": [{"id": "reader"}]}),
        )
        .await;
        let v = f.evaluate(&srv, "alice", json!([])).await;
        assert_eq!(v["status"], "PERMIT", "{v}");
        let result = &v["results"][0];
        assert_eq!(result["status"], "PERMIT");
        assert_eq!(result["resource"]["name"], "doc with scopes [read, write]");
        let allowed: Vec<&str> = result["allowedScopes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(allowed, ["read", "write"]);
        let perm = &result["policies"][0];
        assert_eq!(perm["policy"]["name"], "doc-perm");
        assert_eq!(perm["status"], "PERMIT");
        assert_eq!(perm["associatedPolicies"][0]["policy"]["name"], "readers");
        assert_eq!(perm["associatedPolicies"][0]["status"], "PERMIT");
        assert_eq!(v["rpt"]["authorization"]["permissions"][0]["rsname"], "doc");
        let v = f.evaluate(&srv, "bob", json!([])).await;
        assert_eq!(v["status"], "DENY");
        assert_eq!(
            v["results"][0]["policies"][0]["associatedPolicies"][0]["status"],
            "DENY"
        );
        assert_eq!(v["results"][0]["allowedScopes"], json!([]));
        // Extra roles in the request count, by name.
        let body = json!({"userId": "bob", "roleIds": ["reader"], "resources": []});
        let v = f
            .call(
                &srv,
                Method::POST,
                "/policy/evaluate",
                Some(body),
                StatusCode::OK,
            )
            .await;
        assert_eq!(v["status"], "PERMIT");
        let body = json!({"userId": "nobody", "resources": []});
        f.call(
            &srv,
            Method::POST,
            "/policy/evaluate",
            Some(body),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
);

both_stores!(
    identity_policies_decide_by_user_group_client_and_claim,
    |srv: Srv| async move {
        let f = Fx::new(&srv, "authz-eval-id").await;
        let pid = guarded(
            &srv,
            &f,
            json!({"type": "user", "name": "p", "users": ["alice"]}),
        )
        .await;
        assert_eq!(status(&srv, &f, "alice").await, "PERMIT");
        assert_eq!(status(&srv, &f, "bob").await, "DENY");
        let set = |body: Value| {
            let f = &f;
            let srv = &srv;
            let pid = pid.clone();
            async move {
                f.call(
                    srv,
                    Method::DELETE,
                    &format!("/policy/{pid}"),
                    None,
                    StatusCode::NO_CONTENT,
                )
                .await;
                let t = body["type"].as_str().unwrap().to_string();
                let p = f.create(srv, &format!("/policy/{t}"), body).await;
                let perm = f
                    .call(
                        srv,
                        Method::GET,
                        "/permission/search?name=doc-perm",
                        None,
                        StatusCode::OK,
                    )
                    .await;
                f.call(
                    srv,
                    Method::PUT,
                    &format!("/permission/resource/{}", perm["id"].as_str().unwrap()),
                    Some(json!({"policies": [p["id"]]})),
                    StatusCode::CREATED,
                )
                .await;
                p["id"].as_str().unwrap().to_string()
            }
        };
        // Groups: alice is in /org/team; /org matches only with extendChildren.
        let pid = set(json!({"type": "group", "name": "p", "groups": [{"path": "/org"}]})).await;
        assert_eq!(status(&srv, &f, "alice").await, "DENY");
        let f2 = &f;
        f2.call(
            &srv,
            Method::PUT,
            &format!("/policy/group/{pid}"),
            Some(json!({"groups": [{"path": "/org", "extendChildren": true}]})),
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(status(&srv, &f, "alice").await, "PERMIT");
        assert_eq!(status(&srv, &f, "bob").await, "DENY");
        // Regex on the email claim.
        let pid2 = {
            f.call(
                &srv,
                Method::DELETE,
                &format!("/policy/{pid}"),
                None,
                StatusCode::NO_CONTENT,
            )
            .await;
            let p = f
                .create(
                    &srv,
                    "/policy/regex",
                    json!({"name": "p", "targetClaim": "email",
            "pattern": ".*@corp\\.test"}),
                )
                .await;
            p["id"].as_str().unwrap().to_string()
        };
        // Deleting the only policy of a permission leaves it without policies: re-link.
        let perm = f
            .call(
                &srv,
                Method::GET,
                "/permission/search?name=doc-perm",
                None,
                StatusCode::OK,
            )
            .await;
        let perm_id = perm["id"].as_str().unwrap().to_string();
        f.call(
            &srv,
            Method::PUT,
            &format!("/permission/resource/{perm_id}"),
            Some(json!({"policies": [pid2]})),
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(status(&srv, &f, "bob").await, "PERMIT");
        assert_eq!(status(&srv, &f, "alice").await, "DENY");
        // Client policy: the client the evaluation names.
        let p = f
            .create(
                &srv,
                "/policy/client",
                json!({"name": "c", "clients": ["other"]}),
            )
            .await;
        f.call(
            &srv,
            Method::PUT,
            &format!("/permission/resource/{perm_id}"),
            Some(json!({"policies": [p["id"]]})),
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            status(&srv, &f, "alice").await,
            "DENY",
            "the resource server's own client"
        );
        let body = json!({"userId": "alice", "clientId": f.other, "resources": []});
        let v = f
            .call(
                &srv,
                Method::POST,
                "/policy/evaluate",
                Some(body),
                StatusCode::OK,
            )
            .await;
        assert_eq!(v["status"], "PERMIT");
    }
);

both_stores!(strategies_logic_and_aggregates, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-eval-strat").await;
    f.create(
        &srv,
        "/resource",
        json!({"name": "doc", "scopes": [{"name": "read"}, {"name": "write"}]}),
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
        "/policy/user",
        json!({"name": "bob-only", "users": ["bob"]}),
    )
    .await;
    f.create(
        &srv,
        "/policy/user",
        json!({"name": "not-bob", "users": ["bob"], "logic": "NEGATIVE"}),
    )
    .await;
    // A permission needing both policies (UNANIMOUS) denies alice; AFFIRMATIVE permits.
    let perm = f
        .create(
            &srv,
            "/permission/scope",
            json!({"name": "reads", "scopes": ["read"],
        "policies": ["readers", "bob-only"]}),
        )
        .await;
    let perm_id = perm["id"].as_str().unwrap().to_string();
    assert_eq!(status(&srv, &f, "alice").await, "DENY");
    f.call(
        &srv,
        Method::PUT,
        &format!("/permission/scope/{perm_id}"),
        Some(json!({"decisionStrategy": "AFFIRMATIVE"})),
        StatusCode::CREATED,
    )
    .await;
    let v = f.evaluate(&srv, "alice", json!([])).await;
    assert_eq!(v["status"], "PERMIT");
    let allowed: Vec<&str> = v["results"][0]["allowedScopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        allowed,
        ["read"],
        "write has no permission: denied when enforcing"
    );
    // Negative logic: `not-bob` grants everyone but bob.
    f.create(
        &srv,
        "/permission/scope",
        json!({"name": "writes", "scopes": ["write"],
        "policies": ["not-bob"]}),
    )
    .await;
    let v = f.evaluate(&srv, "alice", json!([])).await;
    assert_eq!(
        v["results"][0]["allowedScopes"].as_array().unwrap().len(),
        2
    );
    // Aggregates nest: (readers OR bob-only) AND not-bob.
    f.create(
        &srv,
        "/policy/aggregate",
        json!({"name": "either", "policies": ["readers", "bob-only"],
        "decisionStrategy": "AFFIRMATIVE"}),
    )
    .await;
    f.create(
        &srv,
        "/policy/aggregate",
        json!({"name": "outer", "policies": ["either", "not-bob"]}),
    )
    .await;
    f.create(
        &srv,
        "/permission/scope",
        json!({"name": "outer-reads", "scopes": ["read"],
        "policies": ["outer"]}),
    )
    .await;
    assert_eq!(status(&srv, &f, "alice").await, "PERMIT");
    let v = f
        .evaluate(
            &srv,
            "bob",
            json!([{"name": "doc", "scopes": [{"name": "read"}]}]),
        )
        .await;
    assert_eq!(
        v["status"], "DENY",
        "outer denies bob; UNANIMOUS across permissions"
    );
    let outer = v["results"][0]["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["policy"]["name"] == "outer-reads")
        .unwrap()
        .clone();
    assert_eq!(
        outer["associatedPolicies"][0]["associatedPolicies"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The server's AFFIRMATIVE: one granting permission is enough.
    f.call(
        &srv,
        Method::PUT,
        "",
        Some(json!({"decisionStrategy": "AFFIRMATIVE"})),
        StatusCode::NO_CONTENT,
    )
    .await;
    let v = f
        .evaluate(
            &srv,
            "bob",
            json!([{"name": "doc", "scopes": [{"name": "read"}]}]),
        )
        .await;
    assert_eq!(v["status"], "PERMIT");
});

both_stores!(enforcement_modes, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-eval-mode").await;
    f.create(&srv, "/resource", json!({"name": "open"})).await;
    assert_eq!(
        status(&srv, &f, "bob").await,
        "DENY",
        "ENFORCING: no permission, no access"
    );
    f.call(
        &srv,
        Method::PUT,
        "",
        Some(json!({"policyEnforcementMode": "PERMISSIVE"})),
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(status(&srv, &f, "bob").await, "PERMIT");
    f.create(
        &srv,
        "/policy/user",
        json!({"name": "nobody", "users": ["alice"]}),
    )
    .await;
    f.create(
        &srv,
        "/permission/resource",
        json!({"name": "p", "resources": ["open"], "policies": ["nobody"]}),
    )
    .await;
    assert_eq!(
        status(&srv, &f, "bob").await,
        "DENY",
        "PERMISSIVE still applies permissions"
    );
    f.call(
        &srv,
        Method::PUT,
        "",
        Some(json!({"policyEnforcementMode": "DISABLED"})),
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(status(&srv, &f, "bob").await, "PERMIT");
});

both_stores!(
    time_policies_follow_the_server_clock,
    |srv: Srv| async move {
        let f = Fx::new(&srv, "authz-eval-time").await;
        let now = srv.state.clock.now();
        let hour = (now / 3600) % 24;
        let pid = guarded(
            &srv,
            &f,
            json!({"type": "time", "name": "this-hour",
        "hour": hour.to_string(), "hourEnd": hour.to_string()}),
        )
        .await;
        assert_eq!(status(&srv, &f, "bob").await, "PERMIT");
        srv.state.clock.advance(3600);
        let f = Fx {
            admin: srv.admin_token().await,
            ..f
        };
        assert_eq!(status(&srv, &f, "bob").await, "DENY", "an hour later");
        f.call(
            &srv,
            Method::PUT,
            &format!("/policy/time/{pid}"),
            Some(json!({"hour": "", "hourEnd": "", "notOnOrAfter": "2100-01-01 00:00:00"})),
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(status(&srv, &f, "bob").await, "PERMIT");
        srv.state.clock.advance(80 * 366 * 86400);
        let f = Fx {
            admin: srv.admin_token().await,
            ..f
        };
        assert_eq!(status(&srv, &f, "bob").await, "DENY", "past notOnOrAfter");
        f.call(&srv, Method::PUT, &format!("/policy/time/{pid}"),
        Some(json!({"notOnOrAfter": "", "notBefore": "2100-01-01 00:00:00", "month": "1", "monthEnd": "12"})),
        StatusCode::CREATED).await;
        assert_eq!(status(&srv, &f, "bob").await, "PERMIT", "after notBefore");
    }
);

both_stores!(client_roles_and_client_scopes, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-eval-client").await;
    let roles = f.path(&format!("/clients/{}/roles", f.rs));
    let (code, _) = send(
        &srv,
        &f.admin,
        Method::POST,
        &roles,
        Some(json!({"name": "editor"})),
    )
    .await;
    assert_eq!(code, StatusCode::CREATED);
    let editor = send(
        &srv,
        &f.admin,
        Method::GET,
        &format!("{roles}/editor"),
        None,
    )
    .await
    .1;
    let bob = f.user_id(&srv, "bob").await;
    let mapping = f.path(&format!("/users/{bob}/role-mappings/clients/{}", f.rs));
    let (code, _) = send(
        &srv,
        &f.admin,
        Method::POST,
        &mapping,
        Some(json!([editor])),
    )
    .await;
    assert_eq!(code, StatusCode::NO_CONTENT);
    let pid = guarded(
        &srv,
        &f,
        json!({"type": "role", "name": "editors",
        "roles": [{"id": "rs/editor", "required": true}]}),
    )
    .await;
    assert_eq!(status(&srv, &f, "bob").await, "PERMIT");
    assert_eq!(status(&srv, &f, "alice").await, "DENY");
    // Client scopes of the evaluating client's token: `profile` is a default scope,
    // `offline_access` an optional one.
    f.call(
        &srv,
        Method::DELETE,
        &format!("/policy/{pid}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let p = f
        .create(
            &srv,
            "/policy/client-scope",
            json!({"name": "profiled",
        "clientScopes": [{"id": "profile", "required": true}]}),
        )
        .await;
    let perm = f
        .call(
            &srv,
            Method::GET,
            "/permission/search?name=doc-perm",
            None,
            StatusCode::OK,
        )
        .await;
    let perm_path = format!("/permission/resource/{}", perm["id"].as_str().unwrap());
    f.call(
        &srv,
        Method::PUT,
        &perm_path,
        Some(json!({"policies": [p["id"]]})),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(status(&srv, &f, "alice").await, "PERMIT");
    f.call(&srv, Method::PUT, &format!("/policy/client-scope/{}", p["id"].as_str().unwrap()),
        Some(json!({"clientScopes": [{"id": "profile"}, {"id": "offline_access", "required": true}]})),
        StatusCode::CREATED).await;
    assert_eq!(status(&srv, &f, "alice").await, "DENY");
});
