//! One test per rule of `SEMANTICS.md` "triggers (v2)" and "accumulation
//! (v2)". Every expected row is worked by hand from the contract and
//! written out; the comments show the working.

use proptest::prelude::*;
use weir_core::{
    Accumulation, Config, Early, Engine, Event, Firing, Mode, Trigger, WindowResult, WindowSpec,
};

const ON: Firing = Firing::OnTime;
const LATE: Firing = Firing::Late;
const EARLY: Firing = Firing::Early;
const FINAL: Firing = Firing::Final;
const RETRACT: Firing = Firing::Retract;
const INF: i64 = i64::MAX;
const NEG_INF: i64 = i64::MIN;

/// (key, start, end, count, sum, firing, watermark)
type R = (u32, i64, i64, u64, f64, Firing, i64);

fn ev(key: u32, t: i64, v: f64) -> Event {
    Event::new(key, t, v)
}

fn at(key: u32, t: i64, v: f64, arrival: i64) -> Event {
    Event {
        arrival: Some(arrival),
        ..Event::new(key, t, v)
    }
}

fn engine(
    window: WindowSpec,
    d: i64,
    l: i64,
    mode: Mode,
    early: Option<Early>,
    acc: Accumulation,
) -> Engine {
    Engine::new(Config {
        trigger: Trigger { mode, early },
        accumulation: acc,
        ..Config::event_time(window, d).with_lateness(l)
    })
    .expect("valid config")
}

fn rows(e: &mut Engine) -> Vec<R> {
    e.drain_results().iter().map(row).collect()
}

fn row(r: &WindowResult) -> R {
    (
        r.key,
        r.window.start,
        r.window.end,
        r.agg.count,
        r.agg.sum,
        r.firing,
        r.watermark,
    )
}

fn push(e: &mut Engine, evs: &[Event]) {
    for x in evs {
        e.push(*x).unwrap();
    }
}

use Accumulation::{Accumulating, Discarding, Retracting};

#[test]
fn early_count_on_tumbling_fires_each_n_events_then_on_time() {
    let mut e = engine(
        WindowSpec::tumbling(1_000),
        0,
        0,
        Mode::Watermark,
        Some(Early::Count(2)),
        Accumulating,
    );
    // t=100: W -inf -> 100. t=200 joins against W=100: 2 events -> early.
    push(&mut e, &[ev(1, 100, 1.0), ev(1, 200, 2.0)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 1_000, 2, 3.0, EARLY, 100)]);
    // One more (count restarts at 0 after the early firing), then W=1000.
    push(&mut e, &[ev(1, 300, 4.0), ev(1, 1_000, 8.0)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 1_000, 3, 7.0, ON, 1_000)]);
    e.flush().unwrap();
    assert_eq!(rows(&mut e), vec![(1, 1_000, 2_000, 1, 8.0, ON, INF)]);
    let s = e.stats();
    assert_eq!((s.fired_early, s.fired_on_time, s.fired_late), (1, 2, 0));
}

#[test]
fn early_count_on_sliding_counts_per_window() {
    let mut e = engine(
        WindowSpec::sliding(2_000, 1_000),
        0,
        0,
        Mode::Watermark,
        Some(Early::Count(2)),
        Accumulating,
    );
    // t=500 joins [-1000,1000) and [0,2000); t=1500 joins [0,2000) (now 2
    // events: early, at W=500) and [1000,3000); then W=1500 fires
    // [-1000,1000) on time.
    push(&mut e, &[ev(1, 500, 1.0), ev(1, 1_500, 2.0)]);
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 2_000, 2, 3.0, EARLY, 500),
            (1, -1_000, 1_000, 1, 1.0, ON, 1_500),
        ]
    );
    e.flush().unwrap();
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 2_000, 2, 3.0, ON, INF),
            (1, 1_000, 3_000, 1, 2.0, ON, INF),
        ]
    );
}

