//! `StreamEngine`: the core [`Engine`] behind an opaque handle. State stays
//! in wasm memory; JavaScript gets small plain objects or typed arrays back.
//! Every method converts and validates, then calls the core: no windowing
//! logic lives here.

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
#[cfg(feature = "flink")]
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_core::snapshot::MAGIC;
use weir_core::time::{MAX_ABS_TIME, NEG_INF, POS_INF};
use weir_core::{
    BatchError, Columns as CoreColumns, Engine, EngineError, Event, Firing, OpenWindow, Outcome,
    Time, TimeDomain, WindowResult, WindowSpec, WindowState,
};

use crate::convert::{self, time_ok, TIME_RULE};
use crate::error::{
    batch_error, engine_error, invalid_as, js_number, set_rows, snapshot_error, weir_error,
    JsResult, Kind,
};
use crate::safe::{self, View};
use crate::types::{
    BytesArg, EngineConfig, EngineStats, FloatsArg, KeysArg, LateEventArray, Millis,
    OpenWindowArray, OutcomeString, ResultColumns, SourceStatsArray, StreamEvent, WindowArray,
    WindowResultArray,
};

/// A keyed event-time (or processing-time) window operator.
///
/// Every method that takes input throws an `Error` naming the bad field and
/// value; a rejected event or batch leaves the engine unchanged and usable.
#[wasm_bindgen]
pub struct StreamEngine {
    inner: Engine,
    /// `pushBatch`'s columns copied in, kept between calls so a batch
    /// allocates nothing.
    columns: Columns,
    /// The assignment times whose windows JavaScript can show exactly.
    exact: (Time, Time),
}

/// Reused buffers for the columns of a batch.
#[derive(Default)]
struct Columns {
    keys: Vec<u32>,
    times: Vec<f64>,
    values: Vec<f64>,
    arrivals: Vec<f64>,
    sources: Vec<u32>,
    /// `times` and `arrivals` as the core's integers, once checked whole.
    times_ms: Vec<Time>,
    arrivals_ms: Vec<Time>,
}

/// The keys of one kind of result object, made into JS strings once (not
/// per object).
struct Shape(Vec<JsValue>);

impl Shape {
    fn new(keys: &[&str]) -> Shape {
        Shape(keys.iter().map(|k| JsValue::from_str(k)).collect())
    }

    /// A plain object with these keys in this order: what
    /// serde-wasm-bindgen made from the derived structs this replaces
    /// (same keys, same order, numbers as numbers), in less wasm. A value
    /// left `undefined` is no key at all, as `skip_serializing_if` left it.
    fn object(&self, values: &[JsValue]) -> JsValue {
        let o = Object::new();
        for (k, v) in self.0.iter().zip(values) {
            if !v.is_undefined() {
                // a data property on a fresh plain object: cannot throw
                let _ = Reflect::set(&o, k, v);
            }
        }
        o.into()
    }
}

thread_local! {
    static LATE: Shape = Shape::new(&["key", "time", "value", "watermark"]);
    static STATS: Shape = Shape::new(&[
        "eventsIn", "assigned", "lateAccepted", "sideOutput", "unassigned",
        "droppedFromWindows", "firedOnTime", "firedLate", "firedEarly", "firedFinal",
        "retractions", "openWindows", "stateEntries", "keys", "watermark", "maxEventTime",
        "eventTimeLag", "stateBytes",
    ]);
    static SOURCE: Shape = Shape::new(&[
        "source", "watermark", "maxEventTime", "lastArrival", "idle", "holdsBack",
    ]);
    static WINDOW: Shape = Shape::new(&["start", "end"]);
    static OPEN: Shape = Shape::new(&[
        "key", "start", "end", "state", "until", "count", "sum", "min", "max", "mean", "dropped",
    ]);
    /// `Firing::as_str` of each firing, as JS strings.
    static FIRINGS: [JsValue; 5] = [
        Firing::OnTime,
        Firing::Late,
        Firing::Early,
        Firing::Final,
        Firing::Retract,
    ]
    .map(|f| JsValue::from_str(f.as_str()));
}

fn num(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

/// A JS array of `f(item)` for each item.
fn array<T>(items: &[T], f: impl Fn(&T) -> JsValue) -> JsValue {
    let a = Array::new();
    for x in items {
        a.push(&f(x));
    }
    a.into()
}

#[wasm_bindgen(inline_js = r#"
// A result as an object literal: one call per result (drain() is on the
// replay's path), own data properties in this order, and no setter a page
// put on Object.prototype runs.
export function windowResult(key, start, end, count, sum, min, max, mean, variance, stddev, firing, watermark) {
  return { key, start, end, count, sum, min, max, mean, variance, stddev, firing, watermark };
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = windowResult)]
    #[allow(clippy::too_many_arguments)]
    fn window_result(
        key: u32,
        start: f64,
        end: f64,
        count: f64,
        sum: f64,
        min: f64,
        max: f64,
        mean: f64,
        variance: f64,
        stddev: f64,
        firing: &JsValue,
        watermark: f64,
    ) -> JsValue;
}

