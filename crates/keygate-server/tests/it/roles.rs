//! Roles over HTTP, against what Keycloak 26 answers: realm and client roles and roles by id
//! here; composites and the users and groups a role is mapped to in `roles/composites.rs`,
//! role mappings and tokens in `roles/mappings.rs`, permissions and error answers in
//! `roles/access.rs`.

mod access;
mod composites;
mod mappings;

use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(realm_role_crud, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("roles-crud");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let realm_id = get_json(&srv, &admin, &format!("/admin/realms/{realm}")).await["id"].clone();
    let roles = format!("/admin/realms/{realm}/roles");

    let body = json!({"name": "reader", "description": "Reads things",
                      "attributes": {"level": ["1", "2"]}});
    let r = srv.post(&admin, &roles, &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(location(&r), srv.url(&format!("{roles}/reader")));
    let reader = get_json(&srv, &admin, &format!("{roles}/reader")).await;
    assert_eq!(reader["name"], "reader");
    assert_eq!(reader["description"], "Reads things");
    assert_eq!(reader["composite"], false);
    assert_eq!(reader["clientRole"], false);
    assert_eq!(reader["containerId"], realm_id);
    assert_eq!(reader["attributes"], json!({"level": ["1", "2"]}));
    let id = reader["id"].as_str().unwrap().to_string();

    // The listing: brief by default, by name, with the built-in roles.
    let list = get_json(&srv, &admin, &roles).await;
    let expected = [
        "default-roles-".to_string() + &realm,
        "offline_access".into(),
        "reader".into(),
        "uma_authorization".into(),
    ];
    assert_eq!(names(&list), expected);
    assert!(list[2].get("attributes").is_none(), "brief by default");
    let full = get_json(&srv, &admin, &format!("{roles}?briefRepresentation=false")).await;
    assert_eq!(full[2]["attributes"], json!({"level": ["1", "2"]}));
    assert_eq!(full[1]["attributes"], json!({}));
    // search matches name or description, case-insensitively; paging needs both bounds.
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}?search=READ")).await),
        ["reader"]
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}?search=things")).await),
        ["reader"]
    );
    assert_eq!(
        names(&get_json(&srv, &admin, &format!("{roles}?first=1&max=2")).await),
        expected[1..3]
    );
    assert_eq!(
        get_json(&srv, &admin, &format!("{roles}?first=1"))
            .await
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // 409 on a duplicate, 400 without a name.
    let r = srv.post(&admin, &roles, &json!({"name": "reader"})).await;
    expect(
        r,
        StatusCode::CONFLICT,
        json!({"errorMessage": "Role with name reader already exists"}),
    )
    .await;
    let r = srv
        .post(&admin, &roles, &json!({"description": "nameless"}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Update by name: rename, description, attributes replaced.
    let body = json!({"name": "viewer", "description": "Views", "attributes": {"x": ["y"]}});
    assert_eq!(
        srv.put(&admin, &format!("{roles}/reader"), &body)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let r = srv.get(&admin, &format!("{roles}/reader")).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find role"}),
    )
    .await;
    let viewer = get_json(&srv, &admin, &format!("{roles}/viewer")).await;
    assert_eq!(
        (viewer["id"].as_str(), &viewer["attributes"]),
        (Some(id.as_str()), &json!({"x": ["y"]}))
    );
    let r = srv
        .put(
            &admin,
            &format!("{roles}/viewer"),
            &json!({"name": "offline_access"}),
        )
        .await;
    expect(
        r,
        StatusCode::CONFLICT,
        json!({"errorMessage": "Role with name offline_access already exists"}),
    )
    .await;

    // By id: read, update, delete.
    let by_id = format!("/admin/realms/{realm}/roles-by-id/{id}");
    assert_eq!(get_json(&srv, &admin, &by_id).await["name"], "viewer");
    let body = json!({"name": "viewer", "description": "Changed by id"});
    assert_eq!(
        srv.put(&admin, &by_id, &body).await.status(),
        StatusCode::NO_CONTENT
    );
    let viewer = get_json(&srv, &admin, &format!("{roles}/viewer")).await;
    assert_eq!(viewer["description"], "Changed by id");
    assert_eq!(
        viewer["attributes"],
        json!({"x": ["y"]}),
        "attributes absent from the body stay"
    );
    assert_eq!(
        srv.delete(&admin, &by_id).await.status(),
        StatusCode::NO_CONTENT
    );
    let r = srv.get(&admin, &by_id).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find role with id"}),
    )
    .await;

    // Names that need encoding, and the legacy /auth prefix in Location.
    let r = srv
        .post(
            &admin,
            &format!("/auth{roles}"),
            &json!({"name": "two words"}),
        )
        .await;
    assert_eq!(location(&r), srv.url(&format!("/auth{roles}/two%20words")));
    assert_eq!(
        get_json(&srv, &admin, &format!("{roles}/two%20words")).await["name"],
        "two words"
    );
    assert_eq!(
        srv.delete(&admin, &format!("{roles}/two%20words"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );

    // The default role stays; renaming it keeps new users getting it.
    let default = format!("default-roles-{realm}");
    let r = srv.delete(&admin, &format!("{roles}/{default}")).await;
    let msg = format!("{default} is default role of the realm and cannot be removed.");
    expect(r, StatusCode::BAD_REQUEST, json!({"errorMessage": msg})).await;
    let body = json!({"name": "everyone"});
    assert_eq!(
        srv.put(&admin, &format!("{roles}/{default}"), &body)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let user = srv.create_user(&admin, &realm, "newcomer", "pw").await;
    let mapped = get_json(
        &srv,
        &admin,
        &format!("/admin/realms/{realm}/users/{user}/role-mappings/realm"),
    )
    .await;
    assert_eq!(names(&mapped), ["everyone"]);
    let r = srv.delete(&admin, &format!("{roles}/everyone")).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
});

both_stores!(client_role_crud, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("roles-client");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let app = srv.create_client(&admin, &realm, "app", "secret").await;
    let roles = format!("/admin/realms/{realm}/clients/{app}/roles");

    let body = json!({"name": "editor", "attributes": {"a": ["b"]}});
    let r = srv.post(&admin, &roles, &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(location(&r), srv.url(&format!("{roles}/editor")));
    let editor = get_json(&srv, &admin, &format!("{roles}/editor")).await;
    assert_eq!(
        (editor["clientRole"].clone(), editor["containerId"].clone()),
        (json!(true), json!(app))
    );
    assert_eq!(editor["attributes"], json!({"a": ["b"]}));
    srv.post(&admin, &roles, &json!({"name": "author"})).await;
    assert_eq!(
        names(&get_json(&srv, &admin, &roles).await),
        ["author", "editor"]
    );

    // Names are unique per container: a realm role may share it.
    let r = srv.post(&admin, &roles, &json!({"name": "editor"})).await;
    expect(
        r,
        StatusCode::CONFLICT,
        json!({"errorMessage": "Role with name editor already exists"}),
    )
    .await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/roles"),
            &json!({"name": "editor"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let body = json!({"name": "writer", "description": "Writes"});
    assert_eq!(
        srv.put(&admin, &format!("{roles}/author"), &body)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let writer = get_json(&srv, &admin, &format!("{roles}/writer")).await;
    assert_eq!(
        get_json(
            &srv,
            &admin,
            &format!(
                "/admin/realms/{realm}/roles-by-id/{}",
                writer["id"].as_str().unwrap()
            )
        )
        .await,
        writer
    );
    assert_eq!(
        srv.delete(&admin, &format!("{roles}/writer"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(names(&get_json(&srv, &admin, &roles).await), ["editor"]);

    let r = srv.get(&admin, &format!("{roles}/writer")).await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find role"}),
    )
    .await;
    let r = srv
        .get(&admin, &format!("/admin/realms/{realm}/clients/nope/roles"))
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find client"}),
    )
    .await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/clients/nope/roles"),
            &json!({"name": "x"}),
        )
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find client"}),
    )
    .await;
});

// ---- helpers shared with the submodules ----

/// GETs `path`, asserting 200, and returns the JSON body.
pub async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    let status = r.status();
    let body = r.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    serde_json::from_str(&body).expect("json")
}

/// Any request with an optional JSON body (DELETE with a body included).
pub async fn send(
    srv: &Srv,
    method: Method,
    token: &str,
    path: &str,
    body: Option<&Value>,
) -> Response {
    let mut req = srv.http.request(method, srv.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(b);
    }
    req.send().await.expect("request")
}

/// Asserts a status and an exact JSON body.
pub async fn expect(r: Response, status: StatusCode, body: Value) {
    let url = r.url().to_string();
    assert_eq!(r.status(), status, "{url}");
    let got: Value = r.json().await.expect("json body");
    assert_eq!(got, body, "{url}");
}

pub fn location(r: &Response) -> String {
    assert_eq!(r.status(), StatusCode::CREATED);
    r.headers()["location"].to_str().unwrap().to_string()
}

/// The `name` of each element of a JSON array.
pub fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

pub fn usernames(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_string())
        .collect()
}

/// Creates a role under `roles` (a realm's or a client's) and returns its representation.
pub async fn create_role(srv: &Srv, token: &str, roles: &str, name: &str) -> Value {
    let r = srv.post(token, roles, &json!({"name": name})).await;
    assert_eq!(r.status(), StatusCode::CREATED, "create role {name}");
    get_json(srv, token, &format!("{roles}/{name}")).await
}

/// A client's internal id from its `clientId`.
pub async fn client_uuid(srv: &Srv, token: &str, realm: &str, client_id: &str) -> String {
    let list = get_json(
        srv,
        token,
        &format!("/admin/realms/{realm}/clients?clientId={client_id}"),
    )
    .await;
    list[0]["id"].as_str().expect("client id").to_string()
}
