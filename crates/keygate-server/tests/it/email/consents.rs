//! `/users/{id}/consents`: stored consents and offline-token holders, and revoking both.

use reqwest::StatusCode;
use serde_json::{json, Value};

use keygate_server::store;
use keygate_server::store::sessions::SessionRow;

use super::*;
use crate::both_stores;
use crate::support::Srv;

both_stores!(list_and_revoke_consents, |srv: Srv| async move {
    let (realm, id) = setup(&srv, None).await;
    let admin = srv.admin_token().await;
    let base = format!("/admin/realms/{realm}/users/{id}/consents");
    let r = srv.get(&admin, &base).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap(), json!([]));
    let r = srv.delete(&admin, &format!("{base}/app")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        json!("Consent nor offline token not found")
    );
    let r = srv.delete(&admin, &format!("{base}/no-such-client")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        json!("Client not found")
    );

    // A consent granted at login and an offline session of the same client.
    let cached = srv.state.realms.get(&srv.state.db, &realm).await.unwrap();
    let app = cached.client("app").unwrap().id.clone();
    let now = srv.state.clock.now_ms();
    let mut tx = srv.state.begin().await.unwrap();
    store::user_extras::grant_consent(&mut tx, &cached.id, &id, &app, &["profile".into()], now)
        .await
        .unwrap();
    let session = SessionRow {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: id.clone(),
        started: now / 1000,
        last_access: now / 1000,
        offline: true,
    };
    store::sessions::insert(&mut tx, &cached.id, &session, &app, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let list: Value = srv.get(&admin, &base).await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let c = &list[0];
    assert_eq!(c["clientId"], json!("app"));
    assert_eq!(c["grantedClientScopes"][0]["name"], json!("profile"));
    assert_eq!(c["createdDate"], json!(now));
    assert_eq!(
        c["additionalGrants"],
        json!([{"client": app, "key": "Offline Token"}])
    );

    let r = srv.delete(&admin, &format!("{base}/app")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        srv.get(&admin, &base).await.json::<Value>().await.unwrap(),
        json!([])
    );
    let mut conn = srv.state.db.conn().await.unwrap();
    let gone = store::sessions::get(&mut conn, &cached.id, &session.id)
        .await
        .unwrap();
    assert!(gone.is_none(), "the offline session ended");
});
