//! `StreamEngine`: the core [`Engine`] behind an opaque handle. State stays
//! in wasm memory; JavaScript gets small plain objects back.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use weir_core::time::{NEG_INF, POS_INF};
use weir_core::{Engine, Outcome, Time, WindowResult};

use crate::convert;
use crate::error::{engine_error, js_error, JsResult};

/// A keyed event-time window operator.
///
/// `new StreamEngine({ window: { type: "tumbling", size, offset? },
/// watermark: { maxOutOfOrderness }, allowedLateness? })`; also
/// `{ type: "sliding", size, slide, offset? }` and `{ type: "session", gap }`.
/// Every method that takes input throws an `Error` naming the bad field; a
/// rejected event leaves the engine unchanged and usable.
#[wasm_bindgen]
pub struct StreamEngine {
    inner: Engine,
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
    firing: &'static str,
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
            firing: r.firing.as_str(),
        }
    }
}

/// A core time as a JS number, with the two infinities as `±Infinity`.
fn time_to_js(t: Time) -> f64 {
    match t {
        NEG_INF => f64::NEG_INFINITY,
        POS_INF => f64::INFINITY,
        _ => t as f64,
    }
}

#[wasm_bindgen]
impl StreamEngine {
    /// Builds an engine from a config object; throws on the first bad field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> JsResult<StreamEngine> {
        let config = convert::config(&config)?;
        let inner = Engine::new(config).map_err(engine_error)?;
        Ok(StreamEngine { inner })
    }

    /// Pushes one `{ key, time, value }` in arrival order. Returns what
    /// happened to it: `"assigned"`, `"late-accepted"`, `"side-output"` or
    /// `"unassigned"`.
    pub fn push(&mut self, event: JsValue) -> JsResult<String> {
        let event = convert::event(&event)?;
        let outcome = self.inner.push(event).map_err(engine_error)?;
        Ok(match outcome {
            Outcome::Assigned => "assigned",
            Outcome::LateAccepted => "late-accepted",
            Outcome::SideOutput => "side-output",
            Outcome::Unassigned => "unassigned",
        }
        .to_string())
    }

    /// End of stream: the watermark becomes `+Infinity`; every open window fires.
    pub fn flush(&mut self) {
        self.inner.flush();
    }

    /// The results fired since the last call, in firing order:
    /// `[{ key, start, end, count, sum, min, max, mean, variance, firing }]`.
    pub fn drain(&mut self) -> JsResult<JsValue> {
        let out: Vec<JsWindowResult> = self.inner.drain_results().iter().map(Into::into).collect();
        serde_wasm_bindgen::to_value(&out).map_err(|e| js_error(&e.to_string()))
    }

    /// The current watermark in ms (`-Infinity` before the first event,
    /// `+Infinity` after `flush()`).
    #[wasm_bindgen(getter)]
    pub fn watermark(&self) -> f64 {
        time_to_js(self.inner.watermark())
    }
}
