//! Firing bounded by `max_pending_results` (issue 15, item 2): firing stops
//! at the limit with the rest of the due windows queued, the call says so
//! (`FiringLimit` from `flush`/`advance_*`; a push that fires is accepted,
//! and the next push resumes or is refused), and after every drain the
//! engine picks up where it stopped. The output after all drains is exactly
//! an unlimited engine's, also across a snapshot taken while paused.

use weir_core::time::POS_INF;
use weir_core::{
    Config, Engine, EngineError, Event, LateEvent, Limits, TimeDomain, WindowResult, WindowSpec,
};

fn limited(config: Config, max: u64) -> Config {
    Config {
        limits: Limits {
            max_pending_results: max,
            ..Limits::default()
        },
        ..config
    }
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Push(Event),
    Advance(i64),
    Drain,
    Snapshot,
}

/// Everything an engine gave: results and side output in order.
#[derive(Default, Debug, PartialEq)]
struct Out {
    results: Vec<WindowResult>,
    late: Vec<LateEvent>,
}

impl Out {
    fn drain(&mut self, e: &mut Engine) {
        self.results.extend(e.drain_results());
        self.late.extend(e.drain_late());
    }
}

fn is_firing_limit(r: &Result<(), EngineError>) -> bool {
    matches!(
        r,
        Err(EngineError::FiringLimit {
            field: "maxPendingResults",
            ..
        })
    )
}

/// Runs `ops` (then a flush), draining whenever a call reports the results
/// limit and retrying the call until it succeeds; returns the output and how
/// many times firing paused. A `Snapshot` op restores from a snapshot.
fn run(config: Config, ops: &[Op], bound: usize) -> (Out, usize) {
    let mut e = Engine::new(config).unwrap();
    let mut out = Out::default();
    let mut pauses = 0;
    for op in ops.iter().copied().chain([Op::Advance(POS_INF)]) {
        match op {
            Op::Push(ev) => loop {
                match e.push(ev) {
                    Ok(_) => break,
                    Err(EngineError::LimitExceeded {
                        field: "maxPendingResults",
                        ..
                    }) => {
                        pauses += 1;
                        out.drain(&mut e);
                    }
                    Err(other) => panic!("push {ev:?}: {other}"),
                }
            },
            Op::Advance(t) => loop {
                let before = e.watermark();
                let r = if t == POS_INF {
                    e.flush()
                } else if config.time_domain == TimeDomain::Processing {
                    e.advance_processing_time(t)
                } else {
                    e.advance_watermark(t)
                };
                if r.is_ok() {
                    break;
                }
                assert!(is_firing_limit(&r), "{r:?}");
                assert!(e.firing_paused());
                // The watermark is kept: the new one, or the one a pause
                // began at (then this call's target waits).
                let wm = e.watermark();
                assert!(wm == t.max(before) || wm == before, "{wm} {before} {t}");
                pauses += 1;
                out.drain(&mut e);
            },
            Op::Drain => out.drain(&mut e),
            Op::Snapshot => {
                let paused = e.firing_paused();
                e = Engine::restore(&e.snapshot()).expect("restores");
                // Paused or not, the restored engine is the same.
                assert_eq!(e.firing_paused(), paused);
            }
        }
        // Bounded: firing stops at the limit; only the late firings of the
        // one push that was let in may go past it. (A restored engine has
        // the default limit: the snapshot does not store this one.)
        let max = e.config().limits.max_pending_results as usize;
        assert!(
            e.pending_results().len() <= max + bound,
            "{} pending, {config:?} after {op:?}",
            e.pending_results().len()
        );
    }
    out.drain(&mut e);
    assert!(!e.firing_paused());
    (out, pauses)
}

struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn stream(rng: &mut Rng, n: usize, keys: u64, snapshots: bool) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut clock = 0i64;
    for _ in 0..n {
        clock += rng.next(4) as i64;
        match rng.next(40) {
            0 => ops.push(Op::Advance(clock + rng.next(30) as i64 - 10)),
            1 | 2 => ops.push(Op::Drain),
            3 if snapshots => ops.push(Op::Snapshot),
            _ => {
                let jitter = rng.next(60) as i64 - 45; // some very late
                ops.push(Op::Push(Event {
                    arrival: Some(clock),
                    ..Event::new(
                        rng.next(keys) as u32,
                        clock + jitter,
                        rng.next(1000) as f64 / 8.0,
                    )
                }))
            }
        }
    }
    ops
}

