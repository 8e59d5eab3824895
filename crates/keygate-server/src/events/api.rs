//! `/admin/realms/{realm}/events`, `/events/config` and `/admin-events`: list with
//! Keycloak's filters, clear, and read or change the realm's event settings.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Map, Value};

use super::config::{self, EventsConfig};
use super::store::{
    self as events_store, AdminEventQuery, AdminEventRow, EventQuery, EventRow, Page,
};
use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::{EventsConfigRep, Strict};
use crate::state::{AppState, Change};
use crate::store;

/// Keycloak's `Constants.DEFAULT_MAX_RESULTS`.
const DEFAULT_MAX: i64 = 100;
const DAY_MS: i64 = 86_400_000;

/// The query string as ordered pairs (filters such as `type` repeat).
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(raw: Option<String>) -> Query {
        let raw = raw.unwrap_or_default();
        Query(
            url::form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn one(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    }

    /// Every value of a repeated parameter (also comma-separated, as the console sends).
    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(',').map(str::trim).map(str::to_string))
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn int(&self, key: &str) -> Result<Option<i64>> {
        self.one(key)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| Error::bad_request(format!("Invalid value for '{key}'")))
            })
            .transpose()
    }

    /// `dateFrom`/`dateTo` and paging; `dateTo` includes its whole day.
    fn page(&self) -> Result<Page> {
        let from = self
            .one("dateFrom")
            .map(|d| day_start_ms(&d).ok_or_else(|| date_error("Date(From)")))
            .transpose()?;
        let to = self
            .one("dateTo")
            .map(|d| day_start_ms(&d).ok_or_else(|| date_error("Date(To)")))
            .transpose()?
            .map(|t| t + DAY_MS);
        Ok(Page {
            from,
            to,
            first: self.int("first")?.filter(|f| *f > 0).unwrap_or(0),
            max: self.int("max")?.filter(|m| *m >= 0).unwrap_or(DEFAULT_MAX),
            ascending: self
                .one("direction")
                .is_some_and(|d| d.eq_ignore_ascii_case("asc")),
        })
    }
}

fn date_error(which: &str) -> Error {
    Error::bad_request(format!(
        "Invalid value for '{which}', expected format is yyyy-MM-dd"
    ))
}

/// Midnight UTC of a `yyyy-MM-dd` date, in ms.
fn day_start_ms(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1..=9999).contains(&y) {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * DAY_MS)
}

fn put(map: &mut Map<String, Value>, key: &str, v: &Option<String>) {
    if let Some(v) = v {
        map.insert(key.into(), json!(v));
    }
}

/// `EventRepresentation`; absent fields are left out, as Keycloak's JSON does.
fn event_rep(e: EventRow) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id));
    m.insert("time".into(), json!(e.time));
    m.insert("type".into(), json!(e.kind));
    m.insert("realmId".into(), json!(e.realm_id));
    put(&mut m, "clientId", &e.client_id);
    put(&mut m, "userId", &e.user_id);
    put(&mut m, "sessionId", &e.session_id);
    put(&mut m, "ipAddress", &e.ip_address);
    put(&mut m, "error", &e.error);
    if let Some(d) = e.details {
        m.insert("details".into(), d);
    }
    Value::Object(m)
}

/// `AdminEventRepresentation`.
fn admin_rep(e: AdminEventRow) -> Value {
    let mut auth = Map::new();
    put(&mut auth, "realmId", &e.auth_realm_id);
    put(&mut auth, "clientId", &e.auth_client_id);
    put(&mut auth, "userId", &e.auth_user_id);
    put(&mut auth, "ipAddress", &e.auth_ip_address);
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id));
    m.insert("time".into(), json!(e.time));
    m.insert("realmId".into(), json!(e.realm_id));
    m.insert("authDetails".into(), Value::Object(auth));
    m.insert("operationType".into(), json!(e.operation_type));
    put(&mut m, "resourceType", &e.resource_type);
    put(&mut m, "resourcePath", &e.resource_path);
    put(&mut m, "representation", &e.representation);
    put(&mut m, "error", &e.error);
    Value::Object(m)
}

