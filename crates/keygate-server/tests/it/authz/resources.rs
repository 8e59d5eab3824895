//! Resources and scopes: CRUD, search filters, conflicts, and their links.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{names, Fx};
use crate::both_stores;
use crate::support::Srv;

both_stores!(resource_crud_and_conflicts, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-res").await;
    let created = f
        .create(
            &srv,
            "/resource",
            json!({"name": "doc", "type": "urn:rs:doc",
            "uris": ["/docs/*"], "scopes": [{"name": "read"}, {"name": "write"}],
            "attributes": {"tier": ["gold"]}, "displayName": "Documents"}),
        )
        .await;
    let id = created["_id"].as_str().unwrap().to_string();
    assert_eq!(created["owner"], json!({"id": f.rs, "name": "rs"}));
    assert_eq!(
        names(&created["scopes"]),
        ["read", "write"],
        "scopes named are created"
    );
    let got = f
        .call(
            &srv,
            Method::GET,
            &format!("/resource/{id}"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(got["type"], "urn:rs:doc");
    assert_eq!(got["uris"], json!(["/docs/*"]));
    assert_eq!(got["attributes"], json!({"tier": ["gold"]}));
    assert_eq!(got["displayName"], "Documents");
    let dup = f
        .call(
            &srv,
            Method::POST,
            "/resource",
            Some(json!({"name": "doc"})),
            StatusCode::CONFLICT,
        )
        .await;
    assert_eq!(
        dup,
        json!({"error": "invalid_request",
        "error_description": "Resource with name [doc] already exists."})
    );
    // A user may own a resource of the same name.
    let owned = f
        .create(&srv, "/resource", json!({"name": "doc", "owner": "alice"}))
        .await;
    assert_eq!(owned["owner"]["name"], "alice");
    f.call(
        &srv,
        Method::PUT,
        &format!("/resource/{id}"),
        Some(json!({"name": "doc", "uris": ["/d/*"], "scopes": [{"name": "read"}]})),
        StatusCode::NO_CONTENT,
    )
    .await;
    let scopes = f
        .call(
            &srv,
            Method::GET,
            &format!("/resource/{id}/scopes"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(names(&scopes), ["read"]);
    let (status, body) = raw(
        &srv,
        &f,
        Method::PUT,
        "/resource/nope",
        Some(json!({"name": "x"})),
    )
    .await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, ""));
    let (status, body) = raw(&srv, &f, Method::GET, "/resource/nope", None).await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, ""));
    f.call(
        &srv,
        Method::DELETE,
        &format!("/resource/{id}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    f.call(
        &srv,
        Method::GET,
        &format!("/resource/{id}"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
    f.call(
        &srv,
        Method::DELETE,
        &format!("/resource/{id}"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
});

/// The raw status and body text.
async fn raw(
    srv: &Srv,
    f: &Fx,
    method: Method,
    rest: &str,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut req = srv
        .http
        .request(method, srv.url(&f.authz(rest)))
        .bearer_auth(&f.admin);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

both_stores!(resource_search_filters, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-search").await;
    f.create(
        &srv,
        "/resource",
        json!({"name": "Alpha doc", "type": "urn:doc",
        "uris": ["/a"], "scopes": [{"name": "read"}]}),
    )
    .await;
    f.create(
        &srv,
        "/resource",
        json!({"name": "beta", "type": "urn:img",
        "uris": ["/b"], "scopes": [{"name": "write"}], "owner": "alice"}),
    )
    .await;
    f.create(&srv, "/resource", json!({"name": "gamma doc"}))
        .await;
    let q = |query: &str| format!("/resource?{query}");
    let list = |v: Value| names(&v);
    assert_eq!(
        list(
            f.call(&srv, Method::GET, &q("name=DOC"), None, StatusCode::OK)
                .await
        ),
        ["Alpha doc", "gamma doc"]
    );
    assert_eq!(
        list(
            f.call(
                &srv,
                Method::GET,
                &q("name=beta&exactName=true"),
                None,
                StatusCode::OK
            )
            .await
        ),
        ["beta"]
    );
    assert!(f
        .call(
            &srv,
            Method::GET,
            &q("name=bet&exactName=true"),
            None,
            StatusCode::OK
        )
        .await
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        list(
            f.call(&srv, Method::GET, &q("uri=/b"), None, StatusCode::OK)
                .await
        ),
        ["beta"]
    );
    assert_eq!(
        list(
            f.call(&srv, Method::GET, &q("type=urn:doc"), None, StatusCode::OK)
                .await
        ),
        ["Alpha doc"]
    );
    assert_eq!(
        list(
            f.call(&srv, Method::GET, &q("scope=write"), None, StatusCode::OK)
                .await
        ),
        ["beta"]
    );
    assert_eq!(
        list(
            f.call(&srv, Method::GET, &q("owner=alice"), None, StatusCode::OK)
                .await
        ),
        ["beta"]
    );
    let page = f
        .call(&srv, Method::GET, &q("first=1&max=1"), None, StatusCode::OK)
        .await;
    assert_eq!(page.as_array().unwrap().len(), 1);
    let shallow = f
        .call(
            &srv,
            Method::GET,
            &q("deep=false&name=Alpha"),
            None,
            StatusCode::OK,
        )
        .await;
    assert!(shallow[0].get("scopes").is_none(), "{shallow}");
    let one = f
        .call(
            &srv,
            Method::GET,
            "/resource/search?name=gamma%20doc",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(one["name"], "gamma doc");
    f.call(
        &srv,
        Method::GET,
        "/resource/search?name=none",
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
});

both_stores!(scope_crud_and_links, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-scope").await;
    let s = f
        .create(
            &srv,
            "/scope",
            json!({"name": "view", "displayName": "View"}),
        )
        .await;
    let sid = s["id"].as_str().unwrap().to_string();
    // A taken name answers the existing scope, as Keycloak's create does.
    let again = f.create(&srv, "/scope", json!({"name": "view"})).await;
    assert_eq!(again["id"], sid.as_str());
    assert_eq!(again["displayName"], "View");
    f.call(
        &srv,
        Method::PUT,
        &format!("/scope/{sid}"),
        Some(json!({"name": "view", "iconUri": "i.png"})),
        StatusCode::NO_CONTENT,
    )
    .await;
    let got = f
        .call(
            &srv,
            Method::GET,
            &format!("/scope/{sid}"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(got["iconUri"], "i.png");
    let found = f
        .call(
            &srv,
            Method::GET,
            "/scope/search?name=view",
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(found["id"], sid.as_str());
    let listed = f
        .call(&srv, Method::GET, "/scope?name=VI", None, StatusCode::OK)
        .await;
    assert_eq!(names(&listed), ["view"]);
    let r = f
        .create(
            &srv,
            "/resource",
            json!({"name": "doc", "scopes": [{"id": sid}]}),
        )
        .await;
    let rid = r["_id"].as_str().unwrap().to_string();
    let res = f
        .call(
            &srv,
            Method::GET,
            &format!("/scope/{sid}/resources"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(res, json!([{"_id": rid, "name": "doc"}]));
    let refused = f
        .call(
            &srv,
            Method::DELETE,
            &format!("/scope/{sid}"),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(
        refused["errorMessage"],
        "Scopes can not be removed while associated with resources."
    );
    let perm = f
        .create(
            &srv,
            "/permission/scope",
            json!({"name": "p-view", "scopes": ["view"]}),
        )
        .await;
    let perms = f
        .call(
            &srv,
            Method::GET,
            &format!("/scope/{sid}/permissions"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(perms[0]["id"], perm["id"]);
    f.call(
        &srv,
        Method::DELETE,
        &format!("/resource/{rid}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    f.call(
        &srv,
        Method::DELETE,
        &format!("/scope/{sid}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    // The permission that held only this scope went with it.
    f.call(
        &srv,
        Method::GET,
        &format!("/permission/{}", perm["id"].as_str().unwrap()),
        None,
        StatusCode::NOT_FOUND,
    )
    .await;
});

both_stores!(unknown_fields_are_refused, |srv: Srv| async move {
    let f = Fx::new(&srv, "authz-unknown").await;
    for (rest, class) in [
        ("/resource", "ResourceRepresentation"),
        ("/scope", "ScopeRepresentation"),
    ] {
        let v = f
            .call(
                &srv,
                Method::POST,
                rest,
                Some(json!({"name": "x", "bogus": 1})),
                StatusCode::BAD_REQUEST,
            )
            .await;
        let msg = v["error"].as_str().unwrap();
        assert!(
            msg.starts_with(&format!(
                "Invalid json representation for {class}. Unrecognized field \"bogus\""
            )),
            "{msg}"
        );
    }
    f.call(
        &srv,
        Method::PUT,
        "",
        Some(json!({"bogus": true})),
        StatusCode::BAD_REQUEST,
    )
    .await;
    f.call(
        &srv,
        Method::POST,
        "/resource",
        Some(json!(["not", "an", "object"])),
        StatusCode::BAD_REQUEST,
    )
    .await;
});
