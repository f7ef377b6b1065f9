//! On the aggregate path, state per key depends on the window, not on how
//! many events a key sends: ten times the rate, the same bytes.

use weir_core::simulator::{simulate, SimConfig};
use weir_core::{Config, Engine, WindowSpec};

fn state_at_end(spec: WindowSpec, rate_hz: f64) -> (u64, u64) {
    let sim = SimConfig {
        sensors: 200,
        rate_hz,
        duration_ms: 25_000,
        delay_base_ms: 0,
        delay_spread_ms: 500,
        late_fraction: 0.0,
        anomalies: 0,
        ..SimConfig::default()
    };
    let mut e = Engine::new(Config::event_time(spec, 500)).unwrap();
    for ev in simulate(&sim).unwrap().events() {
        e.push(ev).unwrap();
    }
    (e.state_bytes(), e.stats().events_in)
}

#[test]
fn state_per_key_is_independent_of_the_event_rate() {
    for spec in [
        WindowSpec::tumbling(10_000),
        WindowSpec::sliding(10_000, 1_000),
        WindowSpec::session(3_000),
    ] {
        let (slow, n_slow) = state_at_end(spec, 10.0);
        let (fast, n_fast) = state_at_end(spec, 100.0);
        assert_eq!(n_fast, 10 * n_slow);
        assert_eq!(
            slow, fast,
            "{spec:?}: {slow} B at 10 Hz, {fast} B at 100 Hz"
        );
    }
}
