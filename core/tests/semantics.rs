//! One test per rule of `SEMANTICS.md` (the contract, following Apache
//! Flink's event-time windows). Expected values are written out literally:
//! each test is a small worked example that can be checked by hand.

use weir_core::{
    Config, Engine, EngineError, Event, Firing, LateEvent, Limits, Outcome, Stats, TimeDomain,
    Window, WindowSpec, WindowState,
};

const ON: Firing = Firing::OnTime;
const LATE: Firing = Firing::Late;
/// The watermark after `flush()`.
const INF: i64 = i64::MAX;
/// The watermark before the first event.
const NEG_INF: i64 = i64::MIN;
/// 2^53: the largest JavaScript-safe integer magnitude.
const JS_MAX: i64 = 1 << 53;

fn ev(key: u32, t: i64, v: f64) -> Event {
    Event::new(key, t, v)
}

fn at(key: u32, t: i64, v: f64, arrival: i64) -> Event {
    Event {
        arrival: Some(arrival),
        ..Event::new(key, t, v)
    }
}

fn w(start: i64, end: i64) -> Window {
    Window { start, end }
}

fn engine(c: Config) -> Engine {
    Engine::new(c).expect("valid config")
}

fn tumbling(size: i64, d: i64, l: i64) -> Engine {
    engine(Config::event_time(WindowSpec::tumbling(size), d).with_lateness(l))
}

/// (key, start, end, count, sum, firing, watermark)
type R = (u32, i64, i64, u64, f64, Firing, i64);

fn results(e: &mut Engine) -> Vec<R> {
    e.drain_results()
        .iter()
        .map(|r| {
            (
                r.key,
                r.window.start,
                r.window.end,
                r.agg.count,
                r.agg.sum,
                r.firing,
                r.watermark,
            )
        })
        .collect()
}

/// (key, time, value, watermark at arrival)
fn late(e: &mut Engine) -> Vec<(u32, i64, f64, i64)> {
    e.drain_late()
        .iter()
        .map(|l: &LateEvent| (l.key, l.time, l.value, l.watermark))
        .collect()
}

fn push(e: &mut Engine, events: &[Event]) -> Vec<Outcome> {
    events.iter().map(|x| e.push(*x).expect("push")).collect()
}

fn err_text(r: weir_core::Result<impl std::fmt::Debug>) -> String {
    r.expect_err("expected an error").to_string()
}

// ---------------------------------------------------------------------------
// Time and events
// ---------------------------------------------------------------------------

/// Times are i64 ms, negative included; windows align on 0 with floor
/// division, also below 0; the watermark may be negative.
#[test]
fn time_negative_times_floor_align_and_negative_watermark() {
    let mut e = tumbling(10_000, 0, 0);
    let out = push(
        &mut e,
        &[
            ev(1, -10_001, 1.0), // [-20000, -10000)
            ev(1, -10_000, 2.0), // [-10000, 0)
            ev(1, -1, 4.0),      // [-10000, 0)
            ev(1, 0, 8.0),       // [0, 10000)
        ],
    );
    assert_eq!(out, vec![Outcome::Assigned; 4]);
    // W = 0 - 0 = 0 fired [-20000,-10000) at W = -10000 and [-10000, 0) at W = 0.
    assert_eq!(
        results(&mut e),
        vec![
            (1, -20_000, -10_000, 1, 1.0, ON, -10_000),
            (1, -10_000, 0, 2, 6.0, ON, 0),
        ]
    );
    assert_eq!(e.watermark(), 0);
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 1, 8.0, ON, INF)]);

    // A negative watermark: max -25000, d 1000 -> W = -26000.
    let mut e = tumbling(10_000, 1_000, 0);
    e.push(ev(3, -25_000, 1.0)).unwrap();
    assert_eq!(e.watermark(), -26_000);
    assert_eq!(e.stats().watermark, -26_000);
    // An event late against a negative watermark goes to the side output.
    assert_eq!(e.push(ev(3, -30_001, 5.0)).unwrap(), Outcome::SideOutput);
    assert_eq!(late(&mut e), vec![(3, -30_001, 5.0, -26_000)]);
}

/// Times within +/-2^53 are accepted, anything else is an error naming the
/// field and value.
#[test]
fn time_range_is_plus_minus_2_pow_53() {
    let mut e = tumbling(1_000, 0, 0);
    assert_eq!(e.push(ev(1, -JS_MAX, 1.0)).unwrap(), Outcome::Assigned);
    assert_eq!(e.push(ev(1, JS_MAX, 1.0)).unwrap(), Outcome::Assigned);
    let msg = err_text(e.push(ev(1, JS_MAX + 1, 1.0)));
    assert!(msg.contains("time = 9007199254740993"), "{msg}");
    let msg = err_text(e.push(ev(1, -JS_MAX - 1, 1.0)));
    assert!(msg.contains("time = -9007199254740993"), "{msg}");
    assert_eq!(e.stats().events_in, 2);
    e.flush().unwrap();
    let r = results(&mut e);
    assert_eq!(
        r,
        vec![
            // 2^53 = 9007199254740992 is not a multiple of 1000: floor.
            (
                1,
                -9_007_199_254_741_000,
                -9_007_199_254_740_000,
                1,
                1.0,
                ON,
                JS_MAX
            ),
            (
                1,
                9_007_199_254_740_000,
                9_007_199_254_741_000,
                1,
                1.0,
                ON,
                INF
            ),
        ]
    );
}

/// Events with the same timestamp (same key or not) are all counted; an event
/// exactly on a window end belongs to the next window.
#[test]
fn time_duplicate_timestamps_all_count() {
    let mut e = tumbling(10_000, 0, 0);
    push(
        &mut e,
        &[
            ev(1, 5_000, 1.0),
            ev(1, 5_000, 2.0),
            ev(1, 5_000, 3.0),
            ev(2, 5_000, 10.0),
            ev(1, 10_000, 100.0),
            ev(1, 10_000, 100.0),
        ],
    );
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 10_000, 3, 6.0, ON, 10_000),
            (2, 0, 10_000, 1, 10.0, ON, 10_000)
        ]
    );
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![(1, 10_000, 20_000, 2, 200.0, ON, INF)]
    );

    let mut e = engine(Config::event_time(WindowSpec::session(3_000), 0));
    push(&mut e, &[ev(1, 7, 1.0), ev(1, 7, 1.0), ev(1, 7, 1.0)]);
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(1, 7, 3_007, 3, 3.0, ON, INF)]);
}

// ---------------------------------------------------------------------------
// Windows
// ---------------------------------------------------------------------------

