//! Bulk seeding straight into the store (with the server stopped): multi-row INSERTs in
//! large transactions through the server's own `store::Db` (same schema, same pool setup),
//! with progress on stderr. The realms themselves are made through the admin API first,
//! so only rows the server does not cache (users, attributes, credentials, groups,
//! memberships) are written here.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;
use sqlx::{AnyConnection, Connection};

use crate::api::R;

/// Rows per INSERT statement and per transaction.
const ROWS_PER_STATEMENT: usize = 500;
const ROWS_PER_TX: usize = 20_000;

/// How big the datasets are.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub users: usize,
    pub groups: usize,
    pub members: usize,
    pub session_users: usize,
    pub sessions: usize,
}

impl Sizes {
    pub const FULL: Sizes = Sizes {
        users: 1_000_000,
        groups: 100_000,
        members: 10_000,
        session_users: 1_000,
        sessions: 100_000,
    };
    pub const QUICK: Sizes = Sizes {
        users: 1_000,
        groups: 1_000,
        members: 100,
        session_users: 100,
        sessions: 2_000,
    };

    /// Top-level groups (65% of all: 65,000 siblings at full size, `big-parent` and
    /// `members` among them), children of `big-parent` (20%: 20,000), and the rest as
    /// ten children under each of the first top-level groups.
    pub fn group_split(&self) -> (usize, usize, usize) {
        let top = self.groups * 65 / 100;
        let children = self.groups * 20 / 100;
        (top, children, self.groups - top - children)
    }
}

/// What the admin scenarios need to know about the seeded data.
#[derive(Debug, Clone, Default)]
pub struct Seeded {
    pub users: usize,
    pub big_parent: String,
    pub big_children: usize,
    pub top_level: usize,
    pub members_group: String,
    pub members: usize,
    /// Leaf top-level groups the rename scenario cycles over.
    pub rename_targets: Vec<String>,
    pub seconds_users: f64,
    pub seconds_groups: f64,
}

