//! Property tests: the engine against a naive reference model written
//! straight from `SEMANTICS.md`. The reference keeps every accepted raw event
//! per (key, window), enumerates windows by brute force, and recomputes every
//! total from scratch, so it is slow and obviously correct; the engine's
//! slices, timers and incremental aggregates must give exactly its outputs.

use std::collections::BTreeMap;

use proptest::prelude::*;
use weir_core::{Config, Engine, Event, Firing, Outcome, WindowSpec, WindowState};

// ---------------------------------------------------------------------------
// The reference model
// ---------------------------------------------------------------------------

const NEG_INF: i64 = i64::MIN;
const POS_INF: i64 = i64::MAX;

/// One firing, with the raw values of the window.
#[derive(Debug, Clone, PartialEq)]
struct RefResult {
    key: u32,
    start: i64,
    end: i64,
    values: Vec<f64>,
    firing: Firing,
    watermark: i64,
}

#[derive(Debug, Clone)]
struct Session {
    key: u32,
    start: i64,
    end: i64,
    values: Vec<f64>,
}

#[derive(Debug, Clone)]
struct Reference {
    spec: WindowSpec,
    d: i64,
    l: i64,
    processing: bool,
    /// Watermark (or processing clock); `NEG_INF` / `POS_INF` for the infinities.
    w: i64,
    max_t: Option<i64>,
    /// Live tumbling/sliding windows holding at least one event:
    /// (key, start, end) -> raw values.
    wins: BTreeMap<(u32, i64, i64), Vec<f64>>,
    /// Live sessions, any order.
    sessions: Vec<Session>,
    results: Vec<RefResult>,
    late: Vec<(u32, i64, f64, i64)>,
    outcomes: [u64; 4],
    dropped_pairs: u64,
    fired_on_time: u64,
    fired_late: u64,
}

/// Wide arithmetic so that `end + L` and `t + L` never overflow and the
/// infinities compare as infinities.
fn wide(x: i64) -> i128 {
    x as i128
}

/// Brute force: every grid window `[s, s + size)`, `s = offset (mod slide)`,
/// holding `t`, by scanning a generous range of grid indices.
fn grid_windows(size: i64, slide: i64, offset: i64, t: i64) -> Vec<(i64, i64)> {
    let k_hi = (t - offset).div_euclid(slide) + 1;
    let k_lo = k_hi - size / slide - 3;
    (k_lo..=k_hi)
        .map(|k| offset + k * slide)
        .filter(|&s| s <= t && t < s + size)
        .map(|s| (s, s + size))
        .collect()
}

impl Reference {
    fn new(c: &Config) -> Reference {
        let processing = c.time_domain == weir_core::TimeDomain::Processing;
        Reference {
            spec: c.window,
            d: if processing {
                0
            } else {
                c.max_out_of_orderness
            },
            l: if processing { 0 } else { c.allowed_lateness },
            processing,
            w: NEG_INF,
            max_t: None,
            wins: BTreeMap::new(),
            sessions: Vec::new(),
            results: Vec::new(),
            late: Vec::new(),
            outcomes: [0; 4],
            dropped_pairs: 0,
            fired_on_time: 0,
            fired_late: 0,
        }
    }

