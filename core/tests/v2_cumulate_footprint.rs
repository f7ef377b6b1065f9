//! The engine-state prediction for cumulating windows checked against the
//! real engine, as `memory_vs_engine.rs` does for the other kinds: run the
//! simulator's stream, sample the measured `state_bytes`, compare with
//! `predict_engine_state` (within 10 %). A cumulate keeps the slices of its
//! whole period (size / step per key), and those of the period before
//! while the watermark and lateness hold it.

use weir_core::memory::predict_engine_state;
use weir_core::simulator::{simulate, SimConfig};
use weir_core::{Config, Engine, WindowSpec};

const SENSORS: u32 = 100;
const RATE: f64 = 10.0;
const D: i64 = 200;

fn measured_peak(spec: WindowSpec, l: i64, duration_ms: i64, warm_ms: i64) -> u64 {
    let sim = SimConfig {
        sensors: SENSORS,
        rate_hz: RATE,
        duration_ms,
        delay_base_ms: 0,
        delay_spread_ms: D,
        late_fraction: 0.0,
        anomalies: 0,
        ..SimConfig::default()
    };
    let s = simulate(&sim).unwrap();
    let mut e = Engine::new(Config::event_time(spec, D).with_lateness(l)).unwrap();
    let (mut peak, mut next) = (0, warm_ms);
    for ev in s.events() {
        e.push(ev).unwrap();
        if ev.time >= next {
            peak = peak.max(e.state_bytes());
            next += 250;
        }
        drop(e.drain_results());
    }
    peak
}

#[test]
fn cumulate_state_matches_the_model() {
    // Peak slices per key, by hand: the period's size / step, plus the
    // next period's slices that fill while the watermark (d = 200 ms) and
    // the lateness hold the old period: 6 + 1; 10 + 1; 5 + 2 (the old
    // period lives 3.2 s past its end, over the slices [0,2 s), [2 s,4 s)).
    for (step, size, l, peak) in [
        (10_000, 60_000, 0, 7.0),
        (1_000, 10_000, 0, 11.0),
        (2_000, 10_000, 3_000, 7.0),
    ] {
        let spec = WindowSpec::Cumulate {
            step,
            size,
            offset: 0,
        };
        let measured = measured_peak(spec, l, 3 * size + 5_000, size + 2_000);
        let p = predict_engine_state(&spec, SENSORS as u64, RATE, D, l, 0, 0);
        assert_eq!(p.entries_per_key, peak, "{step}/{size} L {l}");
        let ratio = measured as f64 / p.total_bytes;
        println!(
            "cumulate {step}/{size} L {l}: measured {measured} B, model {:.0} B, ratio {ratio:.3}, {} slices per key",
            p.total_bytes, p.entries_per_key
        );
        assert!(
            (0.9..=1.1).contains(&ratio),
            "cumulate {step}/{size}: measured {measured} B vs model {:.0} B (ratio {ratio:.3})",
            p.total_bytes
        );
    }
}
