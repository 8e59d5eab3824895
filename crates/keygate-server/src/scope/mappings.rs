//! `.../scope-mappings/*` of clients and client scopes: which roles a client without
//! `fullScopeAllowed` may put in its tokens. Realm roles at `/realm`, a client's roles at
//! `/clients/{client}`, each with `available` and `composite` views.

use std::collections::HashMap;

use crate::http::query::Query;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use keygate_model::RoleRepresentation;
use serde::Deserialize;

use super::target::{param, Holder};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::realm::model::Realm;
use crate::role::convert::{self, required_role_refs, role_refs, MappingsRepresentation, RoleRef};
use crate::state::{AppState, Change};
use crate::store::roles::RoleEntry;
use crate::store::{self, Conn};

pub fn routes() -> Router<AppState> {
    let mut r = Router::new();
    for (base, scope) in [
        ("/admin/realms/{realm}/clients/{id}/scope-mappings", false),
        (
            "/admin/realms/{realm}/client-scopes/{id}/scope-mappings",
            true,
        ),
    ] {
        r = if scope {
            with_routes::<true>(r, base)
        } else {
            with_routes::<false>(r, base)
        };
    }
    r
}

fn with_routes<const SCOPE: bool>(r: Router<AppState>, base: &str) -> Router<AppState> {
    let realm = format!("{base}/realm");
    let client = format!("{base}/clients/{{client}}");
    r.route(base, get(all::<SCOPE>))
        .route(
            &realm,
            get(mapped::<SCOPE>)
                .post(add::<SCOPE>)
                .delete(remove::<SCOPE>),
        )
        .route(&format!("{realm}/available"), get(available::<SCOPE>))
        .route(&format!("{realm}/composite"), get(composite::<SCOPE>))
        .route(
            &client,
            get(mapped::<SCOPE>)
                .post(add::<SCOPE>)
                .delete(remove::<SCOPE>),
        )
        .route(&format!("{client}/available"), get(available::<SCOPE>))
        .route(&format!("{client}/composite"), get(composite::<SCOPE>))
}

/// A request resolved: realm, holder and the role container (`{client}` or the realm).
struct Mapping {
    realm: std::sync::Arc<Realm>,
    holder: Holder,
    container: String,
}

async fn resolve<const SCOPE: bool>(
    state: &AppState,
    admin: &Admin,
    path: &HashMap<String, String>,
    c: &mut Conn,
    manage: bool,
) -> Result<Mapping> {
    let realm = state.realms.get(&state.db, param(path, "realm")?).await?;
    admin.require(
        &realm,
        if manage {
            Perm::ManageClients
        } else {
            Perm::ViewClients
        },
    )?;
    let holder = Holder::load::<SCOPE>(c, &realm.id, param(path, "id")?).await?;
    let container = match path.get("client") {
        Some(id) => realm
            .client_by_internal_id(id)
            .map(|c| c.id.clone())
            .ok_or_else(|| Error::not_found("Could not find client"))?,
        None => realm.id.clone(),
    };
    Ok(Mapping {
        realm,
        holder,
        container,
    })
}

async fn all<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<MappingsRepresentation>> {
    let mut conn = state.db.conn().await?;
    let m = resolve::<SCOPE>(&state, &admin, &path, &mut conn, false).await?;
    let roles = store::scopes::mapped(&mut conn, m.holder.id(), "").await?;
    Ok(Json(convert::mappings(&roles)))
}

async fn mapped<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let m = resolve::<SCOPE>(&state, &admin, &path, &mut conn, false).await?;
    let roles = store::scopes::mapped(&mut conn, m.holder.id(), &m.container).await?;
    Ok(Json(convert::role_reps(&roles, true)))
}

async fn available<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let m = resolve::<SCOPE>(&state, &admin, &path, &mut conn, false).await?;
    let roles = store::scopes::unmapped(&mut conn, m.holder.id(), &m.container).await?;
    Ok(Json(convert::role_reps(&roles, true)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompositeParams {
    brief_representation: Option<bool>,
}

/// The container's roles in scope: all of them for a full-scope client or for the
/// client's own roles, else the mapped ones with their composites.
async fn composite<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    Query(p): Query<CompositeParams>,
) -> Result<Json<Vec<RoleRepresentation>>> {
    let mut conn = state.db.conn().await?;
    let m = resolve::<SCOPE>(&state, &admin, &path, &mut conn, false).await?;
    let everything = m.holder.full_scope() || m.holder.client_id() == Some(m.container.as_str());
    let roles = if everything {
        store::roles::list(&mut conn, &m.container, None, 0, i64::MAX / 2).await?
    } else {
        store::scopes::expanded(&mut conn, m.holder.id(), &m.container).await?
    };
    let brief = p.brief_representation.unwrap_or(true);
    Ok(Json(convert::role_reps(&roles, brief)))
}

/// A role a body names in the endpoint's container, by id or by name.
async fn role(c: &mut Conn, m: &Mapping, r: &RoleRef) -> Result<RoleEntry> {
    let found = match (&r.id, &r.name) {
        (Some(id), _) => store::roles::entry_by_id(c, &m.realm.id, id)
            .await?
            .filter(|e| e.role.container_id == m.container),
        (None, Some(name)) => store::roles::entry_by_name(c, &m.container, name).await?,
        (None, None) => None,
    };
    found.ok_or_else(|| Error::not_found("Role not found"))
}

async fn add<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    body: Bytes,
) -> Result<StatusCode> {
    let refs = required_role_refs(&body)?;
    let mut tx = state.begin().await?;
    let m = resolve::<SCOPE>(&state, &admin, &path, &mut tx, true).await?;
    for r in &refs {
        let e = role(&mut tx, &m, r).await?;
        store::scopes::grant(&mut tx, &m.realm.id, m.holder.id(), &e.role.id).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the named mappings, or all of the container's when the body is empty.
async fn remove<const SCOPE: bool>(
    State(state): State<AppState>,
    Path(path): Path<HashMap<String, String>>,
    admin: Admin,
    body: Bytes,
) -> Result<StatusCode> {
    let refs = role_refs(&body)?;
    let mut tx = state.begin().await?;
    let m = resolve::<SCOPE>(&state, &admin, &path, &mut tx, true).await?;
    let roles = match refs {
        None => store::scopes::mapped(&mut tx, m.holder.id(), &m.container).await?,
        Some(refs) => {
            let mut out = Vec::new();
            for r in &refs {
                out.push(role(&mut tx, &m, r).await?);
            }
            out
        }
    };
    for e in &roles {
        store::scopes::revoke(&mut tx, &m.realm.id, m.holder.id(), &e.role.id).await?;
    }
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}
