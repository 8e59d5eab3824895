//! The events endpoints: filters, paging, dates, clearing, the config and who may use them.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

both_stores!(filters_by_type_client_user_and_ip, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"eventsEnabled": true})).await;
    let bob = srv.create_user(&admin, &realm, "bob", PW).await;
    password_login(&srv, &realm, "alice", PW, Some("10.0.0.1")).await;
    password_login(&srv, &realm, "bob", PW, Some("10.0.0.2, 192.168.0.1")).await;
    password_login(&srv, &realm, "bob", "bad", Some("10.0.0.2")).await;
    let r = srv
        .oidc_form(
            &realm,
            "token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "app"),
                ("client_secret", "app-secret"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let all = events(&srv, &admin, &realm, "").await;
    assert_eq!(all.len(), 4);
    let logins = events(&srv, &admin, &realm, "?type=LOGIN").await;
    assert_eq!(types(&logins), ["LOGIN", "LOGIN"]);
    let two = events(&srv, &admin, &realm, "?type=LOGIN_ERROR&type=CLIENT_LOGIN").await;
    assert_eq!(types(&two), ["CLIENT_LOGIN", "LOGIN_ERROR"]);
    let by_user = events(&srv, &admin, &realm, &format!("?user={bob}")).await;
    assert_eq!(types(&by_user), ["LOGIN_ERROR", "LOGIN"]);
    let by_ip = events(&srv, &admin, &realm, "?ipAddress=10.0.0.2").await;
    assert_eq!(by_ip.len(), 2);
    assert!(by_ip.iter().all(|e| e["userId"] == bob.as_str()));
    assert_eq!(events(&srv, &admin, &realm, "?client=app").await.len(), 4);
    assert!(events(&srv, &admin, &realm, "?client=other")
        .await
        .is_empty());
    let combined = events(&srv, &admin, &realm, &format!("?user={bob}&type=LOGIN")).await;
    assert_eq!(combined.len(), 1);
    assert_eq!(combined[0]["ipAddress"], "10.0.0.2");
});

both_stores!(paging_and_direction, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"eventsEnabled": true})).await;
    for i in 0..5 {
        password_login(&srv, &realm, "alice", PW, Some(&format!("10.1.0.{i}"))).await;
    }
    let ip = |e: &Value| e["ipAddress"].as_str().unwrap().to_string();
    let all: Vec<String> = events(&srv, &admin, &realm, "")
        .await
        .iter()
        .map(ip)
        .collect();
    assert_eq!(
        all,
        ["10.1.0.4", "10.1.0.3", "10.1.0.2", "10.1.0.1", "10.1.0.0"]
    );
    let page: Vec<String> = events(&srv, &admin, &realm, "?first=1&max=2")
        .await
        .iter()
        .map(ip)
        .collect();
    assert_eq!(page, ["10.1.0.3", "10.1.0.2"]);
    let asc: Vec<String> = events(&srv, &admin, &realm, "?direction=asc&max=2")
        .await
        .iter()
        .map(ip)
        .collect();
    assert_eq!(asc, ["10.1.0.0", "10.1.0.1"]);
    assert!(events(&srv, &admin, &realm, "?first=5").await.is_empty());
    assert!(events(&srv, &admin, &realm, "?max=0").await.is_empty());
    let r = srv
        .get(&admin, &format!("/admin/realms/{realm}/events?max=lots"))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
});

both_stores!(date_filters_include_whole_days, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({"eventsEnabled": true})).await;
    password_login(&srv, &realm, "alice", PW, None).await;
    let time = events(&srv, &admin, &realm, "").await[0]["time"]
        .as_i64()
        .unwrap();
    let day = |ms: i64| {
        let days = ms.div_euclid(86_400_000);
        // Civil date from days since the epoch (Howard Hinnant).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        format!("{y:04}-{m:02}-{d:02}")
    };
    let (today, tomorrow, yesterday) = (day(time), day(time + 86_400_000), day(time - 86_400_000));
    let cases = [
        (format!("?dateFrom={today}&dateTo={today}"), 1),
        (format!("?dateFrom={yesterday}"), 1),
        (format!("?dateFrom={tomorrow}"), 0),
        (format!("?dateTo={yesterday}"), 0),
    ];
    for (query, n) in cases {
        assert_eq!(
            events(&srv, &admin, &realm, &query).await.len(),
            n,
            "{query}"
        );
    }
});

both_stores!(bad_dates_are_rejected, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({})).await;
    for path in [
        "events?dateFrom=yesterday",
        "admin-events?dateTo=2024-13-40",
    ] {
        let r = srv
            .get(&admin, &format!("/admin/realms/{realm}/{path}"))
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        let body: Value = r.json().await.unwrap();
        assert!(body["errorMessage"]
            .as_str()
            .unwrap()
            .contains("expected format is yyyy-MM-dd"));
    }
});

