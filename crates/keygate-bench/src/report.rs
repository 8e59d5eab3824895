//! The printed tables and the `--json` file.

use serde_json::{json, Value};

use crate::ceiling::Ceilings;
use crate::scenarios::Row;

/// Figures for one store.
#[derive(Debug, Default)]
pub struct StoreReport {
    pub store: String,
    pub startup_ms: Option<f64>,
    pub idle_rss_kib: Option<u64>,
    pub seed_users_s: Option<f64>,
    pub seed_groups_s: Option<f64>,
    pub users: usize,
    pub groups: usize,
    pub rows: Vec<Row>,
}

fn mib(kib: Option<u64>) -> String {
    kib.map(|k| format!("{:.1}", k as f64 / 1024.0))
        .unwrap_or_else(|| "-".into())
}

pub fn print_ceilings(c: &Ceilings, pinned: bool) {
    println!(
        "\nCeilings (one core{}):",
        if pinned {
            ", pinned to core 0"
        } else {
            ", unpinned"
        }
    );
    println!("  RSA-2048 RS256 signs/s   {:>10.0}", c.rs256_signs);
    println!("  P-256 ES256 signs/s      {:>10.0}", c.es256_signs);
    println!(
        "  argon2id hashes/s        {:>10.1}  (m=7168 KiB, t=5, p=1)",
        c.argon2id_hashes
    );
}

pub fn print_store(r: &StoreReport) {
    println!(
        "\nStore: {}  (users {}, groups {})",
        r.store, r.users, r.groups
    );
    if let Some(ms) = r.startup_ms {
        println!(
            "  startup: {ms:.1} ms to first token, idle RSS {} MiB",
            mib(r.idle_rss_kib)
        );
    }
    if let Some(s) = r.seed_users_s {
        println!(
            "  seeding: users {s:.1} s, groups {:.1} s",
            r.seed_groups_s.unwrap_or(0.0)
        );
    }
    println!(
        "  {:<34} {:>10} {:>9} {:>9} {:>7} {:>16} {:>12}",
        "scenario", "req/s", "p50 ms", "p99 ms", "errors", "RSS MiB bef/aft", "of ceiling"
    );
    for row in &r.rows {
        if row.requests == 0 && row.note.is_some() {
            println!(
                "  {:<34} {}",
                row.name,
                row.note.as_deref().unwrap_or_default()
            );
            continue;
        }
        let frac = row
            .fraction()
            .map(|f| format!("{:.0}%", f * 100.0))
            .unwrap_or_else(|| "-".into());
        println!(
            "  {:<34} {:>10.0} {:>9.2} {:>9.2} {:>7} {:>16} {:>12}",
            row.name,
            row.rps,
            row.p50_ms,
            row.p99_ms,
            row.errors,
            format!("{}/{}", mib(row.rss_before_kib), mib(row.rss_after_kib)),
            frac
        );
        if let Some(e) = &row.first_error {
            println!("      first error: {e}");
        }
        if let Some(n) = &row.note {
            println!("      {n}");
        }
    }
}

pub fn json(c: &Ceilings, settings: Value, stores: &[StoreReport]) -> Value {
    json!({
        "settings": settings,
        "ceilings": {
            "rs256_signs_per_s": c.rs256_signs,
            "es256_signs_per_s": c.es256_signs,
            "argon2id_hashes_per_s": c.argon2id_hashes,
        },
        "stores": stores.iter().map(|s| json!({
            "store": s.store, "users": s.users, "groups": s.groups,
            "startup_ms": s.startup_ms, "idle_rss_kib": s.idle_rss_kib,
            "seed_users_s": s.seed_users_s, "seed_groups_s": s.seed_groups_s,
            "scenarios": s.rows.iter().map(Row::json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