#[test]
fn early_count_on_sessions_fires_once_when_a_merge_brings_it_to_n() {
    let mut e = engine(
        WindowSpec::session(1_000),
        10_000,
        0,
        Mode::Watermark,
        Some(Early::Count(3)),
        Accumulating,
    );
    // [0,1000) 1 event, [5000,6000) 1, [2000,3000) 1: nothing.
    push(
        &mut e,
        &[ev(1, 0, 1.0), ev(1, 5_000, 2.0), ev(1, 2_000, 4.0)],
    );
    assert!(rows(&mut e).is_empty());
    // t=1000 proposes [1000,2000): touches [0,1000) and [2000,3000); the
    // merged [0,3000) has 1 + 1 + 1 events since their firings: early once
    // (W = 5000 - 10000).
    push(&mut e, &[ev(1, 1_000, 8.0)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 3_000, 3, 13.0, EARLY, -5_000)]);
    // The count restarted at 0: one more event does not fire.
    push(&mut e, &[ev(1, 2_500, 16.0)]);
    assert!(rows(&mut e).is_empty());
    e.flush().unwrap();
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 3_500, 4, 29.0, ON, INF),
            (1, 5_000, 6_000, 1, 2.0, ON, INF),
        ]
    );
}

#[test]
fn early_event_time_points_with_negative_times_once_per_advance_only_if_changed() {
    let mut e = engine(
        WindowSpec::tumbling(10_000),
        0,
        0,
        Mode::Watermark,
        Some(Early::EventTime(2_000)),
        Accumulating,
    );
    // First event -9500: points are the multiples of 2000 after it
    // (floor-aligned): -8000, -6000, ... before the end 0.
    push(&mut e, &[ev(1, -9_500, 1.0)]);
    assert!(rows(&mut e).is_empty());
    // W = -7900 > -8000: early.
    push(&mut e, &[ev(1, -7_900, 2.0)]);
    assert_eq!(rows(&mut e), vec![(1, -10_000, 0, 2, 3.0, EARLY, -7_900)]);
    // W = -5000 passes -6000, but nothing changed since: no firing.
    e.advance_watermark(-5_000).unwrap();
    assert!(rows(&mut e).is_empty());
    // A change, then W = -100 passes -4000 and -2000: one firing.
    push(&mut e, &[ev(1, -4_500, 4.0)]);
    assert!(rows(&mut e).is_empty());
    e.advance_watermark(-100).unwrap();
    assert_eq!(rows(&mut e), vec![(1, -10_000, 0, 3, 7.0, EARLY, -100)]);
    // Changed again; the advance to 5000 passes point 0 but reaches the
    // end: on time only.
    push(&mut e, &[ev(1, -50, 8.0)]);
    e.advance_watermark(5_000).unwrap();
    assert_eq!(rows(&mut e), vec![(1, -10_000, 0, 4, 15.0, ON, 5_000)]);
    assert_eq!(e.stats().fired_early, 2);
}

#[test]
fn an_early_point_already_passed_when_pending_fires_at_the_next_advance() {
    let mut e = engine(
        WindowSpec::tumbling(10_000),
        0,
        0,
        Mode::Watermark,
        Some(Early::EventTime(2_000)),
        Accumulating,
    );
    // Key 1 moves W to 13000. Key 2's first event 10500 makes 12000 its
    // point, already passed: it waits for the next advance (13100), and
    // key 1's point 14000 is not passed then.
    push(&mut e, &[ev(1, 13_000, 1.0), ev(2, 10_500, 2.0)]);
    assert!(rows(&mut e).is_empty());
    push(&mut e, &[ev(1, 13_100, 4.0)]);
    assert_eq!(
        rows(&mut e),
        vec![(2, 10_000, 20_000, 1, 2.0, EARLY, 13_100)]
    );
}

#[test]
fn early_event_time_firings_in_one_advance_are_ordered_by_point_then_end() {
    let mut e = engine(
        WindowSpec::tumbling(10_000),
        100_000,
        0,
        Mode::Watermark,
        Some(Early::EventTime(1_000)),
        Accumulating,
    );
    // Key 1 [0,10000): point 6000; key 2 [0,10000): point 2000; key 3
    // [-10000,0): point -5000 (after -5500).
    push(
        &mut e,
        &[ev(1, 5_500, 1.0), ev(2, 1_500, 2.0), ev(3, -5_500, 4.0)],
    );
    // W = 7000 passes all three; the order is by point.
    e.advance_watermark(7_000).unwrap();
    assert_eq!(
        rows(&mut e),
        vec![
            (3, -10_000, 0, 1, 4.0, ON, 7_000),
            (2, 0, 10_000, 1, 2.0, EARLY, 7_000),
            (1, 0, 10_000, 1, 1.0, EARLY, 7_000),
        ]
    );
}

