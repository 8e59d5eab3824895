//! Several passes over the same scenarios, folded into one row each: every figure a user
//! compares (req/s, p50, p99) is the median of the passes, so one disturbed window does
//! not decide the result.

use crate::scenarios::Row;

/// The median of `v` (the mean of the middle two for an even count); 0 when empty.
pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Folds the passes (each a list of rows, in the same scenario order) into one list: rows
/// are matched by name; a row seen in one pass only (e.g. `sessions`) is kept as it is.
pub fn fold(passes: Vec<Vec<Row>>) -> Vec<Row> {
    let mut names: Vec<String> = Vec::new();
    for pass in &passes {
        for r in pass {
            if !names.contains(&r.name) {
                names.push(r.name.clone());
            }
        }
    }
    names
        .iter()
        .map(|name| {
            let rows: Vec<&Row> = passes
                .iter()
                .filter_map(|p| p.iter().find(|r| &r.name == name))
                .collect();
            fold_one(&rows)
        })
        .collect()
}

fn fold_one(rows: &[&Row]) -> Row {
    let measured: Vec<&Row> = rows.iter().copied().filter(|r| r.requests > 0).collect();
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Row::default();
    };
    if measured.len() < 2 {
        return (*first).clone();
    }
    let pick = |f: fn(&Row) -> f64| median(measured.iter().map(|r| f(r)).collect());
    let mut out = (*first).clone();
    out.rps = pick(|r| r.rps);
    out.p50_ms = pick(|r| r.p50_ms);
    out.p99_ms = pick(|r| r.p99_ms);
    out.requests = rows.iter().map(|r| r.requests).sum();
    out.errors = rows.iter().map(|r| r.errors).sum();
    out.first_error = rows.iter().find_map(|r| r.first_error.clone());
    out.rss_after_kib = last.rss_after_kib;
    let runs = format!(
        "median of {} passes (req/s {})",
        measured.len(),
        measured
            .iter()
            .map(|r| format!("{:.0}", r.rps))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out.note = Some(match &first.note {
        Some(n) => format!("{n}; {runs}"),
        None => runs,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, rps: f64, p99: f64) -> Row {
        Row {
            name: name.into(),
            requests: 10,
            rps,
            p50_ms: rps / 10.0,
            p99_ms: p99,
            ..Row::default()
        }
    }

    #[test]
    fn medians_per_figure_and_single_pass_rows_kept() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        let passes = vec![
            vec![row("sessions", 5.0, 1.0), row("a", 100.0, 9.0)],
            vec![row("a", 300.0, 1.0)],
            vec![row("a", 200.0, 5.0)],
        ];
        let out = fold(passes);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].rps, 5.0);
        assert_eq!(out[1].rps, 200.0);
        assert_eq!(out[1].p99_ms, 5.0);
        assert_eq!(out[1].requests, 30);
    }
}
