//! Snapshots of engines with many sources (format version 2): restoring at
//! any cut of a random multi-source stream with arrival times, declared
//! sources and idle timeouts continues exactly as the uninterrupted
//! engine, per-source stats included; and a damaged sources part is
//! refused with its reason.

use proptest::prelude::*;
use weir_core::{
    Config, Engine, EngineError, Event, LateEvent, Outcome, SourceStats, Stats, WindowResult,
    WindowSpec,
};

#[derive(Debug, Clone)]
enum Op {
    Push(Event),
    Advance(i64),
    Clock(i64),
    Drain,
}

fn config() -> impl Strategy<Value = Config> {
    let window = prop_oneof![
        (1i64..5_000).prop_map(WindowSpec::tumbling),
        (1i64..40, 1i64..20).prop_map(|(s, sl)| WindowSpec::sliding(s * 100, sl * 100)),
        (1i64..3_000).prop_map(WindowSpec::session),
    ];
    (
        window,
        0i64..2_000,
        0i64..2_000,
        0u32..4,
        prop::option::of(1i64..3_000),
    )
        .prop_map(|(w, d, l, sources, idle_timeout)| Config {
            sources,
            idle_timeout,
            ..Config::event_time(w, d).with_lateness(l)
        })
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        (
            0u8..100,
            0u32..4,
            -5_000i64..60_000,
            0u32..5,
            0i64..400,
            prop::option::of(-50i64..50),
        ),
        1..100,
    )
    .prop_map(|raw| {
        let mut clock = 0i64;
        raw.into_iter()
            .map(|(kind, key, t, source, step, jitter)| {
                clock += step;
                match kind {
                    0..=79 => Op::Push(Event {
                        key,
                        time: t,
                        value: (t % 89) as f64,
                        arrival: jitter.map(|j| clock + j),
                        source,
                    }),
                    80..=86 => Op::Advance(t),
                    87..=93 => Op::Clock(clock),
                    _ => Op::Drain,
                }
            })
            .collect()
    })
}

#[derive(Debug, PartialEq)]
enum Seen {
    Pushed(Result<Outcome, EngineError>),
    Call(Result<(), EngineError>),
    Results(Vec<WindowResult>),
    Late(Vec<LateEvent>),
    State(i64, Vec<SourceStats>),
}

fn logical(s: Stats) -> Stats {
    Stats {
        state_bytes: 0,
        ..s
    }
}

fn apply(e: &mut Engine, op: &Op, log: &mut Vec<Seen>) {
    match op {
        Op::Push(ev) => log.push(Seen::Pushed(e.push(*ev))),
        Op::Advance(t) => log.push(Seen::Call(e.advance_watermark(*t))),
        Op::Clock(t) => log.push(Seen::Call(e.advance_processing_time(*t))),
        Op::Drain => {
            log.push(Seen::Results(e.drain_results()));
            log.push(Seen::Late(e.drain_late()));
        }
    }
    log.push(Seen::State(e.watermark(), e.source_stats()));
}

fn round_trip(e: &Engine) -> Engine {
    let bytes = e.snapshot();
    let r = Engine::restore(&bytes).expect("restore a fresh snapshot");
    assert_eq!(r.snapshot(), bytes, "snapshot of the restored engine");
    assert_eq!(r.config(), e.config());
    assert_eq!(r.source_stats(), e.source_stats());
    assert_eq!(logical(r.stats()), logical(e.stats()));
    r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 250, ..ProptestConfig::default() })]

    #[test]
    fn restore_at_any_cut_continues_the_same(
        c in config(),
        ops in ops(),
        cuts in prop::collection::vec(0usize..100, 0..4),
    ) {
        let mut a = Engine::new(c).unwrap();
        let mut seen_a = Vec::new();
        for op in &ops {
            apply(&mut a, op, &mut seen_a);
        }
        a.flush().unwrap();
        apply(&mut a, &Op::Drain, &mut seen_a);

        let mut b = Engine::new(c).unwrap();
        let mut seen_b = Vec::new();
        let mut cuts: Vec<usize> = cuts.iter().map(|&x| x.min(ops.len())).collect();
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
        b.flush().unwrap();
        apply(&mut b, &Op::Drain, &mut seen_b);
        prop_assert_eq!(seen_a, seen_b);
        prop_assert_eq!(logical(a.stats()), logical(b.stats()));
    }
}

/// Reseals edited bytes (length and checksum recomputed).
fn reseal(mut b: Vec<u8>) -> Vec<u8> {
    let total = b.len() as u64;
    b[6..14].copy_from_slice(&total.to_le_bytes());
    let n = b.len() - 4;
    let crc = crc32fast_hash(&b[..n]);
    b[n..].copy_from_slice(&crc.to_le_bytes());
    b
}

