//! Create, read, rename, delete and their errors; deleting a subtree.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(create_read_update_delete, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "groups-crud").await;
    let body = json!({"name": "eng", "attributes": {"floor": ["3"]}});
    let r = srv.post(&token, &groups(&realm), &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = support::location_id(&r);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        srv.url(&format!("{}/{id}", groups(&realm)))
    );
    assert_eq!(r.text().await.unwrap(), "", "201 without a body");

    let g = get_json(&srv, &token, &group(&realm, &id)).await;
    assert_eq!(
        g,
        json!({
            "id": id, "name": "eng", "path": "/eng", "subGroupCount": 0, "subGroups": [],
            "attributes": {"floor": ["3"]},
            "access": {"view": true, "manage": true, "manageMembership": true}
        })
    );

    // Duplicates and bad input.
    let r = srv
        .post(&token, &groups(&realm), &json!({"name": "eng"}))
        .await;
    assert_error(
        r,
        409,
        json!({"errorMessage": "Top level group named 'eng' already exists."}),
    )
    .await;
    for bad in [
        json!({"name": ""}),
        json!({"name": "  "}),
        json!({"attributes": {}}),
    ] {
        let r = srv.post(&token, &groups(&realm), &bad).await;
        assert_error(r, 400, json!({"errorMessage": "Group name is missing"})).await;
    }
    let r = srv
        .http
        .post(srv.url(&groups(&realm)))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "unknown_error");
    let r = srv
        .get(&token, &format!("{}?first=abc", groups(&realm)))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Rename and replace attributes.
    let r = srv
        .put(
            &token,
            &group(&realm, &id),
            &json!({"name": "engineering", "attributes": {"k": ["a", "b"]}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let g = get_json(&srv, &token, &group(&realm, &id)).await;
    assert_eq!(g["name"], "engineering");
    assert_eq!(g["path"], "/engineering");
    assert_eq!(g["attributes"], json!({"k": ["a", "b"]}));
    // Without attributes in the body they stay.
    let r = srv
        .put(&token, &group(&realm, &id), &json!({"name": "engineering"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get_json(&srv, &token, &group(&realm, &id)).await["attributes"],
        json!({"k": ["a", "b"]})
    );

    let other = create_group(&srv, &token, &realm, "sales").await;
    let r = srv
        .put(
            &token,
            &group(&realm, &other),
            &json!({"name": "engineering"}),
        )
        .await;
    assert_error(
        r,
        409,
        json!({"errorMessage": "Sibling group named 'engineering' already exists."}),
    )
    .await;
    let r = srv
        .put(&token, &group(&realm, &other), &json!({"name": ""}))
        .await;
    assert_error(r, 400, json!({"errorMessage": "Group name is missing"})).await;
    let r = srv
        .put(
            &token,
            &group(&realm, &other),
            &json!({"id": id, "name": "x"}),
        )
        .await;
    assert_error(r, 400, json!({"errorMessage": "Invalid group id"})).await;

    // 404s.
    let missing = group(&realm, "no-such-group");
    let not_found = json!({"error": "Could not find group by id"});
    assert_error(srv.get(&token, &missing).await, 404, not_found.clone()).await;
    let r = srv.put(&token, &missing, &json!({"name": "x"})).await;
    assert_error(r, 404, not_found.clone()).await;
    assert_error(srv.delete(&token, &missing).await, 404, not_found.clone()).await;
    let r = srv.get(&token, &format!("{missing}/children")).await;
    assert_error(r, 404, not_found.clone()).await;
    let r = srv.get(&token, &format!("{missing}/members")).await;
    assert_error(r, 404, not_found.clone()).await;

    // Delete.
    let r = srv.delete(&token, &group(&realm, &id)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_error(srv.get(&token, &group(&realm, &id)).await, 404, not_found).await;
    assert_eq!(count(&srv, &token, &realm, "").await, 1);

    // The legacy /auth prefix answers too, and its Location keeps the prefix.
    let r = srv
        .post(
            &token,
            &format!("/auth{}", groups(&realm)),
            &json!({"name": "legacy"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        loc.starts_with(&srv.url(&format!("/auth{}/", groups(&realm)))),
        "{loc}"
    );
});

both_stores!(
    delete_takes_subtree_and_memberships,
    |srv: Srv| async move {
        let (token, realm) = setup(&srv, "groups-delete").await;
        let a = create_group(&srv, &token, &realm, "a").await;
        let b = create_child(&srv, &token, &realm, &a, "b").await;
        let c = create_child(&srv, &token, &realm, &b, "c").await;
        let keep = create_group(&srv, &token, &realm, "keep").await;
        let u = srv.create_user(&token, &realm, "member", "pw").await;
        for g in [&b, &c, &keep] {
            let r = srv
                .put(&token, &membership(&realm, &u, g), &json!({}))
                .await;
            assert_eq!(r.status(), StatusCode::NO_CONTENT);
        }
        assert_eq!(
            get_json(&srv, &token, &format!("{}/count", user_groups(&realm, &u))).await,
            json!({"count": 3})
        );
        let r = srv
            .put(
                &token,
                &format!("/admin/realms/{realm}/default-groups/{c}"),
                &json!({}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);

        let r = srv.delete(&token, &group(&realm, &a)).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        for g in [&a, &b, &c] {
            assert_eq!(
                srv.get(&token, &group(&realm, g)).await.status(),
                StatusCode::NOT_FOUND
            );
        }
        assert_eq!(count(&srv, &token, &realm, "").await, 1);
        let mine = get_json(&srv, &token, &user_groups(&realm, &u)).await;
        assert_eq!(names(&mine), ["keep"]);
        assert_eq!(
            get_json(&srv, &token, &format!("/admin/realms/{realm}/users/{u}")).await["username"],
            "member"
        );
        assert_eq!(
            get_json(
                &srv,
                &token,
                &format!("/admin/realms/{realm}/default-groups")
            )
            .await,
            json!([])
        );
    }
);
