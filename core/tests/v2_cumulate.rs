//! Cumulating windows (`SEMANTICS.md`, "Windows": Cumulate) and
//! `clamp_starts_at_zero` (Kafka Streams' `TimeWindows.windowsFor`), one
//! worked example per rule. Every expected row is written out by hand from
//! the contract; the comments show the working.

use weir_core::{Config, Engine, EngineError, Event, Firing, Outcome, Window, WindowSpec};

const ON: Firing = Firing::OnTime;
const LATE: Firing = Firing::Late;
const INF: i64 = i64::MAX;

fn ev(key: u32, t: i64, v: f64) -> Event {
    Event::new(key, t, v)
}

fn cumulate(step: i64, size: i64, offset: i64) -> WindowSpec {
    WindowSpec::Cumulate { step, size, offset }
}

fn engine(c: Config) -> Engine {
    Engine::new(c).expect("valid config")
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

fn late(e: &mut Engine) -> Vec<(u32, i64, f64, i64)> {
    e.drain_late()
        .iter()
        .map(|l| (l.key, l.time, l.value, l.watermark))
        .collect()
}

fn w(start: i64, end: i64) -> Window {
    Window { start, end }
}

#[test]
fn cumulate_windows_grow_over_negative_times_and_duplicates() {
    // step 10, size 30: periods [-30, 0), [0, 30); windows [s, s + 10k).
    let mut e = engine(Config::event_time(cumulate(10, 30, 0), 0));
    // -25 is in [-30,-20), [-30,-10), [-30,0); twice (same timestamp).
    assert_eq!(e.push(ev(1, -25, 1.0)).unwrap(), Outcome::Assigned);
    assert_eq!(e.push(ev(1, -25, 2.0)).unwrap(), Outcome::Assigned);
    assert!(results(&mut e).is_empty());
    // -12 is in [-30,-10), [-30,0); W = -12 passes the end -20.
    assert_eq!(e.push(ev(1, -12, 4.0)).unwrap(), Outcome::Assigned);
    assert_eq!(results(&mut e), vec![(1, -30, -20, 2, 3.0, ON, -12)]);
    // -15 < W but its windows end at -10 and 0: open, not late.
    assert_eq!(e.push(ev(2, -15, 16.0)).unwrap(), Outcome::Assigned);
    assert!(results(&mut e).is_empty());
    // W = 5 passes the ends -10 and 0: by end, then key.
    assert_eq!(e.push(ev(1, 5, 8.0)).unwrap(), Outcome::Assigned);
    assert_eq!(
        results(&mut e),
        vec![
            (1, -30, -10, 3, 7.0, ON, 5),
            (2, -30, -10, 1, 16.0, ON, 5),
            (1, -30, 0, 3, 7.0, ON, 5),
            (2, -30, 0, 1, 16.0, ON, 5),
        ]
    );
    // Before flush: key 1's windows of [0, 30), each holding the 5.
    let open: Vec<(u32, Window)> = e.open_windows().iter().map(|o| (o.key, o.window)).collect();
    assert_eq!(open, vec![(1, w(0, 10)), (1, w(0, 20)), (1, w(0, 30))]);
    assert_eq!(e.stats().state_entries, 1, "one slice, [0, 10)");
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 10, 1, 8.0, ON, INF),
            (1, 0, 20, 1, 8.0, ON, INF),
            (1, 0, 30, 1, 8.0, ON, INF),
        ]
    );
    let s = e.stats();
    assert_eq!((s.events_in, s.assigned, s.fired_on_time), (5, 5, 8));
}

#[test]
fn cumulate_periods_align_on_the_offset() {
    // step 10, size 30, offset 5: periods [-25, 5), [5, 35).
    let mut e = engine(Config::event_time(cumulate(10, 30, 5), 0));
    assert_eq!(e.windows_for(4), vec![w(-25, 5)]);
    assert_eq!(e.windows_for(5), vec![w(5, 15), w(5, 25), w(5, 35)]);
    e.push(ev(1, 4, 1.0)).unwrap();
    assert!(results(&mut e).is_empty());
    e.push(ev(1, 5, 2.0)).unwrap();
    assert_eq!(results(&mut e), vec![(1, -25, 5, 1, 1.0, ON, 5)]);
    // 20 is in [5, 25) and [5, 35); W = 20 passes the end 15.
    e.push(ev(1, 20, 4.0)).unwrap();
    assert_eq!(results(&mut e), vec![(1, 5, 15, 1, 2.0, ON, 20)]);
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![(1, 5, 25, 2, 6.0, ON, INF), (1, 5, 35, 2, 6.0, ON, INF)]
    );
}

