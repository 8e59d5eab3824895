//! `/admin/realms`: create, read, list, partial update and delete realms, the built-in roles
//! a new realm gets, and the same API under the legacy `/auth` prefix.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

both_stores!(create_read_and_list, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let name = support::realm_name("realms-create");
    let rep = json!({"realm": name, "enabled": true, "displayName": "Realm One",
                     "localizationTexts": {"en": {"a": "1"}}});
    let r = srv.post(&token, "/admin/realms", &rep).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, srv.url(&format!("/admin/realms/{name}")));

    let realm = get_json(&srv, &token, &format!("/admin/realms/{name}")).await;
    assert_eq!(realm["realm"], name);
    assert_eq!(realm["displayName"], "Realm One");
    assert_eq!(realm["enabled"], true);
    assert_eq!(
        realm["localizationTexts"],
        json!({"en": {"a": "1"}}),
        "Keycloak fields Keygate does not act on are kept"
    );
    assert_eq!(realm["accessTokenLifespan"], 300, "Keycloak's default");
    assert!(
        realm["id"].as_str().is_some_and(|s| !s.is_empty()),
        "{realm}"
    );
    assert!(
        realm.get("users").is_none() && realm.get("clients").is_none(),
        "{realm}"
    );

    let list = get_json(&srv, &token, "/admin/realms").await;
    let names = realm_names(&list);
    assert!(
        names.contains(&name) && names.contains(&"master".to_string()),
        "{names:?}"
    );

    // The realm is live on the OIDC side as well.
    let public = srv
        .http
        .get(srv.url(&format!("/realms/{name}")))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), StatusCode::OK);
    let public: Value = public.json().await.unwrap();
    assert_eq!(public["realm"], name);
    assert!(public["public_key"].as_str().is_some_and(|k| !k.is_empty()));
});

both_stores!(partial_update, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let name = support::realm_name("realms-update");
    let rep = json!({"realm": name, "enabled": true, "displayName": "Shown",
                     "localizationTexts": {"en": {"a": "1"}}});
    srv.create_realm(&token, rep).await;
    let path = format!("/admin/realms/{name}");

    let change = json!({"accessTokenLifespan": 120, "otpSupportedApplications": ["a", "b"]});
    let r = srv.put(&token, &path, &change).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(r.text().await.unwrap(), "");
    let realm = get_json(&srv, &token, &path).await;
    assert_eq!(realm["accessTokenLifespan"], 120);
    assert_eq!(
        realm["displayName"], "Shown",
        "fields not sent keep their value"
    );
    assert_eq!(
        realm["localizationTexts"],
        json!({"en": {"a": "1"}}),
        "a Keycloak field from create is kept"
    );
    assert_eq!(
        realm["otpSupportedApplications"],
        json!(["a", "b"]),
        "a Keycloak field from update is kept"
    );
    assert_eq!(realm["realm"], name);

    // Tokens follow the new lifespan.
    srv.create_user(&token, &name, "tina", "pw").await;
    let t = srv.password_token(&name, "admin-cli", "tina", "pw").await;
    assert_eq!(t["expires_in"], 120);
    let claims = support::claims(t["access_token"].as_str().unwrap());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );

    // A value of the wrong type is refused and changes nothing.
    let r = srv
        .put(&token, &path, &json!({"accessTokenLifespan": "soon"}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert!(body["errorMessage"].is_string(), "body: {body}");
    assert_eq!(
        get_json(&srv, &token, &path).await["accessTokenLifespan"],
        120
    );

    // Renaming moves the realm and what it holds.
    let renamed = support::realm_name("realms-renamed");
    let r = srv.put(&token, &path, &json!({"realm": renamed})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.get(&token, &path).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let realm = get_json(&srv, &token, &format!("/admin/realms/{renamed}")).await;
    assert_eq!(realm["displayName"], "Shown");
    let count = get_json(
        &srv,
        &token,
        &format!("/admin/realms/{renamed}/users/count"),
    )
    .await;
    assert_eq!(count, 1);
    srv.password_token(&renamed, "admin-cli", "tina", "pw")
        .await;

    let missing = format!("/admin/realms/{}", support::realm_name("nowhere"));
    let r = srv
        .put(&token, &missing, &json!({"displayName": "x"}))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "Realm not found."})
    );
});

