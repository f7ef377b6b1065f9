//! The driver of `bench/icount.sh`: the streams of `core/benches/engine.rs`
//! (the simulator's factory, in order and 2 s out of order, and its bursty
//! variant), each pushed once through a fresh engine in `run_engine`, the
//! one function callgrind counts. A fixed amount of work, so instruction
//! counts compare builds on a busy machine where wall-clock time cannot.
//! It uses only the public API that every commit since aea87f2 has.
//!
//! `icount KEYS SECONDS WORKLOAD` with WORKLOAD `in-tumbling`, ...,
//! `ooo-bursty` or `all`; prints each workload's events and results.
use std::hint::black_box;
use weir_core::simulator::{simulate, SimConfig};
use weir_core::{Config, Engine, Event, WindowSpec};

fn stream(keys: u32, secs: i64, spread_ms: i64, bursty: bool) -> Vec<Event> {
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
    s.events().map(|e| Event { arrival: None, ..e }).collect()
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
        if !shapes.iter().any(|(n, _)| want(n)) {
            continue;
        }
        let events = stream(keys, secs, jitter, false);
        let bursts = stream(keys, secs, jitter, true);
        for (name, spec) in shapes.into_iter().filter(|(n, _)| want(n)) {
            let evs = if name == "bursty" { &bursts } else { &events };
            let fired = run_engine(spec, 2_000, black_box(evs));
            println!("{order}-{name} events={} fired={fired}", evs.len());
        }
    }
}
