//! One test per rule of `SEMANTICS.md` "Many sources, idle sources (v2)":
//! the min over sources, declared sources that stall the watermark, the
//! idle timeout on the processing clock, the all-idle rule, `W` never
//! decreasing, `advance_watermark`/`flush` as before, per-source stats.
//! Expected values are worked by hand in the comments.

use weir_core::{Config, Engine, Event, Firing, Outcome, SourceStats, WindowSpec};

const ON: Firing = Firing::OnTime;
const INF: i64 = i64::MAX;
const NEG_INF: i64 = i64::MIN;

/// An event from `source`, without arrival time.
fn from(source: u32, key: u32, t: i64) -> Event {
    Event {
        source,
        ..Event::new(key, t, 1.0)
    }
}

/// An event from `source` that arrived at `arrival`.
fn arrived(source: u32, key: u32, t: i64, arrival: i64) -> Event {
    Event {
        arrival: Some(arrival),
        ..from(source, key, t)
    }
}

fn engine(c: Config) -> Engine {
    Engine::new(c).expect("valid config")
}

fn tumbling(size: i64, d: i64) -> Config {
    Config::event_time(WindowSpec::tumbling(size), d)
}

/// (key, start, end, count, firing, watermark)
type R = (u32, i64, i64, u64, Firing, i64);

fn results(e: &mut Engine) -> Vec<R> {
    e.drain_results()
        .iter()
        .map(|r| {
            (
                r.key,
                r.window.start,
                r.window.end,
                r.agg.count,
                r.firing,
                r.watermark,
            )
        })
        .collect()
}

fn push(e: &mut Engine, ev: Event) -> Outcome {
    e.push(ev).expect("push")
}

/// (source, watermark, max event time, last arrival, idle, holds back)
type S = (u32, i64, i64, i64, bool, bool);

fn sources(e: &Engine) -> Vec<S> {
    e.source_stats()
        .iter()
        .map(|s: &SourceStats| {
            (
                s.source,
                s.watermark,
                s.max_event_time,
                s.last_arrival,
                s.idle,
                s.holds_back,
            )
        })
        .collect()
}

/// `W = min` over the active sources: a fast source does not fire windows
/// a slow one still feeds.
#[test]
fn watermark_is_the_min_over_sources() {
    // Tumbling 10 s, d = 1 s.
    let mut e = engine(tumbling(10_000, 1_000));
    push(&mut e, from(0, 1, 1_000)); // W_0 = 0; only source: W = 0
    assert_eq!(e.watermark(), 0);
    push(&mut e, from(1, 1, 500)); // W_1 = -500: min -500, W stays 0
    assert_eq!(e.watermark(), 0);
    // One source alone would give W = 11000 and fire [0, 10000) here; the
    // min over both is W_1 = -500.
    push(&mut e, from(0, 1, 12_000));
    assert_eq!(e.watermark(), 0);
    assert!(results(&mut e).is_empty());
    // W_1 = 10500, W_0 = 11000: W = 10500 fires [0, 10000) with 2 events.
    push(&mut e, from(1, 1, 11_500));
    assert_eq!(e.watermark(), 10_500);
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 2, ON, 10_500)]);
    assert_eq!(
        sources(&e),
        vec![
            (0, 11_000, 12_000, NEG_INF, false, false),
            (1, 10_500, 11_500, NEG_INF, false, true),
        ]
    );
    assert_eq!(e.held_back_by(), Some(1));
}

/// `sources: N` declares 0..N-1, each holding `W` at `-inf` until it
/// sends: the classic stalled job.
#[test]
fn a_declared_source_that_never_sends_stalls_the_watermark() {
    let mut e = engine(Config {
        sources: 2,
        ..tumbling(10_000, 1_000)
    });
    for t in [1_000, 15_000, 30_000] {
        assert_eq!(push(&mut e, from(0, 7, t)), Outcome::Assigned);
    }
    assert_eq!(e.watermark(), NEG_INF);
    assert!(results(&mut e).is_empty());
    assert_eq!(
        sources(&e),
        vec![
            (0, 29_000, 30_000, NEG_INF, false, false),
            (1, NEG_INF, NEG_INF, NEG_INF, false, true),
        ]
    );
    // Source 1 sends at 2000: W_1 = 1000, W = 1000; nothing ends by then.
    push(&mut e, from(1, 7, 2_000));
    assert_eq!(e.watermark(), 1_000);
    assert!(results(&mut e).is_empty());
    // At 20500 (W_1 = 19500) [0, 10000) fires; [10000, 20000) needs 20000.
    push(&mut e, from(1, 7, 20_500));
    assert_eq!(e.watermark(), 19_500);
    assert_eq!(results(&mut e), vec![(7, 0, 10_000, 2, ON, 19_500)]);
    push(&mut e, from(1, 7, 21_000));
    assert_eq!(results(&mut e), vec![(7, 10_000, 20_000, 1, ON, 20_000)]);
}