/// Tumbling: start = floor((t - offset) / size) * size + offset.
#[test]
fn tumbling_floor_alignment_with_offsets() {
    let t = WindowSpec::tumbling(10_000);
    assert_eq!(t.windows_for(0), vec![w(0, 10_000)]);
    assert_eq!(t.windows_for(9_999), vec![w(0, 10_000)]);
    assert_eq!(t.windows_for(10_000), vec![w(10_000, 20_000)]);
    assert_eq!(t.windows_for(-1), vec![w(-10_000, 0)]);
    assert_eq!(t.windows_for(-10_000), vec![w(-10_000, 0)]);
    assert_eq!(t.windows_for(-10_001), vec![w(-20_000, -10_000)]);

    let pos = WindowSpec::Tumbling {
        size: 10,
        offset: 3,
    };
    assert_eq!(pos.windows_for(2), vec![w(-7, 3)]);
    assert_eq!(pos.windows_for(3), vec![w(3, 13)]);
    assert_eq!(pos.windows_for(-7), vec![w(-7, 3)]);
    assert_eq!(pos.windows_for(-8), vec![w(-17, -7)]);

    let neg = WindowSpec::Tumbling {
        size: 10,
        offset: -3,
    };
    assert_eq!(neg.windows_for(0), vec![w(-3, 7)]);
    assert_eq!(neg.windows_for(7), vec![w(7, 17)]);
    assert_eq!(neg.windows_for(-4), vec![w(-13, -3)]);

    // An offset larger than the size aligns the same as offset mod size.
    let big = WindowSpec::Tumbling {
        size: 10,
        offset: 23,
    };
    assert_eq!(big.windows_for(2), vec![w(-7, 3)]);

    // The engine fires exactly these windows.
    let mut e = engine(Config::event_time(neg, 0));
    push(
        &mut e,
        &[ev(1, -4, 1.0), ev(1, 0, 2.0), ev(1, 6, 4.0), ev(1, 7, 8.0)],
    );
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, -13, -3, 1, 1.0, ON, 0),
            (1, -3, 7, 2, 6.0, ON, 7),
            (1, 7, 17, 1, 8.0, ON, INF),
        ]
    );
}

/// Sliding: size / slide windows per event when the slide divides the size.
#[test]
fn sliding_dividing_slide_gives_size_over_slide_windows() {
    let s = WindowSpec::sliding(10_000, 2_000);
    assert_eq!(
        s.windows_for(1_000),
        vec![
            w(-8_000, 2_000),
            w(-6_000, 4_000),
            w(-4_000, 6_000),
            w(-2_000, 8_000),
            w(0, 10_000)
        ]
    );
    assert_eq!(s.windows_for(-1).len(), 5);
    assert_eq!(s.windows_for(-1)[0], w(-10_000, 0));
    for t in -3_000..3_000 {
        assert_eq!(s.windows_for(t).len(), 5, "t = {t}");
    }
    // With an offset: starts are 500 (mod 2000).
    let o = WindowSpec::Sliding {
        size: 4_000,
        slide: 2_000,
        offset: 500,
    };
    assert_eq!(o.windows_for(0), vec![w(-3_500, 500), w(-1_500, 2_500)]);

    // The engine: one event lands in five windows.
    let mut e = engine(Config::event_time(s, 0));
    e.push(ev(1, 1_000, 3.0)).unwrap();
    e.flush().unwrap();
    let r = results(&mut e);
    assert_eq!(
        r,
        vec![
            (1, -8_000, 2_000, 1, 3.0, ON, INF),
            (1, -6_000, 4_000, 1, 3.0, ON, INF),
            (1, -4_000, 6_000, 1, 3.0, ON, INF),
            (1, -2_000, 8_000, 1, 3.0, ON, INF),
            (1, 0, 10_000, 1, 3.0, ON, INF),
        ]
    );
}

/// Sliding with a slide that does not divide the size: floor or ceil of
/// size / slide windows, size / slide on average.
#[test]
fn sliding_non_dividing_slide_gives_floor_or_ceil() {
    let s = WindowSpec::sliding(10_000, 3_000);
    assert_eq!(
        s.windows_for(0),
        vec![
            w(-9_000, 1_000),
            w(-6_000, 4_000),
            w(-3_000, 7_000),
            w(0, 10_000)
        ]
    );
    assert_eq!(
        s.windows_for(1_000),
        vec![w(-6_000, 4_000), w(-3_000, 7_000), w(0, 10_000)]
    );
    // Over one full period of the slide, the counts sum to size: average 10/3.
    let mut total = 0;
    for t in -6_000..-3_000 {
        let n = s.windows_for(t).len();
        assert!(n == 3 || n == 4, "t = {t}: {n}");
        total += n;
    }
    assert_eq!(total, 10_000);
    // 1000 ms of 3000 have 4 windows, the rest 3.
    assert_eq!(
        (0..3_000).filter(|&t| s.windows_for(t).len() == 4).count(),
        1_000
    );

    // The engine agrees: t = 999 in 4 windows, t = 1000 in 3.
    let mut e = engine(Config::event_time(s, 0));
    e.push(ev(1, 999, 1.0)).unwrap();
    e.push(ev(2, 1_000, 1.0)).unwrap();
    e.flush().unwrap();
    let r = results(&mut e);
    assert_eq!(r.iter().filter(|x| x.0 == 1).count(), 4);
    assert_eq!(r.iter().filter(|x| x.0 == 2).count(), 3);
}

/// slide > size: events between windows are in no window; counted unassigned
/// when not late by their own time, side output when late (t + L < W).
#[test]
fn sliding_slide_greater_than_size_leaves_gaps() {
    let s = WindowSpec::sliding(2_000, 5_000);
    assert_eq!(s.windows_for(0), vec![w(0, 2_000)]);
    assert_eq!(s.windows_for(1_999), vec![w(0, 2_000)]);
    assert!(s.windows_for(2_000).is_empty());
    assert!(s.windows_for(4_999).is_empty());
    assert_eq!(s.windows_for(5_000), vec![w(5_000, 7_000)]);
    assert!(s.windows_for(-1).is_empty());
    assert_eq!(s.windows_for(-5_000), vec![w(-5_000, -3_000)]);

    let mut e = engine(Config::event_time(s, 0).with_lateness(2_000));
    assert_eq!(e.push(ev(1, 3_000, 1.0)).unwrap(), Outcome::Unassigned);
    assert_eq!(e.push(ev(1, 30_000, 1.0)).unwrap(), Outcome::Assigned); // W = 30000
    assert_eq!(e.watermark(), 30_000);
    // [25000, 27000) is past end + L = 29000 <= 30000; 27000..30000 is a gap.
    assert_eq!(e.push(ev(1, 27_999, 1.0)).unwrap(), Outcome::SideOutput); // 29999 < 30000
    assert_eq!(e.push(ev(1, 28_000, 1.0)).unwrap(), Outcome::Unassigned); // 30000 < 30000 no
    assert_eq!(e.push(ev(1, 28_500, 1.0)).unwrap(), Outcome::Unassigned);
    assert_eq!(e.push(ev(1, 2_500, 7.0)).unwrap(), Outcome::SideOutput);
    assert_eq!(
        late(&mut e),
        vec![(1, 27_999, 1.0, 30_000), (1, 2_500, 7.0, 30_000)]
    );
    let st = e.stats();
    assert_eq!(
        (st.events_in, st.assigned, st.unassigned, st.side_output),
        (6, 1, 3, 2)
    );
    assert!(results(&mut e).is_empty());
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(1, 30_000, 32_000, 1, 1.0, ON, INF)]);
}

/// Sessions: windows that overlap merge; a session ends at last event + gap.
#[test]
fn session_merges_on_overlap_and_bridging() {
    let mut e = engine(Config::event_time(WindowSpec::session(3_000), 100_000));
    push(
        &mut e,
        &[
            ev(1, 0, 1.0),
            ev(1, 1_000, 2.0),
            ev(1, 500, 4.0), // inside [0, 4000)
            ev(1, 7_000, 8.0),
            ev(1, 20_000, 16.0),
        ],
    );
    let sessions: Vec<Window> = e.open_windows().iter().map(|o| o.window).collect();
    assert_eq!(
        sessions,
        vec![w(0, 4_000), w(7_000, 10_000), w(20_000, 23_000)]
    );
    // 3500 proposes [3500, 6500): overlaps [0, 4000), and 7000 - 6500 = 500 apart, no touch.
    e.push(ev(1, 3_500, 32.0)).unwrap();
    // 4000 proposes [4000, 7000): touches [0, 6500) and [7000, 10000): all one.
    e.push(ev(1, 4_000, 64.0)).unwrap();
    let sessions: Vec<Window> = e.open_windows().iter().map(|o| o.window).collect();
    assert_eq!(sessions, vec![w(0, 10_000), w(20_000, 23_000)]);
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 10_000, 6, 111.0, ON, INF),
            (1, 20_000, 23_000, 1, 16.0, ON, INF)
        ]
    );
}

