//! The columnar path: a batch given as columns (keys, times, values, and
//! optionally arrivals and sources), pushed without a row of [`Event`]s in
//! memory. What a push checks per event that cannot change within a batch
//! is checked once per batch here: the rows are validated column by column
//! in loops the compiler can vectorise, and the store's kind is matched once,
//! so each row costs the push itself (`push_checked` in `operator.rs`).
//!
//! The results are those of [`Engine::push_batch`] on the same rows, to the
//! outcome, error and accepted count (`tests/columns.rs` checks it on
//! random batches with bad rows, limits, sources and arrivals). The wasm
//! `pushBatch`, the `throughput` example and the Flink replay use it.

use super::operator::{make_room, push_plain};
use super::operator::{push_checked, Core, Engine, Store};
use super::state::{KeyState, Keyed};
use super::types::{Event, LateEvent, WindowResult};
use crate::error::{BatchError, EngineError};
use crate::time::{Time, MAX_ABS_TIME};

/// A batch of events as columns: row `i` is `keys[i]`, `times[i]`,
/// `values[i]`, with `arrivals[i]` and `sources[i]` when those are given
/// (no arrival and source 0 when not). Every column is as long as `keys`.
#[derive(Debug, Clone, Copy)]
pub struct Columns<'a> {
    /// Keys.
    pub keys: &'a [u32],
    /// Event times (ms).
    pub times: &'a [Time],
    /// Readings.
    pub values: &'a [f64],
    /// Arrival times (ms), if the rows have them.
    pub arrivals: Option<&'a [Time]>,
    /// Sources, if not all 0.
    pub sources: Option<&'a [u32]>,
}