/// A declared source that never sent counts its silence from the first
/// arrival the engine saw; once idle it leaves the min, judged on the
/// moved clock before the arriving event is assigned.
#[test]
fn idle_timeout_releases_a_stalled_watermark_on_push() {
    // Two declared sources, idle after 5000 ms, d = 1000.
    let mut e = engine(Config {
        sources: 2,
        idle_timeout: Some(5_000),
        ..tumbling(10_000, 1_000)
    });
    push(&mut e, arrived(0, 7, 1_000, 100)); // first arrival: 100
    push(&mut e, arrived(0, 7, 15_000, 3_000));
    // Clock 5099: source 1 is due idle at 100 + 5000 = 5100, not yet.
    push(&mut e, arrived(0, 7, 16_000, 5_099));
    assert_eq!(e.watermark(), NEG_INF);
    // Clock 5100: source 1 goes idle (source 0, last at 5099, is not).
    // W = W_0 = 16000 - 1000 = 15000 fires [0, 10000) before the event is
    // assigned; then the event (30000) makes W_0 = 29000, which fires
    // [10000, 20000) (events at 15000 and 16000).
    push(&mut e, arrived(0, 7, 30_000, 5_100));
    assert_eq!(
        results(&mut e),
        vec![
            (7, 0, 10_000, 1, ON, 15_000),
            (7, 10_000, 20_000, 2, ON, 29_000)
        ]
    );
    assert_eq!(e.watermark(), 29_000);
    assert_eq!(
        sources(&e),
        vec![
            (0, 29_000, 30_000, 5_100, false, true),
            (1, NEG_INF, NEG_INF, NEG_INF, true, false),
        ]
    );
}

/// `advance_processing_time` moves the processing clock in event time
/// too, and idleness is judged on it.
#[test]
fn idle_timeout_releases_the_watermark_on_advance_processing_time() {
    let mut e = engine(Config {
        sources: 2,
        idle_timeout: Some(5_000),
        ..tumbling(10_000, 1_000)
    });
    push(&mut e, arrived(0, 7, 1_000, 100));
    push(&mut e, arrived(0, 7, 15_000, 3_000));
    e.advance_processing_time(5_099).unwrap();
    assert_eq!(e.watermark(), NEG_INF);
    // At 5100 source 1 (silent since the first arrival, 100) is idle;
    // source 0 (last at 3000) is due at 8000. W = W_0 = 14000.
    e.advance_processing_time(5_100).unwrap();
    assert_eq!(e.watermark(), 14_000);
    assert_eq!(results(&mut e), vec![(7, 0, 10_000, 1, ON, 14_000)]);
    // At 8000 source 0 goes idle too: every source idle, W = the largest
    // W_s = 14000 (unchanged), held back by none.
    e.advance_processing_time(8_000).unwrap();
    assert_eq!(e.watermark(), 14_000);
    assert_eq!(
        sources(&e),
        vec![
            (0, 14_000, 15_000, 3_000, true, false),
            (1, NEG_INF, NEG_INF, NEG_INF, true, false),
        ]
    );
    assert_eq!(e.held_back_by(), None);
}

