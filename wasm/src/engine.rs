//! `StreamEngine`: the core [`Engine`] behind an opaque handle. State stays
//! in wasm memory; JavaScript gets small plain objects or typed arrays back.
//! Every method converts and validates, then calls the core: no windowing
//! logic lives here.

use js_sys::{Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_core::time::{NEG_INF, POS_INF};
use weir_core::{
    BatchError, Engine, EngineError, Event, Firing, OpenWindow, Outcome, Time, WindowResult,
    WindowState,
};

use crate::convert::{self, time_ok, TIME_RULE};
use crate::error::{engine_error, invalid, js_error, JsResult};
use crate::types::{
    BytesArg, EngineConfig, EngineStats, FloatsArg, KeysArg, LateEventArray, Millis,
    OpenWindowArray, OutcomeString, ResultColumns, StreamEvent, WindowArray, WindowResultArray,
};

/// A keyed event-time (or processing-time) window operator.
///
/// Every method that takes input throws an `Error` naming the bad field and
/// value; a rejected event or batch leaves the engine unchanged and usable.
#[wasm_bindgen]
pub struct StreamEngine {
    inner: Engine,
    /// `pushBatch`'s rows, kept between calls so a batch allocates nothing.
    scratch: Vec<Event>,
    /// `pushBatch`'s columns copied in, kept between calls likewise.
    columns: Columns,
}

/// Reused buffers for the columns of a batch.
#[derive(Default)]
struct Columns {
    keys: Vec<u32>,
    times: Vec<f64>,
    values: Vec<f64>,
    arrivals: Vec<f64>,
}

/// One window firing as JavaScript receives it.
#[derive(Serialize)]
struct JsWindowResult {
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
    firing: &'static str,
    watermark: f64,
}

impl From<&WindowResult> for JsWindowResult {
    fn from(r: &WindowResult) -> Self {
        JsWindowResult {
            key: r.key,
            start: time_to_js(r.window.start),
            end: time_to_js(r.window.end),
            count: r.agg.count as f64,
            sum: r.agg.sum,
            min: r.agg.min,
            max: r.agg.max,
            mean: r.agg.mean(),
            variance: r.agg.variance(),
            stddev: r.agg.stddev(),
            firing: r.firing.as_str(),
            watermark: time_to_js(r.watermark),
        }
    }
}

#[derive(Serialize)]
struct JsLateEvent {
    key: u32,
    time: f64,
    value: f64,
    watermark: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsStats {
    events_in: f64,
    assigned: f64,
    late_accepted: f64,
    side_output: f64,
    unassigned: f64,
    dropped_from_windows: f64,
    fired_on_time: f64,
    fired_late: f64,
    open_windows: f64,
    state_entries: f64,
    keys: f64,
    watermark: f64,
    max_event_time: f64,
    event_time_lag: f64,
    state_bytes: f64,
}

#[derive(Serialize)]
struct JsWindow {
    start: f64,
    end: f64,
}

#[derive(Serialize)]
struct JsOpenWindow {
    key: u32,
    start: f64,
    end: f64,
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mean: Option<f64>,
    dropped: f64,
}

impl From<&OpenWindow> for JsOpenWindow {
    fn from(o: &OpenWindow) -> Self {
        let (state, until) = match o.state {
            WindowState::Open => ("open", None),
            WindowState::Fired { until } => ("fired", Some(time_to_js(until))),
            WindowState::Closed => ("closed", None),
        };
        JsOpenWindow {
            key: o.key,
            start: time_to_js(o.window.start),
            end: time_to_js(o.window.end),
            state,
            until,
            count: o.agg.map(|a| a.count as f64),
            sum: o.agg.map(|a| a.sum),
            min: o.agg.map(|a| a.min),
            max: o.agg.map(|a| a.max),
            mean: o.agg.map(|a| a.mean()),
            dropped: o.dropped as f64,
        }
    }
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
/// fields that may be absent are skipped instead).
pub fn to_js<T: Serialize>(v: &T) -> JsResult<JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true))
        .map_err(|e| js_error(&e.to_string()))
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

/// A `Float64Array` argument, or a clear error for anything else.
fn float_array<'a>(name: &str, v: &'a JsValue) -> JsResult<&'a Float64Array> {
    v.dyn_ref::<Float64Array>()
        .ok_or_else(|| invalid(name, v, "must be a Float64Array; no row was accepted"))
}

/// `column[i] = value: rule` plus what happened to the batch.
fn row_error(column: &str, i: usize, v: f64, rule: &str, tail: &str) -> JsValue {
    js_error(&format!(
        "{column}[{i}] = {}: {rule}{tail}",
        crate::error::js_number(v)
    ))
}