#[test]
fn early_processing_time_fires_p_after_the_first_arrival_since_a_firing() {
    let mut e = engine(
        WindowSpec::tumbling(10_000),
        0,
        0,
        Mode::Watermark,
        Some(Early::ProcessingTime(1_000)),
        Accumulating,
    );
    // First event arrives at 5000: due at 6000.
    push(&mut e, &[at(1, 100, 1.0, 5_000), at(1, 200, 2.0, 5_500)]);
    assert!(rows(&mut e).is_empty());
    // The clock reaches 6000 before the third event joins (W is 200).
    push(&mut e, &[at(1, 300, 4.0, 6_000)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 10_000, 2, 3.0, EARLY, 200)]);
    // The third event is the first since that firing: due 7000.
    e.advance_processing_time(6_999).unwrap();
    assert!(rows(&mut e).is_empty());
    e.advance_processing_time(7_000).unwrap();
    assert_eq!(rows(&mut e), vec![(1, 0, 10_000, 3, 7.0, EARLY, 300)]);
    // Nothing added since: the clock fires nothing.
    e.advance_processing_time(9_000).unwrap();
    assert!(rows(&mut e).is_empty());
    assert_eq!(e.processing_clock(), 9_000);
    // [10000,20000) due 10100; W=10000 fires [0,10000) on time.
    push(&mut e, &[at(1, 10_000, 8.0, 9_100)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 10_000, 3, 7.0, ON, 10_000)]);
    // flush fires nothing by processing time, only on time.
    e.flush().unwrap();
    assert_eq!(rows(&mut e), vec![(1, 10_000, 20_000, 1, 8.0, ON, INF)]);
}

#[test]
fn early_processing_time_without_arrival_times_never_fires() {
    let mut e = engine(
        WindowSpec::tumbling(10_000),
        0,
        0,
        Mode::Watermark,
        Some(Early::ProcessingTime(1)),
        Accumulating,
    );
    push(&mut e, &[ev(1, 100, 1.0), ev(1, 200, 2.0)]);
    assert_eq!(e.processing_clock(), NEG_INF);
    e.flush().unwrap();
    assert_eq!(rows(&mut e), vec![(1, 0, 10_000, 2, 3.0, ON, INF)]);
}

#[test]
fn a_late_event_extending_a_fired_session_past_w_hands_on_its_pending_point() {
    let mut e = engine(
        WindowSpec::session(1_000),
        0,
        10_000,
        Mode::Watermark,
        Some(Early::EventTime(500)),
        Accumulating,
    );
    // Key 1 [0,1000) has point 500; key 2 moves W to 1200: key 1 fires on
    // time only (W >= its end), and its point 500 stays pending.
    push(&mut e, &[ev(1, 0, 1.0), ev(2, 1_200, 8.0)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 1_000, 1, 1.0, ON, 1_200)]);
    // t=900 merges into [0,1900), past W: the merged session has point 500,
    // already passed, so it fires early at the next advance (changed).
    push(&mut e, &[ev(1, 900, 4.0)]);
    assert!(rows(&mut e).is_empty());
    push(&mut e, &[ev(2, 1_300, 16.0)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 1_900, 2, 5.0, EARLY, 1_300)]);
    e.flush().unwrap();
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 1_900, 2, 5.0, ON, INF),
            (2, 1_200, 2_300, 2, 24.0, ON, INF),
        ]
    );
}

#[test]
fn a_merged_session_is_due_at_the_earliest_of_its_parts_due_times() {
    let mut e = engine(
        WindowSpec::session(1_000),
        10_000,
        0,
        Mode::Watermark,
        Some(Early::ProcessingTime(1_000)),
        Accumulating,
    );
    // [0,1000) due 1100, [1500,2500) due 1500; t=1000 merges them: due 1100.
    push(
        &mut e,
        &[
            at(1, 0, 1.0, 100),
            at(1, 1_500, 2.0, 500),
            at(1, 1_000, 4.0, 600),
        ],
    );
    e.advance_processing_time(1_099).unwrap();
    assert!(rows(&mut e).is_empty());
    e.advance_processing_time(1_100).unwrap();
    assert_eq!(rows(&mut e), vec![(1, 0, 2_500, 3, 7.0, EARLY, -8_500)]);
}

