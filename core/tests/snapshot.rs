//! Snapshot and restore: a restored engine continues exactly as the original
//! would have, the same state gives the same bytes, and damaged or foreign
//! bytes are clear errors, never panics.

use proptest::prelude::*;
use weir_core::snapshot::{FORMAT_VERSION, MAGIC};
use weir_core::{
    Config, Engine, EngineError, Event, LateEvent, Limits, Outcome, Stats, TimeDomain,
    WindowResult, WindowSpec,
};

// ------------------------------------------------------------------ helpers

#[derive(Debug, Clone)]
enum Op {
    Push(Event),
    Advance(i64),
    Drain,
}

/// Everything observable, in order.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Pushed(Result<Outcome, EngineError>),
    Advanced(Result<(), EngineError>),
    Results(Vec<WindowResult>),
    Late(Vec<LateEvent>),
}

fn apply(e: &mut Engine, op: &Op, log: &mut Vec<Seen>) {
    match op {
        Op::Push(ev) => log.push(Seen::Pushed(e.push(*ev))),
        Op::Advance(t) => log.push(Seen::Advanced(
            if e.config().time_domain == TimeDomain::Processing {
                e.advance_processing_time(*t)
            } else {
                e.advance_watermark(*t)
            },
        )),
        Op::Drain => {
            log.push(Seen::Results(e.drain_results()));
            log.push(Seen::Late(e.drain_late()));
        }
    }
}

fn finish(e: &mut Engine, log: &mut Vec<Seen>) {
    e.flush().unwrap();
    apply(e, &Op::Drain, log);
}

/// Stats without `state_bytes`, which measures allocation capacities (a
/// restored engine holds the same state in tighter allocations).
fn logical(s: Stats) -> Stats {
    Stats {
        state_bytes: 0,
        ..s
    }
}

/// Snapshot, check the restored engine is the same, and return it.
fn round_trip(e: &Engine) -> Engine {
    let bytes = e.snapshot();
    assert_eq!(e.snapshot(), bytes, "snapshot twice gives the same bytes");
    let r = Engine::restore(&bytes).expect("restore a fresh snapshot");
    assert_eq!(r.snapshot(), bytes, "snapshot of the restored engine");
    assert_eq!(r.config(), e.config());
    assert_eq!(r.watermark(), e.watermark());
    assert_eq!(logical(r.stats()), logical(e.stats()));
    assert_eq!(r.open_windows(), e.open_windows());
    assert_eq!(r.pending_results(), e.pending_results());
    r
}

/// Runs `ops` uninterrupted, and again restoring from a snapshot at each
/// cut; both must see the same things and end with the same stats.
fn check_cuts(config: Config, ops: &[Op], cuts: &[usize]) {
    let mut a = Engine::new(config).unwrap();
    let mut seen_a = Vec::new();
    for op in ops {
        apply(&mut a, op, &mut seen_a);
    }
    finish(&mut a, &mut seen_a);

    let mut b = Engine::new(config).unwrap();
    let mut seen_b = Vec::new();
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(ops.len())).collect();
    cuts.sort_unstable();
    let mut at = 0;
    for cut in cuts {
        for op in &ops[at..cut] {
            apply(&mut b, op, &mut seen_b);
        }
        at = cut;
        b = round_trip(&b);
    }
    for op in &ops[at..] {
        apply(&mut b, op, &mut seen_b);
    }
    finish(&mut b, &mut seen_b);

    assert_eq!(seen_a, seen_b);
    assert_eq!(logical(a.stats()), logical(b.stats()));
    assert_eq!(a.open_windows(), b.open_windows());
    // A flushed engine round-trips too, and keeps behaving the same.
    let mut fa = round_trip(&a);
    if config.time_domain == TimeDomain::Processing {
        // Engine issue (not snapshot): in processing time a push after
        // flush() assigns at +inf and overflows the window arithmetic.
        return;
    }
    let after = [
        Op::Push(Event {
            arrival: Some(5),
            ..Event::new(1, 5, 2.5)
        }),
        Op::Drain,
    ];
    let (mut la, mut lb) = (Vec::new(), Vec::new());
    for op in &after {
        apply(&mut a, op, &mut la);
        apply(&mut fa, op, &mut lb);
    }
    assert_eq!(la, lb);
    assert_eq!(a.snapshot(), fa.snapshot());
}

