//! Components over HTTP, against what Keycloak 26 answers: CRUD and validation here; key
//! providers, the keys endpoint and the JWKS in `components/keys.rs`; signing-key choice and
//! rotation in `components/rotation.rs`; server info, cache clears and management
//! permissions in `components/server.rs`.

mod keys;
mod rotation;
mod server;

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{self, Srv};

pub const KEY_PROVIDER: &str = "org.keycloak.keys.KeyProvider";

pub async fn get_json(srv: &Srv, token: &str, path: &str) -> Value {
    let r = srv.get(token, path).await;
    let status = r.status();
    let body = r.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    serde_json::from_str(&body).expect("json")
}

/// Asserts a status and an exact JSON body.
pub async fn expect(r: Response, status: StatusCode, body: Value) {
    let url = r.url().to_string();
    assert_eq!(r.status(), status, "{url}");
    let got: Value = r.json().await.expect("json body");
    assert_eq!(got, body, "{url}");
}

/// A realm with users holding the given `realm-management` roles (password `pw`).
pub async fn realm_with(srv: &Srv, admin: &str, prefix: &str, users: &[(&str, &[&str])]) -> String {
    let realm = support::realm_name(prefix);
    let users: Vec<Value> = users
        .iter()
        .map(|(name, roles)| {
            json!({"username": name, "enabled": true,
                   "credentials": [{"type": "password", "value": "pw"}],
                   "clientRoles": {"realm-management": roles}})
        })
        .collect();
    srv.create_realm(
        admin,
        json!({"realm": realm, "enabled": true, "users": users}),
    )
    .await;
    realm
}

/// An access token of `user` (password `pw`) through `admin-cli`.
pub async fn token(srv: &Srv, realm: &str, user: &str) -> String {
    let t = srv.password_token(realm, "admin-cli", user, "pw").await;
    t["access_token"].as_str().unwrap().to_string()
}

/// Creates a component; returns its id, asserting 201 and the `Location`.
pub async fn create(srv: &Srv, token: &str, realm: &str, rep: Value) -> String {
    let path = format!("/admin/realms/{realm}/components");
    let r = srv.post(token, &path, &rep).await;
    let status = r.status();
    let loc = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    assert_eq!(status, StatusCode::CREATED, "{}", r.text().await.unwrap());
    let loc = loc.expect("Location");
    assert!(loc.starts_with(&srv.url(&format!("{path}/"))), "{loc}");
    loc.rsplit('/').next().unwrap().to_string()
}

/// A key-provider representation.
pub fn key_provider(name: &str, provider: &str, config: Value) -> Value {
    json!({"name": name, "providerId": provider, "providerType": KEY_PROVIDER, "config": config})
}

/// The realm's key-provider components.
pub async fn key_components(srv: &Srv, token: &str, realm: &str) -> Vec<Value> {
    let path = format!("/admin/realms/{realm}/components?type={KEY_PROVIDER}");
    get_json(srv, token, &path)
        .await
        .as_array()
        .unwrap()
        .clone()
}

fn by_name<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no component {name} in {list:?}"))
}

both_stores!(
    new_realm_lists_its_keys_as_components,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = support::realm_name("comp-default");
        srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
            .await;
        let realm_id =
            get_json(&srv, &admin, &format!("/admin/realms/{realm}")).await["id"].clone();
        let list = key_components(&srv, &admin, &realm).await;
        assert_eq!(list.len(), 4, "{list:?}");

        let rsa = by_name(&list, "rsa-generated");
        assert_eq!(rsa["providerId"], "rsa-generated");
        assert_eq!(rsa["providerType"], KEY_PROVIDER);
        assert_eq!(rsa["parentId"], realm_id);
        assert!(rsa.get("subType").is_none());
        assert_eq!(rsa["config"]["privateKey"], json!(["**********"]));
        assert_eq!(rsa["config"]["priority"], json!(["100"]));
        assert!(rsa["config"]["certificate"][0].as_str().unwrap().len() > 100);

        let hmac = by_name(&list, "hmac-generated-hs512");
        assert_eq!(hmac["providerId"], "hmac-generated");
        assert_eq!(hmac["config"]["secret"], json!(["**********"]));
        assert_eq!(hmac["config"]["algorithm"], json!(["HS512"]));
        assert!(hmac["config"]["kid"][0].is_string());

        let aes = by_name(&list, "aes-generated");
        assert_eq!(aes["providerId"], "aes-generated");
        assert_eq!(aes["config"]["secret"], json!(["**********"]));

        // One component by id is the same representation.
        let id = rsa["id"].as_str().unwrap();
        let one = get_json(
            &srv,
            &admin,
            &format!("/admin/realms/{realm}/components/{id}"),
        )
        .await;
        assert_eq!(&one, rsa);
        // The listing without filters has them too; a name filter picks one.
        let all = get_json(&srv, &admin, &format!("/admin/realms/{realm}/components")).await;
        assert!(all.as_array().unwrap().len() >= 3);
        let named = get_json(
            &srv,
            &admin,
            &format!("/admin/realms/{realm}/components?name=aes-generated"),
        )
        .await;
        assert_eq!(named.as_array().unwrap().len(), 1);
    }
);