#[test]
fn every_event_fires_early_then_late_and_nothing_at_the_end() {
    let mut e = engine(
        WindowSpec::tumbling(1_000),
        0,
        1_000,
        Mode::EveryEvent,
        None,
        Accumulating,
    );
    push(
        &mut e,
        &[ev(1, 100, 1.0), ev(1, 1_500, 2.0), ev(1, 200, 4.0)],
    );
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 1_000, 1, 1.0, EARLY, NEG_INF),
            (1, 1_000, 2_000, 1, 2.0, EARLY, 100),
            // W = 1500 >= 1000 fired nothing; the late event fires late.
            (1, 0, 1_000, 2, 5.0, LATE, 1_500),
        ]
    );
    e.flush().unwrap();
    assert!(rows(&mut e).is_empty());
    let s = e.stats();
    assert_eq!((s.fired_early, s.fired_on_time, s.fired_late), (2, 0, 1));
}

#[test]
fn final_mode_fires_once_at_end_plus_lateness_and_late_events_only_update() {
    let mut e = engine(
        WindowSpec::tumbling(1_000),
        0,
        500,
        Mode::Final,
        None,
        Accumulating,
    );
    // W = 1200 passes the end 1000: nothing; t=300 is late (accepted).
    push(
        &mut e,
        &[ev(1, 100, 1.0), ev(1, 1_200, 2.0), ev(1, 300, 4.0)],
    );
    assert!(rows(&mut e).is_empty());
    // W = 1500 = end + L: the window closes.
    push(&mut e, &[ev(1, 1_500, 8.0)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 1_000, 2, 5.0, FINAL, 1_500)]);
    e.flush().unwrap();
    assert_eq!(rows(&mut e), vec![(1, 1_000, 2_000, 2, 10.0, FINAL, INF)]);
    let s = e.stats();
    assert_eq!((s.fired_final, s.late_accepted, s.fired_late), (2, 1, 0));
}

#[test]
fn discarding_reports_the_pane_and_skips_a_firing_with_nothing_new() {
    let mut e = engine(
        WindowSpec::tumbling(1_000),
        0,
        0,
        Mode::Watermark,
        Some(Early::Count(2)),
        Discarding,
    );
    push(&mut e, &[ev(1, 100, 1.0), ev(1, 200, 2.0)]);
    assert_eq!(rows(&mut e), vec![(1, 0, 1_000, 2, 3.0, EARLY, 100)]);
    // W=1000: [0,1000) has nothing new since its early firing: no row.
    push(&mut e, &[ev(1, 1_000, 4.0)]);
    assert!(rows(&mut e).is_empty());
    push(&mut e, &[ev(1, 1_100, 8.0), ev(1, 1_200, 16.0)]);
    assert_eq!(rows(&mut e), vec![(1, 1_000, 2_000, 2, 12.0, EARLY, 1_000)]);
    e.flush().unwrap();
    assert_eq!(rows(&mut e), vec![(1, 1_000, 2_000, 1, 16.0, ON, INF)]);
    assert_eq!(e.stats().fired_on_time, 1);
}

#[test]
fn discarding_late_firings_report_only_the_late_event() {
    let mut e = engine(
        WindowSpec::tumbling(1_000),
        0,
        1_000,
        Mode::Watermark,
        None,
        Discarding,
    );
    push(
        &mut e,
        &[
            ev(1, 100, 1.0),
            ev(1, 1_500, 2.0),
            ev(1, 200, 4.0),
            ev(1, 300, 8.0),
        ],
    );
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 1_000, 1, 1.0, ON, 1_500),
            (1, 0, 1_000, 1, 4.0, LATE, 1_500),
            (1, 0, 1_000, 1, 8.0, LATE, 1_500),
        ]
    );
}