#[test]
fn one_late_event_refires_every_cumulative_window_it_joins() {
    // step 10, size 40, d = 0, L = 25: period [0, 40), ends 10, 20, 30, 40.
    let mut e = engine(Config::event_time(cumulate(10, 40, 0), 0).with_lateness(25));
    e.push(ev(1, 1, 1.0)).unwrap();
    // W = 35: [0,10), [0,20), [0,30) fire holding the 1 only (35 is in
    // [0,40) alone).
    e.push(ev(1, 35, 2.0)).unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 10, 1, 1.0, ON, 35),
            (1, 0, 20, 1, 1.0, ON, 35),
            (1, 0, 30, 1, 1.0, ON, 35),
        ]
    );
    // 3 belongs to all four; [0,10) is dropped for it (10 + 25 <= 35);
    // [0,20) and [0,30) fire late at once, in order of end; [0,40) has not
    // fired yet and just takes it.
    assert_eq!(e.push(ev(1, 3, 4.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(
        results(&mut e),
        vec![(1, 0, 20, 2, 5.0, LATE, 35), (1, 0, 30, 2, 5.0, LATE, 35)]
    );
    assert_eq!(e.stats().dropped_from_windows, 1);
    // W = 61: [0,40) fires on time with 1 + 2 + 4; 61 opens [40,70), [40,80).
    e.push(ev(1, 61, 8.0)).unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 40, 3, 7.0, ON, 61)]);
    // 12: [0,20), [0,30) are past W - L = 36, [0,40) (40 + 25 > 61) is not.
    assert_eq!(e.push(ev(1, 12, 16.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(results(&mut e), vec![(1, 0, 40, 4, 23.0, LATE, 61)]);
    assert_eq!(e.stats().dropped_from_windows, 3);
    // W = 66 purges [0,40) (40 + 25 <= 66): 5 joins none of its windows and
    // 5 + 25 < 66, so it goes to the side output.
    e.push(ev(1, 66, 0.5)).unwrap();
    assert!(results(&mut e).is_empty());
    assert_eq!(e.push(ev(1, 5, 64.0)).unwrap(), Outcome::SideOutput);
    assert_eq!(late(&mut e), vec![(1, 5, 64.0, 66)]);
    e.flush().unwrap();
    // 61 and 66 are in the slice [60,70): in [40,70) and [40,80).
    assert_eq!(
        results(&mut e),
        vec![(1, 40, 70, 2, 8.5, ON, INF), (1, 40, 80, 2, 8.5, ON, INF)]
    );
    let s = e.stats();
    assert_eq!(
        (s.assigned, s.late_accepted, s.side_output, s.unassigned),
        (4, 2, 1, 0)
    );
    assert_eq!((s.fired_on_time, s.fired_late), (6, 3));
}

#[test]
fn an_event_between_two_fired_windows_of_a_period_is_late_for_the_early_ones_only() {
    // step 10, size 30, d = 0, L = 0: a late event still joins the windows
    // of its period whose end is after W.
    let mut e = engine(Config::event_time(cumulate(10, 30, 0), 0));
    e.push(ev(1, 0, 1.0)).unwrap();
    e.push(ev(1, 25, 2.0)).unwrap();
    assert_eq!(
        results(&mut e),
        vec![(1, 0, 10, 1, 1.0, ON, 25), (1, 0, 20, 1, 1.0, ON, 25)]
    );
    // 5 < W = 25: [0,10) and [0,20) are closed (L = 0), [0,30) is open.
    assert_eq!(e.push(ev(1, 5, 4.0)).unwrap(), Outcome::Assigned);
    assert!(late(&mut e).is_empty());
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 30, 3, 7.0, ON, INF)]);
    assert_eq!(e.stats().dropped_from_windows, 2);
}