fn window_strategy() -> impl Strategy<Value = WindowSpec> {
    prop_oneof![
        (1i64..40, -15i64..15).prop_map(|(size, offset)| WindowSpec::Tumbling { size, offset }),
        // slide dividing the size, not dividing it, and larger than it
        (1i64..40, 1i64..50, -15i64..15).prop_map(|(size, slide, offset)| {
            WindowSpec::Sliding {
                size,
                slide,
                offset,
            }
        }),
        (1i64..30).prop_map(WindowSpec::session),
    ]
}

fn config_strategy() -> impl Strategy<Value = Config> {
    (
        window_strategy(),
        prop_oneof![3 => 1i64..20, 1 => Just(0i64)],
        prop_oneof![3 => 1i64..30, 1 => Just(0i64)],
        prop_oneof![5 => Just(TimeDomain::Event), 1 => Just(TimeDomain::Processing)],
        prop_oneof![
            3 => Just(Limits::default()),
            1 => (1u64..5, 1u64..30).prop_map(|(max_keys, max_state_entries)| Limits {
                max_keys,
                max_state_entries,
                ..Limits::default()
            }),
        ],
    )
        .prop_map(|(window, d, l, time_domain, limits)| Config {
            window,
            max_out_of_orderness: d,
            allowed_lateness: l,
            time_domain,
            limits,
            ..Config::event_time(window, 0)
        })
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => (0u32..5, -60i64..300, -800i32..800, -60i64..300).prop_map(|(key, time, v, a)| {
            Op::Push(Event {
                source: 0,
                key,
                time,
                value: f64::from(v) / 8.0,
                arrival: Some(a),
            })
        }),
        1 => (-60i64..350).prop_map(Op::Advance),
        2 => Just(Op::Drain),
    ]
}

/// A small engine with undrained results, side output and dropped windows.
fn fixture() -> Engine {
    let cfg = Config::event_time(WindowSpec::sliding(10, 3), 2).with_lateness(4);
    let mut e = Engine::new(cfg).unwrap();
    for (key, time, value) in [
        (1, 0, 1.5),
        (2, 4, -2.0),
        (1, 9, 3.25),
        (1, 20, 4.0),
        (2, 8, 1.0),  // late, accepted
        (1, 1, 7.0),  // too late for every window
        (2, 27, 0.5), // fires more
        (3, 2, 9.0),  // too late
    ] {
        e.push(Event::new(key, time, value)).unwrap();
    }
    assert!(!e.pending_results().is_empty());
    assert!(e.stats().side_output > 0);
    assert!(e.open_windows().iter().any(|w| w.dropped > 0));
    e
}

fn message(r: Result<Engine, EngineError>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(EngineError::Snapshot(m)) => m,
        Err(other) => panic!("expected a snapshot error, got {other:?}"),
    }
}

/// Fixes the length field and checksum after editing a snapshot, so the
/// decoder's own checks (not the checksum) must catch the damage.
fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.len() < 18 {
        return bytes;
    }
    let total = bytes.len() as u64;
    bytes[6..14].copy_from_slice(&total.to_le_bytes());
    let n = bytes.len() - 4;
    let crc = crc32fast::hash(&bytes[..n]);
    bytes[n..].copy_from_slice(&crc.to_le_bytes());
    bytes
}