/// One window firing as JavaScript receives it (`WindowResult` in
/// TypeScript).
fn result_js(r: &WindowResult) -> JsValue {
    let firing = FIRINGS.with(|f| {
        f[match r.firing {
            Firing::OnTime => 0,
            Firing::Late => 1,
            Firing::Early => 2,
            Firing::Final => 3,
            Firing::Retract => 4,
        }]
        .clone()
    });
    window_result(
        r.key,
        time_to_js(r.window.start),
        time_to_js(r.window.end),
        r.agg.count as f64,
        r.agg.sum,
        r.agg.min,
        r.agg.max,
        r.agg.mean(),
        r.agg.variance(),
        r.agg.stddev(),
        &firing,
        time_to_js(r.watermark),
    )
}

/// A window with state as JavaScript receives it (`OpenWindow`): `until`
/// only for a fired window, the aggregate's fields only when it has one.
fn open_window_js(o: &OpenWindow) -> JsValue {
    let (state, until) = match o.state {
        WindowState::Open => ("open", None),
        WindowState::Fired { until } => ("fired", Some(time_to_js(until))),
        WindowState::Closed => ("closed", None),
    };
    let opt = |v: Option<f64>| v.map_or(JsValue::UNDEFINED, num);
    OPEN.with(|s| {
        s.object(&[
            num(o.key.into()),
            num(time_to_js(o.window.start)),
            num(time_to_js(o.window.end)),
            state.into(),
            opt(until),
            opt(o.agg.map(|a| a.count as f64)),
            opt(o.agg.map(|a| a.sum)),
            opt(o.agg.map(|a| a.min)),
            opt(o.agg.map(|a| a.max)),
            opt(o.agg.map(|a| a.mean())),
            num(o.dropped as f64),
        ])
    })
}

/// A core time as a JS number, with the two infinities as `±Infinity`.
pub fn time_to_js(t: Time) -> f64 {
    match t {
        NEG_INF => f64::NEG_INFINITY,
        POS_INF => f64::INFINITY,
        _ => t as f64,
    }
}

/// Serializes small result objects (numbers stay numbers, maps become
/// objects, `None` becomes `null` as the TypeScript types say; optional
/// fields that may be absent are skipped instead). Only `toFlinkSql` uses
/// it: the engine's results are built by [`Shape`], without serde.
#[cfg(feature = "flink")]
pub fn to_js<T: Serialize>(v: &T) -> JsResult<JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true))
        .map_err(|e| weir_error(Kind::Limit, "result", "", &e.to_string()))
}

thread_local! {
    /// The four outcomes as JS strings, made once (not per push).
    static OUTCOMES: [JsValue; 4] =
        ["assigned", "late-accepted", "side-output", "unassigned"].map(JsValue::from_str);
}

/// The outcome as the JS string `Outcome`.
fn outcome_js(o: Outcome) -> JsValue {
    let i = match o {
        Outcome::Assigned => 0,
        Outcome::LateAccepted => 1,
        Outcome::SideOutput => 2,
        Outcome::Unassigned => 3,
    };
    OUTCOMES.with(|all| all[i].clone())
}

/// Most rows one `pushBatch` takes: its columns and rows are copied into
/// wasm memory (at most 48 B a row), and 70 M rows once trapped the module.
/// A caller with more pushes them in parts.
pub const MAX_BATCH_ROWS: usize = 1 << 20;

/// Most bytes `restore` copies in (512 MiB): the bytes and the engine they
/// decode to must both fit in the 4 GiB of wasm memory.
pub const MAX_SNAPSHOT_BYTES: usize = 1 << 29;

/// The snapshot header: magic, version (u16), total length (u64).
const SNAPSHOT_HEAD: usize = 4 + 2 + 8;

/// 1.5 x 2^52 (see [`times_into`]).
const ROUNDER: f64 = 6_755_399_441_055_744.0;
/// 2^51 - 1: the largest magnitude [`times_into`] converts.
const FAST_TIME: Time = (1 << 51) - 1;