    fn push(&mut self, ev: Event) -> Outcome {
        // Processing time: the event is seen now, never behind the clock.
        let t = if self.processing {
            ev.arrival.unwrap().max(self.w)
        } else {
            ev.time
        };
        let (w, l) = (wide(self.w), wide(self.l));
        let side = |me: &mut Reference| {
            me.late.push((ev.key, ev.time, ev.value, me.w));
            Outcome::SideOutput
        };
        let outcome = match self.spec {
            WindowSpec::Session { gap } => {
                let (ps, pe) = (t, t + gap);
                let touching: Vec<usize> = (0..self.sessions.len())
                    .filter(|&i| {
                        let s = &self.sessions[i];
                        s.key == ev.key && s.start <= pe && s.end >= ps
                    })
                    .collect();
                let start = touching
                    .iter()
                    .map(|&i| self.sessions[i].start)
                    .fold(ps, i64::min);
                let end = touching
                    .iter()
                    .map(|&i| self.sessions[i].end)
                    .fold(pe, i64::max);
                if wide(end) + l <= w {
                    assert!(touching.is_empty(), "live sessions end after W - L");
                    assert!(wide(t) + l < w);
                    side(self)
                } else {
                    let mut values = vec![];
                    for &i in touching.iter().rev() {
                        let s = self.sessions.remove(i);
                        values.extend(s.values);
                    }
                    values.push(ev.value);
                    let s = Session {
                        key: ev.key,
                        start,
                        end,
                        values,
                    };
                    let outcome = if wide(end) <= w {
                        self.results.push(RefResult {
                            key: ev.key,
                            start,
                            end,
                            values: s.values.clone(),
                            firing: Firing::Late,
                            watermark: self.w,
                        });
                        self.fired_late += 1;
                        Outcome::LateAccepted
                    } else {
                        Outcome::Assigned
                    };
                    self.sessions.push(s);
                    outcome
                }
            }
            _ => {
                let (size, slide, offset) = self.spec.grid().unwrap();
                let windows = grid_windows(size, slide, offset, t);
                if windows.is_empty() {
                    if wide(t) + l < w {
                        side(self)
                    } else {
                        Outcome::Unassigned
                    }
                } else {
                    let live: Vec<(i64, i64)> = windows
                        .iter()
                        .copied()
                        .filter(|&(_, e)| wide(e) + l > w)
                        .collect();
                    if live.is_empty() {
                        assert!(wide(t) + l < w);
                        side(self)
                    } else {
                        self.dropped_pairs += (windows.len() - live.len()) as u64;
                        let mut any_late = false;
                        for (s, e) in live {
                            let vals = self.wins.entry((ev.key, s, e)).or_default();
                            vals.push(ev.value);
                            if wide(e) <= w {
                                any_late = true;
                                let values = vals.clone();
                                self.results.push(RefResult {
                                    key: ev.key,
                                    start: s,
                                    end: e,
                                    values,
                                    firing: Firing::Late,
                                    watermark: self.w,
                                });
                                self.fired_late += 1;
                            }
                        }
                        if any_late {
                            Outcome::LateAccepted
                        } else {
                            Outcome::Assigned
                        }
                    }
                }
            }
        };
        self.outcomes[outcome as usize] += 1;
        let m = self.max_t.map_or(t, |m| m.max(t));
        self.max_t = Some(m);
        self.advance(m - self.d);
        outcome
    }

    /// Moves the watermark to `to` if that is forward: fires on time every
    /// non-empty window with `old W < end <= new W` in (end, start, key)
    /// order, then purges every window with `end + L <= W`.
    fn advance(&mut self, to: i64) {
        if to <= self.w {
            return;
        }
        let old = self.w;
        self.w = to;
        let mut due: Vec<(i64, i64, u32, Vec<f64>)> = vec![];
        for (&(k, s, e), v) in &self.wins {
            if old < e && e <= to {
                due.push((e, s, k, v.clone()));
            }
        }
        for s in &self.sessions {
            if old < s.end && s.end <= to {
                due.push((s.end, s.start, s.key, s.values.clone()));
            }
        }
        due.sort_by_key(|x| (x.0, x.1, x.2));
        for (end, start, key, values) in due {
            self.results.push(RefResult {
                key,
                start,
                end,
                values,
                firing: Firing::OnTime,
                watermark: to,
            });
            self.fired_on_time += 1;
        }
        let (w, l) = (wide(self.w), wide(self.l));
        self.wins.retain(|&(_, _, e), _| wide(e) + l > w);
        self.sessions.retain(|s| wide(s.end) + l > w);
    }