/// When every source is idle, `W` is the largest `W_s`.
#[test]
fn all_idle_sources_give_the_largest_source_watermark() {
    // Tumbling 4 s, d = 0, idle after 1000 ms.
    let mut e = engine(Config {
        idle_timeout: Some(1_000),
        ..tumbling(4_000, 0)
    });
    push(&mut e, arrived(0, 1, 5_000, 0)); // W_0 = 5000, W = 5000
    assert_eq!(e.watermark(), 5_000);
    // Source 1 joins at 3000: the min falls to 3000, but W stays 5000,
    // so its event is past [0, 4000)'s lateness (4000 + 0 <= 5000).
    assert_eq!(push(&mut e, arrived(1, 2, 3_000, 0)), Outcome::SideOutput);
    assert_eq!(e.watermark(), 5_000);
    assert!(results(&mut e).is_empty());
    push(&mut e, arrived(0, 1, 9_000, 500)); // W_0 = 9000, min 3000
    assert_eq!(e.watermark(), 5_000);
    // Clock 1000: source 1 (last at 0) is idle, source 0 (last at 500)
    // not: W = 9000 fires [4000, 8000) of key 1.
    e.advance_processing_time(1_000).unwrap();
    assert_eq!(e.watermark(), 9_000);
    assert_eq!(results(&mut e), vec![(1, 4_000, 8_000, 1, ON, 9_000)]);
    // Clock 1500: both idle; W = max(9000, 3000) = 9000.
    e.advance_processing_time(1_500).unwrap();
    assert_eq!(e.watermark(), 9_000);
    assert!(sources(&e).iter().all(|s| s.4), "{:?}", sources(&e));
}

/// All idle from the start (declared, never sent): W = the largest `W_s`.
#[test]
fn all_idle_with_one_source_that_sent_gives_its_watermark() {
    // Three declared sources; only 2 sends. Idle after 100 ms.
    let mut e = engine(Config {
        sources: 3,
        idle_timeout: Some(100),
        ..tumbling(1_000, 0)
    });
    push(&mut e, arrived(2, 4, 2_500, 50));
    assert_eq!(e.watermark(), NEG_INF);
    // Clock 150: sources 0 and 1 (silent since 50) are idle; 2 (last at
    // 50) too: all idle, W = max(W_2, -inf, -inf) = 2500.
    e.advance_processing_time(150).unwrap();
    assert_eq!(e.watermark(), 2_500);
    assert!(results(&mut e).is_empty(), "[2000, 3000) ends after 2500");
    // Source 0 comes back at 3100: the only active one, W = 3100.
    push(&mut e, arrived(0, 4, 3_100, 160));
    assert_eq!(e.watermark(), 3_100);
    assert_eq!(results(&mut e), vec![(4, 2_000, 3_000, 1, ON, 3_100)]);
}

/// `W` never decreases: a source that comes back behind `W` finds its old
/// events judged against `W` (here the side output).
#[test]
fn a_source_back_behind_the_watermark_finds_its_events_late() {
    // Tumbling 10 s, d = 0, L = 0, idle after 1000 ms.
    let mut e = engine(Config {
        idle_timeout: Some(1_000),
        ..tumbling(10_000, 0)
    });
    push(&mut e, arrived(0, 1, 1_000, 0));
    push(&mut e, arrived(1, 1, 1_000, 0)); // W = min(1000, 1000)
    push(&mut e, arrived(0, 1, 25_000, 500)); // min(25000, 1000)
    assert_eq!(e.watermark(), 1_000);
    // Clock 1000: source 1 (last at 0) idle; W = 25000 fires [0, 10000)
    // (2 events) before the event at 26000 is assigned.
    push(&mut e, arrived(0, 1, 26_000, 1_000));
    assert_eq!(e.watermark(), 26_000);
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 2, ON, 25_000)]);
    // Source 1 comes back with an event at 5000: [0, 10000) is past its
    // lateness (10000 <= 26000), so the side output, at W = 26000.
    assert_eq!(
        push(&mut e, arrived(1, 1, 5_000, 1_200)),
        Outcome::SideOutput
    );
    let late: Vec<(u32, i64, i64)> = e
        .drain_late()
        .iter()
        .map(|l| (l.key, l.time, l.watermark))
        .collect();
    assert_eq!(late, vec![(1, 5_000, 26_000)]);
    // It is active again at W_1 = 5000: W stays 26000, and source 1 holds
    // it back (W cannot rise until source 1 passes 26000).
    assert_eq!(e.watermark(), 26_000);
    assert_eq!(
        sources(&e),
        vec![
            (0, 26_000, 26_000, 1_000, false, false),
            (1, 5_000, 5_000, 1_200, false, true),
        ]
    );
    // Source 1 at 28000: min(26000, 28000) = 26000 = W; source 0 holds it.
    push(&mut e, arrived(1, 1, 28_000, 1_300));
    assert_eq!(e.watermark(), 26_000);
    assert_eq!(e.held_back_by(), Some(0));
    assert!(results(&mut e).is_empty());
}