/// Sessions (gap 1000, L 5000): [0,1000) fires at W=1500; t=1000 then
/// merges it with [1500,2500), which has not fired: [0,2500).
fn merge_stream(acc: Accumulation) -> (Vec<R>, Vec<R>) {
    let mut e = engine(
        WindowSpec::session(1_000),
        0,
        5_000,
        Mode::Watermark,
        None,
        acc,
    );
    push(
        &mut e,
        &[ev(1, 0, 1.0), ev(1, 1_500, 2.0), ev(1, 1_000, 4.0)],
    );
    let before = rows(&mut e);
    e.flush().unwrap();
    (before, rows(&mut e))
}

#[test]
fn a_merged_session_reports_what_its_parts_had_not_reported_when_discarding() {
    let (before, after) = merge_stream(Discarding);
    assert_eq!(before, vec![(1, 0, 1_000, 1, 1.0, ON, 1_500)]);
    // Parts' unreported: 2.0 (of [1500,2500)); plus the merging 4.0.
    assert_eq!(after, vec![(1, 0, 2_500, 2, 6.0, ON, INF)]);
}

#[test]
fn a_merged_session_retracts_each_fired_part_with_its_own_window() {
    let (before, after) = merge_stream(Retracting);
    assert_eq!(before, vec![(1, 0, 1_000, 1, 1.0, ON, 1_500)]);
    assert_eq!(
        after,
        vec![
            (1, 0, 1_000, 1, 1.0, RETRACT, INF),
            (1, 0, 2_500, 3, 7.0, ON, INF),
        ]
    );
    let (_, acc) = merge_stream(Accumulating);
    assert_eq!(acc, vec![(1, 0, 2_500, 3, 7.0, ON, INF)]);
}

#[test]
fn a_late_merge_of_two_fired_sessions_retracts_both_then_fires_late() {
    let mut e = engine(
        WindowSpec::session(1_000),
        0,
        10_000,
        Mode::Watermark,
        None,
        Retracting,
    );
    // [0,1000) fires at W=2000, [2000,3000) at W=4000; t=1000 merges both
    // into [0,3000), which W has passed: late.
    push(
        &mut e,
        &[ev(1, 0, 1.0), ev(1, 2_000, 2.0), ev(1, 4_000, 4.0)],
    );
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 1_000, 1, 1.0, ON, 2_000),
            (1, 2_000, 3_000, 1, 2.0, ON, 4_000),
        ]
    );
    push(&mut e, &[ev(1, 1_000, 8.0)]);
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 1_000, 1, 1.0, RETRACT, 4_000),
            (1, 2_000, 3_000, 1, 2.0, RETRACT, 4_000),
            (1, 0, 3_000, 3, 11.0, LATE, 4_000),
        ]
    );
    assert_eq!(e.stats().retractions, 2);
}

#[test]
fn retracting_precedes_each_refinement_with_the_totals_last_emitted() {
    let mut e = engine(
        WindowSpec::tumbling(1_000),
        0,
        0,
        Mode::Watermark,
        Some(Early::Count(1)),
        Retracting,
    );
    push(
        &mut e,
        &[ev(1, 100, 1.0), ev(1, 200, 2.0), ev(1, 1_000, 4.0)],
    );
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 1_000, 1, 1.0, EARLY, NEG_INF),
            (1, 0, 1_000, 1, 1.0, RETRACT, 100),
            (1, 0, 1_000, 2, 3.0, EARLY, 100),
            // t=1000 joins [1000,2000) against W=200, then W=1000.
            (1, 1_000, 2_000, 1, 4.0, EARLY, 200),
            (1, 0, 1_000, 2, 3.0, RETRACT, 1_000),
            (1, 0, 1_000, 2, 3.0, ON, 1_000),
        ]
    );
    e.flush().unwrap();
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 1_000, 2_000, 1, 4.0, RETRACT, INF),
            (1, 1_000, 2_000, 1, 4.0, ON, INF),
        ]
    );
}

#[test]
fn every_event_retracting_retracts_before_the_late_refinement() {
    let mut e = engine(
        WindowSpec::tumbling(1_000),
        0,
        1_000,
        Mode::EveryEvent,
        None,
        Retracting,
    );
    push(
        &mut e,
        &[ev(1, 100, 1.0), ev(1, 1_500, 2.0), ev(1, 200, 4.0)],
    );
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 1_000, 1, 1.0, EARLY, NEG_INF),
            (1, 1_000, 2_000, 1, 2.0, EARLY, 100),
            (1, 0, 1_000, 1, 1.0, RETRACT, 1_500),
            (1, 0, 1_000, 2, 5.0, LATE, 1_500),
        ]
    );
}