/// `times` as the core's integers, in `out`, and whether every one is
/// whole and within `exact` (so passes `times_rows`'s checks) and below
/// 2^51 in magnitude; if not, `out` is to be ignored. One pass with no
/// branch, call or comparison per row (a branch per test was slower, and
/// V8 spends four instructions on a comparison) and no float-to-int
/// conversion, which V8 lowers to eight instructions: below 2^51 in
/// magnitude, `t + 1.5 x 2^52` lands where a double's ulp is 1, so its
/// bits minus those of 1.5 x 2^52 are `t` rounded to an integer `i`, and
/// `t` is whole exactly when subtracting 1.5 x 2^52 gives `t` back (the
/// difference's bits are 0). Any other `t` (2^51 or more in magnitude,
/// infinite, NaN) gives an `i` of 2^51 or more in magnitude, outside
/// `[lo, hi]`: `i - lo` and `hi - i` are both non-negative exactly when
/// `i` is inside (where one of them wraps, the other is negative), so one
/// sign bit of their OR says it. Valid times from 2^51 to 2^53 take the
/// row walk.
fn times_into(times: &[f64], exact: (Time, Time), out: &mut Vec<Time>) -> bool {
    let lo = exact.0.max(-FAST_TIME);
    let hi = exact.1.min(FAST_TIME);
    let base = ROUNDER.to_bits() as Time;
    let (mut outside, mut inexact) = (0 as Time, 0u64);
    let mut convert = |t: f64| {
        let s = t + ROUNDER;
        let i = (s.to_bits() as Time).wrapping_sub(base);
        outside |= i.wrapping_sub(lo) | hi.wrapping_sub(i);
        inexact |= ((s - ROUNDER) - t).to_bits();
        i
    };
    // The buffer keeps its rows between batches, so that resizing it to a
    // batch as long as the last zeroes nothing.
    out.resize(times.len(), 0);
    // Four rows an iteration: V8 checks the stack on every turn of a loop
    // and keeps both sums in memory across that check.
    let (mut o4, mut t4) = (out.chunks_exact_mut(4), times.chunks_exact(4));
    for (o, t) in (&mut o4).zip(&mut t4) {
        for (o, &t) in o.iter_mut().zip(t) {
            *o = convert(t);
        }
    }
    for (o, &t) in o4.into_remainder().iter_mut().zip(t4.remainder()) {
        *o = convert(t);
    }
    outside >= 0 && inexact == 0
}

/// `column[i] = value: rule` plus what happened to the batch, as a
/// `WeirEventError` with `row` and `accepted` (0) set.
fn row_error(column: &str, i: usize, v: f64, rule: &str) -> JsValue {
    let field = format!("{column}[{i}]");
    let shown = js_number(v);
    let e = weir_error(
        Kind::Event,
        &field,
        &shown,
        &format!("{field} = {shown}: {rule}; no row was accepted"),
    );
    set_rows(&e, i, 0);
    e
}

/// A time as the core takes it, or an error naming the field. Takes the JS
/// value itself: a declared `f64` parameter would let JavaScript coerce
/// `null` to 0 and `"5"` to 5 without a word.
pub fn js_time(field: &str, t: &JsValue) -> JsResult<Time> {
    match t.as_f64() {
        Some(n) if time_ok(n) => Ok(n as Time),
        _ => Err(invalid_as(Kind::Event, field, t, TIME_RULE)),
    }
}

/// The first start and last end of the windows an event assigned at `t`
/// falls in (for a session: the window it proposes). Inputs are within
/// +/-2^53, so nothing here overflows an `i64`.
fn window_span(spec: &WindowSpec, t: Time) -> (Time, Time) {
    let grid = |size: i64, slide: i64, offset: i64| {
        let last_start = t - (t - offset).rem_euclid(slide);
        // The earliest start in phase with it that is after t - size.
        let first_start = last_start - (last_start - (t - size) - 1) / slide * slide;
        (first_start, last_start + size)
    };
    match *spec {
        WindowSpec::Tumbling { size, offset } => grid(size, size, offset),
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => grid(size, slide, offset),
        WindowSpec::Session { gap } => (t, t + gap),
        WindowSpec::Cumulate { size, offset, .. } => grid(size, size, offset),
    }
}

/// The assignment times whose windows all lie within +/-2^53, where a
/// JavaScript number holds every bound exactly: an interval, as a window's
/// first start and last end only grow with the time. Computed once per
/// engine, so each event costs two comparisons.
fn exact_times(spec: &WindowSpec) -> (Time, Time) {
    const MAX: i64 = MAX_ABS_TIME;
    let grid = |size: i64, slide: i64, offset: i64| {
        // The latest window start whose window ends by 2^53 holds the
        // latest times; the earliest start from -2^53 on bounds the first.
        let last = (MAX - size) - ((MAX - size) - offset).rem_euclid(slide);
        let first = -MAX + (offset + MAX).rem_euclid(slide);
        (
            (first - slide + size).max(-MAX),
            (last + slide - 1).min(MAX),
        )
    };
    match *spec {
        WindowSpec::Tumbling { size, offset } => grid(size, size, offset),
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => grid(size, slide, offset),
        WindowSpec::Session { gap } => (-MAX, MAX - gap),
        WindowSpec::Cumulate { size, offset, .. } => grid(size, size, offset),
    }
}

