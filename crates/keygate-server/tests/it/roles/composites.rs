//! A role's composites (by name, by id, for client roles, named at creation) and the users
//! and groups a role is mapped to.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{client_uuid, create_role, expect, get_json, names, send, usernames};
use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(composites, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("roles-comp");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let app = srv.create_client(&admin, &realm, "app", "secret").await;
    let roles = format!("/admin/realms/{realm}/roles");
    let app_roles = format!("/admin/realms/{realm}/clients/{app}/roles");
    let a = create_role(&srv, &admin, &roles, "a").await;
    let b = create_role(&srv, &admin, &roles, "b").await;
    let d = create_role(&srv, &admin, &roles, "d").await;
    let c = create_role(&srv, &admin, &app_roles, "c").await;

    let r = srv
        .post(
            &admin,
            &format!("{roles}/a/composites"),
            &json!([{"id": b["id"]}, {"id": c["id"]}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get_json(&srv, &admin, &format!("{roles}/a")).await["composite"],
        true
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}/a/composites")).await),
        ["b", "c"]
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}/a/composites/realm")).await),
        ["b"]
    );
    let path = format!("{roles}/a/composites/clients/{app}");
    assert_eq!(names(&get_json(&srv, &admin, &path).await), ["c"]);
    let r = srv
        .get(&admin, &format!("{roles}/a/composites/clients/nope"))
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find client"}),
    )
    .await;
    let listed = get_json(&srv, &admin, &roles).await;
    assert_eq!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "a")
            .unwrap()["composite"],
        true
    );

    // By id, with search and paging.
    let by_id = format!(
        "/admin/realms/{realm}/roles-by-id/{}/composites",
        a["id"].as_str().unwrap()
    );
    assert_eq!(names(&get_json(&srv, &admin, &by_id).await), ["b", "c"]);
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{by_id}?first=1&max=1")).await),
        ["c"]
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{by_id}?search=B")).await),
        ["b"]
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{by_id}/realm")).await),
        ["b"]
    );
    let r = srv.post(&admin, &by_id, &json!([{"id": d["id"]}])).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // A client role's composites.
    let r = srv
        .post(
            &admin,
            &format!("{app_roles}/c/composites"),
            &json!([{"id": b["id"]}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{app_roles}/c/composites/realm")).await),
        ["b"]
    );

    // An unknown role in the body: 404 and nothing of the batch applied.
    let e = create_role(&srv, &admin, &roles, "e").await;
    let r = srv
        .post(
            &admin,
            &format!("{roles}/a/composites"),
            &json!([{"id": e["id"]}, {"id": "nope"}]),
        )
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find composite role"}),
    )
    .await;
    let r = srv
        .post(
            &admin,
            &format!("{roles}/a/composites"),
            &json!([{"description": "no id"}]),
        )
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find composite role"}),
    )
    .await;
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}/a/composites")).await),
        ["b", "c", "d"]
    );

    // Removal, by body.
    let r = send(
        &srv,
        Method::DELETE,
        &admin,
        &format!("{roles}/a/composites"),
        Some(&json!([{"id": b["id"]}, {"id": d["id"]}])),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}/a/composites")).await),
        ["c"]
    );
    let r = send(
        &srv,
        Method::DELETE,
        &admin,
        &by_id,
        Some(&json!([{"id": c["id"]}])),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get_json(&srv, &admin, &format!("{roles}/a")).await["composite"],
        false
    );

    // Composites named in a new role's representation.
    let body = json!({"name": "bundle", "composite": true,
                      "composites": {"realm": ["b", "d"], "client": {"app": ["c"], "gone": ["x"]}}});
    assert_eq!(
        srv.post(&admin, &roles, &body).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}/bundle/composites")).await),
        ["b", "c", "d"]
    );
    let body = json!({"name": "broken", "composite": true, "composites": {"realm": ["missing"]}});
    assert_eq!(
        srv.post(&admin, &roles, &body).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        srv.get(&admin, &format!("{roles}/broken")).await.status(),
        StatusCode::NOT_FOUND
    );

    // Deleting a child drops it from its parents.
    assert_eq!(
        srv.delete(&admin, &format!("{roles}/d")).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}/bundle/composites")).await),
        ["b", "c"]
    );
});

both_stores!(role_users_and_groups, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("roles-members");
    let user = |name: &str, roles: Value| {
        json!({"username": name, "enabled": true, "realmRoles": roles,
                                                  "clientRoles": {"app": ["tool"]}})
    };
    let rep = json!({"realm": realm, "enabled": true,
        "clients": [{"clientId": "app", "publicClient": true}],
        "roles": {"realm": [{"name": "staff"}, {"name": "other"}], "client": {"app": [{"name": "tool"}]}},
        "groups": [{"name": "team", "realmRoles": ["staff"], "attributes": {"k": ["v"]},
                    "subGroups": [{"name": "inner", "realmRoles": ["staff"], "clientRoles": {"app": ["tool"]}}]},
                   {"name": "alone", "realmRoles": ["other"]}],
        "users": [user("carol", json!(["staff"])), user("alice", json!(["staff", "other"])),
                  user("bob", json!(["staff"]))]});
    srv.create_realm(&admin, rep).await;
    let roles = format!("/admin/realms/{realm}/roles");

    let users = get_json(&srv, &admin, &format!("{roles}/staff/users")).await;
    assert_eq!(usernames(&users), ["alice", "bob", "carol"]);
    assert_eq!(
        usernames(&get_json(&srv, &admin, &format!("{roles}/staff/users?first=1&max=1")).await),
        ["bob"]
    );
    assert_eq!(
        usernames(&get_json(&srv, &admin, &format!("{roles}/other/users")).await),
        ["alice"]
    );
    let r = srv.get(&admin, &format!("{roles}/nope/users")).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find role"}),
    )
    .await;

    let groups = get_json(&srv, &admin, &format!("{roles}/staff/groups")).await;
    assert_eq!(names(&groups), ["inner", "team"]);
    assert_eq!(groups[0]["path"], "/team/inner");
    assert!(groups[0].get("realmRoles").is_none(), "brief by default");
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}/staff/groups?first=1&max=5")).await),
        ["team"]
    );
    let full = get_json(
        &srv,
        &admin,
        &format!("{roles}/staff/groups?briefRepresentation=false"),
    )
    .await;
    assert_eq!(full[0]["realmRoles"], json!(["staff"]));
    assert_eq!(full[0]["clientRoles"], json!({"app": ["tool"]}));
    assert_eq!(full[1]["attributes"], json!({"k": ["v"]}));

    // The same for a client role.
    let app = client_uuid(&srv, &admin, &realm, "app").await;
    let tool = format!("/admin/realms/{realm}/clients/{app}/roles/tool");
    assert_eq!(
        usernames(&get_json(&srv, &admin, &format!("{tool}/users")).await),
        ["alice", "bob", "carol"]
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{tool}/groups")).await),
        ["inner"]
    );
});
