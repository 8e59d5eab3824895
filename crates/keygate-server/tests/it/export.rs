//! Realm export and import: full exports through the library and the `keygate` binary,
//! round trips into a fresh store compared endpoint by endpoint, Keycloak's
//! `partial-export` and `partialImport`. Shared fixtures here; tests in `export/*.rs`.

mod binary;
mod extras;
mod partial_export;
mod partial_import;
mod roundtrip;
mod sections;
mod smtp_secret;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{self, location_id, Srv};

/// GET that must answer 200 with JSON.
pub async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.json().await.expect("json")
}

/// POST that must succeed (2xx); returns the `Location` id when there is one.
pub async fn post_ok(srv: &Srv, token: &str, path: &str, body: Value) -> Option<String> {
    let r = srv.post(token, path, &body).await;
    assert!(r.status().is_success(), "POST {path}: {}", r.status());
    r.headers().get("location").map(|_| location_id(&r))
}

/// A server on a fresh, empty store of the same engine as `srv`.
pub async fn fresh_like(srv: &Srv) -> Srv {
    if srv.db_url.starts_with("sqlite") {
        Srv::sqlite().await
    } else {
        Srv::postgres().await.expect("postgres configured")
    }
}

/// What `build_realm` made.
pub struct Built {
    pub realm: String,
    pub shop: String,
    pub alice: String,
}

/// Roles with composites and attributes, client roles, a group tree with attributes and
/// role mappings, users with attributes, passwords, groups and roles, a confidential client
/// with a service account, and a default group: everything an export must carry.
pub async fn build_realm(srv: &Srv, token: &str, prefix: &str) -> Built {
    let realm = support::realm_name(prefix);
    srv.create_realm(
        token,
        json!({"realm": realm, "enabled": true, "displayName": "Export me",
               "smtpServer": {"host": "mail.example.com", "password": "smtp-secret"},
               "identityProviders": [{"alias": "corp", "providerId": "oidc", "enabled": true,
                                      "config": {"clientSecret": "idp-secret"}}]}),
    )
    .await;
    let base = format!("/admin/realms/{realm}");
    let shop = srv
        .create_client(token, &realm, "shop", "shop-secret")
        .await;
    let roles = format!("{base}/roles");
    post_ok(
        srv,
        token,
        &roles,
        json!({"name": "reader", "description": "Reads",
        "attributes": {"level": ["1", "2"]}}),
    )
    .await;
    post_ok(srv, token, &roles, json!({"name": "editor"})).await;
    let croles = format!("{base}/clients/{shop}/roles");
    post_ok(
        srv,
        token,
        &croles,
        json!({"name": "buyer", "attributes": {"tier": ["gold"]}}),
    )
    .await;
    post_ok(srv, token, &croles, json!({"name": "seller"})).await;
    let reader = get_json(srv, token, &format!("{roles}/reader")).await;
    let editor = get_json(srv, token, &format!("{roles}/editor")).await;
    let buyer = get_json(srv, token, &format!("{croles}/buyer")).await;
    let seller = get_json(srv, token, &format!("{croles}/seller")).await;
    post_ok(
        srv,
        token,
        &format!("{roles}/editor/composites"),
        json!([reader, buyer]),
    )
    .await;
    post_ok(
        srv,
        token,
        &format!("{croles}/seller/composites"),
        json!([buyer]),
    )
    .await;

    let groups = format!("{base}/groups");
    let staff = post_ok(
        srv,
        token,
        &groups,
        json!({"name": "staff",
        "attributes": {"dept": ["eng"]}}),
    )
    .await
    .expect("group id");
    let night = post_ok(
        srv,
        token,
        &format!("{groups}/{staff}/children"),
        json!({"name": "night", "attributes": {"shift": ["late", "later"]}}),
    )
    .await
    .expect("group id");
    let owls = post_ok(
        srv,
        token,
        &format!("{groups}/{night}/children"),
        json!({"name": "owls"}),
    )
    .await
    .expect("group id");
    post_ok(
        srv,
        token,
        &format!("{groups}/{staff}/role-mappings/realm"),
        json!([editor]),
    )
    .await;
    post_ok(
        srv,
        token,
        &format!("{groups}/{night}/role-mappings/clients/{shop}"),
        json!([seller]),
    )
    .await;
    let r = srv
        .put(token, &format!("{base}/default-groups/{owls}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let users = format!("{base}/users");
    let alice = post_ok(
        srv,
        token,
        &users,
        json!({
            "username": "alice", "enabled": true, "email": "alice@example.com",
            "firstName": "Alice", "lastName": "Liddell",
            "attributes": {"phone": ["1", "2"], "city": ["Oxford"]},
            "credentials": [{"type": "password", "value": "alice-pw", "temporary": false}]
        }),
    )
    .await
    .expect("user id");
    let bob = post_ok(
        srv,
        token,
        &users,
        json!({
            "username": "bob", "enabled": false, "requiredActions": ["VERIFY_EMAIL"]
        }),
    )
    .await
    .expect("user id");
    let u = format!("{users}/{alice}");
    post_ok(
        srv,
        token,
        &format!("{u}/role-mappings/realm"),
        json!([reader]),
    )
    .await;
    post_ok(
        srv,
        token,
        &format!("{u}/role-mappings/clients/{shop}"),
        json!([buyer]),
    )
    .await;
    for (user, group) in [(&alice, &night), (&bob, &staff)] {
        let r = srv
            .put(token, &format!("{users}/{user}/groups/{group}"), &json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    // What the user-extras tables hold: an identity-provider link, a consent, a profile.
    let link = json!({"identityProvider": "corp", "userId": "corp-1", "userName": "alice.corp"});
    post_ok(srv, token, &format!("{u}/federated-identity/corp"), link).await;
    let mut c = srv.state.db.conn().await.unwrap();
    let realm_id = get_json(srv, token, &base).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let scopes = ["profile".to_string(), "email".to_string()];
    keygate_server::store::user_extras::grant_consent(
        &mut c,
        &realm_id,
        &alice,
        &shop,
        &scopes,
        1_700_000_000_000,
    )
    .await
    .unwrap();
    drop(c);
    let mut profile = get_json(srv, token, &format!("{base}/users/profile")).await;
    profile["attributes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "phone", "displayName": "Phone", "multivalued": true}));
    let r = srv
        .put(token, &format!("{base}/users/profile"), &profile)
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    extras::build_extras(srv, token, &realm, &shop, &realm_id).await;
    Built { realm, shop, alice }
}

/// The realm's export as the `keygate export` command writes it.
pub async fn export_json(srv: &Srv, realm: &str) -> Value {
    let mut out = Vec::new();
    keygate_server::export::write_realm(&srv.state.db, realm, &mut out, None)
        .await
        .expect("export");
    serde_json::from_slice(&out).expect("export is JSON")
}

/// A password grant through the `shop` client.
pub async fn shop_login(srv: &Srv, realm: &str, user: &str, pw: &str) -> StatusCode {
    let form = [
        ("grant_type", "password"),
        ("client_id", "shop"),
        ("client_secret", "shop-secret"),
        ("username", user),
        ("password", pw),
    ];
    srv.oidc_form(realm, "token", &form).await.status()
}
