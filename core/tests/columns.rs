//! The columnar path (`Engine::push_columns`, `push_columns_draining`)
//! against row-by-row pushes, over random configs and batches: the same
//! return value (accepted count, or the failing row, accepted count and
//! error), and after every batch the same results, side output, counters,
//! watermark, clock, sources and open windows. The batches have negative
//! times, duplicates, disorder, several sources, arrival times, bad rows
//! (an infinite value, a time out of range) and small state and pending
//! limits, with triggers, accumulation, processing time and idle sources;
//! and the plain loop (no arrival or source columns, no sources or
//! trigger configured) on longer batches of more keys.

use proptest::prelude::*;
use weir_core::time::MAX_ABS_TIME;
use weir_core::{
    Accumulation, BatchError, Columns, Config, Early, Engine, Event, LateEvent, Limits, Mode,
    TimeDomain, Trigger, WindowResult, WindowSpec,
};

fn window() -> impl Strategy<Value = WindowSpec> {
    prop_oneof![
        (1i64..5_000, -3_000i64..3_000)
            .prop_map(|(s, o)| WindowSpec::Tumbling { size: s, offset: o }),
        (1i64..40, 1i64..20).prop_map(|(s, sl)| WindowSpec::sliding(s * 100, sl * 100)),
        (1i64..3_000).prop_map(WindowSpec::session),
        (1i64..5).prop_map(|k| WindowSpec::Cumulate {
            step: 500,
            size: 500 * k,
            offset: 0
        }),
    ]
}

fn trigger() -> impl Strategy<Value = Trigger> {
    prop_oneof![
        4 => Just(Trigger::default()),
        1 => (1u64..4).prop_map(|n| Trigger { mode: Mode::Watermark, early: Some(Early::Count(n)) }),
        1 => Just(Trigger { mode: Mode::EveryEvent, early: None }),
        1 => Just(Trigger { mode: Mode::Final, early: None }),
        1 => (100i64..2_000).prop_map(|p| Trigger { mode: Mode::Watermark, early: Some(Early::ProcessingTime(p)) }),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (
        (window(), 0i64..2_000, 0i64..2_000, 0u8..10),
        (trigger(), 0u8..3, 0u32..3, prop::option::of(100i64..3_000)),
        (1u64..8, 1u64..30, 1u64..40, 1u64..20, 0u8..3),
    )
        .prop_map(
            |(
                (w, d, l, domain),
                (trigger, acc, sources, idle),
                (keys, entries, results, late, which),
            )| {
                let mut c = if domain == 0 {
                    Config::processing_time(w)
                } else {
                    Config::event_time(w, d).with_lateness(l)
                };
                c.trigger = trigger;
                c.accumulation = [
                    Accumulation::Accumulating,
                    Accumulation::Discarding,
                    Accumulation::Retracting,
                ][acc as usize];
                if c.time_domain == TimeDomain::Event {
                    c.sources = sources;
                    c.idle_timeout = idle;
                }
                // One limit small at a time, or none: each refuses rows
                // midway in its own way.
                c.limits = match which {
                    0 => Limits::default(),
                    1 => Limits {
                        max_keys: keys,
                        max_state_entries: entries,
                        ..Limits::default()
                    },
                    _ => Limits {
                        max_pending_results: results,
                        max_pending_late: late,
                        ..Limits::default()
                    },
                };
                c
            },
        )
}

/// A batch: rows of (key, time, value, arrival, source), arrivals rising
/// with jitter; now and then a bad row.
#[derive(Debug, Clone)]
struct Batch {
    keys: Vec<u32>,
    times: Vec<i64>,
    values: Vec<f64>,
    arrivals: Option<Vec<i64>>,
    sources: Option<Vec<u32>>,
}

impl Batch {
    fn columns(&self) -> Columns<'_> {
        let mut c = Columns::new(&self.keys, &self.times, &self.values);
        if let Some(a) = &self.arrivals {
            c = c.with_arrivals(a);
        }
        if let Some(s) = &self.sources {
            c = c.with_sources(s);
        }
        c
    }

    fn events(&self) -> Vec<Event> {
        (0..self.keys.len())
            .map(|i| self.columns().row(i))
            .collect()
    }
}