/// Sessions touch: events exactly gap apart share a session, gap + 1 do not.
#[test]
fn session_touching_gap_apart_merge_gap_plus_one_not() {
    let mut e = engine(Config::event_time(WindowSpec::session(3_000), 100_000));
    push(
        &mut e,
        &[
            ev(1, 0, 1.0),
            ev(1, 3_000, 2.0), // exactly gap: same session
            ev(2, 0, 1.0),
            ev(2, 3_001, 2.0), // gap + 1: two sessions
            ev(3, 3_000, 2.0), // out of order, exactly gap before
            ev(3, 0, 1.0),
        ],
    );
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (2, 0, 3_000, 1, 1.0, ON, INF),
            (1, 0, 6_000, 2, 3.0, ON, INF),
            (3, 0, 6_000, 2, 3.0, ON, INF),
            (2, 3_001, 6_001, 1, 2.0, ON, INF),
        ]
    );
}

/// A session ends at its last event's time + gap, and fires when W reaches it.
#[test]
fn session_end_is_last_event_plus_gap() {
    let mut e = engine(Config::event_time(WindowSpec::session(3_000), 0));
    push(
        &mut e,
        &[ev(1, 100, 1.0), ev(1, 2_000, 2.0), ev(1, 4_500, 3.0)],
    );
    // session [100, 7500)
    e.push(ev(2, 7_499, 0.0)).unwrap();
    assert!(results(&mut e).is_empty());
    e.push(ev(2, 7_500, 0.0)).unwrap();
    assert_eq!(results(&mut e), vec![(1, 100, 7_500, 3, 6.0, ON, 7_500)]);
}

/// Lateness is judged after merging: a late event joining a still-open
/// session is kept; one that joins nothing is dropped to the side output.
#[test]
fn session_late_event_joining_open_session_is_kept() {
    let mut e = engine(Config::event_time(WindowSpec::session(3_000), 0));
    e.push(ev(1, 10_000, 1.0)).unwrap(); // [10000, 13000)
    e.push(ev(2, 12_000, 1.0)).unwrap(); // W = 12000
                                         // [8000, 11000) alone would be late (11000 <= 12000), but it merges.
    assert_eq!(e.push(ev(1, 8_000, 2.0)).unwrap(), Outcome::Assigned);
    assert_eq!(e.push(ev(1, 1_000, 4.0)).unwrap(), Outcome::SideOutput);
    assert_eq!(late(&mut e), vec![(1, 1_000, 4.0, 12_000)]);
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 8_000, 13_000, 2, 3.0, ON, INF),
            (2, 12_000, 15_000, 1, 1.0, ON, INF)
        ]
    );
}

/// A late event may merge sessions that already fired: the merged session
/// fires as `late`, the earlier results stay as emitted.
#[test]
fn session_late_event_merges_two_fired_sessions() {
    let mut e = engine(Config::event_time(WindowSpec::session(3_000), 0).with_lateness(10_000));
    e.push(ev(1, 0, 1.0)).unwrap(); // [0, 3000)
    e.push(ev(1, 5_000, 2.0)).unwrap(); // [5000, 8000), W = 5000 fires [0,3000)
    e.push(ev(2, 9_000, 0.0)).unwrap(); // W = 9000 fires [5000, 8000)
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 3_000, 1, 1.0, ON, 5_000),
            (1, 5_000, 8_000, 1, 2.0, ON, 9_000)
        ]
    );
    // [2500, 5500) touches both: merged [0, 8000), end <= W: late firing.
    assert_eq!(e.push(ev(1, 2_500, 4.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(results(&mut e), vec![(1, 0, 8_000, 3, 7.0, LATE, 9_000)]);
    let mine: Vec<Window> = e
        .open_windows()
        .iter()
        .filter(|o| o.key == 1)
        .map(|o| o.window)
        .collect();
    assert_eq!(mine, vec![w(0, 8_000)]);
    // Another late event inside the merged session: accumulates.
    assert_eq!(e.push(ev(1, 4_000, 8.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(results(&mut e), vec![(1, 0, 8_000, 4, 15.0, LATE, 9_000)]);
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(2, 9_000, 12_000, 1, 0.0, ON, INF)]);
    let st = e.stats();
    assert_eq!((st.fired_on_time, st.fired_late), (3, 2));
}

/// A late event that extends a fired session past the watermark makes a new,
/// not yet due session: it fires on time when W reaches its new end.
#[test]
fn session_extended_past_watermark_fires_on_time_later() {
    let mut e = engine(Config::event_time(WindowSpec::session(3_000), 0).with_lateness(10_000));
    e.push(ev(1, 0, 1.0)).unwrap();
    e.push(ev(2, 4_000, 0.0)).unwrap(); // W = 4000 fires [0, 3000)
    assert_eq!(results(&mut e), vec![(1, 0, 3_000, 1, 1.0, ON, 4_000)]);
    assert_eq!(e.push(ev(1, 2_000, 2.0)).unwrap(), Outcome::Assigned); // [0, 5000)
    assert!(results(&mut e).is_empty());
    e.push(ev(2, 5_000, 0.0)).unwrap(); // W = 5000
    assert_eq!(results(&mut e), vec![(1, 0, 5_000, 2, 3.0, ON, 5_000)]);
}

// ---------------------------------------------------------------------------
// Watermark
// ---------------------------------------------------------------------------

/// The chapter: latest event 14:00:30, d = 10 s -> W = 14:00:20; an event at
/// 14:00:05 arriving then is late and goes to the side output with that W.
#[test]
fn watermark_chapter_example() {
    let hms = |h: i64, m: i64, s: i64| ((h * 60 + m) * 60 + s) * 1_000;
    let mut e = tumbling(10_000, 10_000, 0);
    assert_eq!(e.watermark(), NEG_INF);
    e.push(ev(1, hms(14, 0, 12), 20.0)).unwrap();
    assert_eq!(e.watermark(), hms(14, 0, 2));
    e.push(ev(1, hms(14, 0, 30), 21.0)).unwrap();
    assert_eq!(e.watermark(), hms(14, 0, 20));
    assert_eq!(e.watermark(), 50_420_000);
    // [14:00:10, 14:00:20) fired at W = 14:00:20.
    assert_eq!(
        results(&mut e),
        vec![(1, hms(14, 0, 10), hms(14, 0, 20), 1, 20.0, ON, 50_420_000)]
    );
    // 14:00:05 is in [14:00:00, 14:00:10): end <= W, L = 0: dropped.
    assert_eq!(
        e.push(ev(1, hms(14, 0, 5), 19.5)).unwrap(),
        Outcome::SideOutput
    );
    assert_eq!(late(&mut e), vec![(1, 50_405_000, 19.5, 50_420_000)]);
    // But 14:00:25, also older than the latest event, is not late.
    assert_eq!(
        e.push(ev(1, hms(14, 0, 25), 22.0)).unwrap(),
        Outcome::Assigned
    );
    assert!(late(&mut e).is_empty());
    assert_eq!(e.watermark(), hms(14, 0, 20));
}

/// W = max - d: an event older than the maximum never moves it back.
#[test]
fn watermark_is_max_minus_d_and_never_decreases() {
    let mut e = tumbling(1_000, 500, 0);
    assert_eq!(e.watermark(), NEG_INF);
    assert_eq!(e.stats().watermark, NEG_INF);
    let mut seen = vec![];
    for t in [3_000, 1_000, 2_999, 4_000, 4_000, 3_500, 10_000, -5_000] {
        e.push(ev(1, t, 1.0)).unwrap();
        seen.push(e.watermark());
    }
    assert_eq!(
        seen,
        vec![2_500, 2_500, 2_500, 3_500, 3_500, 3_500, 9_500, 9_500]
    );
    assert_eq!(e.stats().max_event_time, 10_000);
}

/// Each event is assigned against the W before its own advance; then W
/// advances and every due window fires (after the event's own late firings).
#[test]
fn watermark_event_assigned_before_its_own_advance() {
    let mut e = tumbling(10_000, 0, 5_000);
    e.push(ev(1, 9_999, 1.0)).unwrap(); // W = 9999: [0, 10000) not yet due
    assert!(results(&mut e).is_empty());
    // The event at 10000 is assigned against W = 9999, then W = 10000 fires [0,10000).
    assert_eq!(e.push(ev(1, 10_000, 2.0)).unwrap(), Outcome::Assigned);
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 1, 1.0, ON, 10_000)]);
    // d = 0: a window fires at W >= end exactly, not at end - 1.
    let mut e = tumbling(10_000, 0, 0);
    e.push(ev(1, 0, 1.0)).unwrap();
    e.push(ev(2, 9_999, 1.0)).unwrap();
    assert!(results(&mut e).is_empty());
    // At W = 9999 an event at 0 is still on time (end 10000 > W).
    assert_eq!(e.push(ev(1, 1, 1.0)).unwrap(), Outcome::Assigned);
    e.push(ev(2, 10_000, 1.0)).unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 10_000, 2, 2.0, ON, 10_000),
            (2, 0, 10_000, 1, 1.0, ON, 10_000)
        ]
    );
    // At W = 10000 = end an event of [0, 10000) is late (L = 0).
    assert_eq!(e.push(ev(1, 9_999, 1.0)).unwrap(), Outcome::SideOutput);
}

