//! Conformance with Apache Flink 2.3: the replay must reproduce every result
//! set recorded from a real Flink job in `tests/fixtures/` (see its
//! README), firing kinds, watermarks and side output included.
//!
//! Flink's SQL watermark `ts - INTERVAL '2' SECOND` is Weir's
//! `maxOutOfOrderness` 1999, and Flink's `W_f` is Weir's `W - 1`.

use std::path::PathBuf;

use weir_core::Config;
use weir_flink::replay::{parse_window, replay};

fn fixture(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    key: u32,
    start: i64,
    end: i64,
    count: u64,
    sum: f64,
    min: f64,
    max: f64,
    kind: Option<String>,
    /// Weir's watermark when fired; `None` at end of input.
    watermark: Option<i64>,
    seq: usize,
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

/// The columns both files share: key,start,end,count,sum,min,max.
fn row(f: &[String], seq: usize, kind: Option<String>, watermark: Option<i64>) -> Row {
    Row {
        key: f[0].parse().unwrap(),
        start: f[1].parse().unwrap(),
        end: f[2].parse().unwrap(),
        count: f[3].parse().unwrap(),
        sum: f[4].parse().unwrap(),
        min: f[5].parse().unwrap(),
        max: f[6].parse().unwrap(),
        seq,
        kind,
        watermark,
    }
}

/// Flink rows: key,window_start_ms,window_end_ms,count,sum,min,max,emit_seq[,fire_kind,watermark_at_fire_ms,..]
fn flink_rows(csv: &str, shift: i64) -> Vec<Row> {
    let mut out: Vec<Row> = rows(csv)
        .into_iter()
        .map(|f| {
            let kind = f.get(8).map(|k| {
                if k == "ontime" {
                    "on-time".into()
                } else {
                    k.clone()
                }
            });
            let watermark = f.get(9).and_then(|w| {
                if w == "MAX" {
                    None
                } else {
                    Some(w.parse::<i64>().unwrap() + shift)
                }
            });
            row(&f, f[7].parse().unwrap(), kind, watermark)
        })
        .collect();
    out.sort_by_key(|r| (r.key, r.start, r.end, r.seq));
    out
}

/// Weir rows: key,window_start,window_end,count,sum,min,max,mean,firing,watermark
fn weir_rows(csv: &str, with_kind: bool) -> Vec<Row> {
    let mut out: Vec<Row> = rows(csv)
        .into_iter()
        .enumerate()
        .map(|(seq, f)| {
            let watermark = if with_kind { f[9].parse().ok() } else { None };
            row(&f, seq, with_kind.then(|| f[8].clone()), watermark)
        })
        .collect();
    out.sort_by_key(|r| (r.key, r.start, r.end, r.seq));
    out
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn same(weir: &[Row], flink: &[Row], what: &str) {
    let mut diffs = Vec::new();
    for (i, (w, f)) in weir.iter().zip(flink).enumerate() {
        let ok = (w.key, w.start, w.end, w.count) == (f.key, f.start, f.end, f.count)
            && close(w.sum, f.sum)
            && w.min == f.min
            && w.max == f.max
            && w.kind == f.kind
            && w.watermark == f.watermark;
        if !ok {
            diffs.push(format!("row {i}: weir {w:?}\n        flink {f:?}"));
        }
    }
    assert!(
        diffs.is_empty() && weir.len() == flink.len(),
        "{what}: {} rows from Weir, {} from Flink; first differences:\n{}",
        weir.len(),
        flink.len(),
        diffs.iter().take(5).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Flink's `W_f = max - 2000`; Weir's `W = max - d`, so `W = W_f + 2000 - d`.
fn shift(d: i64) -> i64 {
    2000 - d
}

/// Side output: Flink `id,key,event_time_ms,value,watermark_at_arrival_ms`
/// against Weir `key,time_ms,value,watermark`, both in arrival order.
fn same_late(weir: &str, flink: &str, shift: i64, what: &str) {
    let w: Vec<(String, String, String, i64)> = rows(weir)
        .into_iter()
        .map(|f| {
            (
                f[0].clone(),
                f[1].clone(),
                f[2].clone(),
                f[3].parse().unwrap(),
            )
        })
        .collect();
    let f: Vec<(String, String, String, i64)> = rows(flink)
        .into_iter()
        .map(|f| {
            (
                f[1].clone(),
                f[2].clone(),
                f[3].clone(),
                f[4].parse::<i64>().unwrap() + shift,
            )
        })
        .collect();
    let norm = |v: &[(String, String, String, i64)]| {
        v.iter()
            .map(|(k, t, x, wm)| (k.clone(), t.clone(), x.parse::<f64>().unwrap(), *wm))
            .collect::<Vec<_>>()
    };
    assert_eq!(norm(&w), norm(&f), "{what}: side output differs");
}

fn check(dir: &str, window: &str, name: &str, lateness: i64, d: i64) {
    let events = fixture(&format!("{dir}events.csv"));
    let config = Config::event_time(parse_window(window).unwrap(), d).with_lateness(lateness);
    let out = replay(&events, config).unwrap();
    let what = format!("{dir}L{lateness}_{name} (d = {d})");
    same(
        &weir_rows(&out.results, true),
        &flink_rows(
            &fixture(&format!("{dir}L{lateness}_{name}_emissions.csv")),
            shift(d),
        ),
        &what,
    );
    same_late(
        &out.late,
        &fixture(&format!("{dir}L{lateness}_{name}_late.csv")),
        shift(d),
        &what,
    );
}

fn check_sql(dir: &str, window: &str, name: &str, d: i64) {
    let events = fixture(&format!("{dir}events.csv"));
    let out = replay(
        &events,
        Config::event_time(parse_window(window).unwrap(), d),
    )
    .unwrap();
    same(
        &weir_rows(&out.results, false),
        &flink_rows(&fixture(&format!("{dir}sql_{name}.csv")), shift(d)),
        &format!("{dir}sql_{name}"),
    );
}

const SETS: [(&str, &str); 3] = [
    ("tumbling:10000", "tumble"),
    ("sliding:10000,2000", "hop"),
    ("session:3000", "session"),
];

#[test]
fn main_stream_datastream_results_match_flink() {
    for (w, name) in SETS {
        for l in [0, 5000] {
            check("", w, name, l, 1999);
        }
    }
}

#[test]
fn main_stream_has_no_row_on_the_watermark_boundary() {
    // The fixtures README: d = 2000 gives the same output on this stream.
    for (w, name) in SETS {
        check("", w, name, 0, 2000);
    }
}

#[test]
fn main_stream_sql_results_match_flink() {
    for (w, name) in SETS {
        check_sql("", w, name, 1999);
    }
}

#[test]
fn boundary_stream_matches_flink_to_the_millisecond() {
    for (w, name) in SETS.into_iter().chain([("sliding:10000,3000", "hop3")]) {
        for l in [0, 5000] {
            check("boundary/", w, name, l, 1999);
        }
    }
    for (w, name) in SETS {
        check_sql("boundary/", w, name, 1999);
    }
}

#[test]
fn boundary_stream_differs_with_an_off_by_one_watermark() {
    // With d = 2000 (Flink SQL's bound taken literally) most result sets
    // change: the fixtures are sharp enough to catch a 1 ms error.
    let events = fixture("boundary/events.csv");
    let mut differing = 0;
    for (w, _) in SETS.into_iter().chain([("sliding:10000,3000", "hop3")]) {
        for l in [0, 5000] {
            let cfg = |d| Config::event_time(parse_window(w).unwrap(), d).with_lateness(l);
            let a = replay(&events, cfg(1999)).unwrap();
            let b = replay(&events, cfg(2000)).unwrap();
            let strip = |s: &str| weir_rows(s, false);
            if strip(&a.results) != strip(&b.results)
                || a.late.lines().count() != b.late.lines().count()
            {
                differing += 1;
            }
        }
    }
    assert!(
        differing >= 5,
        "only {differing} of 8 result sets changed with d = 2000"
    );
}