#[test]
fn a_step_that_does_not_divide_the_size_is_refused_by_name() {
    let e = Engine::new(Config::event_time(cumulate(15, 40, 0), 0)).unwrap_err();
    assert!(matches!(
        e,
        EngineError::InvalidConfig {
            field: "window.step",
            ..
        }
    ));
    assert!(e.to_string().contains("window.step = 15"), "{e}");
    // 1 h / 100 ms: 36,000 slices in the longest window.
    let e = Engine::new(Config::event_time(cumulate(100, 3_600_000, 0), 0)).unwrap_err();
    assert!(e.to_string().contains("window.step = 100"), "{e}");
    assert!(Engine::new(Config::event_time(cumulate(1_000, 3_600_000, 0), 0)).is_ok());
}

fn clamped(window: WindowSpec) -> Engine {
    engine(Config {
        clamp_starts_at_zero: true,
        ..Config::event_time(window, 0)
    })
}

#[test]
fn clamped_hops_near_zero_do_not_exist() {
    // Sliding 10 / 5: without the clamp -2 is in [-10,0), [-5,5) and 3 in
    // [-5,5), [0,10); with it only windows starting at >= 0 exist.
    let mut e = clamped(WindowSpec::sliding(10, 5));
    assert_eq!(e.windows_for(3), vec![w(0, 10)]);
    assert!(e.windows_for(-2).is_empty());
    assert_eq!(e.windows_for(7), vec![w(0, 10), w(5, 15)]);
    // In no window and not late by its own time: unassigned.
    assert_eq!(e.push(ev(1, -2, 1.0)).unwrap(), Outcome::Unassigned);
    assert_eq!(e.push(ev(1, 3, 2.0)).unwrap(), Outcome::Assigned);
    // W = 7: [-5,5) would have fired here; it does not exist.
    assert_eq!(e.push(ev(1, 7, 4.0)).unwrap(), Outcome::Assigned);
    assert!(results(&mut e).is_empty());
    // In no window and -1 < W = 7: side output.
    assert_eq!(e.push(ev(1, -1, 8.0)).unwrap(), Outcome::SideOutput);
    assert_eq!(late(&mut e), vec![(1, -1, 8.0, 7)]);
    e.push(ev(1, 12, 16.0)).unwrap();
    assert_eq!(results(&mut e), vec![(1, 0, 10, 2, 6.0, ON, 12)]);
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![(1, 5, 15, 2, 20.0, ON, INF), (1, 10, 20, 1, 16.0, ON, INF)]
    );
    let s = e.stats();
    assert_eq!(
        (s.assigned, s.late_accepted, s.side_output, s.unassigned),
        (3, 0, 1, 1)
    );
}

#[test]
fn clamped_slices_near_zero_only_fire_their_windows_that_exist() {
    // Sliding 30 / 10, offset 0, L = 100: the slice [0,10) is in [-20,10),
    // [-10,20), [0,30) unclamped; clamped in [0,30) only, so a late event
    // there refires [0,30) and nothing before it.
    let mut e = engine(Config {
        clamp_starts_at_zero: true,
        ..Config::event_time(WindowSpec::sliding(30, 10), 0).with_lateness(100)
    });
    e.push(ev(1, 15, 1.0)).unwrap(); // [0,30), [10,40)
    e.push(ev(1, 45, 2.0)).unwrap(); // W = 45 passes the ends 30 and 40
    assert_eq!(
        results(&mut e),
        vec![(1, 0, 30, 1, 1.0, ON, 45), (1, 10, 40, 1, 1.0, ON, 45)]
    );
    assert_eq!(e.push(ev(1, 5, 4.0)).unwrap(), Outcome::LateAccepted);
    assert_eq!(results(&mut e), vec![(1, 0, 30, 2, 5.0, LATE, 45)]);
    assert_eq!(e.stats().dropped_from_windows, 0);
}

#[test]
fn clamped_tumbling_with_an_offset_and_clamped_cumulate() {
    // Tumbling 10 at offset 3: [-7,3) starts below 0 and does not exist.
    let mut e = clamped(WindowSpec::Tumbling {
        size: 10,
        offset: 3,
    });
    assert!(e.windows_for(1).is_empty());
    assert_eq!(e.push(ev(1, 1, 1.0)).unwrap(), Outcome::Unassigned);
    assert_eq!(e.push(ev(1, 3, 2.0)).unwrap(), Outcome::Assigned);
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(1, 3, 13, 1, 2.0, ON, INF)]);
    // Cumulate 10 / 30: the period [-30, 0) does not exist.
    let mut e = clamped(cumulate(10, 30, 0));
    assert_eq!(e.push(ev(1, -5, 1.0)).unwrap(), Outcome::Unassigned);
    assert_eq!(e.push(ev(1, 0, 2.0)).unwrap(), Outcome::Assigned);
    e.flush().unwrap();
    assert_eq!(
        results(&mut e),
        vec![
            (1, 0, 10, 1, 2.0, ON, INF),
            (1, 0, 20, 1, 2.0, ON, INF),
            (1, 0, 30, 1, 2.0, ON, INF),
        ]
    );
    // Sessions are not clamped.
    let mut e = clamped(WindowSpec::session(10));
    assert_eq!(e.push(ev(1, -5, 1.0)).unwrap(), Outcome::Assigned);
    e.flush().unwrap();
    assert_eq!(results(&mut e), vec![(1, -5, 5, 1, 1.0, ON, INF)]);
}