/// Why a time is refused although it is within +/-2^53: a window it falls
/// in starts or ends outside, where a JavaScript number cannot hold the
/// bound exactly (a result would report a rounded window).
fn window_inexact(spec: &WindowSpec, exact: (Time, Time), t: Time) -> Option<String> {
    (t < exact.0 || t > exact.1).then(|| {
        let (start, end) = window_span(spec, t);
        format!(
            "falls in window [{start}, {end}), outside +/-2^53 where JavaScript numbers are not exact"
        )
    })
}

#[wasm_bindgen]
impl StreamEngine {
    /// Builds an engine from a config object; throws on the first bad field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: EngineConfig) -> JsResult<StreamEngine> {
        let config = convert::config(&config)?;
        let inner = Engine::new(config).map_err(engine_error)?;
        Ok(StreamEngine::of(inner))
    }

    /// Pushes one `{ key, time, value, arrival? }` in arrival order and
    /// says what happened to it.
    pub fn push(&mut self, event: StreamEvent) -> JsResult<OutcomeString> {
        let ev = convert::event(&event)?;
        let (field, t) = self.assigned_at(&ev);
        if let Some(why) = window_inexact(&self.inner.config().window, self.exact, t) {
            let v = t.to_string();
            return Err(weir_error(
                Kind::Event,
                field,
                &v,
                &format!("{field} = {v}: {why}"),
            ));
        }
        let outcome = self.inner.push(ev).map_err(engine_error)?;
        Ok(outcome_js(outcome).unchecked_into())
    }

    /// Pushes rows given as columns, in arrival order, and returns how many
    /// were accepted. All rows are checked before any is pushed: an invalid
    /// row (named by its index) rejects the whole batch and accepts none.
    /// A state limit reached midway throws after accepting the rows before it
    /// (the message says how many; `err.accepted` too). At most 1,048,576
    /// rows per call. `sources` (a `Uint32Array`, optional: pass
    /// `undefined` for `arrivals` to give it alone) is each row's source.
    #[wasm_bindgen(js_name = pushBatch)]
    pub fn push_batch(
        &mut self,
        keys: KeysArg,
        times: FloatsArg,
        values: FloatsArg,
        arrivals: Option<FloatsArg>,
        sources: Option<KeysArg>,
    ) -> JsResult<u32> {
        let (keys, times, values): (&JsValue, &JsValue, &JsValue) = (&keys, &times, &values);
        let arrivals: Option<&JsValue> = arrivals.as_deref();
        let sources: Option<&JsValue> = sources.as_deref();
        // Lengths from the typed arrays' own slots: a redefined `length`,
        // a Proxy or a fake made with Object.create cannot lie about them.
        let measure = |name: &str, v: &JsValue, kind: View| {
            safe::length(v, kind).ok_or_else(|| {
                let why = format!("must be a {}; no row was accepted", kind.name());
                invalid_as(Kind::Event, name, v, &why)
            })
        };
        let n = measure("keys", keys, View::U32)?;
        let mut lens = vec![
            ("times", measure("times", times, View::F64)?),
            ("values", measure("values", values, View::F64)?),
        ];
        if let Some(a) = arrivals {
            lens.push(("arrivals", measure("arrivals", a, View::F64)?));
        }
        if let Some(src) = sources {
            lens.push(("sources", measure("sources", src, View::U32)?));
        }
        for (name, len) in lens {
            if len != n {
                let field = format!("{name}.length");
                return Err(weir_error(
                    Kind::Event,
                    &field,
                    &len.to_string(),
                    &format!("{field} = {len}: must equal keys.length = {n}; no row was accepted"),
                ));
            }
        }
        if n > MAX_BATCH_ROWS {
            return Err(weir_error(
                Kind::Limit,
                "keys.length",
                &n.to_string(),
                &format!(
                    "keys.length = {n}: a batch takes at most {MAX_BATCH_ROWS} rows; \
                     push it in parts (no row was accepted)"
                ),
            ));
        }
        let mut c = std::mem::take(&mut self.columns);
        c.keys.resize(n, 0);
        c.times.resize(n, 0.0);
        c.values.resize(n, 0.0);
        let mut copied = safe::fill_u32(keys, &mut c.keys)
            && safe::fill_f64(times, &mut c.times)
            && safe::fill_f64(values, &mut c.values);
        if let Some(a) = arrivals {
            c.arrivals.resize(n, 0.0);
            copied = copied && safe::fill_f64(a, &mut c.arrivals);
        }
        if let Some(src) = sources {
            c.sources.resize(n, 0);
            copied = copied && safe::fill_u32(src, &mut c.sources);
        }
        let result = if copied {
            self.push_rows(&mut c, arrivals.is_some(), sources.is_some())
        } else {
            // Only a buffer detached or resized while wasm memory grew for
            // the copy (a view of wasm memory itself) gets here.
            Err(weir_error(
                Kind::Event,
                "keys",
                "",
                "keys, times, values, arrivals, sources: a column's buffer was detached or \
                 resized while it was read; no row was accepted",
            ))
        };
        // Keep at most 65,536 rows of buffers between calls.
        if n <= 1 << 16 {
            self.columns = c;
        }
        result
    }

    /// Bytes of window state, as `stats().stateBytes`, without the rest of
    /// the stats (cheap enough to read after every push).
    #[wasm_bindgen(getter, js_name = stateBytes)]
    pub fn state_bytes(&self) -> f64 {
        self.inner.state_bytes() as f64
    }
}

