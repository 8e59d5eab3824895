//! Admin events: every successful admin write, with who did it, what and where; the
//! request body only with details on.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::{claims, location_id, Srv};

/// The master realm's id and its `admin-cli` client's internal id.
async fn master_ids(srv: &Srv, admin: &str) -> (String, String) {
    let m: Value = srv
        .get(admin, "/admin/realms/master")
        .await
        .json()
        .await
        .unwrap();
    let clients: Value = srv
        .get(admin, "/admin/realms/master/clients?clientId=admin-cli")
        .await
        .json()
        .await
        .unwrap();
    (
        m["id"].as_str().unwrap().to_string(),
        clients[0]["id"].as_str().unwrap().to_string(),
    )
}

both_stores!(nothing_recorded_while_disabled, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"eventsEnabled": true})).await;
    srv.create_user(&admin, &realm, "bob", PW).await;
    assert!(admin_events(&srv, &admin, &realm, "").await.is_empty());
});

both_stores!(create_records_who_what_and_where, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"adminEventsEnabled": true})).await;
    let r = srv
        .http
        .post(srv.url(&format!("/admin/realms/{realm}/users")))
        .bearer_auth(&admin)
        .header("x-forwarded-for", "10.9.8.7")
        .json(&json!({"username": "bob"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let bob = location_id(&r);

    let list = admin_events(&srv, &admin, &realm, "").await;
    assert_eq!(list.len(), 1);
    let e = &list[0];
    let (master_id, admin_cli) = master_ids(&srv, &admin).await;
    assert_eq!(e["operationType"], "CREATE");
    assert_eq!(e["resourceType"], "USER");
    assert_eq!(e["resourcePath"], format!("users/{bob}"));
    assert_eq!(e["authDetails"]["realmId"], master_id);
    assert_eq!(e["authDetails"]["clientId"], admin_cli);
    assert_eq!(e["authDetails"]["userId"], claims(&admin)["sub"]);
    assert_eq!(e["authDetails"]["ipAddress"], "10.9.8.7");
    assert!(e.get("representation").is_none(), "details off");
    assert!(e.get("error").is_none());
    assert!(e["time"].as_i64().unwrap() > 1_600_000_000_000);
    let events_realm_id = events(&srv, &admin, &realm, "").await;
    assert!(events_realm_id.is_empty(), "login events stay off");
});

both_stores!(
    details_carry_the_body_without_secrets,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let settings = json!({"adminEventsEnabled": true, "adminEventsDetailsEnabled": true});
        let realm = events_realm(&srv, &admin, settings).await;
        let bob = srv.create_user(&admin, &realm, "bob", "Bob-secret-1").await;
        let users = format!("/admin/realms/{realm}/users/{bob}");
        let r = srv
            .put(&admin, &users, &json!({"firstName": "Robert"}))
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let r = srv
            .put(
                &admin,
                &format!("{users}/reset-password"),
                &json!({"type": "password", "value": "Other-secret-2", "temporary": false}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);

        let list = admin_events(&srv, &admin, &realm, "?direction=asc").await;
        assert_eq!(list.len(), 3);
        let created: Value =
            serde_json::from_str(list[0]["representation"].as_str().unwrap()).unwrap();
        assert_eq!(created["username"], "bob");
        assert_eq!(created["credentials"][0]["value"], "**********");
        let updated: Value =
            serde_json::from_str(list[1]["representation"].as_str().unwrap()).unwrap();
        assert_eq!(updated, json!({"firstName": "Robert"}));
        assert_eq!(list[1]["operationType"], "UPDATE");
        assert_eq!(list[1]["resourcePath"], format!("users/{bob}"));
        assert_eq!(list[2]["operationType"], "ACTION");
        assert_eq!(
            list[2]["resourcePath"],
            format!("users/{bob}/reset-password")
        );
        assert!(list[2].get("representation").is_none());
        let all = serde_json::to_string(&list).unwrap();
        assert!(!all.contains("Bob-secret-1") && !all.contains("Other-secret-2"));
    }
);

both_stores!(operation_and_resource_types, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"adminEventsEnabled": true})).await;
    let base = format!("/admin/realms/{realm}");
    let bob = srv.create_user(&admin, &realm, "bob", PW).await;
    let r = srv
        .post(&admin, &format!("{base}/groups"), &json!({"name": "staff"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let group = location_id(&r);
    let r = srv
        .put(
            &admin,
            &format!("{base}/users/{bob}/groups/{group}"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv
        .post(&admin, &format!("{base}/roles"), &json!({"name": "clerk"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let role: Value = srv
        .get(&admin, &format!("{base}/roles/clerk"))
        .await
        .json()
        .await
        .unwrap();
    let r = srv
        .post(
            &admin,
            &format!("{base}/users/{bob}/role-mappings/realm"),
            &json!([role]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let client = srv.create_client(&admin, &realm, "svc", "svc-secret").await;
    let r = srv
        .post(
            &admin,
            &format!("{base}/clients/{client}/roles"),
            &json!({"name": "reader"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = srv
        .delete(&admin, &format!("{base}/users/{bob}/groups/{group}"))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = srv.delete(&admin, &format!("{base}/users/{bob}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let list = admin_events(&srv, &admin, &realm, "?direction=asc").await;
    let seen: Vec<(String, String, String)> = list
        .iter()
        .map(|e| {
            (
                e["operationType"].as_str().unwrap().to_string(),
                e["resourceType"].as_str().unwrap().to_string(),
                e["resourcePath"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("CREATE", "USER", format!("users/{bob}")),
        ("CREATE", "GROUP", format!("groups/{group}")),
        (
            "CREATE",
            "GROUP_MEMBERSHIP",
            format!("users/{bob}/groups/{group}"),
        ),
        ("CREATE", "REALM_ROLE", "roles/clerk".to_string()),
        (
            "CREATE",
            "REALM_ROLE_MAPPING",
            format!("users/{bob}/role-mappings/realm"),
        ),
        ("CREATE", "CLIENT", format!("clients/{client}")),
        (
            "CREATE",
            "CLIENT_ROLE",
            format!("clients/{client}/roles/reader"),
        ),
        (
            "DELETE",
            "GROUP_MEMBERSHIP",
            format!("users/{bob}/groups/{group}"),
        ),
        ("DELETE", "USER", format!("users/{bob}")),
    ];
    let want: Vec<(String, String, String)> = want
        .into_iter()
        .map(|(o, t, p)| (o.to_string(), t.to_string(), p))
        .collect();
    assert_eq!(seen, want);
});

both_stores!(admin_event_filters_and_paging, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"adminEventsEnabled": true})).await;
    let base = format!("/admin/realms/{realm}");
    let bob = srv.create_user(&admin, &realm, "bob", PW).await;
    let carol = srv.create_user(&admin, &realm, "carol", PW).await;
    let r = srv
        .post(&admin, &format!("{base}/groups"), &json!({"name": "g"}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = srv.delete(&admin, &format!("{base}/users/{carol}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (master_id, admin_cli) = master_ids(&srv, &admin).await;
    let sub = claims(&admin)["sub"].as_str().unwrap().to_string();

    let n = |q: &str| {
        let q = q.to_string();
        let (srv, admin, realm) = (&srv, &admin, &realm);
        async move { admin_events(srv, admin, realm, &q).await }
    };
    assert_eq!(n("").await.len(), 4);
    assert_eq!(n("?operationTypes=DELETE").await.len(), 1);
    assert_eq!(
        n("?operationTypes=DELETE&operationTypes=CREATE")
            .await
            .len(),
        4
    );
    assert_eq!(n("?resourceTypes=GROUP").await.len(), 1);
    assert_eq!(
        n("?resourceTypes=USER&operationTypes=CREATE").await.len(),
        2
    );
    assert_eq!(n("?resourcePath=users/*").await.len(), 3);
    let exact = n(&format!("?resourcePath=users/{bob}")).await;
    assert_eq!(exact.len(), 1);
    assert_eq!(n(&format!("?authRealm={master_id}")).await.len(), 4);
    assert_eq!(n(&format!("?authClient={admin_cli}")).await.len(), 4);
    assert_eq!(n(&format!("?authUser={sub}")).await.len(), 4);
    assert_eq!(n("?authUser=someone-else").await.len(), 0);
    assert_eq!(n("?authIpAddress=127.0.0.1").await.len(), 4);
    let page = n("?first=1&max=2").await;
    assert_eq!(page.len(), 2);
    assert_eq!(
        page[0]["resourceType"], "GROUP",
        "newest first: delete, group, ..."
    );
    let oldest = n("?direction=asc&max=1").await;
    assert_eq!(oldest[0]["resourcePath"], format!("users/{bob}"));

    let r = srv.delete(&admin, &format!("{base}/admin-events")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(
        n("").await.is_empty(),
        "cleared, and clearing records nothing"
    );
});

both_stores!(failed_writes_record_nothing, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"adminEventsEnabled": true})).await;
    let users = format!("/admin/realms/{realm}/users");
    let r = srv
        .post(&admin, &users, &json!({"username": "alice"}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = srv.delete(&admin, &format!("{users}/no-such-id")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = srv.post(&admin, &users, &json!({"username": "dave"})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let dave = location_id(&r);
    let (_, token) = password_login(&srv, &realm, "alice", PW, None).await;
    let r = srv
        .post(
            token["access_token"].as_str().unwrap(),
            &users,
            &json!({"username": "eve"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let list = admin_events(&srv, &admin, &realm, "").await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["resourcePath"], format!("users/{dave}"));
});

both_stores!(settings_changes_are_realm_updates, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({})).await;
    let config = format!("/admin/realms/{realm}/events/config");
    // Switching admin events on records the switch itself.
    let body = json!({"adminEventsEnabled": true, "adminEventsDetailsEnabled": true});
    assert_eq!(
        srv.put(&admin, &config, &body).await.status(),
        StatusCode::NO_CONTENT
    );
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}"),
            &json!({"displayName": "Events"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // Under the legacy prefix too.
    let r = srv
        .http
        .post(srv.url(&format!("/auth/admin/realms/{realm}/roles")))
        .bearer_auth(&admin)
        .json(&json!({"name": "legacy"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let list = admin_events(&srv, &admin, &realm, "?direction=asc").await;
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["operationType"], "UPDATE");
    assert_eq!(list[0]["resourceType"], "REALM");
    assert_eq!(list[0]["resourcePath"], "events/config");
    let rep: Value = serde_json::from_str(list[0]["representation"].as_str().unwrap()).unwrap();
    assert_eq!(rep, body);
    assert_eq!(list[1]["operationType"], "UPDATE");
    assert_eq!(list[1]["resourceType"], "REALM");
    assert_eq!(list[2]["resourceType"], "REALM_ROLE");
    assert_eq!(list[2]["resourcePath"], "roles/legacy");
    // Switching them off is not recorded.
    let off = json!({"adminEventsEnabled": false});
    assert_eq!(
        srv.put(&admin, &config, &off).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(admin_events(&srv, &admin, &realm, "").await.len(), 3);
});

both_stores!(
    admin_events_expire_by_realm_attribute,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let settings = json!({"adminEventsEnabled": true,
        "attributes": {"adminEventsExpiration": "60"}});
        let realm = events_realm(&srv, &admin, settings).await;
        srv.create_user(&admin, &realm, "bob", PW).await;
        assert_eq!(admin_events(&srv, &admin, &realm, "").await.len(), 1);
        srv.state.clock.advance(61);
        let admin = srv.admin_token().await;
        assert!(
            admin_events(&srv, &admin, &realm, "").await.is_empty(),
            "expired"
        );
        srv.create_user(&admin, &realm, "carol", PW).await;
        let list = admin_events(&srv, &admin, &realm, "").await;
        assert_eq!(list.len(), 1);
        let mut conn = srv.state.db.conn().await.unwrap();
        let n: i64 = sqlx::Row::get(
            &sqlx::query("SELECT COUNT(*) AS n FROM admin_events WHERE realm_id = $1")
                .bind(list[0]["realmId"].as_str().unwrap().to_string())
                .fetch_one(&mut *conn)
                .await
                .unwrap(),
            "n",
        );
        assert_eq!(n, 1, "expired rows deleted");
    }
);