impl<'a> Columns<'a> {
    /// Rows without arrival times, all from source 0.
    pub fn new(keys: &'a [u32], times: &'a [Time], values: &'a [f64]) -> Columns<'a> {
        Columns {
            keys,
            times,
            values,
            arrivals: None,
            sources: None,
        }
    }

    /// The same rows with arrival times.
    pub fn with_arrivals(self, arrivals: &'a [Time]) -> Columns<'a> {
        Columns {
            arrivals: Some(arrivals),
            ..self
        }
    }

    /// The same rows with sources.
    pub fn with_sources(self, sources: &'a [u32]) -> Columns<'a> {
        Columns {
            sources: Some(sources),
            ..self
        }
    }

    /// Number of rows (the length of `keys`).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Rows `range` of every column.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Columns<'a> {
        Columns {
            keys: &self.keys[range.clone()],
            times: &self.times[range.clone()],
            values: &self.values[range.clone()],
            arrivals: self.arrivals.map(|a| &a[range.clone()]),
            sources: self.sources.map(|s| &s[range]),
        }
    }

    /// Row `i` as an event (`i < len`, lengths checked).
    #[inline(always)]
    pub fn row(&self, i: usize) -> Event {
        Event {
            key: self.keys[i],
            time: self.times[i],
            value: self.values[i],
            arrival: self.arrivals.map(|a| a[i]),
            source: self.sources.map_or(0, |s| s[i]),
        }
    }

    /// The first column not as long as `keys`, as a row-0 error.
    fn lengths(&self) -> Result<(), BatchError> {
        let n = self.keys.len();
        let lens = [
            ("times", Some(self.times.len())),
            ("values", Some(self.values.len())),
            ("arrivals", self.arrivals.map(<[Time]>::len)),
            ("sources", self.sources.map(<[u32]>::len)),
        ];
        for (field, len) in lens {
            if let Some(len) = len.filter(|&l| l != n) {
                return Err(BatchError {
                    row: 0,
                    accepted: 0,
                    error: EngineError::InvalidEvent {
                        field,
                        value: format!("{len} rows"),
                        reason: "must have as many rows as keys",
                    },
                });
            }
        }
        Ok(())
    }
}

/// Whether every time is within +/-2^53 ms, without a branch per row.
fn times_ok(ts: &[Time]) -> bool {
    // One unsigned comparison a row, not two (V8 spends four instructions
    // on each): t + M wraps past 2M exactly when t is outside [-M, M]
    // (M = 2^53, far from i64's ends).
    const SPAN: u64 = 2 * MAX_ABS_TIME as u64;
    ts.iter().fold(true, |ok, t| {
        ok & (t.wrapping_add(MAX_ABS_TIME) as u64 <= SPAN)
    })
}

/// Whether every value is finite, without a branch or a comparison per
/// row: v - v is 0 for a finite v and NaN for an infinity or a NaN, and a
/// NaN stays in the sum.
#[allow(clippy::eq_op)] // v - v is the test
fn values_ok(vs: &[f64]) -> bool {
    vs.iter().fold(0.0, |sum, v| sum + (v - v)) == 0.0
}

impl Engine {
    /// [`Engine::push_batch`] on rows given as columns: the same checks
    /// (every row first; an invalid one rejects the batch, `accepted` 0),
    /// the same pushes in the same order, the same error and `accepted` on a
    /// limit hit midway, and columns of unequal length refused (row 0).
    pub fn push_columns(&mut self, cols: Columns) -> Result<usize, BatchError> {
        self.push_cols::<false>(cols, ignore)
    }

    /// [`Engine::push_columns`], handing what each row fires and sends to
    /// the side output to `out` right after that row (then clearing both),
    /// as a caller that drains after every [`Engine::push`] sees them: the
    /// results pending never build up over the batch, so the firing limit
    /// acts exactly as it does row by row.
    pub fn push_columns_draining(
        &mut self,
        cols: Columns,
        out: impl FnMut(&[WindowResult], &[LateEvent]),
    ) -> Result<usize, BatchError> {
        self.push_cols::<true>(cols, out)
    }

    /// The two above: `DRAIN` says whether `out` takes the output.
    fn push_cols<const DRAIN: bool>(
        &mut self,
        cols: Columns,
        out: impl FnMut(&[WindowResult], &[LateEvent]),
    ) -> Result<usize, BatchError> {
        cols.lengths()?;
        self.check_columns(&cols)?;
        let core = &mut self.core;
        let mut last = super::Outcome::Unassigned;
        // Rows without arrival and source columns. Natively, in an engine
        // with neither sources nor a trigger, slices take the plain push:
        // nothing a row does changes that (only a source other than 0
        // brings the per-source table, and arrivals are required in
        // processing time); sessions' push came out 2 instructions per
        // event dearer in that loop (bench/icount.sh in-session-cols 143.5
        // -> 145.5), so they keep the general loop. In wasm both kinds take
        // the plain push: the general loop has V8 spend about 35 of its
        // ~255 instructions a row on arrival and source, and write every
        // event to memory for the out-of-line general path (the plain loop:
        // session 378 -> 359 JIT instructions per event, tumbling 299 ->
        // 285, bench/wasm-icount.sh).
        let plain = cols.arrivals.is_none() && cols.sources.is_none();
        match &mut self.store {
            Store::Slices(k) if plain && !core.general => {
                push_plain_rows::<_, DRAIN>(k, core, cols, &mut last, out)
            }
            #[cfg(target_arch = "wasm32")]
            Store::Sessions(k) if plain && !core.general => {
                push_plain_rows::<_, DRAIN>(k, core, cols, &mut last, out)
            }
            Store::Slices(k) => push_rows::<_, DRAIN>(k, core, cols, &mut last, out),
            Store::Sessions(k) => push_rows::<_, DRAIN>(k, core, cols, &mut last, out),
        }
    }

    /// Every row's [`Engine::check`], column by column; on a failure the
    /// first failing row's error, found by checking row by row.
    fn check_columns(&self, cols: &Columns) -> Result<(), BatchError> {
        if cols.is_empty() {
            return Ok(());
        }
        let processing = self.core.processing();
        let ok = times_ok(cols.times)
            && values_ok(cols.values)
            && cols.arrivals.map_or(!processing, times_ok)
            && !(processing && self.core.watermark == crate::time::POS_INF);
        if ok {
            return Ok(());
        }
        for i in 0..cols.len() {
            if let Err(error) = self.check(&cols.row(i)) {
                return Err(BatchError {
                    row: i,
                    accepted: 0,
                    error,
                });
            }
        }
        // Not reached while the column checks are `check`'s; if they ever
        // were stricter, every row still passed `check`.
        Ok(())
    }
}

/// [`Engine::push`] in wasm, after the check: a batch of one row, so that
/// the module holds one copy of the push per store kind, inlined into the
/// columnar loop (a copy costs about 1.4 KB gzipped; a call per row, in
/// `pushBatch`, cost wasm a third of its speed on sessions).
#[cfg(target_arch = "wasm32")]
pub(crate) fn push_one(e: &mut Engine, ev: Event) -> crate::error::Result<super::Outcome> {
    let (a, s) = ([ev.arrival.unwrap_or(0)], [ev.source]);
    let (k, t, v) = ([ev.key], [ev.time], [ev.value]);
    let mut cols = Columns::new(&k, &t, &v).with_sources(&s);
    if ev.arrival.is_some() {
        cols = cols.with_arrivals(&a);
    }
    let core = &mut e.core;
    let mut outcome = super::Outcome::Unassigned;
    match &mut e.store {
        Store::Slices(k) => push_rows::<_, false>(k, core, cols, &mut outcome, ignore),
        Store::Sessions(k) => push_rows::<_, false>(k, core, cols, &mut outcome, ignore),
    }
    .map(|_| outcome)
    .map_err(|b| b.error)
}

/// The output sink of a batch that keeps its output pending: one named
/// function, so that `push_columns` and `push_one` share one copy of the
/// loop.
fn ignore(_: &[WindowResult], _: &[LateEvent]) {}

/// The push loop over checked rows: [`Engine::push`] without its check;
/// `last` is the last row's outcome.
fn push_rows<S: KeyState, const DRAIN: bool>(
    k: &mut Keyed<S>,
    core: &mut Core,
    cols: Columns,
    last: &mut super::Outcome,
    mut out: impl FnMut(&[WindowResult], &[LateEvent]),
) -> Result<usize, BatchError> {
    let n = cols.len();
    let processing = core.processing();
    for i in 0..n {
        let ev = cols.row(i);
        let t = match ev.arrival {
            // Checked: present in processing time.
            Some(a) if processing => a.max(core.watermark),
            _ => ev.time,
        };
        let pushed = push_checked(k, core, ev, t);
        // Even a refused row can fire: an arrival moving the clock fires
        // processing-time early firings before the insert is refused.
        if DRAIN && (!core.results.is_empty() || !core.late.is_empty()) {
            out(&core.results, &core.late);
            core.results.clear();
            core.late.clear();
        }
        match pushed {
            Ok(o) => *last = o,
            Err(error) => {
                return Err(BatchError {
                    row: i,
                    accepted: i,
                    error,
                })
            }
        }
    }
    Ok(n)
}

/// [`push_rows`] for rows of source 0 without arrival times, into an
/// engine with neither sources nor a trigger: the push without the tests
/// for those (`push_plain`).
fn push_plain_rows<S: KeyState, const DRAIN: bool>(
    k: &mut Keyed<S>,
    core: &mut Core,
    cols: Columns,
    last: &mut super::Outcome,
    mut out: impl FnMut(&[WindowResult], &[LateEvent]),
) -> Result<usize, BatchError> {
    let n = cols.len();
    let (keys, times, values) = (cols.keys, &cols.times[..n], &cols.values[..n]);
    // The last outcome in a local, stored once: through `last` V8 stored it
    // on every row. The gate's error leaves by its own exit, so that the
    // usual row does not write an `Ok` of `make_room` to memory either.
    let mut outcome = *last;
    for i in 0..n {
        let ev = Event {
            key: keys[i],
            time: times[i],
            value: values[i],
            arrival: None,
            source: 0,
        };
        if core.results.len() as u64 >= core.gate {
            if let Err(error) = make_room(k, core, ev.key, ev.time) {
                // Settling may have fired before the refusal.
                if DRAIN && (!core.results.is_empty() || !core.late.is_empty()) {
                    out(&core.results, &core.late);
                    core.results.clear();
                    core.late.clear();
                }
                *last = outcome;
                return Err(BatchError {
                    row: i,
                    accepted: i,
                    error,
                });
            }
        }
        let pushed = push_plain(k, core, ev, ev.time);
        if DRAIN && (!core.results.is_empty() || !core.late.is_empty()) {
            out(&core.results, &core.late);
            core.results.clear();
            core.late.clear();
        }
        match pushed {
            Ok(o) => outcome = o,
            Err(error) => {
                *last = outcome;
                return Err(BatchError {
                    row: i,
                    accepted: i,
                    error,
                });
            }
        }
    }
    *last = outcome;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Config, Limits, Outcome};
    use crate::time::check_time;
    use crate::WindowSpec;
    use proptest::prelude::*;

    #[test]
    fn the_column_checks_take_what_the_row_checks_take() {
        let m = MAX_ABS_TIME;
        for t in [
            0,
            1,
            -1,
            m - 1,
            m,
            m + 1,
            -m + 1,
            -m,
            -m - 1,
            i64::MAX,
            i64::MIN,
        ]
        .into_iter()
        .chain([
            i64::MAX - m,
            i64::MAX - m + 1,
            i64::MIN + m,
            i64::MIN + m - 1,
        ]) {
            assert_eq!(times_ok(&[0, t, 5]), check_time("time", t).is_ok(), "{t}");
        }
        let vs = [
            0.0,
            -0.0,
            1.5,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
        ];
        for v in vs
            .into_iter()
            .chain([f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -f64::NAN])
        {
            assert_eq!(values_ok(&[f64::MAX, v, -1.0]), v.is_finite(), "{v}");
        }
        assert!(times_ok(&[]) && values_ok(&[]));
    }

    /// Checked rows through the plain loop (`plain`) or the general one,
    /// whichever the target would pick: the two are compared below.
    fn push(e: &mut Engine, cols: Columns, plain: bool) -> (Result<usize, BatchError>, Outcome) {
        let mut last = Outcome::Unassigned;
        let pushed = e.check_columns(&cols).and_then(|_| {
            let core = &mut e.core;
            match &mut e.store {
                Store::Slices(k) if plain => {
                    push_plain_rows::<_, false>(k, core, cols, &mut last, ignore)
                }
                Store::Slices(k) => push_rows::<_, false>(k, core, cols, &mut last, ignore),
                Store::Sessions(k) if plain => {
                    push_plain_rows::<_, false>(k, core, cols, &mut last, ignore)
                }
                Store::Sessions(k) => push_rows::<_, false>(k, core, cols, &mut last, ignore),
            }
        });
        (pushed, last)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The plain loop against the general one, sessions and slices
        /// (natively only slices take the plain loop through
        /// `push_columns`, in wasm both): the same return, last outcome,
        /// output, counters and open windows after every batch.
        #[test]
        fn the_plain_loop_pushes_as_the_general_loop_does(
            session in any::<bool>(),
            size in 1i64..3_000,
            d in 0i64..2_000,
            l in 0i64..2_000,
            max_pending in prop_oneof![Just(u64::MAX), 1u64..40],
            batches in prop::collection::vec(
                prop::collection::vec((0u32..30, 0i64..40, -1_200i64..300, 0u8..100), 0..200),
                1..4,
            ),
        ) {
            let w = if session { WindowSpec::session(size) } else { WindowSpec::Tumbling { size, offset: 0 } };
            let mut c = Config::event_time(w, d).with_lateness(l);
            c.limits = Limits { max_pending_results: max_pending, ..Limits::default() };
            let Ok(mut general) = Engine::new(c) else { return Ok(()) };
            let mut plain = general.clone();
            let mut now = 0i64;
            for rows in batches {
                let (mut keys, mut times, mut values) = (vec![], vec![], vec![]);
                for (key, step, jitter, v) in rows {
                    now += step;
                    keys.push(key);
                    times.push(if v == 0 { now - 8_000 } else { now + jitter });
                    values.push(f64::from(v) - 50.0);
                }
                let cols = Columns::new(&keys, &times, &values);
                prop_assert_eq!(push(&mut plain, cols, true), push(&mut general, cols, false));
                prop_assert_eq!(plain.drain_results(), general.drain_results());
                prop_assert_eq!(plain.drain_late(), general.drain_late());
                prop_assert_eq!(plain.stats(), general.stats());
                prop_assert_eq!(plain.open_windows(), general.open_windows());
            }
            prop_assert_eq!(plain.flush(), general.flush());
            prop_assert_eq!(plain.drain_results(), general.drain_results());
        }
    }
}
