//! Time policies: Keycloak's `nbf`/`noa` dates and day-of-month, month, year, hour and
//! minute ranges, read in UTC.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike};

/// Keycloak's date format for `notBefore` / `notOnOrAfter`.
pub const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Whether `now` (epoch seconds) falls in every window the config sets.
pub fn allows(config: &BTreeMap<String, String>, now: i64) -> bool {
    let Some(at) = DateTime::from_timestamp(now, 0) else {
        return false;
    };
    let at = at.naive_utc();
    let date = |k: &str| config.get(k).filter(|v| !v.is_empty());
    if let Some(nbf) = date("nbf") {
        match NaiveDateTime::parse_from_str(nbf, FORMAT) {
            Ok(d) if at >= d => {}
            _ => return false,
        }
    }
    if let Some(noa) = date("noa") {
        match NaiveDateTime::parse_from_str(noa, FORMAT) {
            Ok(d) if at < d => {}
            _ => return false,
        }
    }
    let fields = [
        ("dayMonth", "dayMonthEnd", at.day() as i64),
        ("month", "monthEnd", at.month() as i64),
        ("year", "yearEnd", at.year() as i64),
        ("hour", "hourEnd", at.hour() as i64),
        ("minute", "minuteEnd", at.minute() as i64),
    ];
    fields
        .iter()
        .all(|(from, to, actual)| in_range(config, from, to, *actual))
}

/// An unset field passes; `from` alone must equal, `from`..=`to` must contain.
fn in_range(config: &BTreeMap<String, String>, from: &str, to: &str, actual: i64) -> bool {
    let num = |k: &str| {
        config
            .get(k)
            .filter(|v| !v.trim().is_empty())
            .map(|v| v.trim().parse::<i64>().ok())
    };
    match (num(from), num(to)) {
        (None, _) => true,
        (Some(None), _) | (_, Some(None)) => false,
        (Some(Some(f)), None) => actual == f,
        (Some(Some(f)), Some(Some(t))) => f <= actual && actual <= t,
    }
}