#[test]
fn the_default_config_still_fires_as_v1() {
    // Same stream through the explicit default trigger: on time and late.
    let mut e = engine(
        WindowSpec::tumbling(1_000),
        0,
        1_000,
        Mode::Watermark,
        None,
        Accumulating,
    );
    push(
        &mut e,
        &[ev(1, 100, 1.0), ev(1, 1_500, 2.0), ev(1, 200, 4.0)],
    );
    assert_eq!(
        rows(&mut e),
        vec![
            (1, 0, 1_000, 1, 1.0, ON, 1_500),
            (1, 0, 1_000, 2, 5.0, LATE, 1_500),
        ]
    );
}

// ------------------------------------------------------------- properties

fn window_of(k: u8) -> WindowSpec {
    match k % 3 {
        0 => WindowSpec::tumbling(1_000),
        1 => WindowSpec::sliding(3_000, 1_000),
        _ => WindowSpec::session(500),
    }
}

fn trigger_of(k: u8) -> (Mode, Option<Early>) {
    match k % 6 {
        0 => (Mode::Watermark, None),
        1 => (Mode::Watermark, Some(Early::Count(2))),
        2 => (Mode::Watermark, Some(Early::EventTime(700))),
        3 => (Mode::Watermark, Some(Early::ProcessingTime(300))),
        4 => (Mode::EveryEvent, None),
        _ => (Mode::Final, None),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// With no event ever dropped (lateness beyond the stream), the rows
    /// summed with `retract` counted negative give, per key, every event
    /// once; and each retract row repeats the last totals emitted for its
    /// window.
    #[test]
    fn retracting_rows_sum_to_the_latest_totals(
        kind in 0u8..3,
        trig in 0u8..5,
        d in 0i64..2_000,
        evs in prop::collection::vec((0u32..3, -3_000i64..6_000, 1u8..9), 1..60),
    ) {
        let (mode, early) = trigger_of(trig);
        let mut e = engine(window_of(kind), d, 1_000_000, mode, early, Retracting);
        let mut arrival = 0;
        let mut out = Vec::new();
        for (i, &(k, t, v)) in evs.iter().enumerate() {
            arrival += 97;
            e.push(at(k, t, v as f64, arrival)).unwrap();
            if i % 7 == 0 {
                e.advance_processing_time(arrival + 150).unwrap();
            }
            out.extend(e.drain_results());
        }
        e.flush().unwrap();
        out.extend(e.drain_results());
        let mut last: std::collections::HashMap<(u32, i64, i64), (u64, f64)> = Default::default();
        for r in &out {
            let id = (r.key, r.window.start, r.window.end);
            let tot = (r.agg.count, r.agg.sum);
            if r.firing == RETRACT {
                prop_assert_eq!(last.remove(&id), Some(tot), "retract repeats {:?}", r);
            } else {
                last.insert(id, tot);
            }
        }
        // Windows per event: 1 tumbling, 3 sliding, 1 session (merged).
        let per = if kind % 3 == 1 { 3 } else { 1 };
        for key in 0..3 {
            let want: Vec<&(u32, i64, u8)> = evs.iter().filter(|x| x.0 == key).collect();
            let (n, s) = last
                .iter()
                .filter(|(id, _)| id.0 == key)
                .fold((0u64, 0.0), |(n, s), (_, v)| (n + v.0, s + v.1));
            prop_assert_eq!(n, per * want.len() as u64);
            let sum: f64 = want.iter().map(|x| x.2 as f64).sum();
            prop_assert_eq!(s, per as f64 * sum);
        }
        if kind % 3 == 2 {
            // The live sessions of a key are disjoint.
            let mut live: Vec<_> = last.keys().copied().collect();
            live.sort();
            for p in live.windows(2) {
                if p[0].0 == p[1].0 {
                    prop_assert!(p[0].2 < p[1].1, "{:?}", p);
                }
            }
        }
    }
}