both_stores!(duplicate_realm, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let name = support::realm_name("realms-dup");
    srv.create_realm(&token, json!({"realm": name, "displayName": "first"}))
        .await;
    let r = srv
        .post(
            &token,
            "/admin/realms",
            &json!({"realm": name, "displayName": "second"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    let expected = format!("Realm {name} already exists");
    assert_eq!(body, json!({ "errorMessage": expected }));
    let realm = get_json(&srv, &token, &format!("/admin/realms/{name}")).await;
    assert_eq!(
        realm["displayName"], "first",
        "the existing realm is untouched"
    );

    let r = srv
        .post(&token, "/admin/realms", &json!({"realm": "master"}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = srv
        .post(&token, "/admin/realms", &json!({"enabled": true}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert!(body["errorMessage"].is_string(), "body: {body}");
});

both_stores!(delete_realm, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let name = support::realm_name("realms-delete");
    srv.create_realm(&token, json!({"realm": name, "enabled": true}))
        .await;
    srv.create_user(&token, &name, "ulla", "pw").await;
    srv.create_client(&token, &name, "svc", "svc-secret").await;
    srv.password_token(&name, "admin-cli", "ulla", "pw").await;

    let r = srv.delete(&token, &format!("/admin/realms/{name}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let public = srv
        .http
        .get(srv.url(&format!("/realms/{name}")))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    let r = srv.get(&token, &format!("/admin/realms/{name}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "Realm not found."})
    );
    let r = srv.delete(&token, &format!("/admin/realms/{name}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let names = realm_names(&get_json(&srv, &token, "/admin/realms").await);
    assert!(!names.contains(&name), "{names:?}");
    let r = srv
        .oidc_form(
            &name,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", "admin-cli"),
                ("username", "ulla"),
                ("password", "pw"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The name can be used again, and the new realm starts empty.
    srv.create_realm(&token, json!({"realm": name, "enabled": true}))
        .await;
    let count = get_json(&srv, &token, &format!("/admin/realms/{name}/users/count")).await;
    assert_eq!(count, 0);
});

both_stores!(builtin_realm_roles, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let name = support::realm_name("realms-roles");
    srv.create_realm(&token, json!({"realm": name, "enabled": true}))
        .await;
    let realm = get_json(&srv, &token, &format!("/admin/realms/{name}")).await;
    assert_eq!(
        realm["defaultRole"]["name"],
        format!("default-roles-{name}")
    );

    srv.create_user(&token, &name, "rita", "pw").await;
    let t = srv.password_token(&name, "admin-cli", "rita", "pw").await;
    let claims = support::claims(t["access_token"].as_str().unwrap());
    let roles = strings(&claims["realm_access"]["roles"]);
    for role in [
        "offline_access",
        "uma_authorization",
        &format!("default-roles-{name}"),
    ] {
        assert!(
            roles.contains(&role.to_string()),
            "{role} missing from {roles:?}"
        );
    }
    let account = strings(&claims["resource_access"]["account"]["roles"]);
    for role in ["manage-account", "view-profile", "manage-account-links"] {
        assert!(
            account.contains(&role.to_string()),
            "{role} missing from {account:?}"
        );
    }
    assert!(
        claims["resource_access"].get("realm-management").is_none(),
        "{claims}"
    );
});

both_stores!(realm_admin_token, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let name = support::realm_name("realms-admin");
    let rep = json!({"realm": name, "enabled": true, "users": [{
        "username": "boss", "enabled": true,
        "credentials": [{"type": "password", "value": "pw"}],
        "clientRoles": {"realm-management": ["realm-admin"]}
    }]});
    srv.create_realm(&token, rep).await;

    let t = srv.password_token(&name, "admin-cli", "boss", "pw").await;
    let claims = support::claims(t["access_token"].as_str().unwrap());
    let mgmt = strings(&claims["resource_access"]["realm-management"]["roles"]);
    for role in [
        "realm-admin",
        "manage-users",
        "view-users",
        "query-users",
        "manage-realm",
        "view-realm",
        "manage-clients",
        "view-clients",
        "query-clients",
        "create-client",
    ] {
        assert!(
            mgmt.contains(&role.to_string()),
            "{role} missing from {mgmt:?}"
        );
    }
    // Imported without `realmRoles`, the user still gets the default roles.
    let roles = strings(&claims["realm_access"]["roles"]);
    assert!(
        roles.contains(&format!("default-roles-{name}")),
        "{roles:?}"
    );
    assert!(roles.contains(&"offline_access".to_string()), "{roles:?}");
});

both_stores!(legacy_auth_prefix, |srv: Srv| async move {
    let token = srv.admin_token().await;
    let name = support::realm_name("realms-legacy");
    let rep = json!({"realm": name, "enabled": true, "displayName": "Old", "localizationTexts": {"en": {"a": "1"}}});
    let r = srv.post(&token, "/auth/admin/realms", &rep).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, srv.url(&format!("/auth/admin/realms/{name}")));

    let path = format!("/auth/admin/realms/{name}");
    let realm = get_json(&srv, &token, &path).await;
    assert_eq!(realm["realm"], name);
    assert_eq!(realm["displayName"], "Old");
    let names = realm_names(&get_json(&srv, &token, "/auth/admin/realms").await);
    assert!(names.contains(&name), "{names:?}");

    let r = srv
        .put(&token, &path, &json!({"accessTokenLifespan": 120}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let realm = get_json(&srv, &token, &format!("/admin/realms/{name}")).await;
    assert_eq!(realm["accessTokenLifespan"], 120);
    assert_eq!(realm["displayName"], "Old");
    assert_eq!(realm["localizationTexts"], json!({"en": {"a": "1"}}));

    // A token issued under the legacy prefix works on the legacy admin API.
    let form = [
        ("grant_type", "password"),
        ("client_id", "admin-cli"),
        ("username", "admin"),
        ("password", "admin"),
    ];
    let r = srv
        .http
        .post(srv.url("/auth/realms/master/protocol/openid-connect/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let legacy: Value = r.json().await.unwrap();
    let legacy = legacy["access_token"].as_str().unwrap().to_string();
    assert!(support::claims(&legacy)["iss"]
        .as_str()
        .unwrap()
        .ends_with("/auth/realms/master"));
    let body = json!({"username": "lena", "enabled": true});
    let r = srv.post(&legacy, &format!("{path}/users"), &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with(&srv.url(&format!("{path}/users/"))),
        "{location}"
    );

    let r = srv.delete(&legacy, &path).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.get(&token, &path).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});

// --- helpers ---

async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.json().await.expect("json")
}

fn realm_names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|r| r["realm"].as_str().expect("realm").to_string())
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("array: {v}"))
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}
