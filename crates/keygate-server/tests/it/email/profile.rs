//! `/users/profile`: Keycloak's default configuration (unmanaged attributes enabled in
//! Keygate), saving a new one, refusing bad ones, and the metadata.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::both_stores;
use crate::support::Srv;

both_stores!(default_profile_and_metadata, |srv: Srv| async move {
    let (realm, _) = setup(&srv, None).await;
    let admin = srv.admin_token().await;
    let cfg: Value = srv
        .get(&admin, &format!("/admin/realms/{realm}/users/profile"))
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = cfg["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["username", "email", "firstName", "lastName"]);
    assert_eq!(
        cfg["attributes"][0]["validations"]["length"],
        json!({"min": 3, "max": 255})
    );
    assert_eq!(cfg["attributes"][1]["required"], json!({"roles": ["user"]}));
    assert_eq!(cfg["groups"][0]["name"], json!("user-metadata"));
    assert_eq!(cfg["unmanagedAttributePolicy"], json!("ENABLED"));

    let meta: Value = srv
        .get(
            &admin,
            &format!("/admin/realms/{realm}/users/profile/metadata"),
        )
        .await
        .json()
        .await
        .unwrap();
    let email = &meta["attributes"][1];
    assert_eq!(email["name"], json!("email"));
    assert_eq!(
        email["required"],
        json!(false),
        "required for users, not admins"
    );
    assert_eq!(email["readOnly"], json!(false));
    assert!(email["validators"]["email"].is_object());
    assert_eq!(meta["groups"][0]["displayHeader"], json!("User metadata"));
});

both_stores!(save_profile_config, |srv: Srv| async move {
    let (realm, _) = setup(&srv, None).await;
    let admin = srv.admin_token().await;
    let path = format!("/admin/realms/{realm}/users/profile");
    let mut cfg: Value = srv.get(&admin, &path).await.json().await.unwrap();
    cfg["attributes"].as_array_mut().unwrap().push(json!({
        "name": "department", "displayName": "Department", "group": "user-metadata",
        "required": {"roles": ["admin", "user"]},
        "permissions": {"view": ["admin"], "edit": ["admin"]},
        "validations": {"length": {"max": 64}}
    }));
    cfg["unmanagedAttributePolicy"] = json!("ADMIN_VIEW");
    let r = srv.put(&admin, &path, &cfg).await;
    assert_eq!(r.status(), StatusCode::OK);
    let back: Value = srv.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(back, cfg);
    let meta: Value = srv
        .get(&admin, &format!("{path}/metadata"))
        .await
        .json()
        .await
        .unwrap();
    let dept = &meta["attributes"][4];
    assert_eq!(dept["name"], json!("department"));
    assert_eq!(dept["required"], json!(true));
    assert_eq!(dept["group"], json!("user-metadata"));
});

both_stores!(bad_profile_configs_are_refused, |srv: Srv| async move {
    let (realm, _) = setup(&srv, None).await;
    let admin = srv.admin_token().await;
    let path = format!("/admin/realms/{realm}/users/profile");
    let base: Value = srv.get(&admin, &path).await.json().await.unwrap();
    let with_attr = |a: Value| {
        let mut c = base.clone();
        c["attributes"].as_array_mut().unwrap().push(a);
        c
    };
    let mut no_email = base.clone();
    no_email["attributes"].as_array_mut().unwrap().remove(1);
    let mut bad_policy = base.clone();
    bad_policy["unmanagedAttributePolicy"] = json!("SOMETIMES");
    let cases = [
        json!({"groups": []}),
        with_attr(json!({"displayName": "no name"})),
        with_attr(json!({"name": "firstName"})),
        with_attr(json!({"name": "bad name!"})),
        with_attr(json!({"name": "x", "group": "nowhere"})),
        no_email,
        bad_policy,
    ];
    for c in cases {
        let r = srv.put(&admin, &path, &c).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{c}");
        let body: Value = r.json().await.unwrap();
        assert!(body["errorMessage"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Nothing was saved.
    let now: Value = srv.get(&admin, &path).await.json().await.unwrap();
    assert_eq!(now, base);
});

both_stores!(
    unmanaged_attributes_are_the_undeclared_ones,
    |srv: Srv| async move {
        let (realm, id) = setup(&srv, None).await;
        let admin = srv.admin_token().await;
        let path = format!("/admin/realms/{realm}/users/profile");
        let mut cfg: Value = srv.get(&admin, &path).await.json().await.unwrap();
        cfg["attributes"].as_array_mut().unwrap().push(
            json!({"name": "department", "permissions": {"view": ["admin"], "edit": ["admin"]}}),
        );
        assert_eq!(srv.put(&admin, &path, &cfg).await.status(), StatusCode::OK);
        let user = format!("/admin/realms/{realm}/users/{id}");
        let attrs =
            json!({"attributes": {"department": ["sales"], "shoe": ["42", "43"], "blank": [""]}});
        assert!(srv.put(&admin, &user, &attrs).await.status().is_success());
        let r = srv
            .get(&admin, &format!("{user}/unmanagedAttributes"))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.json::<Value>().await.unwrap(),
            json!({"shoe": ["42", "43"]})
        );
        let r = srv
            .get(
                &admin,
                &format!("/admin/realms/{realm}/users/nobody/unmanagedAttributes"),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
);
