//! A TokenSource logs in once, refreshes before expiry, and serves many tasks.

use std::time::Duration;

use keygate_client::{Credentials, KeygateClient, TokenSource};

use crate::both_stores;
use crate::fixtures::admin_source;
use crate::support::Srv;

both_stores!(
    token_source_refreshes_and_is_shared,
    |srv: Srv| async move {
        let kc = KeygateClient::new(&srv.base);
        let source = admin_source(&kc);
        let first = source.access_token().await.unwrap();
        assert_eq!(
            source.access_token().await.unwrap(),
            first,
            "fresh tokens are reused"
        );
        // Many tasks at once share one token and all can call the admin API.
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (source, kc) = (source.clone(), kc.clone());
            tasks.push(tokio::spawn(async move {
                let t = source.access_token().await.unwrap();
                kc.get_realm(&t, "master").await.unwrap();
                t
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), first);
        }
        // With a margin larger than the 300 s lifespan, every call renews through the refresh
        // token; the session (sid) stays the same.
        let eager = source.clone().refresh_margin(Duration::from_secs(400));
        let renewed = eager.access_token().await.unwrap();
        assert_ne!(renewed, first);
        let a = crate::support::claims(&first);
        let b = crate::support::claims(&renewed);
        assert_eq!(a["sid"], b["sid"], "renewed by refresh, not by a new login");
    }
);

both_stores!(client_credentials_source, |srv: Srv| async move {
    let (kc, realm) = crate::oidc::realm_with_user(&srv).await;
    let source = TokenSource::new(
        kc.clone(),
        &realm,
        Credentials::Client {
            client_id: "web".into(),
            client_secret: "web-secret".into(),
        },
    );
    let t = source.access_token().await.unwrap();
    let claims = kc.decode_access_token(&t, &realm).await.unwrap();
    assert_eq!(
        claims.preferred_username.as_deref(),
        Some("service-account-web")
    );
    // No refresh token for client credentials: renewal logs in again.
    let eager = source.clone().refresh_margin(Duration::from_secs(400));
    assert_ne!(eager.access_token().await.unwrap(), t);
});

both_stores!(invalidate_forces_a_new_login, |srv: Srv| async move {
    let kc = KeygateClient::new(&srv.base);
    let source = admin_source(&kc);
    let first = source.access_token().await.unwrap();
    source.invalidate().await;
    let second = source.access_token().await.unwrap();
    assert_ne!(second, first);
    let (a, b) = (
        crate::support::claims(&first),
        crate::support::claims(&second),
    );
    assert_ne!(
        a["sid"], b["sid"],
        "a new login, not a refresh of the old session"
    );
    kc.get_realm(&second, "master").await.unwrap();
    // Clones share the state: invalidating one is seen by all.
    let clone = source.clone();
    clone.invalidate().await;
    assert_ne!(source.access_token().await.unwrap(), second);
});
