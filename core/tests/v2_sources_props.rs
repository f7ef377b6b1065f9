//! Properties of many sources (`SEMANTICS.md`, "Many sources, idle
//! sources (v2)") over random streams:
//! - one source and no declaration is exactly v1, also when the engine is
//!   forced onto the per-source path (one declared source, an idle
//!   timeout nothing reaches, the processing clock moved in event time);
//! - with many sources, declared ones and idle timeouts, the watermark
//!   after every call is the one a naive model of the contract gives
//!   (every source rescanned at every step), and the accounting invariant
//!   holds.

use proptest::prelude::*;
use weir_core::{
    Config, Engine, EngineError, Event, LateEvent, Outcome, Stats, WindowResult, WindowSpec,
};

#[derive(Debug, Clone)]
enum Op {
    Push(Event),
    Advance(i64),
    Clock(i64),
    Drain,
}

fn window() -> impl Strategy<Value = WindowSpec> {
    prop_oneof![
        (1i64..5_000, -3_000i64..3_000)
            .prop_map(|(s, o)| WindowSpec::Tumbling { size: s, offset: o }),
        (1i64..40, 1i64..20).prop_map(|(s, sl)| WindowSpec::sliding(s * 100, sl * 100)),
        (1i64..3_000).prop_map(WindowSpec::session),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (window(), 0i64..2_000, 0i64..2_000)
        .prop_map(|(w, d, l)| Config::event_time(w, d).with_lateness(l))
}

/// Ops over `sources` sources (0 = always source 0), arrivals rising
/// with jitter when `arrivals`.
fn ops(sources: u32, arrivals: bool) -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        (
            0u8..100,
            0u32..4,
            -5_000i64..60_000,
            0u32..sources.max(1),
            0i64..400,
            -50i64..50,
        ),
        1..120,
    )
    .prop_map(move |raw| {
        let mut clock = 0i64;
        raw.into_iter()
            .map(|(kind, key, t, source, step, jitter)| {
                clock += step;
                match kind {
                    0..=79 => Op::Push(Event {
                        key,
                        time: t,
                        value: (t % 97) as f64,
                        arrival: arrivals.then_some(clock + jitter),
                        source,
                    }),
                    80..=87 => Op::Advance(t),
                    88..=93 => Op::Clock(clock),
                    _ => Op::Drain,
                }
            })
            .collect()
    })
}

#[derive(Debug, PartialEq)]
enum Seen {
    Pushed(Result<Outcome, EngineError>),
    Call(Result<(), EngineError>),
    Results(Vec<WindowResult>),
    Late(Vec<LateEvent>),
    Watermark(i64),
}

fn logical(s: Stats) -> Stats {
    Stats {
        state_bytes: 0,
        ..s
    }
}

fn run(e: &mut Engine, ops: &[Op], clock_ops: bool) -> Vec<Seen> {
    let mut log = Vec::new();
    for op in ops {
        match op {
            Op::Push(ev) => log.push(Seen::Pushed(e.push(*ev))),
            Op::Advance(t) => log.push(Seen::Call(e.advance_watermark(*t))),
            Op::Clock(t) if clock_ops => log.push(Seen::Call(e.advance_processing_time(*t))),
            Op::Clock(_) => {}
            Op::Drain => {
                log.push(Seen::Results(e.drain_results()));
                log.push(Seen::Late(e.drain_late()));
            }
        }
        log.push(Seen::Watermark(e.watermark()));
    }
    log.push(Seen::Call(e.flush()));
    log.push(Seen::Results(e.drain_results()));
    log.push(Seen::Late(e.drain_late()));
    log
}

/// The contract's watermark, recomputed from scratch at every step.
struct Naive {
    d: i64,
    timeout: Option<i64>,
    /// (id, max event time, last arrival clock, idle)
    sources: Vec<(u32, i64, i64, bool)>,
    first_clock: i64,
    clock: i64,
    w: i64,
}

const NEG_INF: i64 = i64::MIN;

