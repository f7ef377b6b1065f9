//! Property test: cumulating windows (and clamped tumbling and sliding
//! windows) against a naive re-computation. The oracle keeps every
//! accepted raw value per (key, window), takes each event's windows from
//! `WindowSpec::windows_for` (dropping those that start below 0 when
//! clamped), and applies the contract's rules literally: on time at
//! `W >= end`, dropped for a window at `end + L <= W`, late firings at once,
//! side output for an event in none of its windows when `t + L < W`,
//! unassigned otherwise. The engine's slices, timers and purges must give
//! exactly its outputs, on streams in order and out of order.

use std::collections::BTreeMap;

use proptest::prelude::*;
use weir_core::{Config, Engine, Event, Firing, Outcome, WindowSpec, WindowState};

const NEG_INF: i64 = i64::MIN;
const POS_INF: i64 = i64::MAX;

/// (key, start, end, count, sum, firing, watermark)
type Row = (u32, i64, i64, u64, i64, Firing, i64);

struct Oracle {
    spec: WindowSpec,
    clamp: bool,
    d: i64,
    l: i64,
    w: i64,
    max_t: i64,
    wins: BTreeMap<(u32, i64, i64), Vec<i64>>,
    results: Vec<Row>,
    late: Vec<(u32, i64, i64)>,
    /// assigned, late-accepted, side output, unassigned
    outcomes: [u64; 4],
    dropped_pairs: u64,
}

fn wide(x: i64) -> i128 {
    x as i128
}

impl Oracle {
    fn new(c: &Config) -> Oracle {
        Oracle {
            spec: c.window,
            clamp: c.clamp_starts_at_zero,
            d: c.max_out_of_orderness,
            l: c.allowed_lateness,
            w: NEG_INF,
            max_t: NEG_INF,
            wins: BTreeMap::new(),
            results: Vec::new(),
            late: Vec::new(),
            outcomes: [0; 4],
            dropped_pairs: 0,
        }
    }

    fn row(&self, key: u32, s: i64, e: i64, firing: Firing) -> Row {
        let v = &self.wins[&(key, s, e)];
        (key, s, e, v.len() as u64, v.iter().sum(), firing, self.w)
    }

    fn push(&mut self, key: u32, t: i64, v: i64) -> Outcome {
        let (w, l) = (wide(self.w), wide(self.l));
        let mut windows = self.spec.windows_for(t);
        if self.clamp {
            windows.retain(|win| win.start >= 0);
        }
        let live: Vec<_> = windows
            .iter()
            .filter(|win| wide(win.end) + l > w)
            .copied()
            .collect();
        let outcome = if live.is_empty() {
            if wide(t) + l < w {
                self.late.push((key, t, self.w));
                Outcome::SideOutput
            } else {
                Outcome::Unassigned
            }
        } else {
            self.dropped_pairs += (windows.len() - live.len()) as u64;
            let mut any_late = false;
            for win in live {
                self.wins
                    .entry((key, win.start, win.end))
                    .or_default()
                    .push(v);
                if wide(win.end) <= w {
                    any_late = true;
                    let r = self.row(key, win.start, win.end, Firing::Late);
                    self.results.push(r);
                }
            }
            if any_late {
                Outcome::LateAccepted
            } else {
                Outcome::Assigned
            }
        };
        self.outcomes[outcome as usize] += 1;
        self.max_t = self.max_t.max(t);
        self.advance(self.max_t - self.d);
        outcome
    }

    fn advance(&mut self, to: i64) {
        if to <= self.w {
            return;
        }
        let old = self.w;
        self.w = to;
        let mut due: Vec<(i64, i64, u32)> = self
            .wins
            .keys()
            .filter(|&&(_, _, e)| old < e && e <= to)
            .map(|&(k, s, e)| (e, s, k))
            .collect();
        due.sort();
        for (e, s, k) in due {
            let r = self.row(k, s, e, Firing::OnTime);
            self.results.push(r);
        }
        let (w, l) = (wide(self.w), wide(self.l));
        self.wins.retain(|&(_, _, e), _| wide(e) + l > w);
    }

    fn live(&self) -> Vec<(u32, i64, i64, u64, i64)> {
        let mut out: Vec<_> = self
            .wins
            .iter()
            .map(|(&(k, s, e), v)| (k, s, e, v.len() as u64, v.iter().sum()))
            .collect();
        out.sort_by_key(|x| (x.0, x.2, x.1));
        out
    }
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Push(u32, i64, i64),
    Advance(i64),
}

fn rows(e: &mut Engine) -> Vec<Row> {
    e.drain_results()
        .iter()
        .map(|r| {
            (
                r.key,
                r.window.start,
                r.window.end,
                r.agg.count,
                r.agg.sum as i64,
                r.firing,
                r.watermark,
            )
        })
        .collect()
}

fn run(config: Config, ops: &[Op]) -> Result<(), TestCaseError> {
    run_cut(config, ops, None)
}

