//! Search with its hierarchy, attribute queries, paging and counts, at scale too.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::both_stores;
use crate::support::Srv;

both_stores!(search_hierarchy_paging_and_count, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "groups-search").await;
    let apple = create_group(&srv, &token, &realm, "apple").await;
    let banana = create_group(&srv, &token, &realm, "banana").await;
    let cherry = create_group_with(
        &srv,
        &token,
        &realm,
        json!({"name": "cherry", "attributes": {"color": ["red"]}}),
    )
    .await;
    let pie = create_child_with(
        &srv,
        &token,
        &realm,
        &banana,
        json!({"name": "applepie", "attributes": {"color": ["red"], "kind": ["pie"]}}),
    )
    .await;
    create_child(&srv, &token, &realm, &banana, "split").await;
    let tart = create_child(&srv, &token, &realm, &pie, "appletart").await;

    // Infix, case-insensitive, at any depth; matches hang under their ancestors and
    // nothing else does.
    let found = get_json(&srv, &token, &format!("{}?search=APPLE", groups(&realm))).await;
    assert_eq!(names(&found), ["apple", "banana"]);
    assert_eq!(found[0]["id"], apple.as_str());
    assert_eq!(found[0]["subGroups"], json!([]));
    assert_eq!(
        found[1]["subGroupCount"], 2,
        "the real count, not the shown one"
    );
    let subs = &found[1]["subGroups"];
    assert_eq!(names(subs), ["applepie"]);
    assert_eq!(subs[0]["path"], "/banana/applepie");
    assert_eq!(subs[0]["parentId"], banana.as_str());
    assert_eq!(names(&subs[0]["subGroups"]), ["appletart"]);
    assert_eq!(subs[0]["subGroups"][0]["id"], tart.as_str());
    assert!(subs[0].get("attributes").is_none());
    assert_eq!(found[1]["access"]["manage"], true);

    let full = get_json(
        &srv,
        &token,
        &format!(
            "{}?search=applepie&briefRepresentation=false",
            groups(&realm)
        ),
    )
    .await;
    assert_eq!(
        full[0]["subGroups"][0]["attributes"],
        json!({"color": ["red"], "kind": ["pie"]})
    );
    let flat = get_json(
        &srv,
        &token,
        &format!("{}?search=apple&populateHierarchy=false", groups(&realm)),
    )
    .await;
    assert_eq!(names(&flat), ["apple", "applepie", "appletart"]);
    assert_eq!(flat[0]["subGroups"], json!([]));
    let exact = get_json(
        &srv,
        &token,
        &format!("{}?search=apple&exact=true", groups(&realm)),
    )
    .await;
    assert_eq!(names(&exact), ["apple"]);
    let exact = get_json(
        &srv,
        &token,
        &format!(
            "{}?search=Apple&exact=true&populateHierarchy=false",
            groups(&realm)
        ),
    )
    .await;
    assert!(names(&exact).is_empty(), "exact is case-sensitive");
    let none = get_json(&srv, &token, &format!("{}?search=zzz", groups(&realm))).await;
    assert_eq!(none, json!([]));
    let wild = get_json(&srv, &token, &format!("{}?search=%25", groups(&realm))).await;
    assert_eq!(wild, json!([]), "% is a character, not a wildcard");

    // Paging applies to the matches, in name order.
    let page = get_json(
        &srv,
        &token,
        &format!(
            "{}?search=apple&first=1&max=1&populateHierarchy=false",
            groups(&realm)
        ),
    )
    .await;
    assert_eq!(names(&page), ["applepie"]);
    let top = get_json(&srv, &token, &format!("{}?first=1&max=1", groups(&realm))).await;
    assert_eq!(names(&top), ["banana"]);
    let top = get_json(&srv, &token, &format!("{}?first=2", groups(&realm))).await;
    assert_eq!(names(&top), ["cherry"]);
    let top = get_json(&srv, &token, &format!("{}?max=0", groups(&realm))).await;
    assert_eq!(top, json!([]));
    let counted = get_json(
        &srv,
        &token,
        &format!("{}?subGroupsCount=false", groups(&realm)),
    )
    .await;
    assert!(counted[0].get("subGroupCount").is_none());

    // Attribute search.
    let q = get_json(&srv, &token, &format!("{}?q=color:red", groups(&realm))).await;
    assert_eq!(names(&q), ["banana", "cherry"]);
    assert_eq!(names(&q[0]["subGroups"]), ["applepie"]);
    assert_eq!(q[1]["id"], cherry.as_str());
    let q = get_json(
        &srv,
        &token,
        &format!(
            "{}?q=color:red%20kind:pie&populateHierarchy=false",
            groups(&realm)
        ),
    )
    .await;
    assert_eq!(names(&q), ["applepie"]);
    let q = get_json(&srv, &token, &format!("{}?q=color:blue", groups(&realm))).await;
    assert_eq!(q, json!([]));
    // Attributes replaced by PUT are what q finds.
    let r = srv
        .put(
            &token,
            &group(&realm, &cherry),
            &json!({"name": "cherry", "attributes": {"color": ["blue"]}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let q = get_json(&srv, &token, &format!("{}?q=color:blue", groups(&realm))).await;
    assert_eq!(names(&q), ["cherry"]);

    // Counts.
    assert_eq!(count(&srv, &token, &realm, "").await, 6);
    assert_eq!(count(&srv, &token, &realm, "?top=true").await, 3);
    assert_eq!(count(&srv, &token, &realm, "?search=apple").await, 3);
    assert_eq!(count(&srv, &token, &realm, "?search=nothing").await, 0);

    // Children: paged (10 by default), searchable.
    for i in 0..12 {
        create_child(&srv, &token, &realm, &apple, &format!("kid-{i:02}")).await;
    }
    let children = format!("{}/children", group(&realm, &apple));
    let kids = get_json(&srv, &token, &children).await;
    assert_eq!(kids.as_array().unwrap().len(), 10);
    assert_eq!(kids[0]["name"], "kid-00");
    let kids = get_json(&srv, &token, &format!("{children}?first=10&max=5")).await;
    assert_eq!(names(&kids), ["kid-10", "kid-11"]);
    let kids = get_json(&srv, &token, &format!("{children}?search=KID-1&max=-1")).await;
    assert_eq!(names(&kids), ["kid-10", "kid-11"]);
    let kids = get_json(
        &srv,
        &token,
        &format!("{children}?search=kid-03&exact=true"),
    )
    .await;
    assert_eq!(names(&kids), ["kid-03"]);
    let kids = get_json(
        &srv,
        &token,
        &format!("{children}?briefRepresentation=true&max=1"),
    )
    .await;
    assert!(kids[0].get("attributes").is_none());
    assert_eq!(kids[0]["subGroupCount"], 0);
});

both_stores!(
    twenty_thousand_children_page_in_the_database,
    |srv: Srv| async move {
        let (token, realm) = setup(&srv, "groups-big").await;
        let parent = create_group(&srv, &token, &realm, "big").await;
        // Seed the children straight into the store: 20,000 HTTP calls would test nothing more.
        let realm_id: String = sqlx::query_scalar("SELECT id FROM realms WHERE name = $1")
            .bind(&realm)
            .fetch_one(&srv.state.db.pool)
            .await
            .unwrap();
        sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
         INSERT INTO realm_groups (id, realm_id, parent_id, name, path, attributes)
         SELECT $1 || '-' || i, $2, $1, 'child-' || (100000 + i), '/big/child-' || (100000 + i), '{}'
         FROM n",
    )
    .bind(&parent)
    .bind(&realm_id)
    .execute(&srv.state.db.pool)
    .await
    .unwrap();

        let children = format!("{}/children", group(&realm, &parent));
        let started = Instant::now();
        let page = get_json(&srv, &token, &format!("{children}?first=19990&max=20")).await;
        let names = names(&page);
        assert_eq!(names.len(), 10);
        assert_eq!(names[0], "child-119991");
        assert_eq!(names[9], "child-120000");
        let top = get_json(&srv, &token, &groups(&realm)).await;
        assert_eq!(top[0]["subGroupCount"], 20000);
        let found = get_json(
            &srv,
            &token,
            &format!("{}?search=child-11999&max=5", groups(&realm)),
        )
        .await;
        assert_eq!(found[0]["name"], "big");
        assert_eq!(found[0]["subGroups"].as_array().unwrap().len(), 5);
        assert_eq!(count(&srv, &token, &realm, "?search=child-11999").await, 10);
        assert_eq!(count(&srv, &token, &realm, "").await, 20001);
        let reads = started.elapsed();

        let started = Instant::now();
        let r = srv
            .put(&token, &group(&realm, &parent), &json!({"name": "huge"}))
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let rename = started.elapsed();
        let last = get_json(&srv, &token, &format!("{children}?first=19999")).await;
        assert_eq!(last[0]["path"], "/huge/child-120000");
        let g = get_json(
            &srv,
            &token,
            &format!("/admin/realms/{realm}/group-by-path/huge/child-100001"),
        )
        .await;
        assert_eq!(g["parentId"], parent.as_str());

        let started_delete = Instant::now();
        let r = srv.delete(&token, &group(&realm, &parent)).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let delete = started_delete.elapsed();
        assert_eq!(count(&srv, &token, &realm, "").await, 0);
        eprintln!("20k children: reads {reads:?}, rename {rename:?}, delete {delete:?}");
        // Generous bounds for a shared debug build; in-memory paging would still pass these,
        // the point is that nothing here is quadratic.
        assert!(reads < Duration::from_secs(20), "reads took {reads:?}");
        assert!(rename < Duration::from_secs(20), "rename took {rename:?}");
    }
);