impl StreamEngine {
    /// The handle around a core engine.
    fn of(inner: Engine) -> StreamEngine {
        let exact = exact_times(&inner.config().window);
        StreamEngine {
            inner,
            columns: Columns::default(),
            exact,
        }
    }

    /// The field windows are assigned by and its time: `time`, or in
    /// processing time the arrival or the clock, whichever is later.
    fn assigned_at(&self, ev: &Event) -> (&'static str, Time) {
        match (self.inner.config().time_domain, ev.arrival) {
            // The clock only moves to arrivals already checked, so the
            // clock at the start of a batch covers its later rows too.
            // After flush() the clock is +inf and the core refuses the event.
            (TimeDomain::Processing, Some(a)) => match self.inner.watermark() {
                POS_INF => ("arrival", a),
                w => ("arrival", a.max(w)),
            },
            _ => ("time", ev.time),
        }
    }

    /// The rows of a batch whose columns are copied in and of equal length:
    /// the times made integers, then the core's columnar push.
    fn push_rows(
        &mut self,
        c: &mut Columns,
        has_arrivals: bool,
        has_sources: bool,
    ) -> JsResult<u32> {
        // Times must be whole to become i64s, and every window a row falls
        // in must have JS-exact bounds (the rest of an event's checks are
        // the core's). The whole batch is checked in branch-free passes
        // first; only a batch that fails is walked row by row, for the
        // first bad row and its message.
        if !self.times_fast(c, has_arrivals) {
            self.times_rows(c, has_arrivals)?;
        }
        let mut cols = CoreColumns::new(&c.keys, &c.times_ms, &c.values);
        if has_arrivals {
            cols = cols.with_arrivals(&c.arrivals_ms);
        }
        if has_sources {
            cols = cols.with_sources(&c.sources);
        }
        match self.inner.push_columns(cols) {
            Ok(n) => Ok(n as u32),
            Err(b) => Err(batch_row_error(b, &c.values)),
        }
    }

    /// Without arrivals: the times as the core's integers, in `times_ms`,
    /// and whether every row passes `times_rows`'s checks (if not, or with
    /// arrivals, `times_rows` walks the rows): see [`times_into`].
    fn times_fast(&self, c: &mut Columns, has_arrivals: bool) -> bool {
        !has_arrivals && times_into(&c.times, self.exact, &mut c.times_ms)
    }

    /// The times (and arrivals) checked row by row: the first bad row's
    /// error, or `times_ms` (`arrivals_ms`) filled.
    fn times_rows(&self, c: &mut Columns, has_arrivals: bool) -> JsResult<()> {
        let n = c.keys.len();
        // Messages are built only on failure: no allocation per row.
        let window = self.inner.config().window;
        c.times_ms.clear();
        c.arrivals_ms.clear();
        for i in 0..n {
            let time = c.times[i];
            if !time_ok(time) {
                return Err(row_error("times", i, time, TIME_RULE));
            }
            c.times_ms.push(time as Time);
            let mut arrival = None;
            if has_arrivals {
                let a = c.arrivals[i];
                if !time_ok(a) {
                    return Err(row_error("arrivals", i, a, TIME_RULE));
                }
                c.arrivals_ms.push(a as Time);
                arrival = Some(a as Time);
            }
            let ev = Event {
                arrival,
                ..Event::new(0, time as Time, 0.0)
            };
            let (field, t) = self.assigned_at(&ev);
            let column = if field == "time" { "times" } else { "arrivals" };
            if let Some(why) = window_inexact(&window, self.exact, t) {
                return Err(row_error(column, i, t as f64, &why));
            }
        }
        Ok(())
    }
}

/// A core batch error, with a bad value shown as JavaScript prints it (the
/// core renders an infinite value as `inf`).
fn batch_row_error(b: BatchError, values: &[f64]) -> JsValue {
    if let EngineError::InvalidEvent {
        field: "value",
        reason,
        ..
    } = b.error
    {
        let v = values.get(b.row).copied().unwrap_or(f64::NAN);
        return row_error("values", b.row, v, reason);
    }
    batch_error(b)
}