/// advanceWatermark moves W forward only and fires what is due.
#[test]
fn watermark_advance_only_forward() {
    let mut e = tumbling(1_000, 5_000, 0);
    e.push(ev(1, 500, 1.0)).unwrap(); // W = -4500
    e.advance_watermark(999).unwrap();
    assert!(results(&mut e).is_empty());
    e.advance_watermark(1_000).unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 1_000, 1, 1.0, ON, 1_000)]);
    e.advance_watermark(200).unwrap(); // backwards: ignored
    assert_eq!(e.watermark(), 1_000);
    // An event whose max - d is below W does not lower it.
    e.push(ev(1, 2_000, 1.0)).unwrap(); // 2000 - 5000 = -3000 < 1000
    assert_eq!(e.watermark(), 1_000);
    // Out-of-range watermark: error naming the field.
    let msg = err_text(e.advance_watermark(JS_MAX + 1));
    assert!(msg.contains("watermark = 9007199254740993"), "{msg}");
    assert_eq!(e.watermark(), 1_000);
    // The processing clock moves in event time too (v2: it fires
    // processing-time early firings and judges idle sources); with no idle
    // timeout it leaves W where it is.
    e.advance_processing_time(5).unwrap();
    assert_eq!((e.watermark(), e.processing_clock()), (1_000, 5));
}

/// flush(): W = +inf, every open window fires, results carry +inf.
#[test]
fn flush_fires_everything_with_infinite_watermark() {
    let mut e = engine(Config::event_time(
        WindowSpec::sliding(4_000, 2_000),
        100_000,
    ));
    push(&mut e, &[ev(2, 1_000, 1.0), ev(1, 3_000, 2.0)]);
    assert!(results(&mut e).is_empty());
    e.flush().unwrap();
    assert_eq!(e.watermark(), INF);
    assert_eq!(
        results(&mut e),
        vec![
            (2, -2_000, 2_000, 1, 1.0, ON, INF),
            (1, 0, 4_000, 1, 2.0, ON, INF),
            (2, 0, 4_000, 1, 1.0, ON, INF),
            (1, 2_000, 6_000, 1, 2.0, ON, INF),
        ]
    );
    let st = e.stats();
    assert_eq!((st.open_windows, st.state_entries, st.keys), (0, 0, 0));
    assert!(e.open_windows().is_empty());
    // After the end of stream, everything is late.
    assert_eq!(e.push(ev(1, 50_000, 1.0)).unwrap(), Outcome::SideOutput);
    assert_eq!(late(&mut e), vec![(1, 50_000, 1.0, INF)]);
    e.flush().unwrap();
    assert!(results(&mut e).is_empty());

    let mut s = engine(Config::event_time(WindowSpec::session(1_000), 100_000));
    push(&mut s, &[ev(1, 0, 1.0), ev(1, 5_000, 1.0)]);
    s.flush().unwrap();
    assert_eq!(
        results(&mut s),
        vec![
            (1, 0, 1_000, 1, 1.0, ON, INF),
            (1, 5_000, 6_000, 1, 1.0, ON, INF)
        ]
    );
}

// ---------------------------------------------------------------------------
// Firing, lateness, side output
// ---------------------------------------------------------------------------

/// A window fires on time exactly once, and only if it holds an event.
#[test]
fn firing_on_time_exactly_once_only_non_empty() {
    let mut e = tumbling(10, 0, 0);
    push(&mut e, &[ev(1, 5, 1.0), ev(1, 35, 2.0)]);
    assert_eq!(results(&mut e), vec![(1, 0, 10, 1, 1.0, ON, 35)]);
    e.advance_watermark(100).unwrap();
    assert_eq!(results(&mut e), vec![(1, 30, 40, 1, 2.0, ON, 100)]);
    e.advance_watermark(200).unwrap();
    e.flush().unwrap();
    assert!(results(&mut e).is_empty());
    let st = e.stats();
    assert_eq!((st.fired_on_time, st.fired_late), (2, 0));
}

/// Allowed lateness: an event for a window with end <= W < end + L is added
/// and the window fires again at once, kind late, with accumulated totals.
#[test]
fn lateness_refires_with_accumulated_totals() {
    let mut e = tumbling(10_000, 0, 5_000);
    push(
        &mut e,
        &[ev(1, 1_000, 1.0), ev(1, 2_000, 2.0), ev(2, 12_000, 0.0)],
    );
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 2, 3.0, ON, 12_000)]);
    let ow = e.open_windows();
    let o = ow.iter().find(|o| o.key == 1).unwrap();
    assert_eq!(o.state, WindowState::Fired { until: 15_000 });
    assert_eq!(e.push(ev(1, 3_000, 4.0)).unwrap(), Outcome::LateAccepted);
    // The late firing is there right after the push, before anything else.
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 3, 7.0, LATE, 12_000)]);
    assert_eq!(e.push(ev(1, 4_000, 8.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 4, 15.0, LATE, 12_000)]);
    // W = 14999 = end + L - 1: still accepted.
    e.push(ev(2, 14_999, 0.0)).unwrap();
    assert_eq!(e.push(ev(1, 9_999, 16.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 5, 31.0, LATE, 14_999)]);
    // W = 15000 = end + L: state purged, the event is dropped.
    e.push(ev(2, 15_000, 0.0)).unwrap();
    assert_eq!(e.push(ev(1, 5_000, 32.0)).unwrap(), Outcome::SideOutput);
    assert_eq!(late(&mut e), vec![(1, 5_000, 32.0, 15_000)]);
    assert!(results(&mut e).is_empty());
    let st = e.stats();
    assert_eq!((st.fired_on_time, st.fired_late), (1, 3));
}

