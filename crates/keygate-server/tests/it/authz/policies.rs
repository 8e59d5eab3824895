//! Policies and permissions: typed creation with names resolved, typed and generic reads,
//! listing filters, conflicts and refusals, and the association sub-resources.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{names, Fx};
use crate::both_stores;
use crate::scopes::send;
use crate::support::Srv;

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

both_stores!(typed_policies_resolve_names, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-pol").await;
    let alice = f.user_id(&srv, "alice").await;
    let role = f
        .create(
            &srv,
            "/policy/role",
            json!({"name": "readers",
        "roles": [{"id": "reader", "required": true}]}),
        )
        .await;
    assert_eq!(role["name"], "readers");
    let typed = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/role/{}", id(&role)),
            None,
            StatusCode::OK,
        )
        .await;
    let reader = send(&srv, &f.admin, Method::GET, &f.path("/roles/reader"), None)
        .await
        .1;
    assert_eq!(
        typed["roles"],
        json!([{"id": reader["id"], "required": true}])
    );
    assert_eq!(typed["logic"], "POSITIVE");
    assert_eq!(typed["decisionStrategy"], "UNANIMOUS");
    let generic = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/{}", id(&role)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(generic["type"], "role");
    let roles: Value = serde_json::from_str(generic["config"]["roles"].as_str().unwrap()).unwrap();
    assert_eq!(roles[0]["id"], reader["id"]);

    let user = f
        .create(
            &srv,
            "/policy/user",
            json!({"name": "alice-only", "users": ["alice"]}),
        )
        .await;
    let typed = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/user/{}", id(&user)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(typed["users"], json!([alice]));
    let group = f
        .create(
            &srv,
            "/policy/group",
            json!({"name": "org",
        "groups": [{"path": "/org", "extendChildren": true}]}),
        )
        .await;
    let typed = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/group/{}", id(&group)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(typed["groups"][0]["extendChildren"], true);
    let client = f
        .create(
            &srv,
            "/policy/client",
            json!({"name": "from-other", "clients": ["other"]}),
        )
        .await;
    let typed = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/client/{}", id(&client)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(typed["clients"], json!([f.other]));
    f.create(
        &srv,
        "/policy/client-scope",
        json!({"name": "profiled",
        "clientScopes": [{"id": "profile", "required": true}]}),
    )
    .await;
    let time = f
        .create(
            &srv,
            "/policy/time",
            json!({"name": "office",
        "hour": 9, "hourEnd": "17", "notBefore": "2020-01-01 00:00:00"}),
        )
        .await;
    let typed = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/time/{}", id(&time)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        (typed["hour"].clone(), typed["hourEnd"].clone()),
        (json!("9"), json!("17"))
    );
    assert_eq!(typed["notBefore"], "2020-01-01 00:00:00");
    let regex = f
        .create(
            &srv,
            "/policy/regex",
            json!({"name": "corp-mail",
        "targetClaim": "email", "pattern": ".*@corp\\.test"}),
        )
        .await;
    let typed = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/regex/{}", id(&regex)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(typed["pattern"], ".*@corp\\.test");
    let agg = f
        .create(
            &srv,
            "/policy/aggregate",
            json!({"name": "both",
        "policies": ["readers", id(&user)], "decisionStrategy": "AFFIRMATIVE"}),
        )
        .await;
    let assoc = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/{}/associatedPolicies", id(&agg)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&assoc), ["alice-only", "readers"]);
    let deps = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/{}/dependentPolicies", id(&role)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&deps), ["both"]);
    // The generic form: config as Keycloak exports it.
    let generic = f
        .create(
            &srv,
            "/policy",
            json!({"name": "nine-to-six", "type": "time",
        "config": {"hour": "9", "hourEnd": "18"}}),
        )
        .await;
    assert_eq!(generic["type"], "time");
});