both_stores!(generic_component_crud, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("comp-crud");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let ty = "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy";
    let rep = json!({"name": "Max Clients", "providerId": "max-clients", "providerType": ty,
        "subType": "anonymous", "config": {"max-clients": ["200"], "flag": "true"}});
    let id = create(&srv, &admin, &realm, rep).await;
    let base = format!("/admin/realms/{realm}/components");
    let realm_id = get_json(&srv, &admin, &format!("/admin/realms/{realm}")).await["id"].clone();
    let got = get_json(&srv, &admin, &format!("{base}/{id}")).await;
    assert_eq!(
        got,
        json!({"id": id, "name": "Max Clients", "providerId": "max-clients", "providerType": ty,
               "parentId": realm_id, "subType": "anonymous",
               "config": {"max-clients": ["200"], "flag": ["true"]}})
    );

    // Filters: type, parent, name.
    // A new realm has Keycloak's eight default registration policies besides this one.
    let by_type = get_json(&srv, &admin, &format!("{base}?type={ty}")).await;
    assert_eq!(by_type.as_array().unwrap().len(), 9);
    let parent = realm_id.as_str().unwrap();
    let by_parent = get_json(&srv, &admin, &format!("{base}?parent={parent}&type={ty}")).await;
    assert!(by_parent.as_array().unwrap().iter().any(|c| c["id"] == id));
    let other_parent = get_json(&srv, &admin, &format!("{base}?parent=nope&type={ty}")).await;
    assert_eq!(other_parent, json!([]));
    let none = get_json(&srv, &admin, &format!("{base}?name=Other")).await;
    assert_eq!(none, json!([]));
    let paged = get_json(&srv, &admin, &format!("{base}?first=0&max=1")).await;
    assert_eq!(paged.as_array().unwrap().len(), 1);

    // Update: 204, name and config replaced.
    let upd = json!({"id": id, "name": "Renamed", "providerId": "max-clients", "providerType": ty,
                     "config": {"max-clients": ["10"]}});
    let r = srv.put(&admin, &format!("{base}/{id}"), &upd).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let got = get_json(&srv, &admin, &format!("{base}/{id}")).await;
    assert_eq!(got["name"], "Renamed");
    assert_eq!(got["config"], json!({"max-clients": ["10"]}));
    assert_eq!(got["subType"], "anonymous");

    let sub = get_json(
        &srv,
        &admin,
        &format!("{base}/{id}/sub-component-types?type=x"),
    )
    .await;
    assert_eq!(sub, json!([]));

    // Duplicate id: 409. Delete: 204, then 404 everywhere.
    let dup = json!({"id": id, "name": "x", "providerId": "max-clients", "providerType": ty});
    let r = srv.post(&admin, &base, &dup).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = srv.delete(&admin, &format!("{base}/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let missing = json!({"error": "Could not find component"});
    expect(
        srv.get(&admin, &format!("{base}/{id}")).await,
        StatusCode::NOT_FOUND,
        missing.clone(),
    )
    .await;
    expect(
        srv.put(&admin, &format!("{base}/{id}"), &upd).await,
        StatusCode::NOT_FOUND,
        missing.clone(),
    )
    .await;
    expect(
        srv.delete(&admin, &format!("{base}/{id}")).await,
        StatusCode::NOT_FOUND,
        missing,
    )
    .await;
    let r = srv
        .get(&admin, &format!("{base}/{id}/sub-component-types"))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Unknown realm: 404.
    let r = srv
        .get(&admin, "/admin/realms/no-such-realm/components")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});

both_stores!(bad_key_config_is_400, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = support::realm_name("comp-bad");
    srv.create_realm(&admin, json!({"realm": realm, "enabled": true}))
        .await;
    let path = format!("/admin/realms/{realm}/components");
    let cases = [
        (
            key_provider("k", "rsa-generated", json!({"keySize": ["1000"]})),
            "'Key size' should be 1024, 2048 or 4096",
        ),
        (
            key_provider("k", "rsa-generated", json!({"algorithm": ["HS256"]})),
            "'Algorithm' should be RS256, RS384, RS512, PS256, PS384 or PS512",
        ),
        (
            key_provider("k", "rsa-generated", json!({"priority": ["high"]})),
            "'Priority' should be a number",
        ),
        (
            key_provider("k", "hmac-generated", json!({"enabled": ["yes"]})),
            "'Enabled' should be 'true' or 'false'",
        ),
        (
            key_provider("k", "hmac-generated", json!({"priority": ["1", "2"]})),
            "'Priority' should be a single entry",
        ),
        (
            key_provider("k", "hmac-generated", json!({"algorithm": ["HS999"]})),
            "'Algorithm' should be HS256, HS384 or HS512",
        ),
        (
            key_provider("k", "aes-generated", json!({"secretSize": ["64"]})),
            "'Secret size' should be 16, 24 or 32",
        ),
        (
            key_provider("k", "rsa", json!({})),
            "'Private RSA Key' is required",
        ),
        (
            key_provider("k", "rsa", json!({"privateKey": ["not a key"]})),
            "Failed to decode private key",
        ),
        (
            key_provider(
                "k",
                "ecdsa-generated",
                json!({"ecdsaEllipticCurveKey": ["P-999"]}),
            ),
            "'Elliptic Curve' should be P-256, P-384 or P-521",
        ),
        (
            key_provider(
                "k",
                "ecdsa-generated",
                json!({"ecdsaEllipticCurveKey": ["P-521"]}),
            ),
            "Elliptic curve P-521 (ES512) is not supported",
        ),
    ];
    for (rep, msg) in cases {
        let r = srv.post(&admin, &path, &rep).await;
        expect(r, StatusCode::BAD_REQUEST, json!({"errorMessage": msg})).await;
    }
    let r = srv
        .post(
            &admin,
            &path,
            &json!({"name": "x", "providerType": KEY_PROVIDER}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv
        .post(
            &admin,
            &path,
            &key_provider("x", "no-such-provider", json!({})),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Nothing was created.
    assert_eq!(key_components(&srv, &admin, &realm).await.len(), 4);
    // A bad update is refused the same way and changes nothing.
    let list = key_components(&srv, &admin, &realm).await;
    let hmac = by_name(&list, "hmac-generated-hs512");
    let id = hmac["id"].as_str().unwrap();
    let mut upd = hmac.clone();
    upd["config"]["priority"] = json!(["x"]);
    let r = srv.put(&admin, &format!("{path}/{id}"), &upd).await;
    expect(
        r,
        StatusCode::BAD_REQUEST,
        json!({"errorMessage": "'Priority' should be a number"}),
    )
    .await;
});

both_stores!(component_permissions, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_with(
        &srv,
        &admin,
        "comp-perm",
        &[
            ("plain", &[]),
            ("viewer", &["view-realm"]),
            ("manager", &["manage-realm"]),
        ],
    )
    .await;
    let path = format!("/admin/realms/{realm}/components");
    let plain = token(&srv, &realm, "plain").await;
    let viewer = token(&srv, &realm, "viewer").await;
    let manager = token(&srv, &realm, "manager").await;
    let forbidden = json!({"error": "HTTP 403 Forbidden"});
    expect(
        srv.get(&plain, &path).await,
        StatusCode::FORBIDDEN,
        forbidden.clone(),
    )
    .await;
    expect(
        srv.get(&plain, &format!("/admin/realms/{realm}/keys"))
            .await,
        StatusCode::FORBIDDEN,
        forbidden.clone(),
    )
    .await;
    get_json(&srv, &viewer, &path).await;
    get_json(&srv, &viewer, &format!("/admin/realms/{realm}/keys")).await;
    let rep = key_provider("extra", "hmac-generated", json!({"priority": ["5"]}));
    expect(
        srv.post(&viewer, &path, &rep).await,
        StatusCode::FORBIDDEN,
        forbidden.clone(),
    )
    .await;
    let id = create(&srv, &manager, &realm, rep.clone()).await;
    let one = format!("{path}/{id}");
    expect(
        srv.put(&viewer, &one, &rep).await,
        StatusCode::FORBIDDEN,
        forbidden.clone(),
    )
    .await;
    expect(
        srv.delete(&viewer, &one).await,
        StatusCode::FORBIDDEN,
        forbidden,
    )
    .await;
    assert_eq!(
        srv.delete(&manager, &one).await.status(),
        StatusCode::NO_CONTENT
    );
    // No token: 401.
    let r = srv.http.get(srv.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // A realm admin may not touch another realm's components.
    let other = support::realm_name("comp-other");
    srv.create_realm(&admin, json!({"realm": other, "enabled": true}))
        .await;
    let r = srv
        .get(&manager, &format!("/admin/realms/{other}/components"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
});
