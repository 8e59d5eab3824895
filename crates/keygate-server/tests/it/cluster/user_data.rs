//! What nodes read from the store on every request: users, credentials, role and group
//! memberships, sessions. A change on A is in force on B's very next request.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{active, fixture, pair, password};
use crate::support::claims;

fn realm_roles(token: &Value) -> Vec<String> {
    let c = claims(token["access_token"].as_str().unwrap());
    c["realm_access"]["roles"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_changes_on_the_next_request() {
    let Some((a, b)) = pair().await else { return };
    let (admin, realm, user, _) = fixture(&a).await;
    let base = format!("/admin/realms/{realm}");

    // A role, directly and through a group.
    for role in ["direct", "via-group"] {
        let r = a
            .post(&admin, &format!("{base}/roles"), &json!({"name": role}))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let role = |name: &str| {
        let (a, admin, base) = (&a, admin.clone(), base.clone());
        let name = name.to_string();
        async move {
            a.get(&admin, &format!("{base}/roles/{name}"))
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let direct = role("direct").await;
    let via = role("via-group").await;
    let mappings = format!("{base}/users/{user}/role-mappings/realm");
    assert_eq!(
        a.post(&admin, &mappings, &json!([direct])).await.status(),
        StatusCode::NO_CONTENT
    );
    let r = a
        .post(&admin, &format!("{base}/groups"), &json!({"name": "staff"}))
        .await;
    let group = crate::support::location_id(&r);
    let r = a
        .post(
            &admin,
            &format!("{base}/groups/{group}/role-mappings/realm"),
            &json!([via]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let member = format!("{base}/users/{user}/groups/{group}");
    assert_eq!(
        a.put(&admin, &member, &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );

    let (s, t) = password(&b, &realm, "Pa55word!").await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let roles = realm_roles(&t);
    assert!(roles.contains(&"direct".into()) && roles.contains(&"via-group".into()));

    // Role mapping removed, then group membership removed.
    let r = a
        .http
        .delete(a.url(&mappings))
        .bearer_auth(&admin)
        .json(&json!([direct]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let roles = realm_roles(&password(&b, &realm, "Pa55word!").await.1);
    assert!(!roles.contains(&"direct".into()) && roles.contains(&"via-group".into()));
    assert_eq!(
        a.delete(&admin, &member).await.status(),
        StatusCode::NO_CONTENT
    );
    let roles = realm_roles(&password(&b, &realm, "Pa55word!").await.1);
    assert!(!roles.contains(&"via-group".into()));

    // Password changed on A: B takes only the new one.
    let r = a
        .put(
            &admin,
            &format!("{base}/users/{user}/reset-password"),
            &json!({"type": "password", "value": "N3w-Pa55word!", "temporary": false}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        password(&b, &realm, "Pa55word!").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (s, t) = password(&b, &realm, "N3w-Pa55word!").await;
    assert_eq!(s, StatusCode::OK);

    // Sessions ended on A: B's refresh and introspection see it.
    let access = t["access_token"].as_str().unwrap().to_string();
    let refresh = t["refresh_token"].as_str().unwrap().to_string();
    assert!(active(&b, &realm, &access).await);
    let r = a
        .post(&admin, &format!("{base}/users/{user}/logout"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(!active(&b, &realm, &access).await);
    let r = b
        .oidc_form(
            &realm,
            "token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", "svc"),
                ("client_secret", "svc-secret"),
                ("refresh_token", &refresh),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // User disabled on A: B refuses the next sign-in.
    let r = a
        .put(
            &admin,
            &format!("{base}/users/{user}"),
            &json!({"enabled": false}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (s, t) = password(&b, &realm, "N3w-Pa55word!").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{t}");
}