/// Whatever restores must also run without panicking. (Configs with
/// millions of windows per event are valid but slow for the engine itself,
/// snapshot or not; a damaged size can make one, so those only round-trip.)
fn exercise(mut e: Engine) {
    if let WindowSpec::Sliding { size, slide, .. } = e.config().window {
        if size / slide > 10_000 {
            let _ = Engine::restore(&e.snapshot()).expect("round trip");
            return;
        }
    }
    for (i, t) in [0i64, 7, 3, 30, -5, 100].into_iter().enumerate() {
        let _ = e.push(Event {
            arrival: Some(t),
            ..Event::new(i as u32 % 3, t, 1.0)
        });
    }
    let _ = e.open_windows();
    let _ = e.stats();
    e.flush().unwrap();
    let _ = e.drain_results();
    let _ = Engine::restore(&e.snapshot()).expect("a running engine round-trips");
}

// ------------------------------------------------------------------ round trips

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn restore_continues_exactly(
        config in config_strategy(),
        ops in proptest::collection::vec(op_strategy(), 0..90),
        cuts in proptest::collection::vec(0usize..90, 1..4),
    ) {
        check_cuts(config, &ops, &cuts);
    }
}

#[test]
fn restore_continues_exactly_each_window_kind() {
    // Deterministic streams over every cut, for each window kind.
    let windows = [
        WindowSpec::tumbling(10),
        WindowSpec::sliding(10, 2),
        WindowSpec::sliding(10, 3), // slide does not divide the size
        WindowSpec::sliding(4, 10), // slide > size: gaps between windows
        WindowSpec::Sliding {
            size: 9,
            slide: 6,
            offset: -4,
        },
        WindowSpec::session(5),
    ];
    let mut ops = Vec::new();
    let mut x: u64 = 12345;
    for i in 0..120i64 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let jitter = ((x >> 33) % 25) as i64 - 12;
        let key = ((x >> 20) % 4) as u32;
        let t = i * 2 + jitter - 30;
        ops.push(Op::Push(Event {
            arrival: Some(i * 2 - 30),
            ..Event::new(key, t, ((x >> 40) % 1000) as f64 / 7.0)
        }));
        if i % 17 == 0 {
            ops.push(Op::Drain);
        }
        if i % 41 == 0 {
            ops.push(Op::Advance(i * 2 - 20));
        }
    }
    for window in windows {
        for domain in [TimeDomain::Event, TimeDomain::Processing] {
            let config = Config {
                time_domain: domain,
                ..Config::event_time(window, 6).with_lateness(9)
            };
            for cut in 0..=ops.len() {
                check_cuts(config, &ops, &[cut]);
            }
        }
    }
}

#[test]
fn fresh_engine_round_trips() {
    for window in [
        WindowSpec::tumbling(1000),
        WindowSpec::sliding(10, 3),
        WindowSpec::session(30),
    ] {
        let e = Engine::new(Config::event_time(window, 5).with_lateness(7)).unwrap();
        let r = round_trip(&e);
        assert_eq!(r.stats().keys, 0);
        check_cuts(*e.config(), &[], &[0]);
    }
}

#[test]
fn flushed_engine_round_trips() {
    let mut e = fixture();
    e.flush().unwrap();
    let r = round_trip(&e);
    assert_eq!(r.watermark(), i64::MAX);
    assert_eq!(r.stats().keys, 0);
}

#[test]
fn same_state_same_bytes_whatever_the_key_order() {
    // The hash map's iteration order must not show in the bytes.
    let cfg = Config::event_time(WindowSpec::sliding(100, 30), 50).with_lateness(10);
    let (mut up, mut down) = (Engine::new(cfg).unwrap(), Engine::new(cfg).unwrap());
    for key in 0..300u32 {
        up.push(Event::new(key, 10, f64::from(key))).unwrap();
    }
    for key in (0..300u32).rev() {
        down.push(Event::new(key, 10, f64::from(key))).unwrap();
    }
    assert_eq!(up.snapshot(), down.snapshot());
    let bytes = up.snapshot();
    assert_eq!(Engine::restore(&bytes).unwrap().snapshot(), bytes);
}