#[wasm_bindgen]
impl StreamEngine {
    /// Moves the watermark forward (idle sources, end of a replay). Event time only.
    #[wasm_bindgen(js_name = advanceWatermark)]
    pub fn advance_watermark(&mut self, t: Millis) -> JsResult<()> {
        let t = js_time("watermark", &t)?;
        self.inner.advance_watermark(t).map_err(engine_error)
    }

    /// Moves the processing clock forward (never back). In processing time
    /// it fires the windows it closes; in event time it fires the due
    /// processing-time early firings and judges idle sources
    /// (`watermark.idleTimeout`) on it.
    #[wasm_bindgen(js_name = advanceProcessingTime)]
    pub fn advance_processing_time(&mut self, t: Millis) -> JsResult<()> {
        let t = js_time("processingTime", &t)?;
        self.inner.advance_processing_time(t).map_err(engine_error)
    }

    /// End of stream: the watermark becomes `+Infinity`; every open window
    /// fires. A `WeirLimitError` (field `limits.maxPendingResults`) if the
    /// undrained results reach that limit first: nothing is lost, the
    /// remaining windows stay due; drain and call `flush()` again.
    pub fn flush(&mut self) -> JsResult<()> {
        self.inner.flush().map_err(engine_error)
    }

    /// The results fired since the last call, in firing order.
    pub fn drain(&mut self) -> JsResult<WindowResultArray> {
        Ok(array(&self.inner.drain_results(), result_js).unchecked_into())
    }

    /// The results fired since the last call as columns (typed arrays), for
    /// bulk readers: no object per result.
    #[wasm_bindgen(js_name = drainColumns)]
    pub fn drain_columns(&mut self) -> JsResult<ResultColumns> {
        let r = self.inner.drain_results();
        let col = |f: &dyn Fn(&WindowResult) -> f64| {
            Float64Array::from(&r.iter().map(f).collect::<Vec<_>>()[..])
        };
        let out = Object::new();
        let set =
            |name: &str, v: &JsValue| Reflect::set(&out, &JsValue::from_str(name), v).map(|_| ());
        set(
            "key",
            &Uint32Array::from(&r.iter().map(|x| x.key).collect::<Vec<_>>()[..]),
        )?;
        set("start", &col(&|x| time_to_js(x.window.start)))?;
        set("end", &col(&|x| time_to_js(x.window.end)))?;
        set("count", &col(&|x| x.agg.count as f64))?;
        set("sum", &col(&|x| x.agg.sum))?;
        set("min", &col(&|x| x.agg.min))?;
        set("max", &col(&|x| x.agg.max))?;
        set("mean", &col(&|x| x.agg.mean()))?;
        set("variance", &col(&|x| x.agg.variance()))?;
        set("watermark", &col(&|x| time_to_js(x.watermark)))?;
        let late: Vec<u8> = r.iter().map(|x| (x.firing == Firing::Late) as u8).collect();
        set("late", &Uint8Array::from(&late[..]))?;
        // The same codes as the snapshot format's firing byte.
        let firing: Vec<u8> = r
            .iter()
            .map(|x| match x.firing {
                Firing::OnTime => 0,
                Firing::Late => 1,
                Firing::Early => 2,
                Firing::Final => 3,
                Firing::Retract => 4,
            })
            .collect();
        set("firing", &Uint8Array::from(&firing[..]))?;
        Ok(out.unchecked_into())
    }

    /// The side output since the last call: events too late for every
    /// window, with the watermark when each arrived.
    #[wasm_bindgen(js_name = drainLate)]
    pub fn drain_late(&mut self) -> JsResult<LateEventArray> {
        let late = self.inner.drain_late();
        let out = array(&late, |l| {
            LATE.with(|s| {
                s.object(&[
                    num(l.key.into()),
                    num(l.time as f64),
                    num(l.value),
                    num(time_to_js(l.watermark)),
                ])
            })
        });
        Ok(out.unchecked_into())
    }

    /// Counters and gauges now, including the measured state size in bytes.
    pub fn stats(&self) -> JsResult<EngineStats> {
        let s = self.inner.stats();
        let out = STATS.with(|shape| {
            shape.object(&[
                num(s.events_in as f64),
                num(s.assigned as f64),
                num(s.late_accepted as f64),
                num(s.side_output as f64),
                num(s.unassigned as f64),
                num(s.dropped_from_windows as f64),
                num(s.fired_on_time as f64),
                num(s.fired_late as f64),
                num(s.fired_early as f64),
                num(s.fired_final as f64),
                num(s.retractions as f64),
                num(s.open_windows as f64),
                num(s.state_entries as f64),
                num(s.keys as f64),
                num(time_to_js(s.watermark)),
                num(time_to_js(s.max_event_time)),
                num(s.event_time_lag as f64),
                num(s.state_bytes as f64),
            ])
        });
        Ok(out.unchecked_into())
    }