/// A new source joining with a smaller watermark never lowers `W`.
#[test]
fn a_new_source_never_lowers_the_watermark() {
    let mut e = engine(tumbling(10_000, 0));
    push(&mut e, from(0, 1, 1_000));
    push(&mut e, from(0, 1, 10_000)); // W = 10000 fires [0, 10000)
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 1, ON, 10_000)]);
    // Source 1 at 2000: late for [0, 10000): side output at W = 10000.
    assert_eq!(push(&mut e, from(1, 1, 2_000)), Outcome::SideOutput);
    assert_eq!(e.watermark(), 10_000);
    // Source 0 races on to 30000; source 1's W_1 = 2000 holds W at 10000.
    push(&mut e, from(0, 1, 30_000));
    assert_eq!(e.watermark(), 10_000);
    assert!(results(&mut e).is_empty());
    // Source 1 at 21000: W = min(30000, 21000) fires [10000, 20000).
    push(&mut e, from(1, 1, 21_000));
    assert_eq!(e.watermark(), 21_000);
    assert_eq!(results(&mut e), vec![(1, 10_000, 20_000, 1, ON, 21_000)]);
    let s = e.stats();
    assert_eq!(
        (s.events_in, s.assigned, s.side_output, s.max_event_time),
        (5, 4, 1, 30_000)
    );
}

/// `advance_watermark(t)` and `flush()` act on `W` as before, also while a
/// declared source stalls it; the per-source watermarks stay their own.
#[test]
fn advance_watermark_and_flush_act_on_w_as_before() {
    let mut e = engine(Config {
        sources: 3,
        ..tumbling(10_000, 0)
    });
    push(&mut e, from(0, 1, 1_000));
    assert_eq!(e.watermark(), NEG_INF);
    e.advance_watermark(10_000).unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 1, ON, 10_000)]);
    push(&mut e, from(0, 1, 20_000)); // sources 1 and 2 still -inf
    assert_eq!(e.watermark(), 10_000);
    e.advance_watermark(5_000).unwrap(); // backwards: ignored
    assert_eq!(e.watermark(), 10_000);
    assert_eq!(e.held_back_by(), Some(1));
    e.flush().unwrap();
    assert_eq!(e.watermark(), INF);
    assert_eq!(results(&mut e), vec![(1, 20_000, 30_000, 1, ON, INF)]);
    assert_eq!(e.held_back_by(), None);
    assert_eq!(
        sources(&e)[0],
        (0, 20_000, 20_000, NEG_INF, false, false),
        "W_0 is its own after flush"
    );
}

/// With one source and no declaration the engine is on the v1 path; its
/// stats list source 0 with the engine's own numbers.
#[test]
fn one_source_stats_are_the_engines() {
    let mut e = engine(tumbling(10_000, 2_000));
    assert!(e.source_stats().is_empty());
    push(&mut e, arrived(0, 3, 14_000, 700));
    push(&mut e, arrived(0, 3, 12_000, 650)); // arrival behind: clock 700
    assert_eq!(sources(&e), vec![(0, 12_000, 14_000, 700, false, true)]);
    // Switching to the per-source table keeps source 0's numbers.
    push(&mut e, arrived(5, 3, 13_000, 800)); // W_5 = 11000 < W = 12000
    assert_eq!(e.watermark(), 12_000);
    assert_eq!(
        sources(&e),
        vec![
            (0, 12_000, 14_000, 700, false, false),
            (5, 11_000, 13_000, 800, false, true),
        ]
    );
}

