//! The memory model of the trigger layer (v2) against the real engine: the
//! engine-state prediction plus `predict_trigger_state` stays within 10 % of
//! the measured `state_bytes` for designs with early firings, discarding and
//! retracting, and the default config has no trigger state at all.

use weir_core::memory::{predict_engine_state, predict_trigger_state};
use weir_core::simulator::{simulate, SimConfig};
use weir_core::{Accumulation, Config, Early, Engine, Mode, Trigger, WindowSpec};

const SENSORS: u32 = 100;
const RATE: f64 = 10.0;
const D: i64 = 200;

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

/// The largest `state_bytes` sampled once per second after `warm_ms`.
fn measured_peak(config: Config, sim: &SimConfig, warm_ms: i64) -> u64 {
    let s = simulate(sim).unwrap();
    let mut e = Engine::new(config).unwrap();
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

fn check(
    what: &str,
    spec: WindowSpec,
    trigger: Trigger,
    acc: Accumulation,
    sim: &SimConfig,
    warm: i64,
    burst: (i64, i64),
) {
    let config = Config {
        trigger,
        accumulation: acc,
        ..Config::event_time(spec, D)
    };
    let measured = measured_peak(config, sim, warm);
    let base =
        predict_engine_state(&spec, SENSORS as u64, RATE, D, 0, burst.0, burst.1).total_bytes;
    let trig = predict_trigger_state(&spec, trigger, SENSORS as u64, RATE, D, 0, burst.0, burst.1);
    let predicted = base + trig;
    let ratio = measured as f64 / predicted;
    println!("{what}: measured {measured} B, model {predicted:.0} B (trigger {trig:.0} B), ratio {ratio:.3}");
    assert!(
        (0.9..=1.1).contains(&ratio),
        "{what}: measured {measured} B vs model {predicted:.0} B (ratio {ratio:.3})"
    );
}

fn early(e: Early) -> Trigger {
    Trigger {
        mode: Mode::Watermark,
        early: Some(e),
    }
}

#[test]
fn tumbling_with_early_count_matches_the_model() {
    check(
        "tumbling 10 s, early count 1, retracting",
        WindowSpec::tumbling(10_000),
        early(Early::Count(1)),
        Accumulation::Retracting,
        &steady(40_000),
        12_000,
        (0, 0),
    );
}

#[test]
fn sliding_discarding_with_early_event_time_matches_the_model() {
    check(
        "sliding 10 s / 1 s, discarding, early event-time 1 s",
        WindowSpec::sliding(10_000, 1_000),
        early(Early::EventTime(1_000)),
        Accumulation::Discarding,
        &steady(40_000),
        15_000,
        (0, 0),
    );
}

#[test]
fn sessions_discarding_match_the_model() {
    let sim = SimConfig {
        burst_active_ms: 2_000,
        burst_idle_ms: 2_000,
        ..steady(60_000)
    };
    check(
        "session 500 ms, discarding",
        WindowSpec::session(500),
        Trigger::default(),
        Accumulation::Discarding,
        &sim,
        10_000,
        (2_000, 3_000),
    );
}

#[test]
fn the_default_config_holds_no_trigger_state() {
    let spec = WindowSpec::tumbling(10_000);
    let d = measured_peak(Config::event_time(spec, D), &steady(20_000), 12_000);
    let base = predict_engine_state(&spec, SENSORS as u64, RATE, D, 0, 0, 0).total_bytes;
    let r = d as f64 / base;
    assert!((0.9..=1.1).contains(&r), "default: {d} vs {base}");
}