/// A time as the core takes it, or an error naming the field. Takes the JS
/// value itself: a declared `f64` parameter would let JavaScript coerce
/// `null` to 0 and `"5"` to 5 without a word.
pub fn js_time(field: &str, t: &JsValue) -> JsResult<Time> {
    match t.as_f64() {
        Some(n) if time_ok(n) => Ok(n as Time),
        _ => Err(invalid(field, t, TIME_RULE)),
    }
}

#[wasm_bindgen]
impl StreamEngine {
    /// Builds an engine from a config object; throws on the first bad field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: EngineConfig) -> JsResult<StreamEngine> {
        let config = convert::config(&config)?;
        let inner = Engine::new(config).map_err(engine_error)?;
        Ok(StreamEngine {
            inner,
            scratch: Vec::new(),
            columns: Columns::default(),
        })
    }

    /// Pushes one `{ key, time, value, arrival? }` in arrival order and
    /// says what happened to it.
    pub fn push(&mut self, event: StreamEvent) -> JsResult<OutcomeString> {
        let event = convert::event(&event)?;
        let outcome = self.inner.push(event).map_err(engine_error)?;
        Ok(outcome_js(outcome).unchecked_into())
    }

    /// Pushes rows given as columns, in arrival order, and returns how many
    /// were accepted. All rows are checked before any is pushed: an invalid
    /// row (named by its index) rejects the whole batch and accepts none.
    /// A state limit reached midway throws after accepting the rows before it
    /// (the message says how many).
    #[wasm_bindgen(js_name = pushBatch)]
    pub fn push_batch(
        &mut self,
        keys: KeysArg,
        times: FloatsArg,
        values: FloatsArg,
        arrivals: Option<FloatsArg>,
    ) -> JsResult<u32> {
        let (keys, times, values): (&JsValue, &JsValue, &JsValue) = (&keys, &times, &values);
        let mut c = std::mem::take(&mut self.columns);
        let keys_in = keys
            .dyn_ref::<Uint32Array>()
            .ok_or_else(|| invalid("keys", keys, "must be a Uint32Array; no row was accepted"))?;
        let times_in = float_array("times", times)?;
        let values_in = float_array("values", values)?;
        let arrivals_in = match &arrivals {
            None => None,
            Some(a) => Some(float_array("arrivals", a)?),
        };
        let lens = [("times", times_in.length()), ("values", values_in.length())]
            .into_iter()
            .chain(arrivals_in.map(|a| ("arrivals", a.length())));
        let n = keys_in.length();
        for (name, len) in lens {
            if len != n {
                return Err(js_error(&format!(
                    "{name}.length = {len}: must equal keys.length = {n}; no row was accepted"
                )));
            }
        }
        let n = n as usize;
        let copy_u32 = |buf: &mut Vec<u32>, a: &Uint32Array| {
            buf.resize(n, 0);
            a.copy_to(buf);
        };
        let copy_f64 = |buf: &mut Vec<f64>, a: &Float64Array| {
            buf.resize(n, 0.0);
            a.copy_to(buf);
        };
        copy_u32(&mut c.keys, keys_in);
        copy_f64(&mut c.times, times_in);
        copy_f64(&mut c.values, values_in);
        if let Some(a) = arrivals_in {
            copy_f64(&mut c.arrivals, a);
        }
        let result = self.push_rows(&c, arrivals_in.is_some());
        // Keep at most 65,536 rows of buffers between calls.
        if n <= 1 << 16 {
            self.columns = c;
        }
        result
    }
}

impl StreamEngine {
    /// The rows of a batch whose columns are copied in and of equal length.
    fn push_rows(&mut self, c: &Columns, has_arrivals: bool) -> JsResult<u32> {
        let (keys, times, values) = (&c.keys, &c.times, &c.values);
        let arrivals = has_arrivals.then_some(&c.arrivals);
        let n = keys.len();
        // Every row is checked before any is pushed. Messages are built only
        // on failure: no allocation per row.
        let none = "; no row was accepted";
        let mut events = std::mem::take(&mut self.scratch);
        events.clear();
        events.reserve(n);
        for i in 0..n {
            let time = times[i];
            if !time_ok(time) {
                return Err(row_error("times", i, time, TIME_RULE, none));
            }
            let value = values[i];
            if !value.is_finite() {
                return Err(row_error(
                    "values",
                    i,
                    value,
                    "must be a finite number",
                    none,
                ));
            }
            let arrival = match &arrivals {
                Some(a) if !time_ok(a[i]) => {
                    return Err(row_error("arrivals", i, a[i], TIME_RULE, none))
                }
                Some(a) => Some(a[i] as Time),
                None => None,
            };
            events.push(Event {
                key: keys[i],
                time: time as Time,
                value,
                arrival,
            });
        }
        // The core checks every row before it pushes any, and names the
        // row it stopped at.
        let result = match self.inner.push_batch(&events) {
            Ok(n) => Ok(n as u32),
            Err(b) if b.accepted == 0 && !matches!(b.error, EngineError::LimitExceeded { .. }) => {
                Err(js_error(&format!("row {}: {}{none}", b.row, b.error)))
            }
            Err(BatchError {
                accepted, error: e, ..
            }) => {
                let kept = if accepted == 0 {
                    "no row was accepted".to_string()
                } else {
                    format!("rows 0..{accepted} were accepted, the rest were not")
                };
                Err(js_error(&format!("row {accepted}: {e}; {kept}")))
            }
        };
        // Keep at most 2 MB (65,536 rows) between calls.
        if n <= 1 << 16 {
            self.scratch = events;
        }
        result
    }
}