/// CRC-32 (IEEE), as the envelope seals with.
fn crc32fast_hash(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= byte as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A two-source engine with a stalled second source, and where its
/// sources part starts (after header 14 and tumbling config 50).
fn two_sources() -> (Engine, Vec<u8>) {
    let mut e = Engine::new(Config {
        sources: 2,
        idle_timeout: Some(1_000),
        ..Config::event_time(WindowSpec::tumbling(1_000), 0)
    })
    .unwrap();
    e.push(Event {
        arrival: Some(10),
        ..Event::new(1, 500, 1.0)
    })
    .unwrap();
    e.push(Event {
        arrival: Some(20),
        source: 1,
        ..Event::new(1, 300, 1.0)
    })
    .unwrap();
    let bytes = e.snapshot();
    (e, bytes)
}

// Header 14, tumbling config 50, the v2 trigger settings 4 (mode, early,
// accumulation, start clamp), then the sources part.
const PART_AT: usize = 14 + 50 + 4;

fn message(bytes: Vec<u8>) -> String {
    match Engine::restore(&reseal(bytes)) {
        Err(EngineError::Snapshot(m)) => m,
        other => panic!("expected a snapshot error, got {other:?}"),
    }
}

#[test]
fn the_sources_part_is_laid_out_as_documented_and_checked() {
    let (e, bytes) = two_sources();
    assert_eq!(e.watermark(), 300);
    // declared 2 (bytes 0..4), idle timeout 1000 (4, 5..13), clock 20
    // (13..21), table (21): first clock 10 (22..30), two sources (30..38):
    // 0: max 500, last 10, active (38..59); 1: max 300, last 20 (59..80).
    let mut want = Vec::new();
    want.extend_from_slice(&2u32.to_le_bytes());
    want.push(1);
    want.extend_from_slice(&1_000i64.to_le_bytes());
    want.extend_from_slice(&20i64.to_le_bytes());
    want.push(1);
    want.extend_from_slice(&10i64.to_le_bytes());
    want.extend_from_slice(&2u64.to_le_bytes());
    for (id, max, last) in [(0u32, 500i64, 10i64), (1, 300, 20)] {
        want.extend_from_slice(&id.to_le_bytes());
        want.extend_from_slice(&max.to_le_bytes());
        want.extend_from_slice(&last.to_le_bytes());
        want.push(0);
    }
    assert_eq!(&bytes[PART_AT..PART_AT + want.len()], &want[..]);
    let watermark_at = PART_AT + want.len();

    // An idle timeout of 0 is not a config.
    let mut b = bytes.clone();
    b[PART_AT + 5..PART_AT + 13].copy_from_slice(&0i64.to_le_bytes());
    let m = message(b);
    assert!(m.contains("watermark.idleTimeout = 0"), "{m}");
    // A source listed out of place.
    let mut b = bytes.clone();
    b[PART_AT + 59..PART_AT + 63].copy_from_slice(&7u32.to_le_bytes());
    let m = message(b);
    assert!(
        m.contains("source id 7") && m.contains("out of place"),
        "{m}"
    );
    // A last arrival after the clock.
    let mut b = bytes.clone();
    b[PART_AT + 50..PART_AT + 58].copy_from_slice(&99i64.to_le_bytes());
    let m = message(b);
    assert!(m.contains("last arrival 99"), "{m}");
    // A watermark behind what the sources give (300).
    let mut b = bytes.clone();
    b[watermark_at..watermark_at + 8].copy_from_slice(&200i64.to_le_bytes());
    let m = message(b);
    assert!(m.contains("watermark 200 is behind the 300"), "{m}");
    // A source whose max is not the engine's largest event time.
    let mut b = bytes.clone();
    b[PART_AT + 42..PART_AT + 50].copy_from_slice(&400i64.to_le_bytes());
    let m = message(b);
    assert!(m.contains("up to 400"), "{m}");
    // Declared sources without a table.
    let mut b = bytes[..PART_AT + 22].to_vec();
    b[PART_AT + 21] = 0;
    b.extend_from_slice(&bytes[PART_AT + want.len()..]);
    let m = message(b);
    assert!(m.contains("without a sources table"), "{m}");
}

#[test]
fn a_source_listed_twice_is_refused() {
    // No declared sources, no idle timeout: declared u32 (0..4), idle tag
    // (4), clock (5..13), table tag (13), first clock (14..22), n (22..30),
    // source 5 (30..51), source 9 (51..72).
    let mut e = Engine::new(Config::event_time(WindowSpec::tumbling(1_000), 0)).unwrap();
    e.push(Event {
        source: 5,
        ..Event::new(1, 100, 1.0)
    })
    .unwrap();
    e.push(Event {
        source: 9,
        ..Event::new(1, 200, 1.0)
    })
    .unwrap();
    let bytes = e.snapshot();
    assert_eq!(&bytes[PART_AT + 51..PART_AT + 55], &9u32.to_le_bytes());
    let mut b = bytes.clone();
    b[PART_AT + 51..PART_AT + 55].copy_from_slice(&5u32.to_le_bytes());
    let m = message(b);
    assert!(m.contains("source 5 is listed twice"), "{m}");
}