fn batches() -> impl Strategy<Value = Vec<Batch>> {
    let row = (
        0u32..6,
        -4_000i64..20_000,
        0u8..150,
        0i64..300,
        0u32..3,
        -40i64..40,
    );
    let batch = (
        prop::collection::vec(row, 0..40),
        any::<bool>(),
        any::<bool>(),
    );
    prop::collection::vec(batch, 1..6).prop_map(|raw| {
        let mut clock = 0i64;
        raw.into_iter()
            .map(|(rows, with_arrivals, with_sources)| {
                let mut b = Batch {
                    keys: vec![],
                    times: vec![],
                    values: vec![],
                    arrivals: with_arrivals.then(Vec::new),
                    sources: with_sources.then(Vec::new),
                };
                for (key, t, v, step, source, jitter) in rows {
                    clock += step;
                    b.keys.push(key);
                    // A time out of range, an infinite value: rare bad rows.
                    b.times.push(if v == 0 { MAX_ABS_TIME + 1 } else { t });
                    b.values.push(if v == 1 {
                        f64::INFINITY
                    } else {
                        (t % 13) as f64
                    });
                    if let Some(a) = &mut b.arrivals {
                        a.push(clock + jitter);
                    }
                    if let Some(s) = &mut b.sources {
                        s.push(source);
                    }
                }
                b
            })
            .collect()
    })
}

/// Everything observable of an engine, draining its output.
#[derive(Debug, PartialEq)]
struct Seen {
    results: Vec<WindowResult>,
    late: Vec<LateEvent>,
    stats: weir_core::Stats,
    watermark: i64,
    clock: i64,
    sources: Vec<weir_core::SourceStats>,
    open: Vec<weir_core::OpenWindow>,
    paused: bool,
}

fn seen(e: &mut Engine) -> Seen {
    Seen {
        results: e.drain_results(),
        late: e.drain_late(),
        stats: e.stats(),
        watermark: e.watermark(),
        clock: e.processing_clock(),
        sources: e.source_stats(),
        open: e.open_windows(),
        paused: e.firing_paused(),
    }
}

/// Row by row with a drain after every push, as the replay was: the
/// accepted count or the first failing row (nothing accepted when a row
/// fails its checks, as a batch is checked whole first), and the output.
fn row_by_row(
    e: &mut Engine,
    events: &[Event],
) -> (Result<usize, BatchError>, Vec<WindowResult>, Vec<LateEvent>) {
    let (mut results, mut late) = (vec![], vec![]);
    if let Some((row, error)) = events
        .iter()
        .enumerate()
        .find_map(|(i, ev)| e.check(ev).err().map(|err| (i, err)))
    {
        return (
            Err(BatchError {
                row,
                accepted: 0,
                error,
            }),
            results,
            late,
        );
    }
    for (row, ev) in events.iter().enumerate() {
        let pushed = e.push(*ev);
        results.extend(e.drain_results());
        late.extend(e.drain_late());
        if let Err(error) = pushed {
            return (
                Err(BatchError {
                    row,
                    accepted: row,
                    error,
                }),
                results,
                late,
            );
        }
    }
    (Ok(events.len()), results, late)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn columns_push_as_push_batch_does(config in config(), batches in batches()) {
        let Ok(mut rows) = Engine::new(config) else { return Ok(()) };
        let mut cols = rows.clone();
        for b in &batches {
            let by_rows = rows.push_batch(&b.events());
            let by_cols = cols.push_columns(b.columns());
            prop_assert_eq!(&by_cols, &by_rows);
            prop_assert_eq!(seen(&mut cols), seen(&mut rows));
        }
        prop_assert_eq!(cols.flush(), rows.flush());
        prop_assert_eq!(seen(&mut cols), seen(&mut rows));
    }

    #[test]
    fn draining_columns_push_as_push_and_drain_does(config in config(), batches in batches()) {
        let Ok(mut rows) = Engine::new(config) else { return Ok(()) };
        let mut cols = rows.clone();
        for b in &batches {
            let (by_rows, want_results, want_late) = row_by_row(&mut rows, &b.events());
            let (mut results, mut late) = (vec![], vec![]);
            let by_cols = cols.push_columns_draining(b.columns(), |r, l| {
                results.extend_from_slice(r);
                late.extend_from_slice(l);
            });
            prop_assert_eq!(&by_cols, &by_rows);
            prop_assert_eq!(&results, &want_results);
            prop_assert_eq!(&late, &want_late);
            prop_assert_eq!(seen(&mut cols), seen(&mut rows));
        }
    }
}

