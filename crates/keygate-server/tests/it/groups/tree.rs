//! Children, renames and moves through the tree, group-by-path.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(tree_rename_and_move, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "groups-tree").await;
    let a = create_group(&srv, &token, &realm, "a").await;
    let r = srv
        .post(
            &token,
            &format!("{}/children", group(&realm, &a)),
            &json!({"name": "b", "attributes": {"x": ["1"]}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let b = support::location_id(&r);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        srv.url(&group(&realm, &b))
    );
    let created: Value = r.json().await.unwrap();
    assert_eq!(
        created,
        json!({
            "id": b, "name": "b", "path": "/a/b", "parentId": a, "subGroups": [],
            "attributes": {"x": ["1"]},
            "access": {"view": true, "manage": true, "manageMembership": true}
        })
    );
    let c = create_child(&srv, &token, &realm, &b, "c").await;

    let r = srv
        .post(
            &token,
            &format!("{}/children", group(&realm, &a)),
            &json!({"name": "b"}),
        )
        .await;
    assert_error(
        r,
        409,
        json!({"errorMessage": "Sibling group named 'b' already exists."}),
    )
    .await;
    let r = srv
        .post(
            &token,
            &format!("{}/children", group(&realm, &a)),
            &json!({"name": ""}),
        )
        .await;
    assert_error(r, 400, json!({"errorMessage": "Group name is missing"})).await;

    // Top-level listing: no subGroups, but their count.
    let top = get_json(&srv, &token, &groups(&realm)).await;
    assert_eq!(top.as_array().unwrap().len(), 1);
    assert_eq!(top[0]["subGroupCount"], 1);
    assert_eq!(top[0]["subGroups"], json!([]));
    assert!(top[0].get("attributes").is_none(), "brief by default");
    let kids = get_json(&srv, &token, &format!("{}/children", group(&realm, &a))).await;
    assert_eq!(names(&kids), ["b"]);
    assert_eq!(kids[0]["subGroupCount"], 1);
    assert_eq!(kids[0]["parentId"], a.as_str());
    assert_eq!(
        kids[0]["attributes"],
        json!({"x": ["1"]}),
        "children are full by default"
    );

    // Renaming the root moves every descendant's path.
    let r = srv
        .put(&token, &group(&realm, &a), &json!({"name": "alpha"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get_json(&srv, &token, &group(&realm, &b)).await["path"],
        "/alpha/b"
    );
    assert_eq!(
        get_json(&srv, &token, &group(&realm, &c)).await["path"],
        "/alpha/b/c"
    );
    let by_path = get_json(
        &srv,
        &token,
        &format!("/admin/realms/{realm}/group-by-path/alpha/b/c"),
    )
    .await;
    assert_eq!(by_path["id"], c.as_str());
    let r = srv
        .get(
            &token,
            &format!("/admin/realms/{realm}/group-by-path/a/b/c"),
        )
        .await;
    assert_error(r, 404, json!({"error": "Group path does not exist"})).await;

    // Move c to the top level, then under alpha.
    let r = srv
        .post(&token, &groups(&realm), &json!({"id": c, "name": "c"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let g = get_json(&srv, &token, &group(&realm, &c)).await;
    assert_eq!(g["path"], "/c");
    assert!(g.get("parentId").is_none());
    assert_eq!(
        get_json(&srv, &token, &group(&realm, &b)).await["subGroupCount"],
        0
    );
    let r = srv
        .post(
            &token,
            &format!("{}/children", group(&realm, &a)),
            &json!({"id": c, "name": "c"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let g = get_json(&srv, &token, &group(&realm, &c)).await;
    assert_eq!(g["path"], "/alpha/c");
    assert_eq!(g["parentId"], a.as_str());

    // Moving b (with a new child d) under c carries its subtree along.
    let d = create_child(&srv, &token, &realm, &b, "d").await;
    let r = srv
        .post(
            &token,
            &format!("{}/children", group(&realm, &c)),
            &json!({"id": b, "name": "b"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get_json(&srv, &token, &group(&realm, &d)).await["path"],
        "/alpha/c/b/d"
    );

    // Refusals: into its own subtree, onto a taken name, unknown child.
    let r = srv
        .post(
            &token,
            &format!("{}/children", group(&realm, &d)),
            &json!({"id": a, "name": "alpha"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.json::<Value>().await.unwrap()["errorMessage"].is_string());
    let top_c = create_group(&srv, &token, &realm, "c").await;
    let r = srv
        .post(&token, &groups(&realm), &json!({"id": c, "name": "c"}))
        .await;
    assert_error(
        r,
        409,
        json!({"errorMessage": "Top level group named 'c' already exists."}),
    )
    .await;
    let r = srv
        .post(
            &token,
            &format!("{}/children", group(&realm, &a)),
            &json!({"id": top_c, "name": "c"}),
        )
        .await;
    assert_error(
        r,
        409,
        json!({"errorMessage": "Sibling group named 'c' already exists."}),
    )
    .await;
    let r = srv
        .post(
            &token,
            &format!("{}/children", group(&realm, &a)),
            &json!({"id": "nope", "name": "x"}),
        )
        .await;
    assert_error(r, 404, json!({"error": "Could not find child by id"})).await;
    let r = srv
        .post(&token, &groups(&realm), &json!({"id": "nope", "name": "x"}))
        .await;
    assert_error(r, 404, json!({"error": "Could not find child by id"})).await;
    // Moving a top-level group to the top level changes nothing.
    let r = srv
        .post(&token, &groups(&realm), &json!({"id": top_c, "name": "c"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get_json(&srv, &token, &group(&realm, &top_c)).await["path"],
        "/c"
    );
});

both_stores!(group_by_path, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "groups-path").await;
    let top = create_group(&srv, &token, &realm, "top").await;
    let mid = create_child_with(
        &srv,
        &token,
        &realm,
        &top,
        json!({"name": "mid dle", "attributes": {"a": ["b"]}}),
    )
    .await;
    let leaf = create_child(&srv, &token, &realm, &mid, "leaf").await;
    let by = |p: &str| format!("/admin/realms/{realm}/group-by-path/{p}");

    let g = get_json(&srv, &token, &by("top/mid%20dle")).await;
    assert_eq!(
        g,
        json!({
            "id": mid, "name": "mid dle", "path": "/top/mid dle", "parentId": top,
            "subGroupCount": 1, "subGroups": [], "attributes": {"a": ["b"]}
        })
    );
    assert_eq!(
        get_json(&srv, &token, &by("top/mid%20dle/leaf")).await["id"],
        leaf.as_str()
    );
    assert_eq!(
        get_json(&srv, &token, &by("top/mid%20dle/leaf/")).await["id"],
        leaf.as_str()
    );
    assert_eq!(get_json(&srv, &token, &by("top")).await["id"], top.as_str());
    let missing = json!({"error": "Group path does not exist"});
    assert_error(srv.get(&token, &by("top/leaf")).await, 404, missing.clone()).await;
    assert_error(srv.get(&token, &by("TOP")).await, 404, missing).await;
});
