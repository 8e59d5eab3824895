//! Memberships from both sides, default groups, and who may do what.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(memberships_both_directions, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "groups-members").await;
    let g = create_group_with(
        &srv,
        &token,
        &realm,
        json!({"name": "team", "attributes": {"k": ["v"]}}),
    )
    .await;
    let other = create_group(&srv, &token, &realm, "other").await;
    let zed = srv.create_user(&token, &realm, "zed", "pw").await;
    let amy = srv.create_user(&token, &realm, "amy", "pw").await;
    for u in [&zed, &amy, &zed] {
        let r = srv
            .put(&token, &membership(&realm, u, &g), &json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    let r = srv
        .put(&token, &membership(&realm, &zed, &other), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let members = format!("{}/members", group(&realm, &g));
    let list = get_json(&srv, &token, &members).await;
    let usernames: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(usernames, ["amy", "zed"]);
    assert_eq!(list[0]["id"], amy.as_str());
    assert_eq!(list[0]["email"], "amy@example.com");
    let page = get_json(
        &srv,
        &token,
        &format!("{members}?first=1&max=1&briefRepresentation=true"),
    )
    .await;
    assert_eq!(page.as_array().unwrap().len(), 1);
    assert_eq!(page[0]["username"], "zed");
    assert!(page[0].get("requiredActions").is_none(), "brief");

    let mine = get_json(&srv, &token, &user_groups(&realm, &zed)).await;
    assert_eq!(names(&mine), ["other", "team"]);
    assert_eq!(
        mine[1],
        json!({"id": g, "name": "team", "path": "/team", "subGroups": []})
    );
    let full = get_json(
        &srv,
        &token,
        &format!(
            "{}?briefRepresentation=false&search=TEA",
            user_groups(&realm, &zed)
        ),
    )
    .await;
    assert_eq!(names(&full), ["team"]);
    assert_eq!(full[0]["attributes"], json!({"k": ["v"]}));
    let paged = get_json(
        &srv,
        &token,
        &format!("{}?first=1&max=5", user_groups(&realm, &zed)),
    )
    .await;
    assert_eq!(names(&paged), ["team"]);
    let counted = format!("{}/count", user_groups(&realm, &zed));
    assert_eq!(get_json(&srv, &token, &counted).await, json!({"count": 2}));
    assert_eq!(
        get_json(&srv, &token, &format!("{counted}?search=oth")).await,
        json!({"count": 1})
    );

    let r = srv.delete(&token, &membership(&realm, &zed, &g)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.delete(&token, &membership(&realm, &zed, &g)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "leaving twice is fine");
    assert_eq!(
        names(&get_json(&srv, &token, &user_groups(&realm, &zed)).await),
        ["other"]
    );
    let list = get_json(&srv, &token, &members).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    // 404s.
    let user_missing = json!({"error": "User not found"});
    let group_missing = json!({"error": "Group not found"});
    let r = srv
        .put(&token, &membership(&realm, "nobody", &g), &json!({}))
        .await;
    assert_error(r, 404, user_missing.clone()).await;
    let r = srv
        .put(&token, &membership(&realm, &zed, "nothing"), &json!({}))
        .await;
    assert_error(r, 404, group_missing.clone()).await;
    let r = srv
        .delete(&token, &membership(&realm, &zed, "nothing"))
        .await;
    assert_error(r, 404, group_missing).await;
    assert_error(
        srv.get(&token, &user_groups(&realm, "nobody")).await,
        404,
        user_missing.clone(),
    )
    .await;
    let r = srv
        .get(&token, &format!("{}/count", user_groups(&realm, "nobody")))
        .await;
    assert_error(r, 404, user_missing).await;

    // Deleting a user removes its memberships.
    let r = srv
        .delete(&token, &format!("/admin/realms/{realm}/users/{amy}"))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(get_json(&srv, &token, &members).await, json!([]));
});

both_stores!(default_groups_for_new_users, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "groups-default").await;
    let parent = create_group(&srv, &token, &realm, "everyone").await;
    let child = create_child(&srv, &token, &realm, &parent, "staff").await;
    let defaults = format!("/admin/realms/{realm}/default-groups");
    assert_eq!(get_json(&srv, &token, &defaults).await, json!([]));
    for g in [&child, &child] {
        let r = srv
            .put(&token, &format!("{defaults}/{g}"), &json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    let list = get_json(&srv, &token, &defaults).await;
    assert_eq!(
        list,
        json!([{"id": child, "name": "staff", "path": "/everyone/staff", "parentId": parent, "subGroups": []}])
    );
    let r = srv
        .put(&token, &format!("{defaults}/nope"), &json!({}))
        .await;
    assert_error(r, 404, json!({"error": "Group not found"})).await;
    let r = srv.delete(&token, &format!("{defaults}/nope")).await;
    assert_error(r, 404, json!({"error": "Group not found"})).await;

    let u = srv.create_user(&token, &realm, "newbie", "pw").await;
    let mine = get_json(&srv, &token, &user_groups(&realm, &u)).await;
    assert_eq!(names(&mine), ["staff"]);
    assert_eq!(mine[0]["path"], "/everyone/staff");
    // Groups named at creation are joined as well.
    let r = srv
        .post(
            &token,
            &format!("/admin/realms/{realm}/users"),
            &json!({"username": "both", "groups": ["/everyone"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let both = support::location_id(&r);
    assert_eq!(
        names(&get_json(&srv, &token, &user_groups(&realm, &both)).await),
        ["everyone", "staff"]
    );

    let r = srv.delete(&token, &format!("{defaults}/{child}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(get_json(&srv, &token, &defaults).await, json!([]));
    let later = srv.create_user(&token, &realm, "later", "pw").await;
    assert_eq!(
        get_json(&srv, &token, &user_groups(&realm, &later)).await,
        json!([])
    );
    // The earlier member stays a member.
    assert_eq!(
        names(&get_json(&srv, &token, &user_groups(&realm, &u)).await),
        ["staff"]
    );
});

both_stores!(permissions, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("groups-perm");
    let user = |name: &str, roles: Value| {
        json!({"username": name, "enabled": true, "credentials": [{"type": "password", "value": "pw"}],
               "clientRoles": {"realm-management": roles}})
    };
    let rep = json!({"realm": realm, "enabled": true, "users": [
        user("plain", json!([])), user("viewer", json!(["view-users"])),
        user("querier", json!(["query-groups"])), user("manager", json!(["manage-users"]))
    ]});
    srv.create_realm(&admin, rep).await;
    let g = create_group(&srv, &admin, &realm, "g").await;
    let forbidden = json!({"error": "HTTP 403 Forbidden"});

    let plain = user_token(&srv, &realm, "plain").await;
    for path in [
        groups(&realm),
        group(&realm, &g),
        format!("{}/count", groups(&realm)),
        format!("{}/members", group(&realm, &g)),
        format!("/admin/realms/{realm}/group-by-path/g"),
    ] {
        assert_error(srv.get(&plain, &path).await, 403, forbidden.clone()).await;
    }
    let r = srv
        .post(&plain, &groups(&realm), &json!({"name": "sneaky"}))
        .await;
    assert_error(r, 403, forbidden.clone()).await;

    // query-groups passes the list check, but Keycloak shows only groups the caller may
    // view: an empty list, while the count is the real one.
    let querier = user_token(&srv, &realm, "querier").await;
    assert_eq!(get_json(&srv, &querier, &groups(&realm)).await, json!([]));
    let n = get_json(&srv, &querier, &format!("{}/count", groups(&realm))).await;
    assert_eq!(n, json!({"count": 1}));
    assert_error(
        srv.get(&querier, &group(&realm, &g)).await,
        403,
        forbidden.clone(),
    )
    .await;

    let viewer = user_token(&srv, &realm, "viewer").await;
    let list = get_json(&srv, &viewer, &groups(&realm)).await;
    assert_eq!(
        list[0]["access"],
        json!({"view": true, "manage": false, "manageMembership": false})
    );
    assert_eq!(
        get_json(&srv, &viewer, &group(&realm, &g)).await["name"],
        "g"
    );
    let r = srv
        .post(&viewer, &groups(&realm), &json!({"name": "x"}))
        .await;
    assert_error(r, 403, forbidden.clone()).await;
    let r = srv
        .put(&viewer, &group(&realm, &g), &json!({"name": "x"}))
        .await;
    assert_error(r, 403, forbidden.clone()).await;
    assert_error(
        srv.delete(&viewer, &group(&realm, &g)).await,
        403,
        forbidden.clone(),
    )
    .await;
    let r = srv
        .get(&viewer, &format!("/admin/realms/{realm}/default-groups"))
        .await;
    assert_error(r, 403, forbidden.clone()).await;

    let manager = user_token(&srv, &realm, "manager").await;
    let r = srv
        .post(&manager, &groups(&realm), &json!({"name": "made"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let users = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/users?username=viewer&exact=true"),
    )
    .await;
    let viewer_id = users[0]["id"].as_str().unwrap().to_string();
    let r = srv
        .put(&manager, &membership(&realm, &viewer_id, &g), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv
        .put(&viewer, &membership(&realm, &viewer_id, &g), &json!({}))
        .await;
    assert_error(r, 403, forbidden.clone()).await;
    // Default groups are realm settings: manage-users is not enough.
    let r = srv
        .put(
            &manager,
            &format!("/admin/realms/{realm}/default-groups/{g}"),
            &json!({}),
        )
        .await;
    assert_error(r, 403, forbidden).await;
    // No token at all.
    let r = srv.http.get(srv.url(&groups(&realm))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
});

both_stores!(
    members_page_follows_username_renames,
    |srv: Srv| async move {
        let (token, realm) = setup(&srv, "groups-member-order").await;
        let r = srv
            .put(
                &token,
                &format!("/admin/realms/{realm}"),
                &json!({"editUsernameAllowed": true}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let g = create_group(&srv, &token, &realm, "crew").await;
        let mut ids = Vec::new();
        for name in ["bob", "cat", "dan"] {
            let id = srv.create_user(&token, &realm, name, "pw").await;
            let r = srv
                .put(&token, &membership(&realm, &id, &g), &json!({}))
                .await;
            assert_eq!(r.status(), StatusCode::NO_CONTENT);
            ids.push(id);
        }
        let members = format!("{}/members", group(&realm, &g));
        let names_of = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|u| u["username"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            names_of(&get_json(&srv, &token, &members).await),
            ["bob", "cat", "dan"]
        );
        // `dan` becomes `abe`: the page order follows at once.
        let r = srv
            .put(
                &token,
                &format!("/admin/realms/{realm}/users/{}", ids[2]),
                &json!({"username": "abe"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            names_of(&get_json(&srv, &token, &members).await),
            ["abe", "bob", "cat"]
        );
        let second = get_json(&srv, &token, &format!("{members}?first=1&max=1")).await;
        assert_eq!(names_of(&second), ["bob"]);
    }
);
