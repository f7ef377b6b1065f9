//! `simulateSensors` and `SensorSimulator`: the core's seeded IoT stream as
//! typed arrays, so pages and tests need no JS generator of their own.

use js_sys::{Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_core::simulator::{simulate, stream_hash, SimConfig, SimStream, Simulator};

use crate::convert;
use crate::engine::js_time;
use crate::engine::to_js;
use crate::error::{engine_error, invalid, JsResult};
use crate::types::{Millis, SensorStream, SimulateOptions};

/// Most rows one `simulateSensors` call returns; larger streams go through
/// `SensorSimulator` in chunks, so a slider cannot ask for gigabytes at once.
const MAX_ROWS: u64 = 20_000_000;

#[derive(Serialize)]
struct JsAnomaly {
    key: u32,
    start: f64,
    end: f64,
}

fn columns(s: &SimStream) -> JsResult<SensorStream> {
    let out = Object::new();
    let set = |name: &str, v: &JsValue| Reflect::set(&out, &JsValue::from_str(name), v).map(|_| ());
    let f64s = |v: &[i64]| Float64Array::from(&v.iter().map(|&t| t as f64).collect::<Vec<_>>()[..]);
    set("keys", &Uint32Array::from(&s.keys[..]))?;
    set("times", &f64s(&s.times))?;
    set("arrivals", &f64s(&s.arrivals))?;
    set("values", &Float64Array::from(&s.values[..]))?;
    set("anomaly", &Uint8Array::from(&s.anomaly[..]))?;
    let anomalies: Vec<JsAnomaly> = s
        .anomalies
        .iter()
        .map(|a| JsAnomaly {
            key: a.key,
            start: a.start_ms as f64,
            end: a.end_ms as f64,
        })
        .collect();
    set("anomalies", &to_js(&anomalies)?)?;
    Ok(out.unchecked_into())
}

/// A seeded sensor stream (rows in arrival order) as typed arrays. Same
/// options, same stream, on every platform.
#[wasm_bindgen(js_name = simulateSensors)]
pub fn simulate_sensors(options: Option<SimulateOptions>) -> JsResult<SensorStream> {
    columns(&simulate(&one_shot(options)?).map_err(engine_error)?)
}

/// The simulator's options; absent (`undefined` or `null`) means the defaults.
fn sim_config(options: Option<SimulateOptions>) -> JsResult<SimConfig> {
    convert::sim_config(&options.map_or(JsValue::UNDEFINED, JsValue::from))
}

/// The options of a call that builds the whole stream at once: valid, and
/// at most `MAX_ROWS` rows (more would abort the module out of memory).
fn one_shot(options: Option<SimulateOptions>) -> JsResult<SimConfig> {
    let cfg = sim_config(options)?;
    cfg.validate().map_err(engine_error)?;
    let rows = cfg.expected_events();
    if rows > MAX_ROWS {
        return Err(invalid(
            "durationMs",
            &JsValue::from_f64(cfg.duration_ms as f64),
            &format!(
                "gives {rows} rows, over {MAX_ROWS} for one call; use SensorSimulator.nextChunk"
            ),
        ));
    }
    Ok(cfg)
}

/// The FNV-1a hash of the stream `simulateSensors(options)` returns, to
/// check that wasm and native generate the same bytes.
#[wasm_bindgen(js_name = simulatedStreamHash)]
pub fn simulated_stream_hash(options: Option<SimulateOptions>) -> JsResult<String> {
    let s = simulate(&one_shot(options)?).map_err(engine_error)?;
    Ok(format!("{:016x}", stream_hash(&s)))
}

/// The same stream, produced chunk by chunk (for long or fast replays).
#[wasm_bindgen]
pub struct SensorSimulator {
    inner: Simulator,
    cfg: SimConfig,
    /// The largest `untilMs` asked for so far: rows up to it are generated.
    asked: i64,
}

#[wasm_bindgen]
impl SensorSimulator {
    /// A simulator for `options` (as `simulateSensors`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<SimulateOptions>) -> JsResult<SensorSimulator> {
        let cfg = sim_config(options)?;
        Ok(SensorSimulator {
            inner: Simulator::new(&cfg).map_err(engine_error)?,
            cfg,
            asked: cfg.start_ms,
        })
    }

    /// Every row not returned yet whose arrival is before `untilMs`, in
    /// arrival order.
    #[wasm_bindgen(js_name = nextChunk)]
    pub fn next_chunk(&mut self, until_ms: Millis) -> JsResult<SensorStream> {
        let until = js_time("untilMs", &until_ms)?;
        // A chunk generates every reading with event time before `until`:
        // about sensors x rateHz per second of event time not generated yet.
        // Refuse what would not fit in memory, as simulateSensors does.
        let end = self.cfg.start_ms.saturating_add(self.cfg.duration_ms);
        let span = until.min(end).saturating_sub(self.asked).max(0);
        let rows = self.cfg.sensors as f64 * self.cfg.rate_hz * span as f64 / 1000.0;
        if rows > MAX_ROWS as f64 {
            return Err(invalid(
                "untilMs",
                &until_ms,
                &format!(
                    "the chunk would generate about {rows:.0} rows, over {MAX_ROWS}; ask for an earlier untilMs"
                ),
            ));
        }
        self.asked = self.asked.max(until.min(end));
        columns(&self.inner.next_chunk(until))
    }

    /// True once every row has been returned.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.inner.is_done()
    }

    /// Rows generated but not yet returned (still "in the network").
    #[wasm_bindgen(getter, js_name = inFlight)]
    pub fn in_flight(&self) -> u32 {
        u32::try_from(self.inner.in_flight()).unwrap_or(u32::MAX)
    }
}