/// A late firing comes right after the event that caused it, before the
/// on-time firings of later watermark advances.
#[test]
fn lateness_late_firing_comes_right_after_its_event() {
    let mut e = tumbling(10, 0, 100);
    push(
        &mut e,
        &[
            ev(1, 5, 1.0),
            ev(2, 15, 1.0), // W = 15: [0,10) key 1 on time
            ev(2, 7, 2.0),  // late: key 2 [0,10) fires late (never fired on time)
            ev(1, 25, 1.0), // W = 25: [10,20) key 2 on time
            ev(1, 3, 4.0),  // late: key 1 [0,10) again
        ],
    );
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 10, 1, 1.0, ON, 15),
            (2, 0, 10, 1, 2.0, LATE, 15),
            (2, 10, 20, 1, 1.0, ON, 25),
            (1, 0, 10, 2, 5.0, LATE, 25),
        ]
    );
}

/// An event is dropped for a window when end + L <= W; dropped from all its
/// windows and late by its own time -> side output, read back whole.
#[test]
fn lateness_dropped_when_end_plus_l_reached() {
    let mut e = tumbling(1_000, 0, 500);
    e.push(ev(1, 2_000, 1.0)).unwrap(); // W = 2000
                                        // [1000, 2000): end + L = 2500 > 2000: late but accepted
    assert_eq!(e.push(ev(7, 1_999, 2.0)).unwrap(), Outcome::LateAccepted);
    // [0, 1000): end + L = 1500 <= 2000: dropped
    assert_eq!(e.push(ev(7, 999, -3.5)).unwrap(), Outcome::SideOutput);
    assert_eq!(late(&mut e), vec![(7, 999, -3.5, 2_000)]);
    let ow = e.open_windows();
    let closed = ow
        .iter()
        .find(|o| o.key == 7 && o.window == w(0, 1_000))
        .expect("dropped window listed");
    assert_eq!(
        (closed.state, closed.agg, closed.dropped),
        (WindowState::Closed, None, 1)
    );
}

/// A hop event may be dropped from some of its windows and kept in others:
/// dropped_from_windows counts the pairs; open_windows shows them.
#[test]
fn lateness_hop_event_dropped_from_some_windows_kept_in_others() {
    let mut e =
        engine(Config::event_time(WindowSpec::sliding(10_000, 2_000), 0).with_lateness(3_000));
    e.push(ev(1, 9_000, 1.0)).unwrap();
    e.push(ev(2, 13_500, 0.0)).unwrap(); // W = 13500: key 1 windows ending 10000, 12000 fired
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 10_000, 1, 1.0, ON, 13_500),
            (1, 2_000, 12_000, 1, 1.0, ON, 13_500)
        ]
    );
    // 9500 is in windows ending 10000 (dropped: 13000 <= 13500), 12000 (late),
    // 14000, 16000, 18000 (open).
    assert_eq!(e.push(ev(1, 9_500, 2.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(
        results(&mut e),
        vec![(1, 2_000, 12_000, 2, 3.0, LATE, 13_500)]
    );
    assert!(late(&mut e).is_empty());
    let st = e.stats();
    assert_eq!(st.dropped_from_windows, 1);
    assert_eq!((st.late_accepted, st.side_output), (1, 0));
    let mine: Vec<(Window, WindowState, Option<u64>, u64)> = e
        .open_windows()
        .iter()
        .filter(|o| o.key == 1)
        .map(|o| (o.window, o.state, o.agg.map(|a| a.count), o.dropped))
        .collect();
    assert_eq!(
        mine,
        vec![
            (w(0, 10_000), WindowState::Closed, None, 1),
            (
                w(2_000, 12_000),
                WindowState::Fired { until: 15_000 },
                Some(2),
                0
            ),
            (w(4_000, 14_000), WindowState::Open, Some(2), 0),
            (w(6_000, 16_000), WindowState::Open, Some(2), 0),
            (w(8_000, 18_000), WindowState::Open, Some(2), 0),
        ]
    );
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 4_000, 14_000, 2, 3.0, ON, INF),
            (2, 4_000, 14_000, 1, 0.0, ON, INF),
            (1, 6_000, 16_000, 2, 3.0, ON, INF),
            (2, 6_000, 16_000, 1, 0.0, ON, INF),
            (1, 8_000, 18_000, 2, 3.0, ON, INF),
            (2, 8_000, 18_000, 1, 0.0, ON, INF),
            (2, 10_000, 20_000, 1, 0.0, ON, INF),
            (2, 12_000, 22_000, 1, 0.0, ON, INF),
        ]
    );

    // L = 0: dropped from two windows, plain assignment to the other three.
    let mut e = engine(Config::event_time(WindowSpec::sliding(10_000, 2_000), 0));
    e.push(ev(1, 9_000, 1.0)).unwrap();
    e.push(ev(2, 13_500, 0.0)).unwrap();
    results(&mut e);
    assert_eq!(e.push(ev(1, 9_500, 2.0)).unwrap(), Outcome::Assigned);
    assert!(results(&mut e).is_empty());
    assert_eq!(e.stats().dropped_from_windows, 2);
    let dropped: Vec<(Window, u64)> = e
        .open_windows()
        .iter()
        .filter(|o| o.key == 1 && o.state == WindowState::Closed)
        .map(|o| (o.window, o.dropped))
        .collect();
    assert_eq!(dropped, vec![(w(0, 10_000), 1), (w(2_000, 12_000), 1)]);
}

/// A hop event dropped from every window goes to the side output (and counts
/// no dropped_from_windows pair: it joined no window).
#[test]
fn lateness_hop_event_dropped_from_all_windows_is_side_output() {
    let mut e = engine(Config::event_time(WindowSpec::sliding(10_000, 2_000), 0));
    e.push(ev(2, 30_000, 0.0)).unwrap();
    assert_eq!(e.push(ev(1, 9_500, 2.0)).unwrap(), Outcome::SideOutput);
    assert_eq!(late(&mut e), vec![(1, 9_500, 2.0, 30_000)]);
    assert_eq!(e.stats().dropped_from_windows, 0);
    assert_eq!(e.stats().side_output, 1);
}

