//! Snapshot and restore with v2 triggers and accumulation (format version
//! 2): at any cut, the restored engine's results, side output and every
//! counter are those of the uninterrupted run.

use proptest::prelude::*;
use weir_core::{
    Accumulation, Config, Early, Engine, EngineError, Event, LateEvent, Mode, Stats, Trigger,
    WindowResult, WindowSpec,
};

#[derive(Debug, Clone)]
enum Op {
    Push(Event),
    Watermark(i64),
    Clock(i64),
    Drain,
}

#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Pushed(Result<weir_core::Outcome, EngineError>),
    Advanced(Result<(), EngineError>),
    Results(Vec<WindowResult>),
    Late(Vec<LateEvent>),
}

fn apply(e: &mut Engine, op: &Op, log: &mut Vec<Seen>) {
    match op {
        Op::Push(ev) => log.push(Seen::Pushed(e.push(*ev))),
        Op::Watermark(t) => log.push(Seen::Advanced(e.advance_watermark(*t))),
        Op::Clock(t) => log.push(Seen::Advanced(e.advance_processing_time(*t))),
        Op::Drain => {
            log.push(Seen::Results(e.drain_results()));
            log.push(Seen::Late(e.drain_late()));
        }
    }
}

fn logical(s: Stats) -> Stats {
    Stats {
        state_bytes: 0,
        ..s
    }
}

fn config_of(kind: u8, trig: u8, acc: u8, d: i64, l: i64) -> Config {
    let window = match kind % 3 {
        0 => WindowSpec::tumbling(1_000),
        1 => WindowSpec::sliding(3_000, 1_000),
        _ => WindowSpec::session(400),
    };
    let (mode, early) = match trig % 6 {
        0 => (Mode::Watermark, None),
        1 => (Mode::Watermark, Some(Early::Count(2))),
        2 => (Mode::Watermark, Some(Early::EventTime(700))),
        3 => (Mode::Watermark, Some(Early::ProcessingTime(250))),
        4 => (Mode::EveryEvent, None),
        _ => (Mode::Final, None),
    };
    let accumulation = match acc % 3 {
        0 => Accumulation::Accumulating,
        1 => Accumulation::Discarding,
        _ => Accumulation::Retracting,
    };
    Config {
        trigger: Trigger { mode, early },
        accumulation,
        ..Config::event_time(window, d).with_lateness(l)
    }
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u32..3, -2_000i64..8_000, -50i64..50, 0i64..400, any::<bool>()).prop_map(
            |(k, t, v, a, has)| Op::Push(Event {
                arrival: has.then_some(a * 10),
                ..Event::new(k, t, v as f64)
            })
        ),
        1 => (-2_000i64..9_000).prop_map(Op::Watermark),
        1 => (0i64..4_000).prop_map(Op::Clock),
        1 => Just(Op::Drain),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn v2_results_and_counters_survive_a_snapshot_at_any_cut(
        kind in 0u8..3,
        trig in 0u8..6,
        acc in 0u8..3,
        d in 0i64..1_500,
        l in 0i64..2_000,
        ops in prop::collection::vec(op_strategy(), 1..60),
        cut in any::<prop::sample::Index>(),
    ) {
        let config = config_of(kind, trig, acc, d, l);
        let cut = cut.index(ops.len() + 1);
        let mut a = Engine::new(config).unwrap();
        let mut seen_a = Vec::new();
        for op in &ops {
            apply(&mut a, op, &mut seen_a);
        }
        let mut b = Engine::new(config).unwrap();
        let mut seen_b = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            if i == cut {
                let bytes = b.snapshot();
                let r = Engine::restore(&bytes).expect("restore");
                prop_assert_eq!(r.snapshot(), bytes.clone(), "same bytes back");
                prop_assert_eq!(logical(r.stats()), logical(b.stats()));
                prop_assert_eq!(r.processing_clock(), b.processing_clock());
                b = r;
            }
            apply(&mut b, op, &mut seen_b);
        }
        for (e, seen) in [(&mut a, &mut seen_a), (&mut b, &mut seen_b)] {
            e.flush().unwrap();
            apply(e, &Op::Drain, seen);
        }
        prop_assert_eq!(&seen_a, &seen_b);
        prop_assert_eq!(logical(a.stats()), logical(b.stats()));
        // The accounting invariant holds in every mode.
        let s = a.stats();
        prop_assert_eq!(s.events_in, s.assigned + s.late_accepted + s.side_output + s.unassigned);
    }
}

/// The envelope's length and checksum recomputed after an edit.
fn reseal(mut b: Vec<u8>) -> Vec<u8> {
    let n = b.len() - 4;
    b.truncate(n);
    let total = (b.len() + 4) as u64;
    b[6..14].copy_from_slice(&total.to_le_bytes());
    let crc = crc32fast::hash(&b);
    b.extend_from_slice(&crc.to_le_bytes());
    b
}

#[test]
fn a_v2_snapshot_names_a_trigger_state_that_does_not_fit_its_config() {
    let c = config_of(0, 1, 0, 0, 0);
    let mut e = Engine::new(c).unwrap();
    e.push(Event::new(1, 100, 1.0)).unwrap();
    let bytes = e.snapshot();
    let r = Engine::restore(&bytes).unwrap();
    assert_eq!(r.config().trigger.early, Some(Early::Count(2)));
    // Header 14 + tumbling config 50 bytes, then mode 0, early tag 1 and its
    // count (u64), accumulation.
    assert_eq!(&bytes[64..66], &[0, 1]);
    assert_eq!(u64::from_le_bytes(bytes[66..74].try_into().unwrap()), 2);
    // The default config's snapshot made discarding: it carries no
    // trigger state, which that config needs.
    let mut d = Engine::new(config_of(0, 0, 0, 0, 0)).unwrap();
    d.push(Event::new(1, 100, 1.0)).unwrap();
    let mut b = d.snapshot();
    assert_eq!(&b[64..67], &[0, 0, 0]);
    b[66] = 1;
    let m = Engine::restore(&reseal(b)).err().unwrap().to_string();
    assert!(
        m.contains("trigger state tag 0") && m.contains("does not fit"),
        "{m}"
    );
}
