//! `GET /admin/serverinfo`: Keycloak's `ServerInfoRepresentation`, with the fields gocloak
//! and the admin console read (systemInfo, memoryInfo, profileInfo, themes, providers,
//! protocolMapperTypes, builtinProtocolMappers, enums, componentTypes,
//! passwordPolicies, cryptoInfo). Readable by any caller holding an admin role in any
//! realm, as Keycloak's `RealmsPermissionEvaluator.isAdmin()` decides.

mod catalogue;

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::http::auth::Admin;
use crate::realm::defaults::management_client;
use crate::state::AppState;

/// When this process started serving (first router build), for `uptime`.
static STARTED: OnceLock<Instant> = OnceLock::new();

pub fn routes() -> Router<AppState> {
    STARTED.get_or_init(Instant::now);
    Router::new().route("/admin/serverinfo", get(serverinfo))
}

/// Whether the caller holds any admin role: master's admin or create-realm, any
/// `{realm}-realm` role in master, or any `realm-management` role in its own realm.
fn is_admin(admin: &Admin) -> bool {
    if admin.is_master_admin() || admin.can_create_realm() {
        return true;
    }
    let own = management_client(&admin.realm.name);
    admin.roles.iter().any(|r| match r.client.as_deref() {
        Some(c) if c == own => true,
        Some(c) => admin.realm.name == "master" && c.ends_with("-realm"),
        None => false,
    })
}

async fn serverinfo(State(state): State<AppState>, admin: Admin) -> Result<Json<Value>> {
    if !is_admin(&admin) {
        return Err(Error::Forbidden);
    }
    Ok(Json(json!({
        "systemInfo": system_info(state.clock.now_ms()),
        "memoryInfo": memory_info(),
        "profileInfo": catalogue::profile_info(),
        "themes": catalogue::themes(),
        "providers": catalogue::providers(),
        "protocolMapperTypes": catalogue::protocol_mapper_types(),
        "builtinProtocolMappers": catalogue::builtin_protocol_mappers(),
        "clientInstallations": {},
        "identityProviders": [],
        "socialProviders": [],
        "enums": catalogue::enums(),
        "componentTypes": catalogue::component_types(),
        "passwordPolicies": catalogue::password_policies(),
        "cryptoInfo": catalogue::crypto_info(),
        "features": [],
        "cpuInfo": {"availableProcessors": std::thread::available_parallelism().map_or(1, |n| n.get())},
    })))
}

fn system_info(now_ms: i64) -> Value {
    let up = STARTED.get().map(|s| s.elapsed()).unwrap_or_default();
    let secs = up.as_secs();
    let uptime = format!(
        "{} days, {} hours, {} minutes, {} seconds",
        secs / 86400,
        (secs / 3600) % 24,
        (secs / 60) % 60,
        secs % 60
    );
    let server_time = utc_text(now_ms / 1000);
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "serverTime": server_time,
        "uptime": uptime,
        "uptimeMillis": up.as_millis() as i64,
        "javaVersion": "n/a",
        "javaVendor": "n/a",
        "javaVm": "n/a",
        "javaVmVersion": "n/a",
        "javaRuntime": concat!("keygate ", env!("CARGO_PKG_VERSION")),
        "javaHome": "n/a",
        "osName": std::env::consts::OS,
        "osArchitecture": std::env::consts::ARCH,
        "osVersion": "",
        "fileEncoding": "UTF-8",
        "userName": "",
        "userDir": std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default(),
        "userTimezone": "UTC",
        "userLocale": "en",
        "isRunningInContainer": false,
    })
}

/// The process's memory: resident size as used, the machine's total as total.
fn memory_info() -> Value {
    let page = 4096u64;
    let used = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| pages * page)
        .unwrap_or(0);
    let total = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .map(|kb| kb * 1024)
        .unwrap_or(used)
        .max(used);
    let free = total - used;
    let pct = (free * 100).checked_div(total).unwrap_or(0);
    json!({
        "total": total, "totalFormated": mb(total),
        "used": used, "usedFormated": mb(used),
        "free": free, "freeFormated": mb(free), "freePercentage": pct,
    })
}

fn mb(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

/// `2026-11-23 11:41:00 UTC` for seconds since the epoch (civil-from-days, no time crate).
fn utc_text(secs: i64) -> String {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}
