//! One benchmark run: ceilings, then per store: start, set up through the admin API, stop,
//! bulk-seed, restart (timed: the startup scenario), run the scenarios, stop, clean up.

use std::time::{Duration, Instant};

use keygate_server::store::{Db, Dialect};
use reqwest::{Client, StatusCode};
use serde_json::json;
use sqlx::Executor;

use crate::api::{Api, BIG_REALM, ES_REALM, R, REALM, USER};
use crate::ceiling::{self, Ceilings};
use crate::report::{self, StoreReport};
use crate::scenarios::{self, admin, tokens, Ctx};
use crate::seed::{self, Seeded, Sizes};
use crate::server::{self, Server, Spec, Store};
use crate::Opts;

fn http_client(connections: usize) -> R<Client> {
    Client::builder()
        .no_proxy()
        .http1_only()
        .tcp_nodelay(true)
        .pool_max_idle_per_host(connections * 2)
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| e.to_string())
}

pub async fn all(opts: Opts) -> R<()> {
    let span =
        Duration::from_secs_f64(
            opts.ceiling_secs
                .unwrap_or(if opts.quick { 1.0 } else { 3.0 }),
        );
    let core = opts.pin.then_some(0);
    let ceilings = tokio::task::spawn_blocking(move || ceiling::measure_on(core, span))
        .await
        .map_err(|e| e.to_string())??;
    report::print_ceilings(&ceilings, opts.pin);
    let client = http_client(opts.connections)?;
    let mut reports = Vec::new();
    if let Some(target) = &opts.target {
        reports.push(run_target(&opts, target, &client, ceilings).await?);
    } else {
        let bin = server::server_bin(opts.server_bin.clone())?;
        if !opts.no_sqlite {
            let store = Store::sqlite()?;
            reports.push(run_store(&opts, &bin, store, &client, ceilings).await?);
        }
        if let Some(url) = &opts.db_url {
            let store = Store::postgres(url).await?;
            reports.push(run_store(&opts, &bin, store, &client, ceilings).await?);
        }
    }
    for r in &reports {
        report::print_store(r);
    }
    if let Some(path) = &opts.json {
        let load = opts.load();
        let settings = json!({
            "connections": load.connections, "duration_s": load.duration.as_secs_f64(),
            "warmup_s": load.warmup.as_secs_f64(), "quick": opts.quick, "pinned": opts.pin,
            "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            "runs": opts.runs(), "admin_connections": opts.admin_load().connections,
        });
        let doc = report::json(&ceilings, settings, &reports);
        let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// What the admin-API setup made.
struct Setup {
    realm_id: String,
    es256: Result<(), String>,
    big_id: Option<String>,
}

fn wants_big(opts: &Opts) -> bool {
    opts.wants("admin-user-search") || opts.wants("admin-groups")
}

async fn setup(opts: &Opts, api: &Api) -> R<Setup> {
    let admin = api.wait_admin(Duration::from_secs(60)).await?;
    eprintln!("setting up realms through the admin API...");
    let realm_id = api.create_realm(&admin, REALM, json!({})).await?;
    api.create_user(&admin, REALM, USER.0, USER.1).await?;
    let es256 = if opts.wants("client-credentials") {
        setup_es256(api, &admin).await?
    } else {
        Err("not selected".into())
    };
    let big_id = if wants_big(opts) {
        Some(api.create_realm(&admin, BIG_REALM, json!({})).await?)
    } else {
        None
    };
    Ok(Setup {
        realm_id,
        es256,
        big_id,
    })
}

/// An ES256 realm: an `ecdsa-generated` key component and ES256 as the default algorithm.
async fn setup_es256(api: &Api, admin: &str) -> R<Result<(), String>> {
    let extra = json!({"defaultSignatureAlgorithm": "ES256"});
    let id = api.create_realm(admin, ES_REALM, extra).await?;
    let status = api
        .post(
            admin,
            &format!("/{ES_REALM}/components"),
            json!({
                "name": "ecdsa-generated", "providerId": "ecdsa-generated",
                "providerType": "org.keycloak.keys.KeyProvider", "parentId": id,
                "config": {"ecdsaEllipticCurveKey": ["P-256"], "priority": ["200"]}
            }),
        )
        .await?;
    Ok(if status == StatusCode::NOT_FOUND {
        eprintln!("skipped: ES256 needs components");
        Err("ES256 needs components".into())
    } else {
        Ok(())
    })
}

/// Bulk-seeds the sessions users and the big realm; returns what was seeded.
async fn bulk_seed(opts: &Opts, db_url: &str, setup: &Setup, sizes: Sizes) -> R<Option<Seeded>> {
    let db = Db::connect(db_url).await.map_err(|e| e.to_string())?;
    let mut conn = db.pool.acquire().await.map_err(|e| e.to_string())?;
    if db.dialect == Dialect::Sqlite {
        // One seeding connection with a page cache big enough for the indexes (random
        // UUID keys thrash the default 2 MiB) and no fsync per commit: a bench store.
        conn.execute("PRAGMA cache_size = -262144; PRAGMA synchronous = OFF")
            .await
            .map_err(|e| e.to_string())?;
    }
    let c = &mut *conn;
    if opts.wants("sessions") {
        seed::session_users(c, &setup.realm_id, sizes.session_users).await?;
    }
    let mut seeded = None;
    if let Some(big) = &setup.big_id {
        let t = Instant::now();
        let members = seed::users(c, big, sizes.users, sizes.members).await?;
        let users_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut s = seed::groups(c, big, sizes, &members).await?;
        s.seconds_groups = t.elapsed().as_secs_f64();
        s.seconds_users = users_s;
        s.users = sizes.users;
        eprintln!(
            "seeded {} users in {users_s:.1} s, {} groups in {:.1} s",
            sizes.users, sizes.groups, s.seconds_groups
        );
        seeded = Some(s);
    }
    if db.dialect == Dialect::Postgres {
        // A store that grew to 1M users has had autovacuum analyze it; a bulk load has
        // not yet, and PostgreSQL plans the admin queries blind without statistics.
        conn.execute("VACUUM ANALYZE")
            .await
            .map_err(|e| e.to_string())?;
    }
    drop(conn);
    db.pool.close().await;
    Ok(seeded)
}

async fn run_store(
    opts: &Opts,
    bin: &std::path::Path,
    store: Store,
    client: &Client,
    ceilings: Ceilings,
) -> R<StoreReport> {
    eprintln!("== store: {} ==", store.name);
    let spec = Spec {
        bin: bin.to_path_buf(),
        db_url: store.url.clone(),
        port: server::free_port()?,
        pin: opts.pin,
        log: store.path().join("server.log"),
    };
    let api = Api::new(client.clone(), spec.base());
    let sizes = opts.sizes();
    let mut first = Server::spawn(&spec)?;
    let setup = match setup(opts, &api).await {
        Ok(s) => s,
        Err(e) => {
            let exited = first.exited();
            let log = std::fs::read_to_string(&spec.log).unwrap_or_default();
            return Err(format!("setup: {e} (server exited: {exited})\n{log}"));
        }
    };
    first.stop();
    let seeded = bulk_seed(opts, &store.url, &setup, sizes).await?;
    // Startup: keys exist (made by the first start); time spawn -> first token, once per
    // pass; the last start stays up for the scenarios.
    let mut startups = Vec::new();
    let server = loop {
        let started = Instant::now();
        let server = Server::spawn(&spec)?;
        api.wait_first_token(REALM, Duration::from_secs(60)).await?;
        startups.push(started.elapsed().as_secs_f64() * 1000.0);
        if startups.len() >= opts.runs() {
            break server;
        }
        server.stop();
    };
    let startup_ms = crate::median::median(startups);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut report = StoreReport {
        store: store.name.to_string(),
        startup_ms: opts.wants("startup").then_some(startup_ms),
        idle_rss_kib: server.rss_kib(),
        seed_users_s: seeded.as_ref().map(|s| s.seconds_users),
        seed_groups_s: seeded.as_ref().map(|s| s.seconds_groups),
        users: seeded.as_ref().map_or(0, |_| sizes.users),
        groups: seeded.as_ref().map_or(0, |_| sizes.groups),
        rows: Vec::new(),
    };
    let ctx = Ctx {
        api,
        client: client.clone(),
        load: opts.load(),
        admin_load: opts.admin_load(),
        pid: Some(server.pid),
        pg_url: (store.name == "postgres").then(|| store.url.clone()),
        ceilings,
        sizes,
        es256: setup.es256,
        seeded,
    };
    report.rows = run_scenarios(opts, &ctx).await;
    server.stop();
    if opts.keep_store {
        eprintln!("kept store: {}", store.keep());
    } else {
        store.cleanup().await?;
    }
    Ok(report)
}

async fn run_target(opts: &Opts, target: &str, client: &Client, c: Ceilings) -> R<StoreReport> {
    eprintln!("== target: {target} ==");
    let api = Api::new(client.clone(), target.trim_end_matches('/').to_string());
    let sizes = opts.sizes();
    let setup = setup(opts, &api).await?;
    let seeded = match &opts.target_db_url {
        Some(url) => bulk_seed(opts, url, &setup, sizes).await?,
        None => None,
    };
    let ctx = Ctx {
        api,
        client: client.clone(),
        load: opts.load(),
        admin_load: opts.admin_load(),
        pid: None,
        pg_url: None,
        ceilings: c,
        sizes,
        es256: setup.es256,
        seeded,
    };
    Ok(StoreReport {
        store: format!("target {target}"),
        rows: run_scenarios(opts, &ctx).await,
        ..StoreReport::default()
    })
}

/// `--runs` passes over the selected scenarios, folded into medians. `sessions` runs in
/// the first pass only: its sessions stay, so a second pass would start from them.
async fn run_scenarios(opts: &Opts, ctx: &Ctx) -> Vec<scenarios::Row> {
    let mut passes = Vec::new();
    for pass in 0..opts.runs() {
        if opts.runs() > 1 {
            eprintln!("-- pass {} of {} --", pass + 1, opts.runs());
        }
        passes.push(run_pass(opts, ctx, pass == 0).await);
    }
    crate::median::fold(passes)
}

async fn run_pass(opts: &Opts, ctx: &Ctx, first: bool) -> Vec<scenarios::Row> {
    let mut rows = Vec::new();
    for name in scenarios::ALL {
        if !opts.wants(name) || (*name == "sessions" && !first) {
            continue;
        }
        match *name {
            "client-credentials" => rows.extend(tokens::client_credentials(ctx).await),
            "password" => rows.push(tokens::password(ctx).await),
            "refresh" => rows.extend(tokens::refresh(ctx).await),
            "introspect" => rows.push(tokens::introspect(ctx).await),
            "userinfo" => rows.push(tokens::userinfo(ctx).await),
            "jwks" => rows.push(tokens::jwks(ctx).await),
            "admin-user-search" => rows.extend(admin::user_search(ctx).await),
            "admin-groups" => rows.extend(admin::groups(ctx).await),
            "sessions" if ctx.pid.is_none() && opts.target_db_url.is_none() => rows.push(
                scenarios::Row::skipped("sessions", "needs --target-db-url to seed users".into()),
            ),
            "sessions" => {
                rows.push(tokens::sessions(ctx).await);
                analyze(ctx).await;
            }
            _ => {}
        }
    }
    rows
}

/// `ANALYZE` after the sessions scenario grew the session tables from empty to 100,000
/// rows: what autovacuum does on a live PostgreSQL (it is off on the bench machine's
/// server). Without it the planner keeps the empty-table statistics of the seeding's
/// `VACUUM ANALYZE` and looks sessions up through the realm index, scanning every session
/// per refresh or userinfo (BENCHMARKS.md).
async fn analyze(ctx: &Ctx) {
    let Some(url) = &ctx.pg_url else {
        return;
    };
    let done = async {
        let db = Db::connect(url).await.map_err(|e| e.to_string())?;
        db.pool
            .execute("ANALYZE")
            .await
            .map_err(|e| e.to_string())?;
        db.pool.close().await;
        Ok::<(), String>(())
    };
    if let Err(e) = done.await {
        eprintln!("ANALYZE after sessions: {e}");
    }
}
