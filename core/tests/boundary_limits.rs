//! The limits the JavaScript boundary relies on (`push_batch`'s row error,
//! pending results, pending side output, query size): each refuses with an
//! error naming the limit and keeps everything already accepted.

use weir_core::{BatchError, Config, Engine, EngineError, Event, Limits, Outcome, WindowSpec};

fn ev(key: u32, time: i64, value: f64) -> Event {
    Event::new(key, time, value)
}

fn engine(window: WindowSpec, d: i64, limits: Limits) -> Engine {
    Engine::new(Config {
        limits,
        ..Config::event_time(window, d)
    })
    .unwrap()
}

#[test]
fn push_batch_names_the_invalid_row_and_accepts_none() {
    let mut e = engine(WindowSpec::tumbling(10), 0, Limits::default());
    let err = e
        .push_batch(&[
            ev(1, 1, 1.0),
            ev(1, 2, 1.0),
            ev(1, 3, f64::NAN),
            ev(1, 4, f64::INFINITY),
        ])
        .unwrap_err();
    assert_eq!((err.row, err.accepted), (2, 0));
    assert!(matches!(
        err.error,
        EngineError::InvalidEvent { field: "value", .. }
    ));
    assert_eq!(
        err.to_string(),
        "row 2: invalid event: value = NaN: must be a finite number"
    );
    assert_eq!(e.stats().events_in, 0);
}

#[test]
fn push_batch_stops_at_a_limit_and_keeps_the_rows_before() {
    let limits = Limits {
        max_keys: 2,
        ..Limits::default()
    };
    let mut e = engine(WindowSpec::tumbling(10), 0, limits);
    let err = e
        .push_batch(&[ev(1, 1, 1.0), ev(2, 2, 1.0), ev(3, 3, 1.0), ev(1, 4, 1.0)])
        .unwrap_err();
    assert_eq!(
        err,
        BatchError {
            row: 2,
            accepted: 2,
            error: EngineError::LimitExceeded {
                field: "maxKeys",
                limit: 2,
                key: 3,
                time: 3
            }
        }
    );
    assert_eq!(e.stats().events_in, 2);
}

#[test]
fn pending_results_refuse_pushes_until_drained() {
    let limits = Limits {
        max_pending_results: 2,
        ..Limits::default()
    };
    let mut e = engine(WindowSpec::tumbling(10), 0, limits);
    for t in [1, 11, 21] {
        e.push(ev(1, t, 1.0)).unwrap();
    }
    assert_eq!(e.pending_results().len(), 2);
    let err = e.push(ev(1, 31, 1.0)).unwrap_err();
    assert!(matches!(
        err,
        EngineError::LimitExceeded {
            field: "maxPendingResults",
            limit: 2,
            ..
        }
    ));
    assert_eq!(e.stats().events_in, 3);
    assert_eq!(e.drain_results().len(), 2);
    assert_eq!(e.push(ev(1, 31, 1.0)).unwrap(), Outcome::Assigned);
}

#[test]
fn pending_side_output_refuses_late_events_until_drained() {
    let limits = Limits {
        max_pending_late: 1,
        ..Limits::default()
    };
    let mut e = engine(WindowSpec::tumbling(10), 0, limits);
    e.push(ev(1, 100, 1.0)).unwrap();
    assert_eq!(e.push(ev(1, 1, 1.0)).unwrap(), Outcome::SideOutput);
    let err = e.push(ev(1, 2, 1.0)).unwrap_err();
    assert!(matches!(
        err,
        EngineError::LimitExceeded {
            field: "maxPendingLate",
            ..
        }
    ));
    // On-time events still go in; the refused one left no drop behind.
    assert_eq!(e.push(ev(1, 101, 1.0)).unwrap(), Outcome::Assigned);
    let closed: u64 = e.open_windows().iter().map(|o| o.dropped).sum();
    assert_eq!(closed, 1);
    assert_eq!(e.drain_late().len(), 1);
    assert_eq!(e.push(ev(1, 2, 1.0)).unwrap(), Outcome::SideOutput);
}

#[test]
fn a_query_over_the_limit_returns_nothing() {
    let limits = Limits {
        max_query_results: 25,
        ..Limits::default()
    };
    // Each event is in 10 sliding windows: 3 keys give 30 rows.
    let mut e = engine(WindowSpec::sliding(100, 10), 1_000, limits);
    for k in 0..3 {
        e.push(ev(k, 50, 1.0)).unwrap();
    }
    assert_eq!(
        e.try_open_windows().unwrap_err(),
        EngineError::QueryLimit {
            field: "maxQueryResults",
            limit: 25,
            rows: 30
        }
    );
    let mut two = engine(WindowSpec::sliding(100, 10), 1_000, limits);
    for k in 0..2 {
        two.push(ev(k, 50, 1.0)).unwrap();
    }
    assert_eq!(two.try_open_windows().unwrap().len(), 20);
}