pub async fn events(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &name).await?;
    admin.require(&realm, Perm::ViewEvents)?;
    let q = Query::parse(raw);
    let mut page = q.page()?;
    // Expired events not yet purged stay hidden.
    if let Some(cutoff) = EventsConfig::of(&realm).cutoff_ms(state.clock.now_ms()) {
        page.from = Some(page.from.map_or(cutoff, |f| f.max(cutoff)));
    }
    let query = EventQuery {
        types: q.all("type"),
        client: q.one("client"),
        user: q.one("user"),
        ip_address: q.one("ipAddress"),
        page,
    };
    let mut conn = state.db.conn().await?;
    let rows = events_store::list(&mut conn, &realm.id, &query).await?;
    Ok(Json(rows.into_iter().map(event_rep).collect()))
}

pub async fn admin_events(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<Value>>> {
    let realm = state.realms.get(&state.db, &name).await?;
    admin.require(&realm, Perm::ViewEvents)?;
    let q = Query::parse(raw);
    let mut page = q.page()?;
    if let Some(cutoff) = EventsConfig::of(&realm).admin_cutoff_ms(state.clock.now_ms()) {
        page.from = Some(page.from.map_or(cutoff, |f| f.max(cutoff)));
    }
    let query = AdminEventQuery {
        operation_types: q.all("operationTypes"),
        resource_types: q.all("resourceTypes"),
        resource_path: q.one("resourcePath"),
        auth_realm: q.one("authRealm"),
        auth_client: q.one("authClient"),
        auth_user: q.one("authUser"),
        auth_ip: q.one("authIpAddress"),
        page,
    };
    let mut conn = state.db.conn().await?;
    let rows = events_store::list_admin(&mut conn, &realm.id, &query).await?;
    Ok(Json(rows.into_iter().map(admin_rep).collect()))
}

pub async fn clear_events(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &name).await?;
    admin.require(&realm, Perm::ManageEvents)?;
    let mut tx = state.begin().await?;
    events_store::clear(&mut tx, &realm.id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn clear_admin_events(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &name).await?;
    admin.require(&realm, Perm::ManageEvents)?;
    let mut tx = state.begin().await?;
    events_store::clear_admin(&mut tx, &realm.id).await?;
    state.commit(tx, Change::Users).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn config(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &name).await?;
    admin.require(&realm, Perm::ViewEvents)?;
    Ok(Json(EventsConfig::of(&realm).to_rep()))
}

pub async fn update_config(
    State(state): State<AppState>,
    Path(name): Path<String>,
    admin: Admin,
    Strict(body, _): Strict<EventsConfigRep>,
) -> Result<StatusCode> {
    let realm = state.realms.get(&state.db, &name).await?;
    admin.require(&realm, Perm::ManageEvents)?;
    let Value::Object(rep) = body else {
        return Err(Error::bad_request("Events config must be an object"));
    };
    let mut tx = state.begin().await?;
    let mut row = store::realms::by_name(&mut tx, &name)
        .await?
        .ok_or_else(|| Error::not_found("Realm not found."))?;
    let mut data: Map<String, Value> = serde_json::from_str(&row.data)?;
    config::apply(&mut data, &rep).map_err(Error::bad_request)?;
    row.data = Value::Object(data).to_string();
    store::realms::update(&mut tx, &row).await?;
    state.commit(tx, Change::Realm).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(day_start_ms("1970-01-01"), Some(0));
        assert_eq!(day_start_ms("2000-03-01"), Some(951_868_800_000));
        assert_eq!(day_start_ms("2024-13-01"), None);
        assert_eq!(day_start_ms("yesterday"), None);
    }
}
