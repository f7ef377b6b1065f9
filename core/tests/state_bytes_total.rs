//! `Engine::state_bytes` is a running total kept as buffers grow and keys
//! leave; the scan of every key (`state_bytes_scanned`) is its oracle. (A
//! file of its own: `state_bytes.rs` counts every allocation of its process.)

use weir_core::{Config, Engine, Event, WindowSpec};

/// The running total equals the scan after every call, whatever the calls:
/// pushes in and out of order, late and too late, watermark moves that
/// purge keys, drains, restores. (`stats()` and `state_bytes()` also check
/// it themselves in debug builds.)
#[test]
fn the_running_total_equals_the_scan_after_every_call() {
    let specs = [
        WindowSpec::tumbling(1_000),
        WindowSpec::sliding(3_000, 1_000),
        WindowSpec::sliding(2_000, 5_000),
        WindowSpec::session(700),
    ];
    for spec in specs {
        let mut e = Engine::new(Config::event_time(spec, 500).with_lateness(800)).unwrap();
        let mut x = 99u64;
        let mut grew = 0;
        for i in 0..3_000i64 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            let r = (x >> 33) as i64;
            let before = e.state_bytes_scanned();
            match r % 50 {
                0 => e.advance_watermark(i * 10 + r % 4_000).unwrap(),
                1 => {
                    e = Engine::restore(&e.snapshot()).unwrap();
                }
                2 => drop(e.drain_results()),
                _ => {
                    let t = i * 10 - r % 3_000;
                    e.push(Event::new((r % 37) as u32, t, 1.0)).unwrap();
                }
            }
            if e.state_bytes_scanned() > before {
                grew += 1;
            }
            assert_eq!(e.state_bytes(), e.state_bytes_scanned(), "{spec:?} op {i}");
        }
        assert!(grew > 10, "{spec:?}: the buffers grew only {grew} times");
    }
}
