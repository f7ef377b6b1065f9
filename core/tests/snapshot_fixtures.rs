//! Snapshots written by an earlier build still restore: the fixtures in
//! `tests/fixtures/snapshots/` were written by the code of commit `aea87f2`
//! (before the engine was split into `engine/` and `snapshot/`), each with
//! the output that engine gave after restore, a fixed continuation and a
//! flush. A restore today must give the same output, byte for byte.
//!
//! To write them again (only when the format version changes on purpose):
//! `WEIR_WRITE_FIXTURES=1 cargo test -p weir-core --test snapshot_fixtures`.

use std::fmt::Write as _;
use std::path::PathBuf;

use weir_core::snapshot::FORMAT_VERSION;
use weir_core::{Config, Engine, Event, WindowSpec};

/// The three designs: name, config.
fn designs() -> Vec<(&'static str, Config)> {
    vec![
        (
            "tumbling_10s_lateness_5s",
            Config::event_time(WindowSpec::tumbling(10_000), 2_000).with_lateness(5_000),
        ),
        (
            "sliding_10s_2s",
            Config::event_time(WindowSpec::sliding(10_000, 2_000), 1_500).with_lateness(1_000),
        ),
        (
            "session_3s_lateness_2s",
            Config::event_time(WindowSpec::session(3_000), 1_000).with_lateness(2_000),
        ),
    ]
}

/// A seeded stream: 5 keys, times mostly rising with jitter, a few very
/// late (side output and dropped windows), silences so sessions close.
fn events(seed: u64, n: usize, start: i64) -> Vec<Event> {
    let mut x = seed;
    let mut rnd = move |m: u64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) % m
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let base = start + i as i64 * 170;
        let key = rnd(5) as u32;
        // Every fifth key goes quiet now and then (sessions close and purge).
        if key == 4 && (base / 4_000) % 3 == 1 {
            continue;
        }
        let late = if rnd(25) == 0 { 12_000 } else { 0 };
        let t = base - rnd(2_500) as i64 - late;
        let v = (rnd(20_000) as f64 - 10_000.0) / 64.0;
        out.push(Event::new(key, t, v));
    }
    out
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshots")
}

/// Restores `bytes`, continues with a fixed stream, flushes and renders
/// everything observable as text.
fn continuation(bytes: &[u8]) -> String {
    let mut e = Engine::restore(bytes).expect("the fixture restores");
    let mut out = String::new();
    let s = e.stats();
    writeln!(
        out,
        "restored: watermark {} max_event_time {} events_in {} entries {} keys {} open {}",
        s.watermark, s.max_event_time, s.events_in, s.state_entries, s.keys, s.open_windows
    )
    .unwrap();
    for w in e.open_windows() {
        writeln!(out, "open {w:?}").unwrap();
    }
    let more = events(99, 150, 60_000);
    for (i, ev) in more.iter().enumerate() {
        let o = e.push(*ev).expect("continuation event");
        // Written as the v1 `Event` printed itself (before `source`), so the
        // stored transcripts stay the oracle.
        let Event {
            key,
            time,
            value,
            arrival,
            ..
        } = ev;
        writeln!(
            out,
            "push {i} Event {{ key: {key}, time: {time}, value: {value:?}, arrival: {arrival:?} }} -> {o:?}"
        )
        .unwrap();
        if i % 40 == 39 {
            for r in e.drain_results() {
                writeln!(out, "result {r:?}").unwrap();
            }
        }
    }
    e.flush().unwrap();
    for r in e.drain_results() {
        writeln!(out, "result {r:?}").unwrap();
    }
    for l in e.drain_late() {
        writeln!(out, "late {l:?}").unwrap();
    }
    let s = e.stats();
    writeln!(
        out,
        "end: events_in {} assigned {} late_accepted {} side_output {} unassigned {} \
         dropped {} on_time {} late {} entries {} keys {}",
        s.events_in,
        s.assigned,
        s.late_accepted,
        s.side_output,
        s.unassigned,
        s.dropped_from_windows,
        s.fired_on_time,
        s.fired_late,
        s.state_entries,
        s.keys
    )
    .unwrap();
    out
}

/// The engine as the fixture holds it: 300 events in, some output drained,
/// some left pending.
fn mid_stream(config: Config) -> Engine {
    let mut e = Engine::new(config).unwrap();
    for (i, ev) in events(7, 300, 0).iter().enumerate() {
        e.push(*ev).unwrap();
        if i == 150 {
            drop(e.drain_results());
            drop(e.drain_late());
        }
    }
    e
}

#[test]
fn snapshots_of_the_earlier_format_restore_and_continue_the_same() {
    let write = std::env::var_os("WEIR_WRITE_FIXTURES").is_some();
    for (name, config) in designs() {
        let bin = dir().join(format!("{name}.bin"));
        let txt = dir().join(format!("{name}.txt"));
        if write {
            std::fs::create_dir_all(dir()).unwrap();
            let bytes = mid_stream(config).snapshot();
            std::fs::write(&bin, &bytes).unwrap();
            std::fs::write(&txt, continuation(&bytes)).unwrap();
        }
        let bytes = std::fs::read(&bin).expect("fixture snapshot");
        let want = std::fs::read_to_string(&txt).expect("fixture output");
        let restored = Engine::restore(&bytes).expect("fixture restores");
        assert_eq!(restored.config(), &config, "{name}: config");
        let got = continuation(&bytes);
        assert_eq!(got, want, "{name}: output after restore");
        // The fixtures are version 1; the restored engine writes the
        // current version, which continues the same.
        assert_eq!(u16::from_le_bytes([bytes[4], bytes[5]]), 1, "{name}");
        let again = restored.snapshot();
        assert_eq!(u16::from_le_bytes([again[4], again[5]]), FORMAT_VERSION);
        assert_eq!(
            continuation(&again),
            want,
            "{name}: re-snapshot continues the same"
        );
    }
}

#[test]
fn the_fixtures_hold_mid_stream_state() {
    // Each fixture is worth keeping only if it has state of every kind.
    for (name, _) in designs() {
        let bytes = std::fs::read(dir().join(format!("{name}.bin"))).expect("fixture");
        let e = Engine::restore(&bytes).unwrap();
        let s = e.stats();
        assert!(s.keys >= 3, "{name}: {} keys", s.keys);
        assert!(s.state_entries >= 3, "{name}: {} entries", s.state_entries);
        assert!(!e.pending_results().is_empty(), "{name}: pending results");
        assert!(s.side_output > 0, "{name}: side output");
        assert!(
            e.open_windows().iter().any(|w| w.dropped > 0),
            "{name}: a window with drops"
        );
    }
}