#[test]
fn floats_are_exact() {
    let cfg = Config::event_time(WindowSpec::tumbling(10), 0);
    let mut e = Engine::new(cfg).unwrap();
    for v in [0.1, -0.0, 1e-308, 5e-324, 1.7976931348623157e308, 1.0 / 3.0] {
        e.push(Event::new(1, 3, v)).unwrap();
    }
    let mut r = Engine::restore(&e.snapshot()).unwrap();
    e.flush().unwrap();
    r.flush().unwrap();
    let (a, b) = (e.drain_results(), r.drain_results());
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].agg.sum.to_bits(), b[0].agg.sum.to_bits());
    assert_eq!(a[0].agg.variance().to_bits(), b[0].agg.variance().to_bits());
    assert_eq!(a[0].agg.min.to_bits(), b[0].agg.min.to_bits());
}

// ------------------------------------------------------------------ damage

#[test]
fn header_layout() {
    let bytes = fixture().snapshot();
    assert_eq!(&bytes[..4], &MAGIC);
    assert_eq!(&bytes[..4], b"WEIR");
    assert_eq!(u16::from_le_bytes([bytes[4], bytes[5]]), FORMAT_VERSION);
    assert_eq!(FORMAT_VERSION, 2);
    let total = u64::from_le_bytes(bytes[6..14].try_into().unwrap());
    assert_eq!(total, bytes.len() as u64);
    let n = bytes.len() - 4;
    let crc = u32::from_le_bytes(bytes[n..].try_into().unwrap());
    assert_eq!(crc, crc32fast::hash(&bytes[..n]));
}

#[test]
fn every_flipped_bit_or_byte_is_an_error() {
    let bytes = fixture().snapshot();
    for i in 0..bytes.len() {
        for mask in [1u8, 2, 4, 8, 16, 32, 64, 128, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= mask;
            assert!(
                Engine::restore(&b).is_err(),
                "byte {i} ^ {mask:#x} was accepted"
            );
        }
    }
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = fixture().snapshot();
    for n in 0..bytes.len() {
        let m = message(Engine::restore(&bytes[..n]));
        assert!(m.contains("truncated"), "length {n}: {m}");
    }
    let mut long = bytes.clone();
    long.push(0);
    let m = message(Engine::restore(&long));
    assert!(m.contains("trailing"), "{m}");
}

#[test]
fn wrong_magic_future_version_and_foreign_files_are_named() {
    let bytes = fixture().snapshot();
    let mut b = bytes.clone();
    b[0] = b'X';
    assert_eq!(
        message(Engine::restore(&b)),
        "not a Weir snapshot (bad magic)"
    );
    let mut b = bytes.clone();
    b[4..6].copy_from_slice(&7u16.to_le_bytes());
    assert_eq!(
        message(Engine::restore(&b)),
        "unsupported snapshot version 7 (this build reads 1 to 2)"
    );
    for foreign in [
        &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
        b"[package]\nname = \"weir-core\"\n",
        b"{\"events\": []}",
        b"PK\x03\x04",
        b"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
    ] {
        assert_eq!(
            message(Engine::restore(foreign)),
            "not a Weir snapshot (bad magic)"
        );
    }
    let mut b = bytes.clone();
    let mid = b.len() / 2;
    b[mid] ^= 0x10;
    assert!(message(Engine::restore(&b)).starts_with("checksum mismatch"));
    // The error type's own message says what failed.
    let e = Engine::restore(b"nope").err().unwrap().to_string();
    assert_eq!(e, "invalid snapshot: not a Weir snapshot (bad magic)");
}

// Offsets in the fixture (sliding config): header 14, config 58, then (format
// version 2) trigger, accumulation and start clamp 4 and the sources part
// (declared u32, idle tag u8, clock i64, table tag u8: 14 bytes on the
// single-source path); after the eight counters, three v2 counters.
const V2_PARTS: usize = 4 + 14;
const WATERMARK_AT: usize = 72 + V2_PARTS;
const COUNTERS_AT: usize = 88 + V2_PARTS;
const ENTRIES_AT: usize = 152 + 24 + V2_PARTS;
const KEYS_AT: usize = 160 + 24 + V2_PARTS;

fn put_u64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