#[test]
fn snapshot_at_every_cut_equals_the_uninterrupted_run() {
    // The stream of `one_late_event_refires_every_cumulative_window_it_joins`
    // plus a second key, cut after each event.
    let c = Config::event_time(cumulate(10, 40, 0), 0).with_lateness(25);
    let stream = [
        ev(1, 1, 1.0),
        ev(2, 7, 3.0),
        ev(1, 35, 2.0),
        ev(1, 3, 4.0),
        ev(2, 14, 5.0),
        ev(1, 61, 8.0),
        ev(1, 12, 16.0),
        ev(1, 66, 0.5),
        ev(1, 5, 64.0),
    ];
    let run = |cut: Option<usize>| {
        let mut e = engine(c);
        let mut out = Vec::new();
        for (i, x) in stream.iter().enumerate() {
            if cut == Some(i) {
                e = Engine::restore(&e.snapshot()).expect("restores");
            }
            e.push(*x).unwrap();
            out.extend(results(&mut e));
        }
        e.flush().unwrap();
        out.extend(results(&mut e));
        // Capacities differ after a restore (buffers rebuilt to fit).
        let stats = weir_core::Stats {
            state_bytes: 0,
            ..e.stats()
        };
        (out, late(&mut e), stats)
    };
    let (whole, side, stats) = run(None);
    // Key 2's 14 arrives at W = 35 and joins [0,20), [0,30) (both fired:
    // late firings with 3 + 5) and [0,40).
    assert!(whole.contains(&(2, 0, 20, 2, 8.0, LATE, 35)));
    assert!(whole.contains(&(2, 0, 30, 2, 8.0, LATE, 35)));
    assert!(whole.contains(&(2, 0, 40, 2, 8.0, ON, 61)));
    assert_eq!(side, vec![(1, 5, 64.0, 66)]);
    for cut in 0..stream.len() {
        let (out, l, s) = run(Some(cut));
        assert_eq!(out, whole, "cut before event {cut}");
        assert_eq!(l, side, "cut before event {cut}");
        assert_eq!(s, stats, "cut before event {cut}");
    }
}

#[test]
fn the_memory_model_holds_one_period_raw_and_size_over_step_slices() {
    use weir_core::memory::ENGINE_SLICE_BYTES;
    use weir_core::{MemoryParams, Note};
    // The chapter's factory: 10,000 sensors x 100 msg/s x 100 B = 1e8 B/s,
    // 16 GB instances. Cumulate 10 s steps over a 60 s period.
    let a = ENGINE_SLICE_BYTES as f64;
    let e = MemoryParams::new(10_000.0, 100.0, 100.0, cumulate(10_000, 60_000, 0), 16e9)
        .estimate()
        .unwrap();
    // Raw: the period once, 1e8 x 60 = 6 GB (not the tumbling default's 2).
    assert_eq!(e.raw_windows_held, 1.0);
    assert_eq!(e.raw_buffer_bytes, 6e9);
    // Aggregates: 6 slices per key, as many as the period's 6 windows.
    assert_eq!((e.slices_per_key, e.open_windows_per_key), (6, 6));
    assert_eq!(e.sliced_aggregate_bytes, 6.0 * 10_000.0 * a);
    assert_eq!(
        e.note,
        Note::Cumulate {
            steps_per_period: 6,
            raw_bytes: 6e9,
            sliced_bytes: 60_000.0 * a,
            per_window_bytes: 60_000.0 * a,
        }
    );
    // Largest period that fits: 1e8 x S / 1000 x 1.2 <= 0.5 x 16e9, so
    // S <= 66,666.7 ms.
    assert_eq!(e.largest_fitting_window_ms, Some(66_666));
}
