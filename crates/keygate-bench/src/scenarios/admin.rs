//! Admin API scenarios over the big realm: user search over the seeded users and group
//! pages over the seeded tree. Each sub-scenario takes a fresh admin token (they live 60 s).

use std::sync::Arc;

use reqwest::Client;
use serde_json::json;

use super::{Ctx, Row};
use crate::api::BIG_REALM;
use crate::load::MakeReq;
use crate::seed::Seeded;

/// A spread of offsets over `n` rows, so pages come from everywhere, not one cached spot.
fn spread(i: u64, n: usize) -> u64 {
    if n == 0 {
        0
    } else {
        i.wrapping_mul(7919) % n as u64
    }
}

/// A GET of `path(i)` under the big realm with the admin token.
fn admin_get(
    ctx: &Ctx,
    token: String,
    path: impl Fn(u64) -> String + Send + Sync + 'static,
) -> MakeReq {
    let base = ctx.api.admin_url(&format!("/{BIG_REALM}"));
    Arc::new(move |c: &Client, i| c.get(format!("{base}{}", path(i))).bearer_auth(&token))
}

async fn token(ctx: &Ctx) -> Result<String, String> {
    ctx.api
        .admin_token()
        .await
        .map_err(|e| format!("admin token: {e}"))
}

type PathFn = Box<dyn Fn(u64) -> String + Send + Sync>;

async fn run_all(ctx: &Ctx, cases: Vec<(&'static str, PathFn)>) -> Vec<Row> {
    let mut rows = Vec::new();
    for (name, path) in cases {
        let row = match token(ctx).await {
            Ok(t) => {
                let make = admin_get(ctx, t, path);
                ctx.measure_with(ctx.admin_load, name, make, None).await
            }
            Err(e) => Row::skipped(name, e),
        };
        rows.push(row);
    }
    rows
}

/// Prefix, infix, exact, attribute (`q`) search, count, and a page anywhere.
pub async fn user_search(ctx: &Ctx) -> Vec<Row> {
    let Some(s) = &ctx.seeded else {
        return vec![Row::skipped("admin-user-search", "no seeded realm".into())];
    };
    let n = s.users;
    let cases: Vec<(&'static str, PathFn)> = vec![
        (
            "users search=user12 (prefix)",
            Box::new(|_| "/users?search=user12&first=0&max=20".into()),
        ),
        (
            "users search=*345* (infix)",
            Box::new(|_| "/users?search=*345*&first=0&max=20".into()),
        ),
        (
            "users username exact",
            Box::new(move |i| format!("/users?username=user{}&exact=true", spread(i, n))),
        ),
        (
            "users q=dept:dN",
            Box::new(|i| format!("/users?q=dept:d{}&first=0&max=20", i % 1000)),
        ),
        ("users/count", Box::new(|_| "/users/count".into())),
        (
            "users page first=any",
            Box::new(move |i| format!("/users?first={}&max=20", spread(i, n))),
        ),
    ];
    run_all(ctx, cases).await
}

/// Top-level page, children page of the big parent, members page, and a rename among the
/// top-level siblings.
pub async fn groups(ctx: &Ctx) -> Vec<Row> {
    let Some(s) = ctx.seeded.clone() else {
        return vec![Row::skipped("admin-groups", "no seeded realm".into())];
    };
    let (top, kids, members) = (s.top_level, s.big_children, s.members);
    let parent = s.big_parent.clone();
    let group = s.members_group.clone();
    let cases: Vec<(&'static str, PathFn)> = vec![
        (
            "groups top-level page",
            Box::new(move |i| format!("/groups?first={}&max=20", spread(i, top))),
        ),
        (
            "groups children page",
            Box::new(move |i| {
                format!("/groups/{parent}/children?first={}&max=20", spread(i, kids))
            }),
        ),
        (
            "groups members page",
            Box::new(move |i| {
                format!(
                    "/groups/{group}/members?first={}&max=20",
                    spread(i, members)
                )
            }),
        ),
    ];
    let mut rows = run_all(ctx, cases).await;
    rows.push(rename(ctx, &s).await);
    rows
}

/// `PUT /groups/{id}` with a new name, cycling over leaf top-level groups.
async fn rename(ctx: &Ctx, s: &Seeded) -> Row {
    let name = "groups rename among siblings";
    if s.rename_targets.is_empty() {
        return Row::skipped(name, "no leaf top-level groups".into());
    }
    let token = match token(ctx).await {
        Ok(t) => t,
        Err(e) => return Row::skipped(name, e),
    };
    let base = ctx.api.admin_url(&format!("/{BIG_REALM}/groups"));
    let targets = Arc::new(s.rename_targets.clone());
    let make: MakeReq = Arc::new(move |c: &Client, i| {
        let id = &targets[(i % targets.len() as u64) as usize];
        c.put(format!("{base}/{id}"))
            .bearer_auth(&token)
            .json(&json!({"name": format!("renamed-{i:08}")}))
    });
    let mut row = ctx.measure_with(ctx.admin_load, name, make, None).await;
    let siblings = format!("{} top-level siblings", s.top_level);
    row.note = Some(match row.note.take() {
        Some(n) => format!("{siblings}; {n}"),
        None => siblings,
    });
    row
}