/// A late firing for a window that never fired on time is kind `late`, and
/// that window never fires on time afterwards.
#[test]
fn lateness_late_firing_of_never_fired_window_is_late() {
    let mut e = tumbling(10_000, 0, 5_000);
    e.push(ev(1, 12_000, 1.0)).unwrap(); // W = 12000, key 2 holds nothing
    assert_eq!(e.push(ev(2, 5_000, 3.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(results(&mut e), vec![(2, 0, 10_000, 1, 3.0, LATE, 12_000)]);
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(1, 10_000, 20_000, 1, 1.0, ON, INF)]);
    let st = e.stats();
    assert_eq!((st.fired_on_time, st.fired_late), (1, 1));
}

/// Results are ordered by window end, then start, then key.
#[test]
fn results_ordered_by_end_then_start_then_key() {
    let mut e = engine(Config::event_time(WindowSpec::session(3_000), 100_000));
    push(
        &mut e,
        &[
            ev(3, 2_000, 1.0), // [2000, 5000)
            ev(2, 2_000, 1.0),
            ev(2, 0, 1.0),     // [0, 5000)
            ev(1, 2_000, 1.0), // [2000, 5000)
            ev(0, 1_000, 1.0), // [1000, 4000)
        ],
    );
    e.flush().unwrap();
    let order: Vec<(i64, i64, u32)> = results(&mut e).iter().map(|r| (r.2, r.1, r.0)).collect();
    assert_eq!(
        order,
        vec![
            (4_000, 1_000, 0),
            (5_000, 0, 2),
            (5_000, 2_000, 1),
            (5_000, 2_000, 3)
        ]
    );

    let mut e = engine(Config::event_time(WindowSpec::sliding(20, 10), 100));
    push(
        &mut e,
        &[ev(5, 12, 1.0), ev(3, 15, 1.0), ev(4, 5, 1.0), ev(9, 0, 1.0)],
    );
    e.advance_watermark(40).unwrap();
    let order: Vec<(i64, i64, u32)> = results(&mut e).iter().map(|r| (r.2, r.1, r.0)).collect();
    assert_eq!(
        order,
        vec![
            (10, -10, 4),
            (10, -10, 9),
            (20, 0, 3),
            (20, 0, 4),
            (20, 0, 5),
            (20, 0, 9),
            (30, 10, 3),
            (30, 10, 5)
        ]
    );
}

// ---------------------------------------------------------------------------
// Aggregates
// ---------------------------------------------------------------------------

/// count, sum, min, max, mean, population variance and stddev; also when the
/// totals are merged from slices (sliding) and from sessions.
#[test]
fn aggregates_count_sum_min_max_mean_variance() {
    let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
    let check = |e: &mut Engine, window: Window| {
        let r = e.drain_results();
        let r = r.iter().find(|r| r.window == window).expect("window fired");
        let a = r.agg;
        assert_eq!((a.count, a.sum, a.min, a.max), (8, 40.0, 2.0, 9.0));
        assert_eq!(a.mean(), 5.0);
        assert!((a.variance() - 4.0).abs() < 1e-12, "{}", a.variance());
        assert!((a.stddev() - 2.0).abs() < 1e-12, "{}", a.stddev());
    };
    let mut e = tumbling(1_000, 0, 0);
    for (i, v) in values.iter().enumerate() {
        e.push(ev(1, i as i64 * 100, *v)).unwrap();
    }
    e.flush().unwrap();
    check(&mut e, w(0, 1_000));

    // Sliding 1000 / 250: each window is merged from four slices.
    let mut e = engine(Config::event_time(WindowSpec::sliding(1_000, 250), 0));
    for (i, v) in values.iter().enumerate() {
        e.push(ev(1, i as i64 * 120, *v)).unwrap();
    }
    e.flush().unwrap();
    check(&mut e, w(0, 1_000));

    // Sessions merged from two halves by a bridging event.
    let mut e = engine(Config::event_time(WindowSpec::session(100), 10_000));
    for (i, v) in values.iter().enumerate() {
        // 0, 10, 20, 30 and 230, 240, 250, 260; then bridge at 130.
        let t = if i < 4 {
            i as i64 * 10
        } else {
            190 + i as i64 * 10
        };
        e.push(ev(1, t, *v)).unwrap();
    }
    assert_eq!(e.open_windows().len(), 2);
    e.push(ev(1, 130, 5.0)).unwrap(); // mean stays 5, variance 32/9
    assert_eq!(e.open_windows().len(), 1);
    e.flush().unwrap();
    let r = e.drain_results();
    assert_eq!(r.len(), 1);
    let a = r[0].agg;
    assert_eq!(r[0].window, w(0, 360));
    assert_eq!((a.count, a.sum, a.min, a.max), (9, 45.0, 2.0, 9.0));
    assert!((a.mean() - 5.0).abs() < 1e-12);
    assert!(
        (a.variance() - 32.0 / 9.0).abs() < 1e-12,
        "{}",
        a.variance()
    );
}

// ---------------------------------------------------------------------------
// Processing time
// ---------------------------------------------------------------------------

/// Processing time: windows by arrival, fired by the arrival clock or
/// advanceProcessingTime, nothing late, arrival required.
#[test]
fn processing_time_windows_by_arrival_fired_by_clock() {
    let mut e = engine(Config::processing_time(WindowSpec::tumbling(10_000)).with_lateness(5_000));
    assert_eq!(e.config().time_domain, TimeDomain::Processing);
    assert_eq!(
        e.push(at(1, 50_000, 1.0, 1_000)).unwrap(),
        Outcome::Assigned
    );
    assert_eq!(e.push(at(1, -3, 2.0, 9_000)).unwrap(), Outcome::Assigned);
    assert!(results(&mut e).is_empty());
    assert_eq!(e.watermark(), 9_000);
    // Arrival 12000: the clock passes 10000, [0, 10000) fires with both events.
    assert_eq!(e.push(at(1, 1, 4.0, 12_000)).unwrap(), Outcome::Assigned);
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 2, 3.0, ON, 12_000)]);
    // An event arriving with an old arrival stamp is not late: it is seen now.
    assert_eq!(e.push(at(2, 0, 8.0, 5_000)).unwrap(), Outcome::Assigned);
    assert!(late(&mut e).is_empty());
    assert!(results(&mut e).is_empty());
    assert_eq!(e.watermark(), 12_000);
    e.advance_processing_time(19_999).unwrap();
    assert!(results(&mut e).is_empty());
    e.advance_processing_time(20_000).unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 10_000, 20_000, 1, 4.0, ON, 20_000),
            (2, 10_000, 20_000, 1, 8.0, ON, 20_000)
        ]
    );
    e.advance_processing_time(100).unwrap(); // backwards: ignored
    assert_eq!(e.watermark(), 20_000);
    // Arrival is required.
    let msg = err_text(e.push(ev(1, 1, 1.0)));
    assert!(msg.contains("arrival = missing"), "{msg}");
    // advanceWatermark is for event time.
    let msg = err_text(e.advance_watermark(30_000));
    assert!(msg.contains("timeDomain"), "{msg}");
    let st = e.stats();
    assert_eq!(
        (st.events_in, st.assigned, st.late_accepted, st.side_output),
        (4, 4, 0, 0)
    );
    e.flush().unwrap();
    assert!(results(&mut e).is_empty());
}

/// Processing-time sessions follow arrival gaps, not event times.
#[test]
fn processing_time_sessions_by_arrival() {
    let mut e = engine(Config::processing_time(WindowSpec::session(1_000)));
    push(
        &mut e,
        &[
            at(1, 0, 1.0, 100),
            at(1, 99_999, 1.0, 1_100), // arrival gap exactly 1000: same session
            at(1, 5, 1.0, 2_101),      // gap 1001: new session; clock 2101 fires [100, 2100)
        ],
    );
    assert_eq!(results(&mut e), vec![(1, 100, 2_100, 2, 2.0, ON, 2_101)]);
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(1, 2_101, 3_101, 1, 1.0, ON, INF)]);
}

/// In event time the arrival stamp is ignored for windowing (but still checked).
#[test]
fn processing_time_arrival_ignored_in_event_time() {
    let mut e = tumbling(10, 0, 0);
    e.push(at(1, 5, 1.0, 1_000_000)).unwrap();
    assert_eq!(e.watermark(), 5);
    let msg = err_text(e.push(at(1, 5, 1.0, JS_MAX + 1)));
    assert!(msg.contains("arrival = 9007199254740993"), "{msg}");
}

