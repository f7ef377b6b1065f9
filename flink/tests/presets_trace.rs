//! The `<weir-semantics>` widget's default trace (`tests/golden/presets/trace.csv`)
//! replayed under every preset, the way the widget runs it: a 10 s tumbling
//! window, the bound (2 s) and the allowed lateness (5 s) given only to the
//! presets that leave them open, and each accumulation the widget's toggle
//! offers. The outputs are committed (`tests/golden/presets/*.csv`, one row
//! per firing, the preset first); the widget's e2e test checks its rows
//! against them. Regenerate with
//! `WEIR_BLESS=1 cargo test -p weir-flink --test presets_trace`, then read
//! the diff.

use std::path::PathBuf;

use weir_core::engine::Preset;
use weir_flink::replay::{parse_args, replay};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/presets")
}

/// The replay flags of one preset with the widget's design.
fn flags(p: Preset, accumulation: Option<&str>) -> Vec<String> {
    let mut a = vec!["--window", "tumbling:10000", "--preset", p.name()];
    let d = p.defaults();
    if d.max_out_of_orderness.is_none() {
        a.extend(["--max-out-of-orderness", "2000"]);
    }
    if d.allowed_lateness.is_none() {
        a.extend(["--allowed-lateness", "5000"]);
    }
    if let Some(acc) = accumulation {
        a.extend(["--accumulation", acc]);
    }
    a.into_iter().map(String::from).collect()
}

/// Every preset's firings for one accumulation, each row prefixed by the preset.
fn run_all(trace: &str, accumulation: Option<&str>) -> String {
    let mut out = format!("preset,{}\n", weir_flink::replay::RESULTS_HEADER);
    for p in Preset::ALL {
        let config = parse_args(flags(p, accumulation)).unwrap().config;
        let r = replay(trace, config).unwrap();
        for line in r.results.lines().skip(1) {
            out.push_str(&format!("{},{line}\n", p.name()));
        }
    }
    out
}

fn rows<'a>(csv: &'a str, preset: &str) -> Vec<Vec<&'a str>> {
    csv.lines()
        .filter_map(|l| l.strip_prefix(preset)?.strip_prefix(','))
        .map(|l| l.split(',').collect())
        .collect()
}

#[test]
fn the_widgets_trace_under_every_preset_matches_the_committed_rows() {
    let trace = std::fs::read_to_string(dir().join("trace.csv")).unwrap();
    for (file, acc) in [
        ("own.csv", None),
        ("accumulating.csv", Some("accumulating")),
        ("discarding.csv", Some("discarding")),
        ("retracting.csv", Some("retracting")),
    ] {
        let got = run_all(&trace, acc);
        let p = dir().join(file);
        if std::env::var_os("WEIR_BLESS").is_some() {
            std::fs::write(&p, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("{}: {e} (WEIR_BLESS=1 writes it)", p.display()));
        assert!(
            want == got,
            "{} differs from the replay; got:\n{got}",
            p.display()
        );
    }
}

/// The rows worked by hand (see the trace's comment in `www/widgets/semantics.js`):
/// [start, firing, count, sum] per preset, under each preset's own accumulation.
#[test]
fn the_presets_rows_are_the_ones_worked_by_hand() {
    let trace = std::fs::read_to_string(dir().join("trace.csv")).unwrap();
    let own = run_all(&trace, None);
    let brief = |preset: &str| -> Vec<String> {
        rows(&own, preset)
            .iter()
            .map(|r| format!("{} {} {} {}", r[1], r[8], r[3], r[4]))
            .collect()
    };
    assert_eq!(
        brief("flink"),
        [
            "0 on-time 3 6",
            "0 late 4 12",
            "10000 on-time 3 16",
            "10000 late 4 26",
            "20000 on-time 1 9"
        ]
    );
    // d = 2000 runs as 1999, L = 0: 6 s, 9 s and 19 s are dropped.
    assert_eq!(
        brief("flink-sql"),
        ["0 on-time 3 6", "10000 on-time 3 16", "20000 on-time 1 9"]
    );
    // Discarding: the late firings report only the reading they add.
    assert_eq!(
        brief("beam"),
        [
            "0 on-time 3 6",
            "0 late 1 6",
            "10000 on-time 3 16",
            "10000 late 1 10",
            "20000 on-time 1 9"
        ]
    );
    // Stream time, one update per record; nothing fires at W >= end.
    assert_eq!(
        brief("kafka-streams"),
        [
            "0 early 1 1",
            "0 early 2 3",
            "0 early 3 6",
            "10000 early 1 4",
            "10000 early 2 9",
            "0 late 4 12",
            "10000 early 3 16",
            "20000 early 1 9",
            "10000 late 4 26"
        ]
    );
    // One result per window when W >= end + 5 s (at 17 s), or at the end.
    assert_eq!(
        brief("kafka-streams-final"),
        ["0 final 4 12", "10000 final 4 26", "20000 final 1 9"]
    );
    assert_eq!(
        brief("spark-append"),
        ["0 final 3 6", "10000 final 3 16", "20000 final 1 9"]
    );
}
