//! `/admin/realms/{realm}/clients`: create, read, list, partial update, delete, the client
//! secret and the service-account user.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(create_read_and_list, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "clients-create").await;
    let body = json!({
        "clientId": "app-one", "publicClient": false, "someUnknownField": "x",
        "redirectUris": ["http://localhost/app/*"], "directAccessGrantsEnabled": true
    });
    let r = srv.post(&token, &clients(&realm), &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let id = support::location_id(&r);
    assert_eq!(location, srv.url(&format!("{}/{id}", clients(&realm))));

    let client = get_json(&srv, &token, &format!("{}/{id}", clients(&realm))).await;
    assert_eq!(client["id"], id);
    assert_eq!(client["clientId"], "app-one");
    assert_eq!(client["someUnknownField"], "x", "unknown fields are kept");
    assert_eq!(client["redirectUris"], json!(["http://localhost/app/*"]));
    assert_eq!(client["publicClient"], false);
    assert_eq!(client["enabled"], true);
    assert_eq!(client["protocol"], "openid-connect");
    assert!(
        client["secret"].as_str().is_some_and(|s| !s.is_empty()),
        "confidential: {client}"
    );

    let r = srv
        .post(&token, &clients(&realm), &json!({"clientId": "app-two"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = srv
        .post(&token, &clients(&realm), &json!({"clientId": "other"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    // `clientId` is exact unless `search=true`, which matches an infix.
    let list = get_json(
        &srv,
        &token,
        &format!("{}?clientId=app-one", clients(&realm)),
    )
    .await;
    assert_eq!(client_ids(&list), ["app-one"]);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["someUnknownField"], "x");
    let list = get_json(&srv, &token, &format!("{}?clientId=app", clients(&realm))).await;
    assert_eq!(client_ids(&list), Vec::<String>::new());
    let list = get_json(
        &srv,
        &token,
        &format!("{}?clientId=pp-&search=true", clients(&realm)),
    )
    .await;
    assert_eq!(client_ids(&list), ["app-one", "app-two"]);
    let list = get_json(
        &srv,
        &token,
        &format!("{}?clientId=THER&search=true", clients(&realm)),
    )
    .await;
    assert_eq!(client_ids(&list), ["other"]);

    let all = get_json(&srv, &token, &clients(&realm)).await;
    let ids = client_ids(&all);
    for c in ["app-one", "app-two", "other"] {
        assert!(ids.contains(&c.to_string()), "{c} in {ids:?}");
    }
});

both_stores!(duplicate_and_missing_client_id, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "clients-dup").await;
    let r = srv
        .post(&token, &clients(&realm), &json!({"clientId": "dup"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = srv
        .post(&token, &clients(&realm), &json!({"clientId": "dup"}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body, json!({"errorMessage": "Client dup already exists"}));

    let r = srv
        .post(&token, &clients(&realm), &json!({"name": "no id"}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert!(body["errorMessage"].is_string(), "body: {body}");

    let list = get_json(&srv, &token, &format!("{}?clientId=dup", clients(&realm))).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Renaming onto a taken clientId is a conflict too, and changes nothing.
    let r = srv
        .post(&token, &clients(&realm), &json!({"clientId": "second"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let path = format!("{}/{}", clients(&realm), support::location_id(&r));
    let r = srv
        .put(
            &token,
            &path,
            &json!({"clientId": "dup", "description": "d"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body, json!({"errorMessage": "Client dup already exists"}));
    let second = get_json(&srv, &token, &path).await;
    assert_eq!(second["clientId"], "second");
    assert!(second.get("description").is_none(), "{second}");
    // A free name is fine.
    let r = srv
        .put(&token, &path, &json!({"clientId": "renamed"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let list = get_json(
        &srv,
        &token,
        &format!("{}?clientId=renamed", clients(&realm)),
    )
    .await;
    assert_eq!(client_ids(&list), ["renamed"]);
});

both_stores!(partial_update_keeps_unknown_fields, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "clients-update").await;
    let body = json!({"clientId": "keeper", "someUnknownField": "x", "description": "old",
                      "redirectUris": ["http://a/*"]});
    let r = srv.post(&token, &clients(&realm), &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = support::location_id(&r);
    let path = format!("{}/{id}", clients(&realm));
    let before = get_json(&srv, &token, &path).await;

    let change = json!({"description": "new", "redirectUris": ["http://b/*"], "otherUnknown": 7});
    let r = srv.put(&token, &path, &change).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(r.text().await.unwrap(), "");

    let after = get_json(&srv, &token, &path).await;
    assert_eq!(after["description"], "new");
    assert_eq!(after["redirectUris"], json!(["http://b/*"]));
    assert_eq!(
        after["someUnknownField"], "x",
        "survives a PUT that does not mention it"
    );
    assert_eq!(after["otherUnknown"], 7);
    assert_eq!(after["id"], id);
    assert_eq!(after["clientId"], "keeper");
    assert_eq!(
        after["secret"], before["secret"],
        "the secret is not rotated by an update"
    );
    assert_eq!(after["defaultClientScopes"], before["defaultClientScopes"]);

    // An `id` in the body cannot move the client.
    let r = srv
        .put(
            &token,
            &path,
            &json!({"id": "elsewhere", "description": "d2"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(get_json(&srv, &token, &path).await["id"], id);

    let missing = format!("{}/{}", clients(&realm), uuid::Uuid::new_v4());
    let r = srv
        .put(&token, &missing, &json!({"description": "x"}))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "Could not find client"})
    );
});

both_stores!(delete_client, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "clients-delete").await;
    let id = srv
        .create_client(&token, &realm, "goner", "goner-secret")
        .await;
    let path = format!("{}/{id}", clients(&realm));
    let r = srv.delete(&token, &path).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let r = srv.get(&token, &path).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "Could not find client"})
    );
    let r = srv.delete(&token, &path).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let list = get_json(&srv, &token, &format!("{}?clientId=goner", clients(&realm))).await;
    assert_eq!(client_ids(&list), Vec::<String>::new());
    // The client no longer authenticates, and its clientId is free again.
    let (status, err) = client_credentials(&srv, &realm, "goner", "goner-secret").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(err["error"], "invalid_client");
    srv.create_client(&token, &realm, "goner", "goner-secret")
        .await;
});

both_stores!(client_secret_and_regeneration, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "clients-secret").await;
    let id = srv
        .create_client(&token, &realm, "svc", "first-secret")
        .await;
    let path = format!("{}/{id}/client-secret", clients(&realm));

    let secret = get_json(&srv, &token, &path).await;
    assert_eq!(secret, json!({"type": "secret", "value": "first-secret"}));
    let (status, body) = client_credentials(&srv, &realm, "svc", "first-secret").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let r = srv.post(&token, &path, &json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let fresh: Value = r.json().await.unwrap();
    assert_eq!(fresh["type"], "secret");
    let new_secret = fresh["value"].as_str().expect("value").to_string();
    assert!(!new_secret.is_empty() && new_secret != "first-secret");
    assert_eq!(get_json(&srv, &token, &path).await, fresh);

    let (status, err) = client_credentials(&srv, &realm, "svc", "first-secret").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let expected = json!({"error": "invalid_client",
                          "error_description": "Invalid client or Invalid client credentials"});
    assert_eq!(err, expected);
    let (status, body) = client_credentials(&srv, &realm, "svc", &new_secret).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["access_token"].is_string());
});

both_stores!(service_account_user, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "clients-sa").await;
    let id = srv
        .create_client(&token, &realm, "my-robot", "robot-secret")
        .await;
    let sa = get_json(
        &srv,
        &token,
        &format!("{}/{id}/service-account-user", clients(&realm)),
    )
    .await;
    assert_eq!(sa["username"], "service-account-my-robot");
    assert_eq!(sa["enabled"], true);
    let sa_id = sa["id"].as_str().expect("id").to_string();
    // client-credentials tokens speak for that user.
    let (status, body) = client_credentials(&srv, &realm, "my-robot", "robot-secret").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let claims = support::claims(body["access_token"].as_str().unwrap());
    assert_eq!(claims["sub"], sa_id);

    // A client without service accounts has none to show.
    let r = srv
        .post(&token, &clients(&realm), &json!({"clientId": "plain"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let plain = support::location_id(&r);
    let sa_path = format!("{}/{plain}/service-account-user", clients(&realm));
    let r = srv.get(&token, &sa_path).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"error": "Service account not enabled for the client 'plain'"})
    );

    // Turning service accounts on by update creates the user.
    let r = srv
        .put(
            &token,
            &format!("{}/{plain}", clients(&realm)),
            &json!({"serviceAccountsEnabled": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let sa = get_json(&srv, &token, &sa_path).await;
    assert_eq!(sa["username"], "service-account-plain");

    let r = srv
        .get(
            &token,
            &format!(
                "{}/{}/service-account-user",
                clients(&realm),
                uuid::Uuid::new_v4()
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "Could not find client"})
    );
});

both_stores!(builtin_clients, |srv: Srv| async move {
    let (token, realm) = setup(&srv, "clients-builtin").await;
    let all = get_json(&srv, &token, &clients(&realm)).await;
    let ids = client_ids(&all);
    for c in [
        "account",
        "account-console",
        "admin-cli",
        "broker",
        "realm-management",
        "security-admin-console",
    ] {
        assert!(ids.contains(&c.to_string()), "{c} missing from {ids:?}");
    }
    assert!(!ids.contains(&"master-realm".to_string()), "{ids:?}");
    let cli = get_json(
        &srv,
        &token,
        &format!("{}?clientId=admin-cli", clients(&realm)),
    )
    .await;
    assert_eq!(cli[0]["publicClient"], true);
    assert_eq!(cli[0]["directAccessGrantsEnabled"], true);
    let mgmt = get_json(
        &srv,
        &token,
        &format!("{}?clientId=realm-management", clients(&realm)),
    )
    .await;
    assert_eq!(mgmt[0]["bearerOnly"], true);
});

// --- helpers ---

/// master's admin token and a fresh realm.
async fn setup(srv: &Srv, prefix: &str) -> (String, String) {
    let token = srv.admin_token().await;
    let realm = support::realm_name(prefix);
    srv.create_realm(&token, json!({"realm": realm, "enabled": true}))
        .await;
    (token, realm)
}

fn clients(realm: &str) -> String {
    format!("/admin/realms/{realm}/clients")
}

async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.json().await.expect("json")
}

fn client_ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|c| c["clientId"].as_str().expect("clientId").to_string())
        .collect()
}

/// A client-credentials grant with `client_secret_post`: status and body.
async fn client_credentials(
    srv: &Srv,
    realm: &str,
    client: &str,
    secret: &str,
) -> (StatusCode, Value) {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", client),
        ("client_secret", secret),
    ];
    let r = srv.oidc_form(realm, "token", &form).await;
    (r.status(), r.json().await.expect("json"))
}