/// What the plain columnar loop serves (`push_plain_rows` in
/// `columns.rs`): event time, no declared sources or idle timeout, the
/// default trigger; any window, delay, lateness and limits.
fn plain_config() -> impl Strategy<Value = Config> {
    (
        window(),
        0i64..3_000,
        0i64..3_000,
        0u8..4,
        1u64..30,
        1u64..60,
    )
        .prop_map(|(w, d, l, which, small, smaller)| {
            let mut c = Config::event_time(w, d).with_lateness(l);
            c.limits = match which {
                0 | 1 => Limits::default(),
                2 => Limits {
                    max_keys: small,
                    max_state_entries: smaller,
                    ..Limits::default()
                },
                _ => Limits {
                    max_pending_results: smaller,
                    max_pending_late: small,
                    ..Limits::default()
                },
            };
            c
        })
}

/// Batches without arrival or source columns, of a stream whose time
/// moves on: rows of many keys a little out of order, now and then one
/// very late, and rarely a bad row.
fn plain_batches() -> impl Strategy<Value = Vec<Batch>> {
    let row = (0u32..40, 0i64..60, -1_500i64..300, 0u8..100, 0u16..2_000);
    prop::collection::vec(prop::collection::vec(row, 0..300), 1..5).prop_map(|raw| {
        let mut now = -2_000i64;
        raw.into_iter()
            .map(|rows| {
                let mut b = Batch {
                    keys: vec![],
                    times: vec![],
                    values: vec![],
                    arrivals: None,
                    sources: None,
                };
                for (key, step, jitter, late, v) in rows {
                    now += step;
                    let t = if late == 0 { now - 9_000 } else { now + jitter };
                    b.keys.push(key);
                    b.times.push(if v == 0 { -MAX_ABS_TIME - 1 } else { t });
                    b.values.push(if v == 1 {
                        f64::NAN
                    } else {
                        f64::from(v % 200) - 100.0 + (t % 7) as f64 * 0.25
                    });
                }
                b
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The plain loop against `push_batch` (row by row through `push`,
    /// which tests for the general path on every row), and its draining
    /// form against pushes with a drain after each.
    #[test]
    fn the_plain_columnar_loop_pushes_as_row_by_row_does(
        config in plain_config(),
        batches in plain_batches(),
    ) {
        let Ok(mut rows) = Engine::new(config) else { return Ok(()) };
        let (mut cols, mut drained_rows) = (rows.clone(), rows.clone());
        let mut drained = rows.clone();
        for b in &batches {
            let by_rows = rows.push_batch(&b.events());
            prop_assert_eq!(&cols.push_columns(b.columns()), &by_rows);
            prop_assert_eq!(seen(&mut cols), seen(&mut rows));
            let (by_rows, want_results, want_late) = row_by_row(&mut drained_rows, &b.events());
            let (mut results, mut late) = (vec![], vec![]);
            let by_cols = drained.push_columns_draining(b.columns(), |r, l| {
                results.extend_from_slice(r);
                late.extend_from_slice(l);
            });
            prop_assert_eq!(&by_cols, &by_rows);
            prop_assert_eq!(&results, &want_results);
            prop_assert_eq!(&late, &want_late);
            prop_assert_eq!(seen(&mut drained), seen(&mut drained_rows));
        }
        prop_assert_eq!(cols.flush(), rows.flush());
        prop_assert_eq!(seen(&mut cols), seen(&mut rows));
    }
}

#[test]
fn columns_of_unequal_length_are_refused_before_any_row() {
    let mut e = Engine::new(Config::event_time(WindowSpec::tumbling(1_000), 0)).unwrap();
    let err = e
        .push_columns(Columns::new(&[1, 2], &[5, 6], &[1.0]))
        .unwrap_err();
    assert_eq!((err.row, err.accepted), (0, 0));
    assert!(err.to_string().contains("values"), "{err}");
    let err = e
        .push_columns(Columns::new(&[1], &[5], &[1.0]).with_arrivals(&[]))
        .unwrap_err();
    assert!(err.to_string().contains("arrivals"), "{err}");
    assert_eq!(e.stats().events_in, 0);
    assert_eq!(e.push_columns(Columns::new(&[1], &[5], &[1.0])), Ok(1));
}
