//! OpenID Connect methods against a live realm.

use keygate_client::model::{
    ClientRepresentation, CredentialRepresentation, RealmRepresentation, UserRepresentation,
};
use keygate_client::KeygateClient;

use crate::both_stores;
use crate::support::{realm_name, Srv};

/// A realm with user `lee`/`pw` and confidential client `web`/`web-secret`.
pub async fn realm_with_user(srv: &Srv) -> (KeygateClient, String) {
    let (kc, token) = crate::fixtures::admin(srv).await;
    let realm = realm_name("cl-oidc");
    let rep = RealmRepresentation {
        realm: Some(realm.clone()),
        users: Some(vec![UserRepresentation {
            username: Some("lee".into()),
            enabled: Some(true),
            email: Some("lee@example.com".into()),
            credentials: Some(vec![CredentialRepresentation {
                value: Some("pw".into()),
                ..Default::default()
            }]),
            ..Default::default()
        }]),
        clients: Some(vec![ClientRepresentation {
            client_id: Some("web".into()),
            secret: Some("web-secret".into()),
            direct_access_grants_enabled: Some(true),
            service_accounts_enabled: Some(true),
            ..Default::default()
        }]),
        ..Default::default()
    };
    kc.create_realm(&token, &rep).await.unwrap();
    (kc, realm)
}

both_stores!(
    login_refresh_introspect_userinfo_logout,
    |srv: Srv| async move {
        let (kc, realm) = realm_with_user(&srv).await;
        let t = kc
            .login("web", "web-secret", &realm, "lee", "pw")
            .await
            .unwrap();
        let info = kc.get_user_info(&t.access_token, &realm).await.unwrap();
        assert_eq!(info.preferred_username.as_deref(), Some("lee"));
        let claims = kc
            .decode_access_token(&t.access_token, &realm)
            .await
            .unwrap();
        assert_eq!(claims.sub, info.sub);
        assert!(claims.has_realm_role("offline_access"));
        assert!(claims.has_client_role("account", "view-profile"));
        let i = kc
            .introspect_token(&t.access_token, "web", "web-secret", &realm)
            .await
            .unwrap();
        assert!(i.active);
        assert_eq!(i.claims["username"], "lee");
        let rt = t.refresh_token.clone().unwrap();
        let t2 = kc
            .refresh_token(&rt, "web", "web-secret", &realm)
            .await
            .unwrap();
        assert_ne!(t2.access_token, t.access_token);
        kc.logout("web", "web-secret", &realm, &rt).await.unwrap();
        assert!(
            !kc.introspect_token(&t2.access_token, "web", "web-secret", &realm)
                .await
                .unwrap()
                .active
        );
        assert!(kc
            .refresh_token(&rt, "web", "web-secret", &realm)
            .await
            .is_err());
    }
);

both_stores!(client_login_revoke_and_discovery, |srv: Srv| async move {
    let (kc, realm) = realm_with_user(&srv).await;
    let t = kc.login_client("web", "web-secret", &realm).await.unwrap();
    let claims = kc
        .decode_access_token(&t.access_token, &realm)
        .await
        .unwrap();
    assert_eq!(
        claims.preferred_username.as_deref(),
        Some("service-account-web")
    );
    kc.revoke_token(&t.access_token, "web", "web-secret", &realm)
        .await
        .unwrap();
    assert!(
        !kc.introspect_token(&t.access_token, "web", "web-secret", &realm)
            .await
            .unwrap()
            .active
    );
    let issuer = kc.get_issuer(&realm).await.unwrap();
    assert_eq!(issuer.realm, realm);
    let certs = kc.get_certs(&realm).await.unwrap();
    assert!(!certs.keys.is_empty());
    let conf = kc.get_openid_configuration(&realm).await.unwrap();
    assert_eq!(conf["issuer"], kc.issuer_url(&realm));
});

both_stores!(
    public_client_logout_ends_the_session,
    |srv: Srv| async move {
        let (kc, realm) = realm_with_user(&srv).await;
        let (_, admin) = crate::fixtures::admin(&srv).await;
        let public = ClientRepresentation {
            client_id: Some("spa".into()),
            public_client: Some(true),
            direct_access_grants_enabled: Some(true),
            ..Default::default()
        };
        kc.create_client(&admin, &realm, &public).await.unwrap();
        let t = kc.login("spa", "", &realm, "lee", "pw").await.unwrap();
        let rt = t.refresh_token.clone().unwrap();
        // The session is alive: the refresh token renews.
        let renewed = kc.refresh_token(&rt, "spa", "", &realm).await.unwrap();
        kc.logout_public_client("spa", &realm, &renewed.access_token, &rt)
            .await
            .unwrap();
        assert!(
            kc.refresh_token(&rt, "spa", "", &realm).await.is_err(),
            "the refresh token is rejected after logout"
        );
        assert!(
            kc.get_user_info(&renewed.access_token, &realm)
                .await
                .is_err(),
            "the session's access tokens are no longer accepted"
        );
    }
);

both_stores!(custom_http_client_and_base_url, |srv: Srv| async move {
    // A trailing slash is dropped, so paths are never doubled.
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .user_agent("keygate-client-test")
        .build()
        .unwrap();
    let kc = KeygateClient::with_http(format!("{}/", srv.base), http);
    assert_eq!(kc.base_url(), srv.base);
    assert_eq!(
        kc.issuer_url("master"),
        format!("{}/realms/master", srv.base)
    );
    // The configured client is the one that talks to the server.
    let t = kc.login_admin("admin", "admin", "master").await.unwrap();
    let claims = kc
        .decode_access_token(&t.access_token, "master")
        .await
        .unwrap();
    assert_eq!(claims.preferred_username.as_deref(), Some("admin"));
    assert_eq!(KeygateClient::new(&srv.base).base_url(), srv.base);
});