#[test]
fn inconsistent_state_is_named_even_with_a_valid_checksum() {
    let bytes = fixture().snapshot();
    let e = fixture();
    assert_eq!(
        i64::from_le_bytes(bytes[WATERMARK_AT..WATERMARK_AT + 8].try_into().unwrap()),
        e.watermark()
    );
    assert_eq!(
        u64::from_le_bytes(bytes[ENTRIES_AT..ENTRIES_AT + 8].try_into().unwrap()),
        e.stats().state_entries
    );

    // A huge count is refused before anything is allocated.
    let mut b = bytes.clone();
    put_u64(&mut b, KEYS_AT, u64::MAX);
    let m = message(Engine::restore(&reseal(b)));
    assert!(m.contains("key count") && m.contains("bytes left"), "{m}");

    let mut b = bytes.clone();
    put_u64(&mut b, ENTRIES_AT, e.stats().state_entries + 1);
    let m = message(Engine::restore(&reseal(b)));
    assert!(m.contains("entries"), "{m}");

    let mut b = bytes.clone();
    b[14] = 9; // window kind
    let m = message(Engine::restore(&reseal(b)));
    assert!(m.contains("unknown window kind 9"), "{m}");

    let mut b = bytes.clone();
    put_u64(&mut b, 15, 0); // window.size = 0
    let m = message(Engine::restore(&reseal(b)));
    assert!(m.contains("window.size = 0"), "{m}");

    // A watermark far ahead would have purged the state.
    let mut b = bytes.clone();
    put_u64(&mut b, WATERMARK_AT, 1_000_000);
    let m = message(Engine::restore(&reseal(b)));
    assert!(m.contains("purged"), "{m}");

    // Counters that do not add up.
    let mut b = bytes.clone();
    put_u64(&mut b, COUNTERS_AT, e.stats().events_in + 1);
    let m = message(Engine::restore(&reseal(b)));
    assert!(m.contains("counters disagree"), "{m}");
}

#[test]
fn every_byte_changed_behind_the_checksum_is_caught_or_harmless() {
    // With the checksum fixed up, the decoder's validation alone stands
    // between damage and the engine: no panic, and whatever it accepts runs.
    for base in [fixture(), {
        let mut s =
            Engine::new(Config::event_time(WindowSpec::session(5), 3).with_lateness(6)).unwrap();
        for (k, t) in [(1, 0), (1, 3), (2, 10), (1, 20), (2, 1), (1, 12), (3, 0)] {
            s.push(Event::new(k, t, t as f64)).unwrap();
        }
        s
    }] {
        let bytes = base.snapshot();
        for i in 14..bytes.len() - 4 {
            for v in [
                0u8,
                1,
                0x7f,
                0x80,
                0xff,
                bytes[i] ^ 1,
                bytes[i].wrapping_add(3),
            ] {
                let mut b = bytes.clone();
                b[i] = v;
                if let Ok(e) = Engine::restore(&reseal(b)) {
                    exercise(e);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = Engine::restore(&bytes);
    }

    #[test]
    fn arbitrary_sealed_bodies_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..400),
        kind in 0u8..3,
    ) {
        // Valid header and checksum, so the body parser sees random data.
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        b.extend_from_slice(&[0; 8]);
        b.push(kind);
        b.extend_from_slice(&body);
        b.extend_from_slice(&[0; 4]);
        if let Ok(e) = Engine::restore(&reseal(b)) {
            exercise(e);
        }
    }

    #[test]
    fn mutated_snapshots_never_panic(
        config in config_strategy(),
        ops in proptest::collection::vec(op_strategy(), 0..40),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        fix in any::<bool>(),
    ) {
        let mut e = Engine::new(config).unwrap();
        let mut log = Vec::new();
        for op in &ops {
            apply(&mut e, op, &mut log);
        }
        let mut b = e.snapshot();
        let n = b.len();
        for (i, v) in edits {
            b[i.index(n)] = v;
        }
        let b = if fix { reseal(b) } else { b };
        if let Ok(e) = Engine::restore(&b) {
            exercise(e);
        }
    }
}