both_stores!(policy_listing_and_refusals, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-pol-list").await;
    let p = f
        .create(
            &srv,
            "/policy/user",
            json!({"name": "Alice Only", "users": ["alice"]}),
        )
        .await;
    f.create(
        &srv,
        "/policy/role",
        json!({"name": "readers", "roles": [{"id": "reader"}]}),
    )
    .await;
    f.create(&srv, "/resource", json!({"name": "doc"})).await;
    let perm = f
        .create(
            &srv,
            "/permission/resource",
            json!({"name": "doc-perm",
        "resources": ["doc"], "policies": ["readers"]}),
        )
        .await;
    let all = f
        .call(&srv, Method::GET, "/policy", None, StatusCode::OK)
        .await;
    assert_eq!(names(&all), ["Alice Only", "doc-perm", "readers"]);
    let policies = f
        .call(
            &srv,
            Method::GET,
            "/policy?permission=false",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&policies), ["Alice Only", "readers"]);
    let perms = f
        .call(&srv, Method::GET, "/permission", None, StatusCode::OK)
        .await;
    assert_eq!(names(&perms), ["doc-perm"]);
    let by_type = f
        .call(&srv, Method::GET, "/policy?type=role", None, StatusCode::OK)
        .await;
    assert_eq!(names(&by_type), ["readers"]);
    // The type as a path segment lists that type too (gocloak's GetPolicies with a type).
    let typed = f
        .call(
            &srv,
            Method::GET,
            "/policy/user?name=Alice",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&typed), ["Alice Only"]);
    let none = f
        .call(
            &srv,
            Method::GET,
            "/policy/user?name=readers",
            None,
            StatusCode::OK,
        )
        .await;
    assert!(names(&none).is_empty());
    let by_name = f
        .call(
            &srv,
            Method::GET,
            "/policy?name=alice",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&by_name), ["Alice Only"]);
    let by_resource = f
        .call(
            &srv,
            Method::GET,
            "/policy?resource=doc",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&by_resource), ["doc-perm"]);
    f.call(
        &srv,
        Method::GET,
        "/policy?resource=nothing",
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let found = f
        .call(
            &srv,
            Method::GET,
            "/policy/search?name=readers",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(found["type"], "role");
    f.call(
        &srv,
        Method::GET,
        "/policy/search?name=nobody",
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let providers = f
        .call(&srv, Method::GET, "/policy/providers", None, StatusCode::OK)
        .await;
    let types: Vec<&str> = providers
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    for t in [
        "role",
        "user",
        "group",
        "client",
        "client-scope",
        "time",
        "regex",
        "aggregate",
        "js",
    ] {
        assert!(types.contains(&t), "{t} in {providers}");
    }
    let dup = f
        .call(
            &srv,
            Method::POST,
            "/policy/user",
            Some(json!({"name": "Alice Only", "users": ["bob"]})),
            StatusCode::CONFLICT,
        )
        .await;
    assert_eq!(
        dup,
        json!({"error": "Policy with name [Alice Only] already exists",
        "error_description": "Conflicting policy"})
    );
    let js = f
        .call(
            &srv,
            Method::POST,
            "/policy/js",
            Some(json!({"name": "script", "code": "$evaluation.grant();"})),
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(js["errorMessage"], "Script upload is disabled");
    f.call(
        &srv,
        Method::POST,
        "/policy/role",
        Some(json!({"name": "ghost", "roles": [{"id": "no-such-role"}]})),
        StatusCode::BAD_REQUEST,
    )
    .await;
    f.call(
        &srv,
        Method::POST,
        "/policy/time",
        Some(json!({"name": "bad", "notBefore": "yesterday"})),
        StatusCode::BAD_REQUEST,
    )
    .await;
    f.call(
        &srv,
        Method::POST,
        "/policy/regex",
        Some(json!({"name": "bad", "targetClaim": "x", "pattern": "("})),
        StatusCode::BAD_REQUEST,
    )
    .await;
    f.call(
        &srv,
        Method::POST,
        "/policy/aggregate",
        Some(json!({"name": "bad", "policies": ["nope"]})),
        StatusCode::BAD_REQUEST,
    )
    .await;
    // Update (201 as Keycloak answers), then delete.
    f.call(
        &srv,
        Method::PUT,
        &format!("/policy/user/{}", id(&p)),
        Some(json!({"name": "Alice Only", "users": ["bob"], "logic": "NEGATIVE"})),
        StatusCode::CREATED,
    )
    .await;
    let typed = f
        .call(
            &srv,
            Method::GET,
            &format!("/policy/user/{}", id(&p)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(typed["logic"], "NEGATIVE");
    assert_eq!(typed["users"], json!([f.user_id(&srv, "bob").await]));
    f.call(
        &srv,
        Method::GET,
        &format!("/policy/role/{}", id(&p)),
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    f.call(
        &srv,
        Method::DELETE,
        &format!("/policy/{}", id(&p)),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    f.call(
        &srv,
        Method::GET,
        &format!("/policy/{}", id(&p)),
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    f.call(
        &srv,
        Method::DELETE,
        &format!("/permission/resource/{}", id(&perm)),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert!(f
        .call(&srv, Method::GET, "/permission", None, StatusCode::OK)
        .await
        .as_array()
        .unwrap()
        .is_empty());
});

both_stores!(permissions_and_their_links, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-perm-links").await;
    let r = f
        .create(
            &srv,
            "/resource",
            json!({"name": "doc", "type": "urn:doc",
        "scopes": [{"name": "read"}, {"name": "write"}]}),
        )
        .await;
    let rid = r["_id"].as_str().unwrap().to_string();
    let pol = f
        .create(
            &srv,
            "/policy/role",
            json!({"name": "readers", "roles": [{"id": "reader"}]}),
        )
        .await;
    let res_perm = f
        .create(
            &srv,
            "/permission/resource",
            json!({"name": "by-id",
        "resources": [rid], "policies": [id(&pol)]}),
        )
        .await;
    assert_eq!(res_perm["resources"], json!([rid]), "the request is echoed");
    let by_type = f
        .create(
            &srv,
            "/permission/resource",
            json!({"name": "by-type",
        "resourceType": "urn:doc", "policies": ["readers"]}),
        )
        .await;
    let typed = f
        .call(
            &srv,
            Method::GET,
            &format!("/permission/resource/{}", id(&by_type)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(typed["resourceType"], "urn:doc");
    let scope_perm = f
        .create(
            &srv,
            "/permission/scope",
            json!({"name": "writes",
        "resources": ["doc"], "scopes": ["write"], "policies": ["readers"],
        "decisionStrategy": "AFFIRMATIVE"}),
        )
        .await;
    let p = |rest: &str| format!("/permission/{}/{rest}", id(&scope_perm));
    let scopes = f
        .call(&srv, Method::GET, &p("scopes"), None, StatusCode::OK)
        .await;
    assert_eq!(names(&scopes), ["write"]);
    let res = f
        .call(&srv, Method::GET, &p("resources"), None, StatusCode::OK)
        .await;
    assert_eq!(res[0]["_id"], rid.as_str());
    let assoc = f
        .call(
            &srv,
            Method::GET,
            &p("associatedPolicies"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&assoc), ["readers"]);
    let typed_sub = f
        .call(
            &srv,
            Method::GET,
            &format!("/permission/scope/{}/scopes", id(&scope_perm)),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&typed_sub), ["write"]);
    let on_resource = f
        .call(
            &srv,
            Method::GET,
            &format!("/resource/{rid}/permissions"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&on_resource), ["by-id", "by-type", "writes"]);
    // Update the scope permission's scopes, then delete the resource: permissions that
    // held only it go too.
    f.call(
        &srv,
        Method::PUT,
        &format!("/permission/scope/{}", id(&scope_perm)),
        Some(json!({"name": "writes", "scopes": ["read", "write"]})),
        StatusCode::CREATED,
    )
    .await;
    let scopes = f
        .call(&srv, Method::GET, &p("scopes"), None, StatusCode::OK)
        .await;
    assert_eq!(names(&scopes), ["read", "write"]);
    f.call(
        &srv,
        Method::DELETE,
        &format!("/resource/{rid}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let left = f
        .call(&srv, Method::GET, "/permission", None, StatusCode::OK)
        .await;
    assert_eq!(names(&left), ["by-type"]);
});