#[test]
fn random_streams_with_a_small_limit_give_exactly_the_unlimited_output() {
    let windows = [
        (WindowSpec::tumbling(10), 1),
        (WindowSpec::sliding(40, 2), 20), // small slides: 20 windows per event
        (WindowSpec::sliding(30, 4), 8),  // slide does not divide the size
        (WindowSpec::sliding(5, 9), 1),   // gaps between windows
        (WindowSpec::session(6), 1),
    ];
    let mut rng = Rng(7);
    let mut pauses = 0;
    let mut paused_snapshots = 0;
    for (window, per_event) in windows {
        for domain in [TimeDomain::Event, TimeDomain::Processing] {
            for lateness in [0, 25] {
                for case in 0..12 {
                    let base = Config {
                        time_domain: domain,
                        ..Config::event_time(window, 5).with_lateness(lateness)
                    };
                    let ops = stream(&mut rng, 300, 1 + case % 9, case % 2 == 1);
                    let (want, none) = run(base, &ops, per_event);
                    assert_eq!(none, 0, "the default limit is never reached here");
                    assert!(!want.results.is_empty());
                    for max in [1, 3, 17] {
                        let (got, n) = run(limited(base, max), &ops, per_event);
                        assert_eq!(got, want, "{window:?} {domain:?} L={lateness} max={max}");
                        pauses += n;
                    }
                    // A snapshot right at each pause restores to the same output.
                    let mut cut = ops.clone();
                    let mut e = Engine::new(limited(base, 2)).unwrap();
                    let mut at = Vec::new();
                    for (i, op) in ops.iter().enumerate() {
                        if let Op::Push(ev) = op {
                            if e.push(*ev).is_err() {
                                e.drain_results();
                                e.push(*ev).ok();
                            }
                            if e.firing_paused() {
                                at.push(i + 1);
                            }
                        }
                    }
                    for i in at.into_iter().rev().take(3) {
                        cut.insert(i, Op::Snapshot);
                        paused_snapshots += 1;
                    }
                    let (got, _) = run(limited(base, 2), &cut, per_event);
                    assert_eq!(got, want, "{window:?} {domain:?} L={lateness} snapshots");
                }
            }
        }
    }
    // The limits were really hit, and snapshots were really taken paused.
    assert!(pauses > 1_000, "{pauses} pauses");
    assert!(paused_snapshots > 50, "{paused_snapshots} paused snapshots");
}

/// The case, scaled: sliding windows with a small slide over many
/// keys, then flush.
#[test]
fn flush_of_many_sliding_windows_stops_at_the_limit_and_resumes() {
    let config = Config::event_time(WindowSpec::sliding(10_000, 2), 0);
    let (mut free, mut e) = (
        Engine::new(config).unwrap(),
        Engine::new(limited(config, 1_000)).unwrap(),
    );
    for key in 0..60 {
        let ev = Event::new(key, 5_000 + key as i64, 1.0);
        free.push(ev).unwrap();
        e.push(ev).unwrap();
    }
    free.flush().unwrap();
    let want = free.drain_results();
    // Each event is in 5,000 windows.
    assert_eq!(want.len(), 300_000);

    let r = e.flush();
    match r {
        Err(EngineError::FiringLimit {
            field,
            limit,
            pending,
            watermark,
        }) => {
            assert_eq!(
                (field, limit, pending, watermark),
                ("maxPendingResults", 1_000, 1_000, POS_INF)
            );
        }
        other => panic!("{other:?}"),
    }
    let msg = e.flush().unwrap_err().to_string();
    assert!(
        msg.contains("maxPendingResults = 1000") && msg.contains("drain"),
        "{msg}"
    );
    assert_eq!(e.watermark(), POS_INF);
    // Nothing more fired while undrained.
    assert_eq!(e.pending_results().len(), 1_000);
    let mut got = e.drain_results();
    let mut rounds = 1;
    while let Err(err) = e.flush() {
        assert!(matches!(
            err,
            EngineError::FiringLimit { pending: 1_000, .. }
        ));
        got.extend(e.drain_results());
        rounds += 1;
    }
    got.extend(e.drain_results());
    // 300 fills of 1,000; the last one fits exactly, so that flush is Ok.
    assert_eq!(rounds, 299);
    assert_eq!(got, want);
    assert_eq!(e.stats().fired_on_time, 300_000);
    assert_eq!(e.stats().keys, 0, "purged once every window fired");
}

#[test]
fn a_push_that_fires_past_the_limit_is_accepted_and_the_next_push_resumes() {
    let config = limited(Config::event_time(WindowSpec::tumbling(10), 0), 2);
    let mut e = Engine::new(config).unwrap();
    for key in 0..5 {
        e.push(Event::new(key, 1, 1.0)).unwrap();
    }
    // Moves the watermark to 100: five windows are due, two fire.
    e.push(Event::new(9, 100, 1.0)).unwrap();
    assert_eq!(e.stats().events_in, 6);
    assert_eq!(e.watermark(), 100);
    assert!(e.firing_paused());
    assert_eq!(e.pending_results().len(), 2);
    // Undrained: the next event is refused and nothing changes.
    let refused = e.push(Event::new(9, 101, 1.0)).unwrap_err();
    assert!(
        matches!(
            refused,
            EngineError::LimitExceeded {
                field: "maxPendingResults",
                limit: 2,
                key: 9,
                time: 101
            }
        ),
        "{refused:?}"
    );
    assert_eq!(e.stats().events_in, 6);
    let first: Vec<u32> = e.drain_results().iter().map(|r| r.key).collect();
    assert_eq!(first, [0, 1]);
    // Drained once: it fires two more, and the push is refused again.
    assert!(e.push(Event::new(9, 101, 1.0)).is_err());
    let next: Vec<u32> = e.drain_results().iter().map(|r| r.key).collect();
    assert_eq!(next, [2, 3]);
    // Now the last due window fits, and the event is accepted after it.
    e.push(Event::new(9, 101, 1.0)).unwrap();
    assert!(!e.firing_paused());
    let last: Vec<(u32, i64)> = e
        .drain_results()
        .iter()
        .map(|r| (r.key, r.watermark))
        .collect();
    assert_eq!(last, [(4, 100)]);
    assert_eq!(e.stats().events_in, 7);
}