/// Declared sources and idleness are event-time settings.
#[test]
fn sources_and_idleness_are_refused_in_processing_time() {
    for c in [
        Config {
            sources: 2,
            ..Config::processing_time(WindowSpec::tumbling(1_000))
        },
        Config {
            idle_timeout: Some(10),
            ..Config::processing_time(WindowSpec::tumbling(1_000))
        },
    ] {
        let msg = Engine::new(c).unwrap_err().to_string();
        assert!(msg.contains("event time only"), "{msg}");
    }
}

/// Sessions follow the same watermark: the min over sources decides when
/// a session closes.
#[test]
fn sessions_close_at_the_min_over_sources() {
    // Session gap 1000, d = 0.
    let mut e = engine(Config::event_time(WindowSpec::session(1_000), 0));
    push(&mut e, from(0, 9, 0));
    push(&mut e, from(1, 9, 500)); // W = min(0, 500) = 0... stays 0
    push(&mut e, from(0, 9, 5_000)); // min(5000, 500) = 500
    assert_eq!(e.watermark(), 500);
    assert!(results(&mut e).is_empty(), "[0, 1500) ends after 500");
    push(&mut e, from(1, 9, 6_000)); // min(5000, 6000) = 5000
    assert_eq!(results(&mut e), vec![(9, 0, 1_500, 2, ON, 5_000)]);
}

/// Source ids are any u32, in any order: the stats list them by id, and
/// the min is over all of them.
#[test]
fn sparse_source_ids_in_any_order() {
    let mut e = engine(tumbling(1_000, 0));
    push(&mut e, from(4_000_000_000, 1, 900));
    push(&mut e, from(7, 1, 700));
    push(&mut e, from(70_000, 1, 800));
    push(&mut e, from(7, 1, 950)); // min(900, 950, 800) = 800 < W
    assert_eq!(e.watermark(), 900, "W rose to 900 with the first event");
    push(&mut e, from(4_000_000_000, 1, 2_000));
    push(&mut e, from(70_000, 1, 1_500)); // min(2000, 950, 1500) = 950
    assert_eq!(e.watermark(), 950);
    push(&mut e, from(7, 1, 3_000)); // min(2000, 3000, 1500) = 1500
    assert_eq!(e.watermark(), 1_500);
    let ids: Vec<(u32, i64, bool)> = e
        .source_stats()
        .iter()
        .map(|s| (s.source, s.watermark, s.holds_back))
        .collect();
    assert_eq!(
        ids,
        vec![
            (7, 3_000, false),
            (70_000, 1_500, true),
            (4_000_000_000, 2_000, false)
        ]
    );
}

/// Idleness that raises `W` before the event is assigned can fire more
/// than `maxPendingResults`: the event is then refused (nothing of it is
/// accepted), the due windows wait, and after a drain the same push goes
/// through with nothing lost.
#[test]
fn an_idle_release_past_the_result_limit_refuses_the_event_until_drained() {
    let mut e = engine(Config {
        sources: 2,
        idle_timeout: Some(100),
        limits: weir_core::Limits {
            max_pending_results: 1,
            ..weir_core::Limits::default()
        },
        ..tumbling(1_000, 0)
    });
    push(&mut e, arrived(0, 1, 500, 0));
    push(&mut e, arrived(0, 2, 600, 0));
    push(&mut e, arrived(0, 1, 5_000, 0));
    assert_eq!(e.watermark(), NEG_INF, "source 1 never sent");
    // Clock 100: both sources idle (silent since 0): W = 5000 makes
    // [0, 1000) of keys 1 and 2 due; the first fills the limit.
    let next = arrived(0, 1, 5_100, 100);
    let err = e.push(next).unwrap_err().to_string();
    assert!(err.contains("maxPendingResults"), "{err}");
    assert_eq!(results(&mut e), vec![(1, 0, 1_000, 1, ON, 5_000)]);
    assert_eq!(e.stats().events_in, 3, "the refused event was not counted");
    // The next try fires key 2 first and is refused again (the limit is
    // full with it); after that drain it goes through.
    assert!(e.push(next).is_err());
    assert_eq!(results(&mut e), vec![(2, 0, 1_000, 1, ON, 5_000)]);
    assert_eq!(push(&mut e, next), Outcome::Assigned);
    assert_eq!(e.watermark(), 5_100, "source 0 is active again: W = 5100");
    assert_eq!(e.stats().events_in, 4);
}
