//! The memory model checked against the real engine: run the simulator's
//! stream through the engine, read its measured state bytes, and compare
//! with the model (same constants, taken from the engine's types).

use weir_core::memory::{predict_engine_state, MemoryParams};
use weir_core::simulator::{simulate, SimConfig};
use weir_core::{Config, Engine, WindowSpec};

const SENSORS: u32 = 100;
const RATE: f64 = 10.0;
const D: i64 = 200;

/// Runs the stream and samples `state_bytes` once per second of stream
/// time after the first `warm_ms`; returns the largest sample.
fn measured_peak(spec: WindowSpec, sim: &SimConfig, warm_ms: i64) -> u64 {
    let s = simulate(sim).unwrap();
    let mut e = Engine::new(Config::event_time(spec, D)).unwrap();
    let (mut peak, mut next) = (0, warm_ms);
    for ev in s.events() {
        e.push(ev).unwrap();
        if ev.time >= next {
            peak = peak.max(e.state_bytes());
            next += 1_000;
        }
        drop(e.drain_results());
    }
    peak
}

fn steady(duration_ms: i64) -> SimConfig {
    SimConfig {
        sensors: SENSORS,
        rate_hz: RATE,
        duration_ms,
        delay_base_ms: 0,
        delay_spread_ms: D,
        late_fraction: 0.0,
        anomalies: 0,
        ..SimConfig::default()
    }
}

fn within_10_percent(what: &str, measured: u64, predicted: f64) {
    let ratio = measured as f64 / predicted;
    println!("{what}: measured {measured} B, model {predicted:.0} B, ratio {ratio:.3}");
    assert!(
        (0.9..=1.1).contains(&ratio),
        "{what}: measured {measured} B vs model {predicted:.0} B (ratio {ratio:.3})"
    );
}

#[test]
fn tumbling_state_matches_the_model() {
    let spec = WindowSpec::tumbling(10_000);
    let measured = measured_peak(spec, &steady(40_000), 12_000);
    let p = predict_engine_state(&spec, SENSORS as u64, RATE, D, 0, 0, 0);
    within_10_percent("tumbling 10 s", measured, p.total_bytes);
    // The chapter-style aggregate model counts the windows held, the same
    // entries: 2 windows of one aggregate per key.
    let m = MemoryParams::new(SENSORS as f64, RATE, 100.0, spec, 16e9)
        .estimate()
        .unwrap();
    // The chapter-style model keeps one session per key all the time: an
    // upper bound on what bursty sensors really hold.
    assert!(p.window_state_bytes <= m.sliced_aggregate_bytes);
}

#[test]
fn sliding_state_matches_the_model() {
    for (size, slide) in [(10_000, 1_000), (10_000, 2_000), (10_000, 3_000)] {
        let spec = WindowSpec::sliding(size, slide);
        let measured = measured_peak(spec, &steady(40_000), 15_000);
        let p = predict_engine_state(&spec, SENSORS as u64, RATE, D, 0, 0, 0);
        within_10_percent(&format!("sliding {size}/{slide}"), measured, p.total_bytes);
        // The sliced model (size / gcd slices per key) is the part of the
        // state that windows need; the engine adds the slice being filled
        // and the ones the watermark has not released yet.
        let m = MemoryParams::new(SENSORS as f64, RATE, 100.0, spec, 16e9)
            .estimate()
            .unwrap();
        assert!(
            m.sliced_aggregate_bytes <= p.window_state_bytes,
            "{size}/{slide}"
        );
        assert!(
            p.window_state_bytes <= 1.5 * m.sliced_aggregate_bytes,
            "{size}/{slide}"
        );
    }
}

#[test]
fn session_state_matches_the_model() {
    let spec = WindowSpec::session(500);
    let sim = SimConfig {
        burst_active_ms: 2_000,
        burst_idle_ms: 2_000,
        ..steady(60_000)
    };
    let measured = measured_peak(spec, &sim, 10_000);
    // The simulator's bursts last 0.5x..1.5x `burstActiveMs` (mean 2 s) and
    // its silences 1x..2x `burstIdleMs` (mean 3 s).
    let p = predict_engine_state(&spec, SENSORS as u64, RATE, D, 0, 2_000, 3_000);
    within_10_percent("session 500 ms", measured, p.total_bytes);
    let m = MemoryParams {
        session_length_ms: Some(2_000),
        ..MemoryParams::new(SENSORS as f64, RATE, 100.0, spec, 16e9)
    }
    .estimate()
    .unwrap();
    // The chapter-style model keeps one session per key all the time: an
    // upper bound on what bursty sensors really hold.
    assert!(p.window_state_bytes <= m.sliced_aggregate_bytes);
}