/// [`run`], with the engine snapshotted and restored before op `cut`.
fn run_cut(config: Config, ops: &[Op], cut: Option<usize>) -> Result<(), TestCaseError> {
    let mut e = Engine::new(config).expect("generated configs are valid");
    let mut o = Oracle::new(&config);
    for (i, &op) in ops.iter().enumerate() {
        if cut == Some(i) {
            e = Engine::restore(&e.snapshot()).expect("a snapshot restores");
        }
        match op {
            Op::Push(key, t, v) => {
                let got = e.push(Event::new(key, t, v as f64)).expect("valid event");
                let want = o.push(key, t, v);
                prop_assert_eq!(got, want, "outcome of op {} {:?}", i, op);
            }
            Op::Advance(t) => {
                e.advance_watermark(t).unwrap();
                o.advance(t);
            }
        }
        prop_assert_eq!(e.watermark(), o.w, "watermark after op {}", i);
        let want = std::mem::take(&mut o.results);
        prop_assert_eq!(rows(&mut e), want, "results after op {} {:?}", i, op);
        let live: Vec<_> = e
            .open_windows()
            .iter()
            .filter(|w| w.state != WindowState::Closed)
            .map(|w| {
                let a = w.agg.expect("live window has totals");
                (w.key, w.window.start, w.window.end, a.count, a.sum as i64)
            })
            .collect();
        prop_assert_eq!(live, o.live(), "live windows after op {} {:?}", i, op);
    }
    e.flush().unwrap();
    o.advance(POS_INF);
    prop_assert_eq!(rows(&mut e), std::mem::take(&mut o.results), "at flush");
    let late: Vec<_> = e
        .drain_late()
        .iter()
        .map(|x| (x.key, x.time, x.watermark))
        .collect();
    prop_assert_eq!(late, o.late.clone(), "side output");
    let s = e.stats();
    prop_assert_eq!(
        [s.assigned, s.late_accepted, s.side_output, s.unassigned],
        o.outcomes
    );
    prop_assert_eq!(s.dropped_from_windows, o.dropped_pairs);
    prop_assert_eq!(s.events_in, o.outcomes.iter().sum::<u64>());
    Ok(())
}

fn spec() -> impl Strategy<Value = WindowSpec> {
    prop_oneof![
        3 => (1i64..=8, 1i64..=5, -25i64..=25)
            .prop_map(|(step, n, offset)| WindowSpec::Cumulate { step, size: step * n, offset }),
        1 => (1i64..=20, -15i64..=15).prop_map(|(size, offset)| WindowSpec::Tumbling { size, offset }),
        1 => (1i64..=20, 1i64..=25, -15i64..=15)
            .prop_map(|(size, slide, offset)| WindowSpec::Sliding { size, slide, offset }),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (spec(), 0i64..=15, 0i64..=20, any::<bool>()).prop_map(|(window, d, l, clamp)| Config {
        clamp_starts_at_zero: clamp,
        ..Config::event_time(window, d).with_lateness(l)
    })
}

fn ops(in_order: bool) -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        8 => (0u32..3, -60i64..80, 1i64..50).prop_map(|(k, t, v)| Op::Push(k, t, v)),
        1 => (-60i64..100).prop_map(Op::Advance),
    ];
    prop::collection::vec(op, 0..40).prop_map(move |mut v| {
        if in_order {
            // Event times rising with arrival (ties kept: duplicates).
            let mut times: Vec<i64> = v
                .iter()
                .filter_map(|o| match o {
                    Op::Push(_, t, _) => Some(*t),
                    Op::Advance(_) => None,
                })
                .collect();
            times.sort();
            let mut it = times.into_iter();
            for o in v.iter_mut() {
                if let Op::Push(_, t, _) = o {
                    *t = it.next().expect("as many times as pushes");
                }
            }
        }
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn out_of_order_streams_equal_the_oracle(c in config(), o in ops(false)) {
        run(c, &o)?;
    }

    #[test]
    fn in_order_streams_equal_the_oracle(c in config(), o in ops(true)) {
        run(c, &o)?;
    }

    #[test]
    fn a_snapshot_at_a_random_cut_changes_nothing(c in config(), o in ops(false), cut in 0usize..40) {
        // Clamped and not: format 2 carries `clamp_starts_at_zero`.
        run_cut(c, &o, Some(cut))?;
    }
}

#[test]
fn the_oracle_itself_sees_the_rules() {
    // A check that the oracle is not vacuous: cumulate 10 / 30, L = 5, an
    // event late for its first window only.
    let c = Config::event_time(
        WindowSpec::Cumulate {
            step: 10,
            size: 30,
            offset: 0,
        },
        0,
    )
    .with_lateness(5);
    let mut o = Oracle::new(&c);
    assert_eq!(o.push(1, 0, 1), Outcome::Assigned);
    assert_eq!(o.push(1, 16, 2), Outcome::Assigned);
    assert_eq!(o.results, vec![(1, 0, 10, 1, 1, Firing::OnTime, 16)]);
    o.results.clear();
    // W = 16: [0,10) is past 10 + 5; [0,20) and [0,30) take the 3.
    assert_eq!(o.push(1, 3, 4), Outcome::Assigned);
    assert_eq!(o.dropped_pairs, 1);
    assert!(o.results.is_empty());
    run(
        c,
        &[Op::Push(1, 0, 1), Op::Push(1, 16, 2), Op::Push(1, 3, 4)],
    )
    .unwrap();
}