#[wasm_bindgen]
impl StreamEngine {
    /// Moves the watermark forward (idle sources, end of a replay). Event time only.
    #[wasm_bindgen(js_name = advanceWatermark)]
    pub fn advance_watermark(&mut self, t: Millis) -> JsResult<()> {
        let t = js_time("watermark", &t)?;
        self.inner.advance_watermark(t).map_err(engine_error)
    }

    /// Moves the processing clock forward. Processing time only.
    #[wasm_bindgen(js_name = advanceProcessingTime)]
    pub fn advance_processing_time(&mut self, t: Millis) -> JsResult<()> {
        let t = js_time("processingTime", &t)?;
        self.inner.advance_processing_time(t).map_err(engine_error)
    }

    /// End of stream: the watermark becomes `+Infinity`; every open window fires.
    pub fn flush(&mut self) {
        self.inner.flush();
    }

    /// The results fired since the last call, in firing order.
    pub fn drain(&mut self) -> JsResult<WindowResultArray> {
        let out: Vec<JsWindowResult> = self.inner.drain_results().iter().map(Into::into).collect();
        Ok(to_js(&out)?.unchecked_into())
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
        Ok(out.unchecked_into())
    }

    /// The side output since the last call: events too late for every
    /// window, with the watermark when each arrived.
    #[wasm_bindgen(js_name = drainLate)]
    pub fn drain_late(&mut self) -> JsResult<LateEventArray> {
        let out: Vec<JsLateEvent> = self
            .inner
            .drain_late()
            .iter()
            .map(|l| JsLateEvent {
                key: l.key,
                time: l.time as f64,
                value: l.value,
                watermark: time_to_js(l.watermark),
            })
            .collect();
        Ok(to_js(&out)?.unchecked_into())
    }

    /// Counters and gauges now, including the measured state size in bytes.
    pub fn stats(&self) -> JsResult<EngineStats> {
        let s = self.inner.stats();
        Ok(to_js(&JsStats {
            events_in: s.events_in as f64,
            assigned: s.assigned as f64,
            late_accepted: s.late_accepted as f64,
            side_output: s.side_output as f64,
            unassigned: s.unassigned as f64,
            dropped_from_windows: s.dropped_from_windows as f64,
            fired_on_time: s.fired_on_time as f64,
            fired_late: s.fired_late as f64,
            open_windows: s.open_windows as f64,
            state_entries: s.state_entries as f64,
            keys: s.keys as f64,
            watermark: time_to_js(s.watermark),
            max_event_time: time_to_js(s.max_event_time),
            event_time_lag: s.event_time_lag as f64,
            state_bytes: s.state_bytes as f64,
        })?
        .unchecked_into())
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
        let out: Vec<JsWindow> = self
            .inner
            .windows_for(t)
            .iter()
            .map(|w| JsWindow {
                start: w.start as f64,
                end: w.end as f64,
            })
            .collect();
        Ok(to_js(&out)?.unchecked_into())
    }

    /// Every window with state, per key: open, fired (accepting late data
    /// until `until`), or closed with events dropped as too late for it.
    #[wasm_bindgen(js_name = openWindows)]
    pub fn open_windows(&self) -> JsResult<OpenWindowArray> {
        let out: Vec<JsOpenWindow> = self.inner.open_windows().iter().map(Into::into).collect();
        Ok(to_js(&out)?.unchecked_into())
    }

    /// The whole engine as bytes (versioned, checksummed), including
    /// results and side output not drained yet.
    pub fn snapshot(&self) -> Vec<u8> {
        self.inner.snapshot()
    }

    /// An engine from `snapshot()` bytes; throws on corrupt or foreign bytes.
    pub fn restore(bytes: BytesArg) -> JsResult<StreamEngine> {
        let bytes: &JsValue = &bytes;
        let bytes = bytes
            .dyn_ref::<Uint8Array>()
            .map(|a| a.to_vec())
            .ok_or_else(|| invalid("bytes", bytes, "must be a Uint8Array from snapshot()"))?;
        Ok(StreamEngine {
            inner: Engine::restore(&bytes).map_err(engine_error)?,
            scratch: Vec::new(),
            columns: Columns::default(),
        })
    }
}