both_stores!(delete_clears_only_this_realm, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let a = events_realm(&srv, &admin, json!({"eventsEnabled": true})).await;
    let b = events_realm(&srv, &admin, json!({"eventsEnabled": true})).await;
    password_login(&srv, &a, "alice", PW, None).await;
    password_login(&srv, &b, "alice", PW, None).await;
    let r = srv
        .delete(&admin, &format!("/admin/realms/{a}/events"))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(events(&srv, &admin, &a, "").await.is_empty());
    assert_eq!(events(&srv, &admin, &b, "").await.len(), 1);
    let r = srv
        .delete(&admin, "/admin/realms/no-such-realm/events")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});

both_stores!(config_round_trip_and_realm_fields, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = events_realm(&srv, &admin, json!({})).await;
    let path = format!("/admin/realms/{realm}/events/config");
    let c: Value = srv.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(c["eventsEnabled"], false);
    assert_eq!(c["adminEventsEnabled"], false);
    assert_eq!(c["adminEventsDetailsEnabled"], false);
    assert_eq!(c["eventsListeners"], json!(["jboss-logging"]));
    let types = c["enabledEventTypes"].as_array().unwrap();
    assert!(types.contains(&json!("LOGIN")) && types.contains(&json!("CODE_TO_TOKEN")));
    assert!(!types.contains(&json!("REFRESH_TOKEN")));

    let body = json!({"eventsEnabled": true, "eventsExpiration": 3600,
        "enabledEventTypes": ["LOGIN"], "adminEventsEnabled": true,
        "adminEventsDetailsEnabled": true, "eventsListeners": ["jboss-logging"]});
    assert_eq!(
        srv.put(&admin, &path, &body).await.status(),
        StatusCode::NO_CONTENT
    );
    let c: Value = srv.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(c, body);
    let rep: Value = srv
        .get(&admin, &format!("/admin/realms/{realm}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rep["eventsEnabled"], true);
    assert_eq!(rep["eventsExpiration"], 3600);
    assert_eq!(rep["enabledEventTypes"], json!(["LOGIN"]));
    assert_eq!(rep["adminEventsDetailsEnabled"], true);

    // The realm representation changes the same settings.
    let r = srv
        .put(
            &admin,
            &format!("/admin/realms/{realm}"),
            &json!({"eventsEnabled": false, "adminEventsEnabled": false}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let c: Value = srv.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(c["eventsEnabled"], false);
    assert_eq!(c["adminEventsEnabled"], false);
    assert_eq!(c["eventsExpiration"], 3600);
    password_login(&srv, &realm, "alice", PW, None).await;
    assert!(events(&srv, &admin, &realm, "").await.is_empty());

    let r = srv
        .put(&admin, &path, &json!({"eventsEnabled": "yes"}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
});

/// A realm whose user `viewer` holds `view-events` and `manager` holds `manage-events`
/// (and `nobody` no role), each with a token from the realm's own `admin-cli`.
async fn role_realm(srv: &Srv, admin: &str) -> (String, [String; 3]) {
    let realm = crate::support::realm_name("evperm");
    let user = |name: &str, roles: Value| {
        json!({"username": name, "enabled": true,
               "credentials": [{"type": "password", "value": "pw"}],
               "clientRoles": {"realm-management": roles}})
    };
    let rep = json!({"realm": realm, "enabled": true, "eventsEnabled": true, "users": [
        user("viewer", json!(["view-events"])),
        user("manager", json!(["manage-events"])),
        user("nobody", json!(["view-users"])),
    ]});
    srv.create_realm(admin, rep).await;
    let mut tokens = Vec::new();
    for u in ["viewer", "manager", "nobody"] {
        let t = srv.password_token(&realm, "admin-cli", u, "pw").await;
        tokens.push(t["access_token"].as_str().unwrap().to_string());
    }
    let [v, m, n]: [String; 3] = tokens.try_into().unwrap();
    (realm, [v, m, n])
}

both_stores!(view_and_manage_events_permissions, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let (realm, [viewer, manager, nobody]) = role_realm(&srv, &admin).await;
    let base = format!("/admin/realms/{realm}");
    for t in [&viewer, &manager] {
        for p in ["events", "admin-events", "events/config"] {
            let r = srv.get(t, &format!("{base}/{p}")).await;
            assert_eq!(r.status(), StatusCode::OK, "{p}");
        }
    }
    for p in ["events", "admin-events", "events/config"] {
        let r = srv.get(&nobody, &format!("{base}/{p}")).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{p}");
    }
    let cfg = json!({"eventsEnabled": true});
    for p in ["events", "admin-events"] {
        let r = srv.delete(&viewer, &format!("{base}/{p}")).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{p}");
        let r = srv.delete(&manager, &format!("{base}/{p}")).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{p}");
    }
    let r = srv
        .put(&viewer, &format!("{base}/events/config"), &cfg)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = srv
        .put(&manager, &format!("{base}/events/config"), &cfg)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // Another realm's events stay closed to this realm's roles.
    let other = events_realm(&srv, &admin, json!({})).await;
    let r = srv
        .get(&manager, &format!("/admin/realms/{other}/events"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = srv
        .http
        .get(srv.url(&format!("{base}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
});
