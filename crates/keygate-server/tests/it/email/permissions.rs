//! Who may use these endpoints: reading takes `view-users` (the profile any admin role),
//! sending mail, revoking and linking take `manage-users`, the profile `manage-realm`.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

async fn token(srv: &Srv, realm: &str, user: &str) -> String {
    let t = srv.password_token(realm, "admin-cli", user, "pw").await;
    t["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

both_stores!(viewers_read_managers_write, |srv: Srv| async move {
    let admin = srv.admin_token().await;
    let realm = realm_name("mail-perm");
    let user = |name: &str, role: &str| {
        json!({"username": name, "enabled": true, "email": format!("{name}@example.com"),
               "credentials": [{"type": "password", "value": "pw"}],
               "clientRoles": {"realm-management": [role]}})
    };
    let rep = json!({"realm": realm, "enabled": true,
                     "users": [user("viewer", "view-users"), user("manager", "manage-users")]});
    srv.create_realm(&admin, rep).await;
    let id = srv.create_user(&admin, &realm, "target", "pw").await;
    let viewer = token(&srv, &realm, "viewer").await;
    let manager = token(&srv, &realm, "manager").await;
    let u = format!("/admin/realms/{realm}/users/{id}");
    let profile = format!("/admin/realms/{realm}/users/profile");

    for path in [
        format!("{u}/consents"),
        format!("{u}/federated-identity"),
        profile.clone(),
        format!("{profile}/metadata"),
    ] {
        assert_eq!(
            srv.get(&viewer, &path).await.status(),
            StatusCode::OK,
            "{path}"
        );
    }
    let writes = [
        (
            "PUT",
            format!("{u}/execute-actions-email"),
            json!(["UPDATE_PASSWORD"]),
        ),
        ("PUT", format!("{u}/send-verify-email"), Value::Null),
        ("DELETE", format!("{u}/consents/admin-cli"), Value::Null),
        (
            "POST",
            format!("{u}/federated-identity/github"),
            json!({"userId": "1"}),
        ),
        (
            "DELETE",
            format!("{u}/federated-identity/github"),
            Value::Null,
        ),
    ];
    for (method, path, body) in &writes {
        let r = match *method {
            "PUT" => srv.put(&viewer, path, body).await,
            "POST" => srv.post(&viewer, path, body).await,
            _ => srv.delete(&viewer, path).await,
        };
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    // A user manager links identities but may not change the realm's profile.
    let r = srv.post(&manager, &writes[3].1, &writes[3].2).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let cfg: Value = srv.get(&manager, &profile).await.json().await.unwrap();
    assert_eq!(
        srv.put(&manager, &profile, &cfg).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        srv.put(&admin, &profile, &cfg).await.status(),
        StatusCode::OK
    );
});
