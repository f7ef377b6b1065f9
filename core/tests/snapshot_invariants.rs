//! A resealed snapshot (edited, then its length and checksum recomputed)
//! must still not restore impossible state: restore checks the invariants
//! of what it rebuilds, so the edits below are refused with an error naming
//! what is wrong, where the checksum alone would have let them through.

use weir_core::{Config, Engine, EngineError, Event, WindowSpec};

/// Recomputes the length field and the checksum after an edit.
fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    let total = bytes.len() as u64;
    bytes[6..14].copy_from_slice(&total.to_le_bytes());
    let n = bytes.len() - 4;
    let crc = crc32fast::hash(&bytes[..n]);
    bytes[n..].copy_from_slice(&crc.to_le_bytes());
    bytes
}

fn message(bytes: Vec<u8>) -> String {
    match Engine::restore(&reseal(bytes)) {
        Ok(_) => panic!("the edited snapshot restored"),
        Err(EngineError::Snapshot(m)) => m,
        Err(other) => panic!("expected a snapshot error, got {other:?}"),
    }
}

/// Where the 8 bytes of `v` first occur in `bytes`.
fn find_f64(bytes: &[u8], v: f64) -> usize {
    let pat = v.to_bits().to_le_bytes();
    bytes
        .windows(8)
        .position(|w| w == pat)
        .expect("value in the snapshot")
}

fn put(bytes: &mut [u8], at: usize, v: u64) {
    bytes[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

/// A tumbling engine holding one slice of key 3 with the single value
/// 1234.5 (no output), and its snapshot. The slice's aggregate is `count,
/// sum, min, max, mean, m2`, so `sum` is the first place 1234.5 appears.
fn one_slice() -> (Engine, Vec<u8>, usize) {
    let mut e = Engine::new(Config::event_time(WindowSpec::tumbling(10_000), 0)).unwrap();
    e.push(Event::new(3, 4_000, 1234.5)).unwrap();
    let bytes = e.snapshot();
    let sum_at = find_f64(&bytes, 1234.5);
    assert!(
        Engine::restore(&reseal(bytes.clone())).is_ok(),
        "resealing alone changes nothing"
    );
    (e, bytes, sum_at)
}

// The layout of a tumbling config (see `snapshot/mod.rs`): header 14,
// config 1 + 16 + 16 + 1 + 16, (format version 2) trigger, accumulation and
// start clamp 4 and the sources part 14 (declared u32, idle tag u8, clock
// i64, table tag u8 on the single-source path), watermark 8, max_time 8,
// then the counters.
const EVENTS_IN_AT: usize = 14 + 50 + 4 + 14 + 16;
const ASSIGNED_AT: usize = EVENTS_IN_AT + 8;

#[test]
fn a_slice_count_beyond_the_events_accepted_is_refused() {
    let (_, mut bytes, sum_at) = one_slice();
    put(&mut bytes, sum_at - 8, u64::MAX);
    let m = message(bytes.clone());
    assert!(
        m.contains("holds 18446744073709551615 events but only 1 were accepted"),
        "{m}"
    );
    // Still well formed as an aggregate (count 2, both values 1234.5), but
    // more events than the counters say were accepted.
    let mut two = bytes;
    put(&mut two, sum_at - 8, 2);
    put(&mut two, sum_at, 2469f64.to_bits());
    let m = message(two);
    assert!(m.contains("holds 2 events but only 1 were accepted"), "{m}");
}

#[test]
fn counters_at_the_end_of_u64_are_refused() {
    let (_, mut bytes, _) = one_slice();
    assert_eq!(bytes[EVENTS_IN_AT..EVENTS_IN_AT + 8], 1u64.to_le_bytes());
    // Consistent with each other (events_in = assigned), but the next push
    // would overflow.
    put(&mut bytes, EVENTS_IN_AT, u64::MAX);
    put(&mut bytes, ASSIGNED_AT, u64::MAX);
    let m = message(bytes);
    assert!(m.contains("events_in = 18446744073709551615"), "{m}");
}

#[test]
fn a_nan_sum_or_a_single_value_with_min_below_max_is_refused() {
    let (_, bytes, sum_at) = one_slice();
    let mut nan = bytes.clone();
    put(&mut nan, sum_at, f64::NAN.to_bits());
    let m = message(nan);
    assert!(m.contains("count 1 but sum NaN"), "{m}");
    let mut spread = bytes.clone();
    put(&mut spread, sum_at + 8, 1000f64.to_bits()); // min
    let m = message(spread);
    assert!(m.contains("count 1 but sum 1234.5, min 1000"), "{m}");
    // With two values, NaN is refused as an impossible sum.
    let mut two = bytes;
    put(&mut two, sum_at - 8, 2);
    put(&mut two, sum_at, f64::NAN.to_bits());
    let m = message(two);
    assert!(m.contains("sum NaN is impossible for 2 values"), "{m}");
}

#[test]
fn a_result_counting_more_than_was_accepted_is_refused() {
    let (mut e, _, _) = one_slice();
    e.push(Event::new(3, 12_000, 99.25)).unwrap(); // fires [0, 10000)
    assert_eq!(e.pending_results().len(), 1);
    let mut bytes = e.snapshot();
    // The slice of 1234.5 is purged (lateness 0): only the result holds it.
    assert_eq!(e.stats().state_entries, 1);
    let sum_at = find_f64(&bytes, 1234.5);
    put(&mut bytes, sum_at - 8, 5);
    put(&mut bytes, sum_at, (1234.5f64 * 5.0).to_bits());
    let m = message(bytes);
    assert!(m.contains("count 5 but only 2 events were accepted"), "{m}");
}

#[test]
fn a_sum_outside_count_times_min_and_max_is_refused() {
    // Two values: 10 and 20 (sum 30, min 10, max 20). A sum of 5 is finite
    // and below 2 x max in magnitude, yet no two values in [10, 20] add up
    // to it: the mean a result reports (sum / count) would be 2.5.
    let mut e = Engine::new(Config::event_time(WindowSpec::tumbling(10_000), 0)).unwrap();
    e.push(Event::new(3, 4_000, 10.0)).unwrap();
    e.push(Event::new(3, 4_001, 20.0)).unwrap();
    let bytes = e.snapshot();
    assert!(Engine::restore(&reseal(bytes.clone())).is_ok());
    let sum_at = find_f64(&bytes, 30.0);
    assert_eq!(
        bytes[sum_at + 8..sum_at + 16],
        10f64.to_bits().to_le_bytes()
    );
    let mut low = bytes.clone();
    put(&mut low, sum_at, 5f64.to_bits());
    let m = message(low);
    assert!(
        m.contains("sum 5 is impossible for 2 values in [10, 20]"),
        "{m}"
    );
    let mut high = bytes;
    put(&mut high, sum_at, 41f64.to_bits());
    let m = message(high);
    assert!(
        m.contains("sum 41 is impossible for 2 values in [10, 20]"),
        "{m}"
    );
}
