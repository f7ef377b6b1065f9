//! The driver of `bench/icount.sh`: the streams of `core/benches/engine.rs`
//! (the simulator's factory, in order and 2 s out of order, and its bursty
//! variant), each pushed once through a fresh engine in `run_engine`, the
//! one function callgrind counts. A fixed amount of work, so instruction
//! counts compare builds on a busy machine where wall-clock time cannot.
//! It uses only the public API that every commit since aea87f2 has, and
//! with the `columns` feature (what `icount.sh` sets for a build that has
//! `Engine::push_columns`) the same streams pushed as columns, in
//! `run_engine_columns`.
//!
//! `icount KEYS SECONDS WORKLOAD` with WORKLOAD `in-tumbling`, ...,
//! `ooo-bursty` (a `-cols` suffix: over columns; `-arrivals`: the events
//! keep the simulator's arrival times) or `all`; prints each
//! workload's events and results (`events=0` for a columns workload in a
//! build without them).
use std::hint::black_box;
use weir_core::simulator::{simulate, SimConfig};
use weir_core::{Config, Engine, Event, WindowSpec};

fn stream(keys: u32, secs: i64, spread_ms: i64, bursty: bool, arrivals: bool) -> Vec<Event> {
    let mut cfg = SimConfig {
        seed: 7,
        sensors: keys,
        rate_hz: 100.0,
        duration_ms: secs * 1000,
        delay_base_ms: 0,
        delay_spread_ms: spread_ms,
        late_fraction: if spread_ms > 0 { 0.01 } else { 0.0 },
        anomalies: 0,
        ..SimConfig::default()
    };
    if bursty {
        cfg.burst_active_ms = 3_000;
        cfg.burst_idle_ms = 3_000;
    }
    let s = simulate(&cfg).expect("valid simulator config");
    s.events()
        .map(|e| Event {
            arrival: e.arrival.filter(|_| arrivals),
            ..e
        })
        .collect()
}

/// What the bench times; not inlined, so callgrind can count it alone.
#[inline(never)]
fn run_engine(spec: WindowSpec, d: i64, events: &[Event]) -> u64 {
    let mut e = Engine::new(Config::event_time(spec, d)).unwrap();
    let mut fired = 0u64;
    for chunk in events.chunks(65_536) {
        for ev in chunk {
            e.push(*ev).unwrap();
        }
        fired += e.drain_results().len() as u64;
    }
    // `flush` returned () before the firing limit, a Result since.
    #[allow(clippy::let_unit_value)]
    let _ = e.flush();
    fired + e.drain_results().len() as u64
}

/// `run_engine` over columns, 65,536 rows per `push_columns`.
#[cfg(feature = "columns")]
#[inline(never)]
fn run_engine_columns(spec: WindowSpec, d: i64, events: &[Event]) -> u64 {
    let keys: Vec<u32> = events.iter().map(|e| e.key).collect();
    let times: Vec<i64> = events.iter().map(|e| e.time).collect();
    let values: Vec<f64> = events.iter().map(|e| e.value).collect();
    count_columns(spec, d, &keys, &times, &values)
}

/// What `run_engine_columns` counts: the columns' building is not.
#[cfg(feature = "columns")]
#[inline(never)]
fn count_columns(spec: WindowSpec, d: i64, keys: &[u32], times: &[i64], values: &[f64]) -> u64 {
    let mut e = Engine::new(Config::event_time(spec, d)).unwrap();
    let all = weir_core::Columns::new(keys, times, values);
    let mut fired = 0u64;
    for start in (0..all.len()).step_by(65_536) {
        let end = (start + 65_536).min(all.len());
        e.push_columns(all.slice(start..end)).unwrap();
        fired += e.drain_results().len() as u64;
    }
    let _ = e.flush();
    fired + e.drain_results().len() as u64
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let keys: u32 = a.get(1).map_or(1_000, |s| s.parse().expect("KEYS"));
    let secs: i64 = a.get(2).map_or(11, |s| s.parse().expect("SECONDS"));
    let which = a.get(3).cloned().unwrap_or_else(|| "all".into());
    let shapes = [
        ("tumbling", WindowSpec::tumbling(10_000)),
        ("sliding", WindowSpec::sliding(10_000, 1_000)),
        ("session", WindowSpec::session(5_000)),
        ("bursty", WindowSpec::session(1_000)),
    ];
    for (order, jitter) in [("in", 0i64), ("ooo", 2_000)] {
        let want = |n: &str| which == "all" || which == format!("{order}-{n}");
        let cols = |n: &str| which == "all" || which == format!("{order}-{n}-cols");
        let arr = |n: &str| which == "all" || which == format!("{order}-{n}-arrivals");
        if !shapes.iter().any(|(n, _)| want(n) || cols(n) || arr(n)) {
            continue;
        }
        let events = stream(keys, secs, jitter, false, false);
        let bursts = stream(keys, secs, jitter, true, false);
        for (name, spec) in shapes {
            let evs = if name == "bursty" { &bursts } else { &events };
            if want(name) {
                let fired = run_engine(spec, 2_000, black_box(evs));
                println!("{order}-{name} events={} fired={fired}", evs.len());
            }
            if cols(name) {
                #[cfg(feature = "columns")]
                let (n, fired) = (evs.len(), run_engine_columns(spec, 2_000, black_box(evs)));
                #[cfg(not(feature = "columns"))]
                let (n, fired) = (0, 0);
                println!("{order}-{name}-cols events={n} fired={fired}");
            }
            if arr(name) {
                // The simulator's arrival times kept, as the factory pushes.
                let evs = stream(keys, secs, jitter, name == "bursty", true);
                let fired = run_engine(spec, 2_000, black_box(&evs));
                println!("{order}-{name}-arrivals events={} fired={fired}", evs.len());
            }
        }
    }
}
