//! `POST /admin/realms/{realm}/users/{id}/impersonation`, as Keycloak's
//! `UserResource.impersonate`: a new SSO session for the user, its identity cookies on the
//! answer (so the admin's browser is now the user's), and an `IMPERSONATE` event. An admin
//! of the same realm loses the session their token came from, as in Keycloak.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use crate::error::{Error, Result};
use crate::events::record::{self, LoginEvent};
use crate::http::auth::{Admin, Perm};
use crate::http::base::Base;
use crate::http::client_ip::ClientIp;
use crate::login::cookies;
use crate::state::{AppState, Change};
use crate::store;
use crate::store::sessions::SessionRow;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/admin/realms/{realm}/users/{id}/impersonation",
        post(impersonate),
    )
}

async fn impersonate(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
    base: Base,
    ClientIp(ip): ClientIp,
) -> Result<Response> {
    let realm = state.realms.get(&state.db, &realm).await?;
    let mut conn = state.db.conn().await?;
    let Some(user) = store::users::by_id(&mut conn, &realm.id, &id).await? else {
        // As Keycloak: only those who may query users learn that an id does not exist.
        admin.require(&realm, Perm::QueryUsers)?;
        return Err(Error::not_found("User not found"));
    };
    admin.require(&realm, Perm::Impersonate)?;
    let impersonator = store::users::by_id(&mut conn, &admin.realm.id, &admin.user_id)
        .await?
        .map(|u| u.username)
        .unwrap_or_default();
    drop(conn);

    let now = state.clock.now();
    let own_session = admin
        .session_id
        .as_deref()
        .filter(|_| admin.realm.id == realm.id);
    let session = SessionRow {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: user.id.clone(),
        started: now,
        last_access: now,
        offline: false,
    };
    let mut tx = state.begin().await?;
    if let Some(sid) = own_session {
        store::sessions::delete(&mut tx, &realm.id, sid).await?;
    }
    store::sessions::insert_unbound(&mut tx, &realm.id, &session, ip.as_deref()).await?;
    state.commit(tx, Change::Users).await?;

    let mut e = LoginEvent::new("IMPERSONATE");
    e.user_id = Some(user.id.clone());
    e.session_id = Some(session.id.clone());
    e.ip_address = ip;
    e.detail("impersonator_realm", Some(&admin.realm.name));
    e.detail("impersonator", Some(&impersonator));
    record::login(&state, &realm, e).await;

    let scope = cookies::Scope::new(&base.0, &realm.name);
    let issuer = base.issuer(&realm.name);
    let exp = session.started + realm.sso_max();
    let claims = cookies::identity_claims(&issuer, &user.id, &session.id, now, exp, false);
    let set = cookies::sso_cookies(&scope, &realm, &claims)?;
    let body = json!({
        "sameRealm": own_session.is_some(),
        "redirect": format!("{}/realms/{}/account", base.0, realm.name),
    });
    let mut resp = Json(body).into_response();
    for c in set {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(resp)
}