/// Pushing after flush in processing time must not panic or overflow.
#[test]
fn processing_time_push_after_flush_does_not_panic() {
    for spec in [
        WindowSpec::tumbling(10),
        WindowSpec::Sliding {
            size: 10,
            slide: 3,
            offset: -7,
        },
        WindowSpec::Tumbling {
            size: 10,
            offset: -3,
        },
        WindowSpec::session(10),
    ] {
        let mut e = engine(Config::processing_time(spec));
        e.push(at(1, 0, 1.0, 5)).unwrap();
        e.flush().unwrap();
        let r = e.push(at(1, 0, 1.0, 6));
        // Either rejected or accepted without breaking the bookkeeping.
        let st = e.stats();
        match r {
            Ok(o) => assert_ne!(o, Outcome::LateAccepted, "{spec:?}"),
            Err(_) => assert_eq!(st.events_in, 1, "{spec:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Errors, accounting, limits
// ---------------------------------------------------------------------------

/// Every invalid config field is an error naming the field and the value.
#[test]
fn errors_invalid_config_names_field_and_value() {
    let base = Config::event_time(WindowSpec::tumbling(1_000), 0);
    let cases: Vec<(Config, &str)> = vec![
        (
            Config::event_time(WindowSpec::tumbling(0), 0),
            "window.size = 0",
        ),
        (
            Config::event_time(WindowSpec::tumbling(-5), 0),
            "window.size = -5",
        ),
        (
            Config::event_time(WindowSpec::tumbling(JS_MAX + 1), 0),
            "window.size = 9007199254740993",
        ),
        (
            Config::event_time(WindowSpec::sliding(10, 0), 0),
            "window.slide = 0",
        ),
        (
            Config::event_time(WindowSpec::sliding(0, 10), 0),
            "window.size = 0",
        ),
        (
            Config::event_time(
                WindowSpec::Tumbling {
                    size: 10,
                    offset: JS_MAX + 1,
                },
                0,
            ),
            "window.offset = 9007199254740993",
        ),
        (
            Config::event_time(
                WindowSpec::Sliding {
                    size: 10,
                    slide: 5,
                    offset: -JS_MAX - 1,
                },
                0,
            ),
            "window.offset = -9007199254740993",
        ),
        (
            Config::event_time(WindowSpec::session(0), 0),
            "window.gap = 0",
        ),
        (
            Config::event_time(WindowSpec::session(-1), 0),
            "window.gap = -1",
        ),
        (
            Config::event_time(WindowSpec::tumbling(10), -1),
            "watermark.maxOutOfOrderness = -1",
        ),
        (
            Config::event_time(WindowSpec::tumbling(10), JS_MAX + 1),
            "watermark.maxOutOfOrderness = 9007199254740993",
        ),
        (base.with_lateness(-1), "allowedLateness = -1"),
        (
            Config {
                limits: Limits {
                    max_keys: 0,
                    max_state_entries: 10,
                    ..Limits::default()
                },
                ..base
            },
            "limits.maxKeys = 0",
        ),
        (
            Config {
                limits: Limits {
                    max_keys: 10,
                    max_state_entries: 0,
                    ..Limits::default()
                },
                ..base
            },
            "limits.maxStateEntries = 0",
        ),
    ];
    for (c, want) in cases {
        let err = Engine::new(c).expect_err(want);
        assert!(matches!(err, EngineError::InvalidConfig { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains(want), "{msg} should name {want}");
    }
    // Boundaries that are valid.
    assert!(Engine::new(Config::event_time(WindowSpec::tumbling(JS_MAX), JS_MAX)).is_ok());
    assert!(Engine::new(Config::event_time(WindowSpec::sliding(1, 1), 0).with_lateness(0)).is_ok());
}

/// Invalid events name the field and value; the engine is unchanged after a
/// rejected event.
#[test]
fn errors_invalid_event_leaves_engine_unchanged() {
    let mut e = engine(Config::event_time(WindowSpec::sliding(10, 5), 2).with_lateness(5));
    push(&mut e, &[ev(1, 3, 1.0), ev(2, 14, 2.0), ev(1, 9, 3.0)]);
    let snapshot = e.clone();
    let stats = e.stats();
    let pending = e.pending_results().len();
    let cases: Vec<(Event, &str)> = vec![
        (ev(1, 20, f64::NAN), "value = NaN"),
        (ev(1, 20, f64::INFINITY), "value = inf"),
        (ev(1, 20, f64::NEG_INFINITY), "value = -inf"),
        (ev(1, JS_MAX + 1, 1.0), "time = 9007199254740993"),
        (ev(1, i64::MIN, 1.0), "time = -9223372036854775808"),
        (at(1, 20, 1.0, -JS_MAX - 1), "arrival = -9007199254740993"),
    ];
    for (x, want) in cases {
        let err = e.push(x).expect_err(want);
        assert!(matches!(err, EngineError::InvalidEvent { .. }), "{err:?}");
        assert!(err.to_string().contains(want), "{err} should name {want}");
        assert_eq!(e.stats(), stats);
        assert_eq!(e.watermark(), 12);
        assert_eq!(e.pending_results().len(), pending);
    }
    // A batch with one invalid event accepts nothing.
    let err = e
        .push_batch(&[ev(1, 30, 1.0), ev(1, 31, f64::NAN)])
        .expect_err("batch");
    assert_eq!((err.row, err.accepted), (1, 0));
    assert!(err.error.to_string().contains("value = NaN"));
    assert_eq!(e.stats(), stats);
    // From here on the engine behaves as if the rejected events never came.
    let mut twin = snapshot;
    for x in [ev(1, 11, 1.0), ev(2, 4, 1.0), ev(3, 40, 1.0)] {
        assert_eq!(e.push(x).unwrap(), twin.push(x).unwrap());
    }
    e.flush().unwrap();
    twin.flush().unwrap();
    assert_eq!(e.drain_results(), twin.drain_results());
    assert_eq!(e.drain_late(), twin.drain_late());
    // state_bytes measures capacities, which a clone does not keep.
    assert_eq!(
        Stats {
            state_bytes: 0,
            ..e.stats()
        },
        Stats {
            state_bytes: 0,
            ..twin.stats()
        }
    );
}

/// Every pushed event is counted in exactly one outcome.
#[test]
fn accounting_every_event_in_exactly_one_outcome() {
    let mut e =
        engine(Config::event_time(WindowSpec::sliding(2_000, 5_000), 0).with_lateness(1_000));
    let out = push(
        &mut e,
        &[
            ev(1, 0, 1.0),     // Assigned [0, 2000)
            ev(1, 3_000, 1.0), // Unassigned (gap), W = 3000
            ev(1, 1_500, 1.0), // 2000 <= 3000 < 3000? no: end + L = 3000 <= 3000 -> dropped
            ev(1, 5_500, 1.0), // Assigned [5000, 7000), W = 5500
            ev(1, 7_200, 1.0), // gap, W = 7200
            ev(1, 6_000, 1.0), // late accepted: 7000 <= 7200 < 8000
            ev(1, 2_500, 1.0), // gap and late by own time: 3500 < 7200 -> side output
            ev(1, 6_500, 1.0), // late accepted again
        ],
    );
    assert_eq!(
        out,
        vec![
            Outcome::Assigned,
            Outcome::Unassigned,
            Outcome::SideOutput,
            Outcome::Assigned,
            Outcome::Unassigned,
            Outcome::LateAccepted,
            Outcome::SideOutput,
            Outcome::LateAccepted,
        ]
    );
    let st = e.stats();
    assert_eq!(st.events_in, 8);
    assert_eq!(
        (st.assigned, st.late_accepted, st.side_output, st.unassigned),
        (2, 2, 2, 2)
    );
    assert_eq!(
        st.assigned + st.late_accepted + st.side_output + st.unassigned,
        st.events_in
    );
    assert_eq!(
        late(&mut e),
        vec![(1, 1_500, 1.0, 3_000), (1, 2_500, 1.0, 7_200)]
    );
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 2_000, 1, 1.0, ON, 3_000),
            (1, 5_000, 7_000, 1, 1.0, ON, 7_200),
            (1, 5_000, 7_000, 2, 2.0, LATE, 7_200),
            (1, 5_000, 7_000, 3, 3.0, LATE, 7_200),
        ]
    );
}

/// Exceeding maxKeys is an error; nothing accepted is lost.
#[test]
fn limits_max_keys_rejects_and_loses_nothing() {
    let mut e = engine(Config {
        limits: Limits {
            max_keys: 2,
            max_state_entries: 1_000,
            ..Limits::default()
        },
        ..Config::event_time(WindowSpec::tumbling(1_000), 0)
    });
    push(&mut e, &[ev(1, 100, 1.0), ev(2, 200, 2.0), ev(1, 300, 4.0)]);
    let err = e.push(ev(3, 400, 8.0)).expect_err("third key");
    assert_eq!(
        err,
        EngineError::LimitExceeded {
            field: "maxKeys",
            limit: 2,
            key: 3,
            time: 400
        }
    );
    assert!(err.to_string().contains("maxKeys = 2"), "{err}");
    let st = e.stats();
    assert_eq!((st.events_in, st.assigned, st.keys), (3, 3, 2));
    assert_eq!(e.watermark(), 300);
    // Known keys are still accepted at the limit.
    assert_eq!(e.push(ev(2, 500, 16.0)).unwrap(), Outcome::Assigned);
    // Once the first keys' state is purged, a new key fits.
    e.advance_watermark(1_000).unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 1_000, 2, 5.0, ON, 1_000),
            (2, 0, 1_000, 2, 18.0, ON, 1_000)
        ]
    );
    assert_eq!(e.stats().keys, 0);
    assert_eq!(e.push(ev(3, 1_400, 8.0)).unwrap(), Outcome::Assigned);
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(3, 1_000, 2_000, 1, 8.0, ON, INF)]);
}