    /// Each source's watermark (`-Infinity` before it sent), largest event
    /// time, last arrival on the processing clock (`-Infinity` before it
    /// sent or before any arrival), whether it is idle, and whether it is
    /// the one holding the watermark back; by source id. Empty before the
    /// first event of a single-source stream, and in processing time.
    #[wasm_bindgen(js_name = sourceStats)]
    pub fn source_stats(&self) -> JsResult<SourceStatsArray> {
        let sources = self.inner.source_stats();
        let out = array(&sources, |s| {
            SOURCE.with(|shape| {
                shape.object(&[
                    num(s.source.into()),
                    num(time_to_js(s.watermark)),
                    num(time_to_js(s.max_event_time)),
                    num(time_to_js(s.last_arrival)),
                    JsValue::from_bool(s.idle),
                    JsValue::from_bool(s.holds_back),
                ])
            })
        });
        Ok(out.unchecked_into())
    }

    /// The current watermark in ms (`-Infinity` before the first event,
    /// `+Infinity` after `flush()`); the processing clock in processing time.
    #[wasm_bindgen(getter)]
    pub fn watermark(&self) -> f64 {
        time_to_js(self.inner.watermark())
    }

    /// The windows an event at `time` falls in (for sessions: the window it
    /// proposes before merging).
    #[wasm_bindgen(js_name = windowsFor)]
    pub fn windows_for(&self, time: Millis) -> JsResult<WindowArray> {
        let t = js_time("time", &time)?;
        let spec = self.inner.config().window;
        if let Some(why) = window_inexact(&spec, self.exact, t) {
            let v = t.to_string();
            return Err(weir_error(
                Kind::Event,
                "time",
                &v,
                &format!("time = {v}: {why}"),
            ));
        }
        let windows = self.inner.windows_for(t);
        let max = self.inner.config().limits.max_query_results;
        if windows.len() as u64 > max {
            return Err(engine_error(EngineError::QueryLimit {
                field: "maxQueryResults",
                limit: max,
                rows: windows.len() as u64,
            }));
        }
        let out = array(&windows, |w| {
            WINDOW.with(|s| s.object(&[num(w.start as f64), num(w.end as f64)]))
        });
        Ok(out.unchecked_into())
    }

    /// Every window with state, per key: open, fired (accepting late data
    /// until `until`), or closed with events dropped as too late for it.
    /// Throws a `WeirLimitError` (and returns nothing) past
    /// `limits.maxQueryResults` rows.
    #[wasm_bindgen(js_name = openWindows)]
    pub fn open_windows(&self) -> JsResult<OpenWindowArray> {
        let windows = self.inner.try_open_windows().map_err(engine_error)?;
        Ok(array(&windows, open_window_js).unchecked_into())
    }

    /// The whole engine as bytes (versioned, checksummed), including
    /// results and side output not drained yet.
    pub fn snapshot(&self) -> Vec<u8> {
        self.inner.snapshot()
    }

