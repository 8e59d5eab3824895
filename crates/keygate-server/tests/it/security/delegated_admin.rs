//! Delegated realm administration: master once had no `{realm}-realm` clients, so a user
//! with only master's `create-realm` could create a realm and then not administer it. Now
//! every realm has its client in master, master's `admin` holds its roles, the creator is
//! granted them, and deleting the realm removes the client.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

async fn master_client(srv: &Srv, token: &str, client_id: &str) -> Vec<Value> {
    let r = srv
        .get(
            token,
            &format!("/admin/realms/master/clients?clientId={client_id}"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn user(name: &str) -> Value {
    json!({"username": name, "enabled": true})
}

both_stores!(realm_creator_administers_own_realm, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let creator = srv
        .create_user(&admin, "master", "creator", "Creat0r-pw")
        .await;
    let role: Value = srv
        .get(&admin, "/admin/realms/master/roles/create-realm")
        .await
        .json()
        .await
        .unwrap();
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/master/users/{creator}/role-mappings/realm"),
            &json!([role]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let other = realm_name("other");
    srv.create_realm(&admin, json!({"realm": other, "enabled": true}))
        .await;

    let token = srv
        .password_token("master", "admin-cli", "creator", "Creat0r-pw")
        .await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let mine = realm_name("mine");
    srv.create_realm(&token, json!({"realm": mine, "enabled": true}))
        .await;
    let r = srv
        .post(&token, &format!("/admin/realms/{mine}/users"), &user("bob"))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "creator manages users of X"
    );
    let r = srv.get(&token, &format!("/admin/realms/{mine}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let rep: Value = r.json().await.unwrap();
    assert_eq!(rep["realm"], json!(mine));
    let listed: Vec<Value> = srv.get(&token, "/admin/realms").await.json().await.unwrap();
    let names: Vec<&str> = listed.iter().filter_map(|r| r["realm"].as_str()).collect();
    assert!(names.contains(&mine.as_str()), "{names:?}");
    assert!(!names.contains(&other.as_str()), "{names:?}");

    // Not another realm, nor master.
    let r = srv
        .post(
            &token,
            &format!("/admin/realms/{other}/users"),
            &user("eve"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = srv
        .post(&token, "/admin/realms/master/users", &user("eve"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // master's admin still can; the clients are in master's list.
    let r = srv
        .post(
            &admin,
            &format!("/admin/realms/{mine}/users"),
            &user("carol"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    for name in [&mine, &other] {
        let found = master_client(&srv, &admin, &format!("{name}-realm")).await;
        assert_eq!(found.len(), 1, "{name}-realm in master");
        assert_eq!(found[0]["bearerOnly"], json!(true));
    }
    let roles: Vec<Value> = srv
        .get(
            &admin,
            &format!(
                "/admin/realms/master/clients/{}/roles",
                master_client(&srv, &admin, &format!("{mine}-realm")).await[0]["id"]
                    .as_str()
                    .unwrap()
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let role_names: Vec<&str> = roles.iter().filter_map(|r| r["name"].as_str()).collect();
    for r in [
        "manage-users",
        "view-realm",
        "manage-realm",
        "impersonation",
    ] {
        assert!(role_names.contains(&r), "{r} in {role_names:?}");
    }
    assert!(!role_names.contains(&"realm-admin"));

    // Deleting the realm removes its client from master.
    let r = srv.delete(&token, &format!("/admin/realms/{mine}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(master_client(&srv, &admin, &format!("{mine}-realm"))
        .await
        .is_empty());
    assert_eq!(
        master_client(&srv, &admin, &format!("{other}-realm"))
            .await
            .len(),
        1
    );
});