/// Exceeding maxStateEntries (state entries) is an error; nothing accepted is lost.
#[test]
fn limits_max_state_entries_rejects_and_loses_nothing() {
    let mut e = engine(Config {
        limits: Limits {
            max_keys: 100,
            max_state_entries: 2,
            ..Limits::default()
        },
        ..Config::event_time(WindowSpec::tumbling(1_000), 10_000)
    });
    push(&mut e, &[ev(1, 100, 1.0), ev(1, 1_100, 2.0)]);
    let err = e.push(ev(2, 2_100, 4.0)).expect_err("third window");
    assert_eq!(
        err,
        EngineError::LimitExceeded {
            field: "maxStateEntries",
            limit: 2,
            key: 2,
            time: 2_100
        }
    );
    assert!(err.to_string().contains("maxStateEntries = 2"), "{err}");
    assert_eq!(e.push(ev(1, 1_200, 8.0)).unwrap(), Outcome::Assigned);
    assert_eq!(e.stats().events_in, 3);
    assert_eq!(e.stats().state_entries, 2);
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 1_000, 1, 1.0, ON, INF),
            (1, 1_000, 2_000, 2, 10.0, ON, INF)
        ]
    );

    let mut s = engine(Config {
        limits: Limits {
            max_keys: 100,
            max_state_entries: 1,
            ..Limits::default()
        },
        ..Config::event_time(WindowSpec::session(100), 10_000)
    });
    s.push(ev(1, 0, 1.0)).unwrap();
    assert!(matches!(
        s.push(ev(1, 500, 1.0)),
        Err(EngineError::LimitExceeded {
            field: "maxStateEntries",
            ..
        })
    ));
    // Merging into the existing session needs no new entry.
    assert_eq!(s.push(ev(1, 100, 2.0)).unwrap(), Outcome::Assigned);
    s.flush().unwrap();
    assert_eq!(results(&mut s), vec![(1, 0, 200, 2, 3.0, ON, INF)]);
}

/// A late event rejected by a limit emits nothing (no late firing, no side
/// output) and leaves the engine exactly as it was.
#[test]
fn limits_rejected_late_event_changes_nothing() {
    let mut e = engine(Config {
        limits: Limits {
            max_keys: 100,
            max_state_entries: 1,
            ..Limits::default()
        },
        ..Config::event_time(WindowSpec::tumbling(10_000), 0).with_lateness(5_000)
    });
    e.push(ev(1, 0, 1.0)).unwrap();
    e.advance_watermark(12_000).unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 1, 1.0, ON, 12_000)]);
    let twin = e.clone();
    let stats = e.stats();
    // Key 2 would need a new state entry for [0, 10000): rejected.
    assert!(matches!(
        e.push(ev(2, 5_000, 2.0)),
        Err(EngineError::LimitExceeded {
            field: "maxStateEntries",
            limit: 1,
            key: 2,
            time: 5_000
        })
    ));
    assert!(results(&mut e).is_empty());
    assert!(late(&mut e).is_empty());
    assert_eq!(e.stats(), stats);
    // Key 1's window is still there and takes the late event.
    assert_eq!(e.push(ev(1, 5_000, 2.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 2, 3.0, LATE, 12_000)]);
    let mut twin = twin;
    assert_eq!(twin.push(ev(1, 5_000, 2.0)).unwrap(), Outcome::LateAccepted);
    e.flush().unwrap();
    twin.flush().unwrap();
    // state_bytes measures capacities, which a clone does not keep.
    assert_eq!(
        Stats {
            state_bytes: 0,
            ..e.stats()
        },
        Stats {
            state_bytes: 0,
            ..twin.stats()
        }
    );
}

/// Flink SQL's `WATERMARK FOR ts AS ts - INTERVAL '2' SECOND` fires [0, 10 s)
/// once max >= 11999 (W_f = max - 2000 >= end - 1): Weir's d = 1999 does the
/// same; Weir's d = 2000 fires 1 ms later.
#[test]
fn watermark_flink_off_by_one() {
    let mut e = tumbling(10_000, 1_999, 0);
    e.push(ev(1, 5_000, 1.0)).unwrap();
    e.push(ev(1, 11_998, 1.0)).unwrap();
    assert!(results(&mut e).is_empty());
    e.push(ev(1, 11_999, 1.0)).unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 1, 1.0, ON, 10_000)]);

    let mut e = tumbling(10_000, 2_000, 0);
    e.push(ev(1, 5_000, 1.0)).unwrap();
    e.push(ev(1, 11_999, 1.0)).unwrap();
    assert!(results(&mut e).is_empty());
    // At W = 9999 an event at 9999 is still on time here (Flink SQL: late).
    assert_eq!(e.push(ev(1, 9_999, 2.0)).unwrap(), Outcome::Assigned);
    e.push(ev(1, 12_000, 1.0)).unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 10_000, 2, 3.0, ON, 10_000)]);
}