    /// An engine from `snapshot()` bytes; throws a `WeirSnapshotError` on
    /// corrupt or foreign bytes. The magic and the declared length are
    /// checked before the bytes are copied into wasm memory, and more than
    /// 512 MiB is refused (`WeirLimitError`).
    pub fn restore(bytes: BytesArg) -> JsResult<StreamEngine> {
        let v: &JsValue = &bytes;
        let n = safe::length(v, View::U8).ok_or_else(|| {
            invalid_as(
                Kind::Snapshot,
                "bytes",
                v,
                "must be a Uint8Array from snapshot()",
            )
        })?;
        let mut head = [0u8; SNAPSHOT_HEAD];
        let head = &mut head[..n.min(SNAPSHOT_HEAD)];
        if !safe::fill_head(v, head) {
            return Err(snapshot_error(
                EngineError::Snapshot("the bytes could not be read (a detached buffer?)".into()),
                n,
            ));
        }
        // A header that is short or not Weir's: the core names the problem
        // from these few bytes alone.
        if head.len() < SNAPSHOT_HEAD || head[..MAGIC.len()] != MAGIC {
            let e = Engine::restore(head)
                .err()
                .unwrap_or_else(|| EngineError::Snapshot("no snapshot fits in 14 bytes".into()));
            return Err(snapshot_error(e, n));
        }
        let declared = u64::from_le_bytes(head[6..14].try_into().unwrap_or_default());
        if declared != n as u64 {
            let e = EngineError::Snapshot(format!(
                "the snapshot declares {declared} bytes but {n} were given"
            ));
            return Err(snapshot_error(e, n));
        }
        if n > MAX_SNAPSHOT_BYTES {
            return Err(weir_error(
                Kind::Limit,
                "bytes.length",
                &n.to_string(),
                &format!("bytes.length = {n}: restore takes at most {MAX_SNAPSHOT_BYTES} bytes"),
            ));
        }
        let mut buf = vec![0u8; n];
        if !safe::fill_u8(v, &mut buf) {
            return Err(snapshot_error(
                EngineError::Snapshot(
                    "the bytes were detached or resized while they were read".into(),
                ),
                n,
            ));
        }
        let inner = Engine::restore(&buf).map_err(|e| snapshot_error(e, n))?;
        Ok(StreamEngine::of(inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast pass over a column agrees with the row walk's rules, row by
    /// row and over a whole column, with the row walk taking the rest.
    #[test]
    fn times_into_converts_exactly_the_times_the_row_walk_takes() {
        let p51 = (1i64 << 51) as f64;
        let mut xs = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            1e-300,
            1.7e12,
            1.7e12 + 0.5,
            1.7e12 + 1.0,
            -1.7e12 - 0.25,
            p51 - 1.0,
            p51,
            p51 + 1.0,
            -p51 + 1.0,
            -p51,
            -p51 - 1.0,
            p51 - 0.5,
            4503599627370495.5,
            MAX_ABS_TIME as f64,
            -(MAX_ABS_TIME as f64),
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ];
        // Random whole and fractional times of every magnitude.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = (x >> 11) as f64 / (1u64 << 53) as f64;
            let t = (m * 2.0 - 1.0) * 2f64.powi((x % 56) as i32);
            xs.extend([t, t.trunc()]);
        }
        for spec in [
            WindowSpec::tumbling(10_000),
            WindowSpec::session(5_000),
            WindowSpec::sliding(10, 3),
        ] {
            let exact = exact_times(&spec);
            for &t in &xs {
                let mut out = vec![7];
                let ok = times_into(&[t], exact, &mut out);
                let takes = time_ok(t) && window_inexact(&spec, exact, t as Time).is_none();
                assert_eq!(ok, takes && t.abs() < p51, "{t:e} in {spec:?}");
                if ok {
                    assert_eq!(out, [t as Time], "{t:e}");
                }
            }
            // A whole column: one bad row fails it, wherever it is.
            let good: Vec<f64> = xs
                .iter()
                .copied()
                .filter(|&t| {
                    time_ok(t) && window_inexact(&spec, exact, t as Time).is_none() && t.abs() < p51
                })
                .collect();
            let mut out = Vec::new();
            assert!(times_into(&good, exact, &mut out));
            assert_eq!(out, good.iter().map(|&t| t as Time).collect::<Vec<_>>());
            for at in [0, good.len() / 2, good.len() - 1] {
                let mut bad = good.clone();
                bad[at] = 0.5;
                assert!(!times_into(&bad, exact, &mut out));
            }
        }
    }

    /// The interval of exact times is exactly the times whose windows fit,
    /// checked against the windows themselves at both ends of the range
    /// (a time in no window, between those of a slide > size, may fall
    /// either way: it has no bound to show).
    #[test]
    fn exact_times_are_those_whose_windows_fit() {
        let specs = [
            WindowSpec::tumbling(10),
            WindowSpec::Tumbling {
                size: 7,
                offset: -3,
            },
            WindowSpec::sliding(10, 3),
            WindowSpec::Sliding {
                size: 1_000,
                slide: 7,
                offset: 5,
            },
            WindowSpec::sliding(3, 10),
            WindowSpec::session(100),
            WindowSpec::Cumulate {
                step: 7,
                size: 21,
                offset: 5,
            },
        ];
        for spec in specs {
            let (lo, hi) = exact_times(&spec);
            for t in
                (-MAX_ABS_TIME..-MAX_ABS_TIME + 2_100).chain(MAX_ABS_TIME - 2_100..=MAX_ABS_TIME)
            {
                let (start, end) = window_span(&spec, t);
                if let WindowSpec::Cumulate { .. } = spec {
                    // The span is the period: the first window's start and
                    // the last one's end.
                    let ws = spec.windows_for(t);
                    assert_eq!((ws[0].start, ws[ws.len() - 1].end), (start, end));
                }
                if end <= t {
                    continue; // between the windows of a slide > size: in none
                }
                let fits = start >= -MAX_ABS_TIME && end <= MAX_ABS_TIME;
                assert_eq!(
                    (lo..=hi).contains(&t),
                    fits,
                    "{spec:?} at {t}: [{start}, {end})"
                );
            }
        }
    }
}
