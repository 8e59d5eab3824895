//! Sessions: logins show per user and per client, offline ones apart, and every way of
//! ending them makes the refresh token useless.

use keygate_client::model::TokenResponse;
use keygate_client::{Error, GetSessionsParams};

use crate::both_stores;
use crate::fixtures::{Fx, APP, APP_SECRET};
use crate::support::Srv;

async fn offline_login(srv: &Srv, realm: &str, user: &str) -> TokenResponse {
    let r = srv
        .oidc_form(
            realm,
            "token",
            &[
                ("grant_type", "password"),
                ("client_id", APP),
                ("client_secret", APP_SECRET),
                ("username", user),
                ("password", "pw"),
                ("scope", "openid offline_access"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

both_stores!(sessions_per_user_and_client, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-sess").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let app = fx.client_uuid(APP).await;
    let uid = fx.user("ada").await;
    let tokens = kc.login(APP, APP_SECRET, r, "ada", "pw").await.unwrap();

    let sessions = kc.get_user_sessions(t, r, &uid).await.unwrap();
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!(s.username, "ada");
    assert_eq!(s.user_id, uid);
    assert_eq!(s.clients[&app], APP);
    assert_eq!(Some(s.id.clone()), tokens.session_state);

    let p = GetSessionsParams::default();
    let by_client = kc.get_client_user_sessions(t, r, &app, &p).await.unwrap();
    assert_eq!(by_client.len(), 1);
    assert_eq!(
        kc.get_client_user_sessions_count(t, r, &app).await.unwrap(),
        1
    );
    let stats = kc.get_client_session_stats(t, r).await.unwrap();
    let mine = stats
        .iter()
        .find(|s| s.get("clientId").map(String::as_str) == Some(APP));
    assert_eq!(mine.unwrap()["active"], "1");

    let offline = offline_login(&srv, r, "ada").await;
    assert!(offline.refresh_token.is_some());
    assert_eq!(
        kc.get_client_offline_sessions_count(t, r, &app)
            .await
            .unwrap(),
        1
    );
    let off = kc
        .get_client_offline_sessions(t, r, &app, &p)
        .await
        .unwrap();
    assert_eq!(off[0].username, "ada");
    let off = kc
        .get_user_offline_sessions_for_client(t, r, &uid, &app)
        .await
        .unwrap();
    assert_eq!(off.len(), 1);

    let sid = s.id.clone();
    kc.logout_user_session(t, r, &sid, false).await.unwrap();
    let rt = tokens.refresh_token.unwrap();
    assert!(kc.refresh_token(&rt, APP, APP_SECRET, r).await.is_err());
    assert!(matches!(
        kc.logout_user_session(t, r, "no-such-session", false).await,
        Err(Error::NotFound(_))
    ));
});

both_stores!(logout_everywhere, |srv: Srv| async move {
    let fx = Fx::new(&srv, "cl-logout").await;
    let (kc, t, r) = (&fx.kc, fx.token.as_str(), fx.realm.as_str());
    let uid = fx.user("bea").await;
    fx.user("cal").await;
    let first = kc.login(APP, APP_SECRET, r, "bea", "pw").await.unwrap();
    kc.login(APP, APP_SECRET, r, "bea", "pw").await.unwrap();
    assert_eq!(kc.get_user_sessions(t, r, &uid).await.unwrap().len(), 2);
    kc.logout_all_sessions(t, r, &uid).await.unwrap();
    assert!(kc.get_user_sessions(t, r, &uid).await.unwrap().is_empty());
    let rt = first.refresh_token.unwrap();
    assert!(kc.refresh_token(&rt, APP, APP_SECRET, r).await.is_err());

    let cal = kc.login(APP, APP_SECRET, r, "cal", "pw").await.unwrap();
    let result = kc.logout_all(t, r).await.unwrap();
    assert!(result.failed_requests.unwrap_or_default().is_empty());
    let rt = cal.refresh_token.unwrap();
    assert!(kc.refresh_token(&rt, APP, APP_SECRET, r).await.is_err());
    let app = fx.client_uuid(APP).await;
    assert_eq!(
        kc.get_client_user_sessions_count(t, r, &app).await.unwrap(),
        0
    );

    let pushed = kc.push_revocation(t, r).await.unwrap();
    assert!(pushed.failed_requests.unwrap_or_default().is_empty());
    let pushed = kc.push_client_revocation(t, r, &app).await.unwrap();
    assert!(pushed.failed_requests.unwrap_or_default().is_empty());
});