#[test]
fn an_advance_while_paused_first_finishes_at_the_old_watermark() {
    // Out-of-orderness 100: the pushes move no window to firing.
    let config = limited(Config::event_time(WindowSpec::tumbling(10), 100), 2);
    let mut e = Engine::new(config).unwrap();
    for (key, t) in [(0, 1), (1, 1), (2, 1), (0, 15), (1, 15)] {
        e.push(Event::new(key, t, 1.0)).unwrap();
    }
    assert!(e.advance_watermark(10).is_err());
    e.drain_results();
    // Advancing further finishes the windows due at 10 first; they carry
    // watermark 10 as without a limit, then the windows ending at 20 fire.
    assert!(e.advance_watermark(20).is_err());
    assert_eq!(e.watermark(), 20);
    let w: Vec<(u32, i64, i64)> = e
        .drain_results()
        .iter()
        .map(|r| (r.key, r.window.end, r.watermark))
        .collect();
    assert_eq!(w, [(2, 10, 10), (0, 20, 20)]);
    e.advance_watermark(20).unwrap();
    let w: Vec<(u32, i64, i64)> = e
        .drain_results()
        .iter()
        .map(|r| (r.key, r.window.end, r.watermark))
        .collect();
    assert_eq!(w, [(1, 20, 20)]);
}

#[test]
fn a_snapshot_taken_while_paused_re_arms_the_due_windows() {
    let config = Config::event_time(WindowSpec::session(5), 0).with_lateness(3);
    let mut e = Engine::new(limited(config, 2)).unwrap();
    let mut free = Engine::new(config).unwrap();
    for (key, t) in [(0, 1), (1, 2), (2, 3), (3, 4), (0, 30)] {
        e.push(Event::new(key, t, t as f64)).unwrap();
        free.push(Event::new(key, t, t as f64)).unwrap();
    }
    free.flush().unwrap();
    let want = free.drain_results();
    assert!(e.firing_paused());
    let first = e.drain_results();
    assert_eq!(first.len(), 2);
    let mut r = Engine::restore(&e.snapshot()).expect("a paused engine restores");
    assert!(r.firing_paused());
    // The due sessions of keys 2 and 3 fire at the next call.
    r.flush().unwrap();
    let mut got = first;
    got.extend(r.drain_results());
    assert_eq!(got, want);
}

/// Recomputes the length field and checksum after an edit.
fn reseal(mut b: Vec<u8>) -> Vec<u8> {
    let total = b.len() as u64;
    b[6..14].copy_from_slice(&total.to_le_bytes());
    let n = b.len() - 4;
    let crc = crc32fast::hash(&b[..n]);
    b[n..].copy_from_slice(&crc.to_le_bytes());
    b
}

/// The message restoring `b` (resealed) is refused with.
fn refused(b: Vec<u8>) -> String {
    match Engine::restore(&reseal(b)) {
        Ok(_) => panic!("restored"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_paused_byte_is_needed_for_due_windows_and_needs_them() {
    let config = limited(Config::event_time(WindowSpec::sliding(10, 2), 0), 3);
    let mut e = Engine::new(config).unwrap();
    for key in 0..4 {
        e.push(Event::new(key, 1, 1.0)).unwrap();
    }
    assert!(e.advance_watermark(50).is_err());
    let paused = e.snapshot();
    // Without its last byte (the flag), the due windows are refused.
    let mut cut = paused.clone();
    cut.remove(cut.len() - 5);
    let msg = refused(cut);
    assert!(msg.contains("purged at watermark 50"), "{msg}");
    // The flag on an engine that is not paused is refused too.
    e.drain_results();
    while e.advance_watermark(50).is_err() {
        e.drain_results();
    }
    let mut b = e.snapshot();
    b.insert(b.len() - 4, 1);
    let msg = refused(b);
    assert!(msg.contains("no window is due"), "{msg}");
    // A bad flag value.
    let mut b = paused.clone();
    let at = b.len() - 5;
    b[at] = 2;
    let msg = refused(b);
    assert!(msg.contains("bad firing-paused tag 2"), "{msg}");
}