impl Naive {
    fn new(c: &Config) -> Naive {
        Naive {
            d: c.max_out_of_orderness,
            timeout: c.idle_timeout,
            sources: (0..c.sources)
                .map(|s| (s, NEG_INF, NEG_INF, false))
                .collect(),
            first_clock: NEG_INF,
            clock: NEG_INF,
            w: NEG_INF,
        }
    }
    fn ws(&self, max: i64) -> i64 {
        if max == NEG_INF {
            NEG_INF
        } else {
            max - self.d
        }
    }
    fn raise(&mut self) {
        let active: Vec<i64> = self
            .sources
            .iter()
            .filter(|s| !s.3)
            .map(|s| self.ws(s.1))
            .collect();
        let target = if let Some(m) = active.iter().min() {
            *m
        } else {
            self.sources
                .iter()
                .map(|s| self.ws(s.1))
                .max()
                .unwrap_or(NEG_INF)
        };
        self.w = self.w.max(target);
    }
    fn move_clock(&mut self, t: i64) {
        self.clock = self.clock.max(t);
        if self.clock == NEG_INF {
            return;
        }
        if self.first_clock == NEG_INF {
            self.first_clock = self.clock;
        }
        if let Some(timeout) = self.timeout {
            for s in self.sources.iter_mut() {
                if self.clock - s.2.max(self.first_clock) >= timeout {
                    s.3 = true;
                }
            }
        }
        self.raise();
    }
    fn push(&mut self, ev: &Event) {
        self.move_clock(ev.arrival.unwrap_or(NEG_INF));
        let clock = self.clock;
        match self.sources.iter_mut().find(|s| s.0 == ev.source) {
            Some(s) => {
                s.1 = s.1.max(ev.time);
                s.2 = clock;
                s.3 = false;
            }
            None => self.sources.push((ev.source, ev.time, clock, false)),
        }
        self.raise();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// One source, no declaration: the per-source path (forced three
    /// ways) gives exactly what the v1 path gives.
    #[test]
    fn one_source_is_v1(c in config(), ops in ops(1, true), arrivals in any::<bool>()) {
        let ops: Vec<Op> = ops
            .into_iter()
            .map(|op| match op {
                Op::Push(ev) if !arrivals => Op::Push(Event { arrival: None, ..ev }),
                op => op,
            })
            .collect();
        let mut v1 = Engine::new(c).unwrap();
        let want = run(&mut v1, &ops, false);
        for forced in [
            Config { sources: 1, ..c },
            // The arrivals stay within 50,000 ms: nothing goes idle.
            Config { idle_timeout: Some(1 << 53), ..c },
        ] {
            let mut e = Engine::new(forced).unwrap();
            let got = run(&mut e, &ops, false);
            prop_assert_eq!(&got, &want, "config {:?}", forced);
            prop_assert_eq!(logical(e.stats()), logical(v1.stats()));
            prop_assert_eq!(e.open_windows(), v1.open_windows());
        }
        // Moving the processing clock (and so leaving the single-source
        // path midway) changes nothing either.
        let mut e = Engine::new(c).unwrap();
        let got: Vec<Seen> = run(&mut e, &ops, true)
            .into_iter()
            .filter(|s| !matches!(s, Seen::Call(Ok(()))))
            .collect();
        let want: Vec<Seen> = want.into_iter().filter(|s| !matches!(s, Seen::Call(Ok(())))).collect();
        prop_assert_eq!(got, want);
        prop_assert_eq!(logical(e.stats()), logical(v1.stats()));
    }

    /// Many sources: the watermark after every call is the naive model's,
    /// and every event is accounted for.
    #[test]
    fn many_sources_watermark_is_the_contracts(
        c in config(),
        n in 1u32..5,
        declared in 0u32..4,
        timeout in prop::option::of(1i64..3_000),
        ops in ops(5, true),
    ) {
        let c = Config { sources: declared, idle_timeout: timeout, ..c };
        let ops: Vec<Op> = ops
            .into_iter()
            .map(|op| match op {
                Op::Push(ev) => Op::Push(Event { source: ev.source % n, ..ev }),
                op => op,
            })
            .collect();
        let mut e = Engine::new(c).unwrap();
        let mut naive = Naive::new(&c);
        for op in &ops {
            match op {
                Op::Push(ev) => {
                    e.push(*ev).unwrap();
                    naive.push(ev);
                }
                Op::Advance(t) => {
                    e.advance_watermark(*t).unwrap();
                    naive.w = naive.w.max(*t);
                }
                Op::Clock(t) => {
                    e.advance_processing_time(*t).unwrap();
                    naive.move_clock(*t);
                }
                Op::Drain => {}
            }
            prop_assert_eq!(e.watermark(), naive.w, "after {:?}", op);
            let idle: Vec<(u32, bool)> = e.source_stats().iter().map(|s| (s.source, s.idle)).collect();
            let mut want: Vec<(u32, bool)> = naive.sources.iter().map(|s| (s.0, s.3)).collect();
            want.sort_unstable();
            prop_assert_eq!(idle, want, "idleness after {:?}", op);
            let s = e.stats();
            prop_assert_eq!(s.events_in, s.assigned + s.late_accepted + s.side_output + s.unassigned);
        }
    }
}