/// One bound value.
enum V {
    S(String),
    O(Option<String>),
    I(i64),
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Inserts `rows` (each `ncols` values) into `table (cols)`, many rows per statement.
async fn insert(
    c: &mut AnyConnection,
    table: &str,
    cols: &str,
    ncols: usize,
    rows: Vec<V>,
) -> R<()> {
    let total = rows.len() / ncols;
    let mut values = rows.into_iter();
    let mut done = 0;
    while done < total {
        let n = ROWS_PER_STATEMENT.min(total - done);
        let mut sql = format!("INSERT INTO {table} ({cols}) VALUES ");
        for r in 0..n {
            sql.push_str(if r == 0 { "(" } else { ",(" });
            for c in 0..ncols {
                let sep = if c == 0 { "" } else { "," };
                sql.push_str(&format!("{sep}${}", r * ncols + c + 1));
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for v in values.by_ref().take(n * ncols) {
            q = match v {
                V::S(s) => q.bind(s),
                V::O(s) => q.bind(s),
                V::I(i) => q.bind(i),
            };
        }
        q.execute(&mut *c)
            .await
            .map_err(|e| format!("{table}: {e}"))?;
        done += n;
    }
    Ok(())
}

struct Progress {
    what: &'static str,
    total: usize,
    start: Instant,
    last: Instant,
}

impl Progress {
    fn new(what: &'static str, total: usize) -> Progress {
        let now = Instant::now();
        Progress {
            what,
            total,
            start: now,
            last: now - Duration::from_secs(10),
        }
    }

    fn show(&mut self, done: usize) {
        if self.last.elapsed() >= Duration::from_secs(2) || done == self.total {
            self.last = Instant::now();
            let secs = self.start.elapsed().as_secs_f64();
            eprintln!(
                "  seeding {}: {done}/{} ({:.0}/s, {secs:.1} s)",
                self.what,
                self.total,
                done as f64 / secs.max(1e-9)
            );
        }
    }
}

fn user_row(rows: &mut Vec<V>, id: &str, username: String, now: i64) {
    rows.extend([
        V::S(id.to_string()),
        V::S(format!("{username}@example.com")),
        V::O(Some(format!("first{}", &username[4..]))),
        V::O(Some(format!("last{}", &username[4..]))),
        V::S(username),
        V::I(1),
        V::I(1),
        V::I(now),
        V::I(0),
        V::S("[]".into()),
        V::S("{}".into()),
    ]);
}

const USER_COLS: &str = "id, email, first_name, last_name, username, enabled, email_verified, \
                         created, not_before, required_actions, extra, realm_id";

/// Seeds `n` users `user0..` with a `dept` attribute (`d0`..`d999`), returning the first
/// `keep` ids (the members-page scenario uses them).
pub async fn users(c: &mut AnyConnection, realm_id: &str, n: usize, keep: usize) -> R<Vec<String>> {
    let mut progress = Progress::new("users", n);
    let mut kept = Vec::with_capacity(keep);
    let now = now_ms();
    let mut i = 0;
    while i < n {
        let end = (i + ROWS_PER_TX).min(n);
        let mut users = Vec::with_capacity((end - i) * 12);
        let mut attrs = Vec::with_capacity((end - i) * 5);
        for k in i..end {
            let id = uuid::Uuid::new_v4().to_string();
            user_row(&mut users, &id, format!("user{k}"), now);
            users.push(V::S(realm_id.to_string()));
            attrs.extend([
                V::S(id.clone()),
                V::S(realm_id.to_string()),
                V::S("dept".into()),
                V::S(format!("d{}", k % 1000)),
                V::I(0),
            ]);
            if kept.len() < keep {
                kept.push(id);
            }
        }
        let mut tx = c.begin().await.map_err(|e| e.to_string())?;
        insert(&mut tx, "users", USER_COLS, 12, users).await?;
        let cols = "user_id, realm_id, name, value, position";
        insert(&mut tx, "user_attributes", cols, 5, attrs).await?;
        count_users(&mut tx, realm_id, end - i).await?;
        tx.commit().await.map_err(|e| e.to_string())?;
        i = end;
        progress.show(i);
    }
    Ok(kept)
}

/// Keeps the server's per-realm user count equal to the rows just inserted.
async fn count_users(c: &mut AnyConnection, realm_id: &str, n: usize) -> R<()> {
    keygate_server::store::users::add_to_count(c, realm_id, n as i64)
        .await
        .map_err(|e| e.to_string())
}

/// The password every session user has.
pub const SESSION_PASSWORD: &str = "session-pw";

/// A real argon2id credential at minimal cost (8 KiB, 1 pass). The server honours the
/// parameters stored with a credential (as Keycloak does for imported hashes), so session
/// logins exercise the full password grant without spending seconds on hashing.
fn cheap_credential() -> R<(String, String)> {
    let salt = *b"bench-salt-16byt";
    let params = Params::new(8, 1, 1, Some(32)).map_err(|e| e.to_string())?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(SESSION_PASSWORD.as_bytes(), &salt, &mut out)
        .map_err(|e| e.to_string())?;
    let secret = json!({"value": STANDARD.encode(out), "salt": STANDARD.encode(salt),
                        "additionalParameters": {}});
    let cred = json!({"hashIterations": 1, "algorithm": "argon2",
        "additionalParameters": {"hashLength": ["32"], "memory": ["8"], "type": ["id"],
                                 "version": ["1.3"], "parallelism": ["1"]}});
    Ok((secret.to_string(), cred.to_string()))
}

/// Seeds `user_s0..` in the token realm, each with the cheap credential.
pub async fn session_users(c: &mut AnyConnection, realm_id: &str, n: usize) -> R<()> {
    let (secret, cred) = cheap_credential()?;
    let now = now_ms();
    let mut users = Vec::new();
    let mut creds = Vec::new();
    for k in 0..n {
        let id = uuid::Uuid::new_v4().to_string();
        user_row(&mut users, &id, format!("sess{k}"), now);
        users.push(V::S(realm_id.to_string()));
        creds.extend([
            V::S(uuid::Uuid::new_v4().to_string()),
            V::S(id),
            V::S("password".into()),
            V::I(now),
            V::S(secret.clone()),
            V::S(cred.clone()),
            V::I(10),
        ]);
    }
    let mut tx = c.begin().await.map_err(|e| e.to_string())?;
    insert(&mut tx, "users", USER_COLS, 12, users).await?;
    count_users(&mut tx, realm_id, n).await?;
    let cols = "id, user_id, type, created, secret_data, credential_data, priority";
    insert(&mut tx, "credentials", cols, 7, creds).await?;
    tx.commit().await.map_err(|e| e.to_string())
}

fn group(rows: &mut Vec<V>, id: &str, realm: &str, parent: Option<&str>, name: &str, path: &str) {
    rows.extend([
        V::S(id.to_string()),
        V::S(realm.to_string()),
        V::O(parent.map(String::from)),
        V::S(name.to_string()),
        V::S(path.to_string()),
        V::S("{}".into()),
    ]);
}

async fn flush_groups(c: &mut AnyConnection, rows: &mut Vec<V>) -> R<()> {
    let mut tx = c.begin().await.map_err(|e| e.to_string())?;
    let cols = "id, realm_id, parent_id, name, path, attributes";
    insert(&mut tx, "realm_groups", cols, 6, std::mem::take(rows)).await?;
    tx.commit().await.map_err(|e| e.to_string())
}

/// Seeds the group tree (see [`Sizes::group_split`]) and the `members` group's members.
pub async fn groups(
    c: &mut AnyConnection,
    realm: &str,
    sizes: Sizes,
    members: &[String],
) -> R<Seeded> {
    let (top, children, rest) = sizes.group_split();
    let mut progress = Progress::new("groups", sizes.groups);
    let mut seeded = Seeded {
        big_parent: uuid::Uuid::new_v4().to_string(),
        members_group: uuid::Uuid::new_v4().to_string(),
        big_children: children,
        top_level: top,
        members: members.len(),
        ..Seeded::default()
    };
    let parents_with_kids = rest.div_ceil(10);
    let mut rows = Vec::new();
    group(
        &mut rows,
        &seeded.big_parent,
        realm,
        None,
        "big-parent",
        "/big-parent",
    );
    let members_group = seeded.members_group.clone();
    group(
        &mut rows,
        &members_group,
        realm,
        None,
        "members",
        "/members",
    );
    let mut top_ids = Vec::with_capacity(parents_with_kids);
    let mut done = 2;
    for k in 0..top.saturating_sub(2) {
        let id = uuid::Uuid::new_v4().to_string();
        let name = format!("g{k:06}");
        group(&mut rows, &id, realm, None, &name, &format!("/{name}"));
        if k < parents_with_kids {
            top_ids.push((id, name));
        } else if seeded.rename_targets.len() < 1000 {
            seeded.rename_targets.push(id);
        }
        done += 1;
        if rows.len() >= ROWS_PER_TX * 6 {
            flush_groups(c, &mut rows).await?;
            progress.show(done);
        }
    }
    for k in 0..children {
        let id = uuid::Uuid::new_v4().to_string();
        let name = format!("c{k:06}");
        let path = format!("/big-parent/{name}");
        group(
            &mut rows,
            &id,
            realm,
            Some(&seeded.big_parent),
            &name,
            &path,
        );
        done += 1;
        if rows.len() >= ROWS_PER_TX * 6 {
            flush_groups(c, &mut rows).await?;
            progress.show(done);
        }
    }
    for k in 0..rest {
        let Some((pid, pname)) = top_ids.get(k / 10) else {
            break;
        };
        let name = format!("s{k:06}");
        let path = format!("/{pname}/{name}");
        group(
            &mut rows,
            &uuid::Uuid::new_v4().to_string(),
            realm,
            Some(pid),
            &name,
            &path,
        );
        done += 1;
    }
    flush_groups(c, &mut rows).await?;
    progress.show(done);
    let mut rows = Vec::new();
    // The members are the first seeded users, `user0..` in seeding order.
    for (k, user) in members.iter().enumerate() {
        rows.extend([
            V::S(user.clone()),
            V::S(members_group.clone()),
            V::S(format!("user{k}")),
        ]);
    }
    let mut tx = c.begin().await.map_err(|e| e.to_string())?;
    let cols = "user_id, group_id, username";
    insert(&mut tx, "group_members", cols, 3, rows).await?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(seeded)
}
