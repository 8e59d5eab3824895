//! Server info, cache clears and the management-permissions references.

use reqwest::StatusCode;
use serde_json::json;

use super::keys::jwks;
use super::{expect, get_json, realm_with, token, KEY_PROVIDER};
use crate::both_stores;
use crate::support::Srv;

both_stores!(serverinfo_for_admins, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let info = get_json(&srv, &admin, "/admin/serverinfo").await;
    assert_eq!(info["systemInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(info["systemInfo"]["uptimeMillis"].as_i64().unwrap() >= 0);
    assert!(info["systemInfo"]["serverTime"]
        .as_str()
        .unwrap()
        .ends_with("UTC"));
    assert!(info["memoryInfo"]["total"].as_i64().unwrap() > 0);
    assert!(info["memoryInfo"]["usedFormated"]
        .as_str()
        .unwrap()
        .ends_with("MB"));
    assert_eq!(info["profileInfo"]["name"], "community");
    assert!(!info["themes"]["login"].as_array().unwrap().is_empty());
    let keys = &info["providers"]["keys"]["providers"];
    for p in [
        "rsa-generated",
        "rsa",
        "hmac-generated",
        "ecdsa-generated",
        "aes-generated",
    ] {
        assert!(keys.get(p).is_some(), "{p}");
    }
    let types = info["componentTypes"][KEY_PROVIDER].as_array().unwrap();
    let rsa = types.iter().find(|t| t["id"] == "rsa-generated").unwrap();
    let size = rsa["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "keySize")
        .unwrap();
    assert_eq!(size["options"], json!(["1024", "2048", "4096"]));
    assert_eq!(size["defaultValue"], "2048");
    let imported = types.iter().find(|t| t["id"] == "rsa").unwrap();
    let pk = imported["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "privateKey")
        .unwrap();
    assert_eq!(pk["secret"], true);
    assert!(!info["protocolMapperTypes"]["openid-connect"]
        .as_array()
        .unwrap()
        .is_empty());
    let builtin = info["builtinProtocolMappers"]["openid-connect"]
        .as_array()
        .unwrap();
    assert!(builtin.iter().any(|m| m["name"] == "email"));
    // Keycloak 26 no longer lists client importers; python-keycloak checks the key set.
    assert!(info.get("clientImporters").is_none());
    assert!(info["cpuInfo"]["availableProcessors"].as_u64().unwrap() >= 1);
    assert!(info["enums"]["sslRequired"].is_array());
    assert!(info["passwordPolicies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == "length"));

    // A realm admin of another realm may read it; a user without admin roles may not.
    let realm = realm_with(
        &srv,
        &admin,
        "si",
        &[("plain", &[]), ("viewer", &["view-users"])],
    )
    .await;
    let viewer = token(&srv, &realm, "viewer").await;
    get_json(&srv, &viewer, "/admin/serverinfo").await;
    let plain = token(&srv, &realm, "plain").await;
    let r = srv.get(&plain, "/admin/serverinfo").await;
    expect(
        r,
        StatusCode::FORBIDDEN,
        json!({"error": "HTTP 403 Forbidden"}),
    )
    .await;
    let r = srv
        .http
        .get(srv.url("/admin/serverinfo"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Served under the legacy prefix too.
    let r = srv.get(&admin, "/auth/admin/serverinfo").await;
    assert_eq!(r.status(), StatusCode::OK);
});

both_stores!(cache_clears, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_with(
        &srv,
        &admin,
        "cache",
        &[("viewer", &["view-realm"]), ("manager", &["manage-realm"])],
    )
    .await;
    let viewer = token(&srv, &realm, "viewer").await;
    let manager = token(&srv, &realm, "manager").await;
    for what in ["clear-realm-cache", "clear-user-cache", "clear-keys-cache"] {
        let path = format!("/admin/realms/{realm}/{what}");
        let r = srv.post(&viewer, &path, &json!({})).await;
        expect(
            r,
            StatusCode::FORBIDDEN,
            json!({"error": "HTTP 403 Forbidden"}),
        )
        .await;
        let r = srv.post(&manager, &path, &json!({})).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{what}");
        let r = srv.post(&admin, &path, &json!({})).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{what}");
    }
    let r = srv
        .post(
            &admin,
            "/admin/realms/nope-realm/clear-realm-cache",
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A change made behind the server's back shows only once the cache is cleared.
    for what in ["clear-realm-cache", "clear-keys-cache"] {
        let before = jwks(&srv, &realm).await;
        assert_eq!(before.len(), 1);
        sqlx::query("UPDATE realm_keys SET enabled = 0 WHERE kid = $1")
            .bind(before[0]["kid"].as_str().unwrap())
            .execute(&srv.state.db.pool)
            .await
            .unwrap();
        assert_eq!(jwks(&srv, &realm).await.len(), 1, "still cached");
        let r = srv
            .post(&admin, &format!("/admin/realms/{realm}/{what}"), &json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            jwks(&srv, &realm).await.len(),
            0,
            "{what} dropped the cached realm"
        );
        sqlx::query("UPDATE realm_keys SET enabled = 1")
            .execute(&srv.state.db.pool)
            .await
            .unwrap();
        srv.post(&admin, &format!("/admin/realms/{realm}/{what}"), &json!({}))
            .await;
    }
});

both_stores!(management_permissions_off, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_with(
        &srv,
        &admin,
        "mgmt",
        &[
            ("plain", &[]),
            ("cviewer", &["view-clients"]),
            ("uviewer", &["view-users"]),
        ],
    )
    .await;
    let client = srv.create_client(&admin, &realm, "app", "secret").await;
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{realm}/groups"),
            &json!({"name": "g"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let group = crate::support::location_id(&r);
    let off = json!({"enabled": false});
    for (path, viewer) in [
        (
            format!("/admin/realms/{realm}/clients/{client}/management/permissions"),
            "cviewer",
        ),
        (
            format!("/admin/realms/{realm}/groups/{group}/management/permissions"),
            "uviewer",
        ),
    ] {
        assert_eq!(get_json(&srv, &admin, &path).await, off);
        expect(
            srv.put(&admin, &path, &off).await,
            StatusCode::OK,
            off.clone(),
        )
        .await;
        let r = srv.put(&admin, &path, &json!({"enabled": true})).await;
        expect(
            r,
            StatusCode::NOT_IMPLEMENTED,
            json!({"error": "Feature not enabled"}),
        )
        .await;
        let v = token(&srv, &realm, viewer).await;
        assert_eq!(get_json(&srv, &v, &path).await, off);
        let r = srv.put(&v, &path, &off).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let plain = token(&srv, &realm, "plain").await;
        assert_eq!(srv.get(&plain, &path).await.status(), StatusCode::FORBIDDEN);
    }
    let r = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/clients/nope/management/permissions"),
        )
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find client"}),
    )
    .await;
    let r = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/groups/nope/management/permissions"),
        )
        .await;
    expect(
        r,
        StatusCode::NOT_FOUND,
        json!({"error": "Could not find group by id"}),
    )
    .await;
});