    /// Live windows as (key, start, end, count, sum), sorted.
    fn live(&self) -> Vec<(u32, i64, i64, u64, f64)> {
        let mut out: Vec<_> = self
            .wins
            .iter()
            .map(|(&(k, s, e), v)| (k, s, e, v.len() as u64, v.iter().sum()))
            .chain(self.sessions.iter().map(|s| {
                (
                    s.key,
                    s.start,
                    s.end,
                    s.values.len() as u64,
                    s.values.iter().sum(),
                )
            }))
            .collect();
        out.sort_by_key(|x| (x.0, x.2, x.1));
        out
    }
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Op {
    Push(Event),
    Advance(i64),
}

#[derive(Debug, Clone)]
struct Case {
    config: Config,
    ops: Vec<Op>,
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn check_results(got: &[weir_core::WindowResult], want: &[RefResult]) -> Result<(), TestCaseError> {
    let key = |k: u32, s: i64, e: i64, c: u64, f: Firing, w: i64| (k, s, e, c, f, w);
    let g: Vec<_> = got
        .iter()
        .map(|r| {
            key(
                r.key,
                r.window.start,
                r.window.end,
                r.agg.count,
                r.firing,
                r.watermark,
            )
        })
        .collect();
    let x: Vec<_> = want
        .iter()
        .map(|r| {
            key(
                r.key,
                r.start,
                r.end,
                r.values.len() as u64,
                r.firing,
                r.watermark,
            )
        })
        .collect();
    prop_assert_eq!(
        &g,
        &x,
        "results (key, start, end, count, firing, watermark)"
    );
    for (r, x) in got.iter().zip(want) {
        let n = x.values.len() as f64;
        let sum: f64 = x.values.iter().sum();
        let min = x.values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = x.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean = sum / n;
        let var = x
            .values
            .iter()
            .map(|v| (v - mean) * (v - mean))
            .sum::<f64>()
            / n;
        prop_assert_eq!(
            (r.agg.sum, r.agg.min, r.agg.max),
            (sum, min, max),
            "sum/min/max of {:?}",
            x
        );
        prop_assert!(
            close(r.agg.mean(), mean),
            "mean {} vs {} of {:?}",
            r.agg.mean(),
            mean,
            x
        );
        prop_assert!(
            close(r.agg.variance(), var),
            "variance {} vs {} of {:?}",
            r.agg.variance(),
            var,
            x
        );
    }
    Ok(())
}

fn run_case(case: &Case) -> Result<(), TestCaseError> {
    let mut e = Engine::new(case.config).expect("generated configs are valid");
    let mut r = Reference::new(&case.config);
    for (i, op) in case.ops.iter().enumerate() {
        match *op {
            Op::Push(ev) => {
                let got = e.push(ev).expect("valid event");
                let want = r.push(ev);
                prop_assert_eq!(got, want, "outcome of op {} {:?}", i, ev);
            }
            Op::Advance(t) => {
                if r.processing {
                    e.advance_processing_time(t).unwrap();
                } else {
                    e.advance_watermark(t).unwrap();
                }
                r.advance(t);
            }
        }
        prop_assert_eq!(e.watermark(), r.w, "watermark after op {}", i);
        // Results in firing order, incrementally.
        let got = e.drain_results();
        let want = std::mem::take(&mut r.results);
        check_results(&got, &want)
            .map_err(|err| TestCaseError::fail(format!("after op {i} {op:?}: {err}")))?;
        // Live state: every window (or session) with state, and its totals.
        let live: Vec<(u32, i64, i64, u64, f64)> = e
            .open_windows()
            .iter()
            .filter(|o| o.state != WindowState::Closed)
            .map(|o| {
                let a = o.agg.expect("live window has totals");
                (o.key, o.window.start, o.window.end, a.count, a.sum)
            })
            .collect();
        prop_assert_eq!(&live, &r.live(), "live windows after op {} {:?}", i, op);
        prop_assert_eq!(e.stats().open_windows, live.len() as u64);
    }
    e.flush().unwrap();
    r.advance(POS_INF);
    prop_assert_eq!(e.watermark(), POS_INF);
    check_results(&e.drain_results(), &r.results)
        .map_err(|err| TestCaseError::fail(format!("at flush: {err}")))?;
    let late: Vec<(u32, i64, f64, i64)> = e
        .drain_late()
        .iter()
        .map(|x| (x.key, x.time, x.value, x.watermark))
        .collect();
    prop_assert_eq!(&late, &r.late, "side output");
    let st = e.stats();
    prop_assert_eq!(
        [st.assigned, st.late_accepted, st.side_output, st.unassigned],
        r.outcomes,
        "outcome counters"
    );
    prop_assert_eq!(st.events_in, r.outcomes.iter().sum::<u64>());
    prop_assert_eq!(
        st.dropped_from_windows,
        r.dropped_pairs,
        "dropped_from_windows"
    );
    prop_assert_eq!(
        (st.fired_on_time, st.fired_late),
        (r.fired_on_time, r.fired_late)
    );
    prop_assert_eq!((st.open_windows, st.state_entries, st.keys), (0, 0, 0));
    Ok(())
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// Quantises to a unit, so that times, sizes, d and L often line up exactly
/// (events on window ends, watermarks on ends, on end + L, ...).
fn q(x: i64, unit: i64) -> i64 {
    x.div_euclid(unit) * unit
}

fn spec(unit: i64) -> impl Strategy<Value = WindowSpec> {
    let pos = move |x: i64| q(x, unit).max(unit);
    prop_oneof![
        (1i64..5_000, -10_000i64..10_000).prop_map(move |(size, offset)| WindowSpec::Tumbling {
            size: pos(size),
            offset: q(offset, unit),
        }),
        (1i64..60).prop_map(WindowSpec::tumbling),
        // slide divides size
        (1i64..2_000, 1i64..6, -5_000i64..5_000).prop_map(move |(slide, k, offset)| {
            WindowSpec::Sliding {
                size: pos(slide) * k,
                slide: pos(slide),
                offset: q(offset, unit),
            }
        }),
        // any slide, also not dividing and larger than the size
        (1i64..5_000, 1i64..=16, -5_000i64..5_000).prop_map(move |(size, r, offset)| {
            let size = pos(size);
            WindowSpec::Sliding {
                size,
                slide: pos(size * r / 8),
                offset: q(offset, unit),
            }
        }),
        (1i64..3_000).prop_map(move |g| WindowSpec::session(pos(g))),
    ]
}

prop_compose! {
    fn raw_event(keys: u32, t_hi: i64)(
        key in 0u32..keys,
        time in -5_000i64..t_hi,
        value in -20i64..=20,
        delay in prop_oneof![4 => 0i64..3_000, 1 => 0i64..15_000],
        arrival_jitter in prop_oneof![4 => Just(0i64), 1 => -8_000i64..0],
        advance in prop_oneof![9 => Just(None), 1 => (-4_000i64..3_000).prop_map(Some)],
    ) -> (u32, i64, f64, i64, i64, Option<i64>) {
        (key, time, value as f64, delay, arrival_jitter, advance)
    }
}

/// Streams of up to `n` events over `keys` keys, event times in -5000..t_hi.
fn case(processing: bool, n: usize, keys: u32, t_hi: i64) -> impl Strategy<Value = Case> {
    prop_oneof![Just(1i64), Just(10), Just(500)]
        .prop_flat_map(move |unit| {
            (
                Just(unit),
                spec(unit),
                0i64..3_000,
                prop_oneof![Just(0i64), 0i64..5_000],
                prop::collection::vec(raw_event(keys, t_hi), 0..n),
            )
        })
        .prop_map(move |(unit, window, d, l, raw)| {
            let mut config = if processing {
                Config::processing_time(window)
            } else {
                Config::event_time(window, q(d, unit))
            };
            config.max_out_of_orderness = q(d, unit);
            config.allowed_lateness = q(l, unit);
            // Arrival order: event time plus a random delay (stable sort).
            let mut evs: Vec<_> = raw
                .into_iter()
                .map(|(key, time, value, delay, jitter, adv)| {
                    let time = q(time, unit);
                    (time + q(delay, unit), key, time, value, jitter, adv)
                })
                .collect();
            evs.sort_by_key(|x| x.0);
            let mut ops = vec![];
            for (arrive, key, time, value, jitter, adv) in evs {
                // An explicit advance near the arrival clock (sometimes behind W).
                if let Some(dt) = adv {
                    ops.push(Op::Advance(q(arrive + dt, unit)));
                }
                ops.push(Op::Push(Event {
                    arrival: Some(arrive + jitter),
                    ..Event::new(key, time, value)
                }));
            }
            Case { config, ops }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Event time: outcomes, results (in order, with totals, firing kind and
    /// watermark), live windows, side output and counters equal the reference.
    #[test]
    fn event_time_matches_reference(c in case(false, 60, 4, 20_000)) {
        run_case(&c)?;
    }

    /// Processing time: windows by arrival (never behind the clock), fired by
    /// the arrival clock; nothing is late.
    #[test]
    fn processing_time_matches_reference(c in case(true, 60, 4, 20_000)) {
        run_case(&c)?;
        let mut e = Engine::new(c.config).unwrap();
        for op in &c.ops {
            if let Op::Push(ev) = op {
                let o = e.push(*ev).unwrap();
                prop_assert!(o == Outcome::Assigned || o == Outcome::Unassigned, "{:?}", o);
            }
        }
        e.flush().unwrap();
        prop_assert!(e.drain_late().is_empty());
        prop_assert!(e.drain_results().iter().all(|r| r.firing == Firing::OnTime));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Long, dense streams (many events per key and window, many timers).
    #[test]
    fn event_time_dense_streams_match_reference(c in case(false, 400, 2, 8_000)) {
        run_case(&c)?;
    }
}

/// The brute-force window enumeration itself, on hand-checked cases.
#[test]
fn reference_grid_windows_by_hand() {
    assert_eq!(grid_windows(10, 10, 0, -1), vec![(-10, 0)]);
    assert_eq!(grid_windows(10, 10, 3, 2), vec![(-7, 3)]);
    assert_eq!(
        grid_windows(10, 3, 0, 0),
        vec![(-9, 1), (-6, 4), (-3, 7), (0, 10)]
    );
    assert_eq!(grid_windows(2, 5, 0, 3), vec![]);
    assert_eq!(grid_windows(2, 5, 0, -4), vec![(-5, -3)]);
}
