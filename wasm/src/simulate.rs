//! `simulateSensors` and `SensorSimulator`: the core's seeded IoT stream as
//! typed arrays, so pages and tests need no JS generator of their own.

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_core::sim::{
    simulate, stream_hash, AnomalyDetector as Detector, Columns, DetectorConfig, SimConfig,
    SimStream, Simulator, Verdict,
};

use crate::convert;
use crate::engine::js_time;
use crate::error::{engine_error, invalid, JsResult};
use crate::types::{Millis, SensorStream, SimulateOptions};

/// Most rows one `simulateSensors` call returns; larger streams go through
/// `SensorSimulator` in chunks, so a slider cannot ask for gigabytes at once.
const MAX_ROWS: u64 = 20_000_000;

/// Times as JavaScript numbers (exact: within 2^53). Not inlined: one copy.
#[inline(never)]
fn f64s(v: &[i64]) -> Float64Array {
    Float64Array::from(&v.iter().map(|&t| t as f64).collect::<Vec<_>>()[..])
}

/// The stream as typed arrays: the columns asked for (`c`), and the
/// anomalies.
fn columns(s: &SimStream, c: Columns) -> JsResult<SensorStream> {
    let out = Object::new();
    let set = |name: &str, v: &JsValue| Reflect::set(&out, &JsValue::from_str(name), v).map(|_| ());
    let want = |bit| c.contains(bit);
    if want(Columns::KEYS) {
        set("keys", &Uint32Array::from(&s.keys[..]))?;
    }
    if want(Columns::TIMES) {
        set("times", &f64s(&s.times))?;
    }
    if want(Columns::ARRIVALS) {
        set("arrivals", &f64s(&s.arrivals))?;
    }
    if want(Columns::VALUES) {
        set("values", &Float64Array::from(&s.values[..]))?;
    }
    if want(Columns::ANOMALY) {
        set("anomaly", &Uint8Array::from(&s.anomaly[..]))?;
    }
    if want(Columns::SOURCES) {
        set("sources", &Uint32Array::from(&s.sources[..]))?;
    }
    // `{ key, start, end }` objects, made by hand rather than by a serde
    // derive (smaller wasm)
    let anomalies = Array::new();
    for a in &s.anomalies {
        let o = Object::new();
        let field =
            |k: &str, v: f64| Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(v));
        field("key", a.key.into())?;
        field("start", a.start_ms as f64)?;
        field("end", a.end_ms as f64)?;
        anomalies.push(&o);
    }
    set("anomalies", &anomalies)?;
    Ok(out.unchecked_into())
}

/// A seeded sensor stream (rows in arrival order) as typed arrays. Same
/// options, same stream, on every platform.
#[wasm_bindgen(js_name = simulateSensors)]
pub fn simulate_sensors(options: Option<SimulateOptions>) -> JsResult<SensorStream> {
    let cfg = one_shot(options)?;
    columns(&simulate(&cfg).map_err(engine_error)?, cfg.columns)
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
    /// The last chunk, kept so the next one reuses its allocations.
    chunk: SimStream,
}

#[wasm_bindgen]
impl SensorSimulator {
    /// A simulator for `options` (as `simulateSensors`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<SimulateOptions>) -> JsResult<SensorSimulator> {
        let cfg = sim_config(options)?;
        Ok(SensorSimulator {
            inner: Simulator::new(&cfg).map_err(engine_error)?,
            chunk: SimStream::default(),
        })
    }

    /// An arrival time past every row's for `options` (`startMs +
    /// durationMs` + the largest network delay + 1): a consumer that
    /// follows the stream by arrival is done there.
    #[wasm_bindgen(js_name = arrivalEndMs)]
    pub fn arrival_end_ms(options: Option<SimulateOptions>) -> JsResult<f64> {
        Ok(sim_config(options)?.arrival_end_ms() as f64)
    }

    /// Every row not returned yet whose arrival is before `untilMs`, in
    /// arrival order.
    #[wasm_bindgen(js_name = nextChunk)]
    pub fn next_chunk(&mut self, until_ms: Millis) -> JsResult<SensorStream> {
        let until = js_time("untilMs", &until_ms)?;
        // Refuse a chunk that would not fit in memory, as simulateSensors does.
        let rows = self.inner.rows_to_generate(until);
        if rows > MAX_ROWS as f64 {
            return Err(invalid(
                "untilMs",
                &until_ms,
                &format!(
                    "the chunk would generate about {} rows, over {MAX_ROWS}; ask for an earlier untilMs", weir_core::float::to_string_0(rows)
                ),
            ));
        }
        self.inner.next_chunk_into(until, &mut self.chunk);
        columns(&self.chunk, self.inner.config().columns)
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

#[wasm_bindgen(typescript_custom_section)]
const TS_DETECTOR: &'static str = r#"
/** `AnomalyDetector.judge`: the anomalous rows of one batch of window results. */
export interface AnomalyVerdicts {
  /** Index (in the batch) of each anomalous row, in order. */
  rows: Uint32Array;
  /** 1 where the row starts a run (the sensor's previous judged window was normal). */
  opens: Uint8Array;
  /** `(mean - baseline) / sd` of each anomalous row. */
  z: Float64Array;
  /** The baseline mean and standard deviation it was judged against. */
  baseline: Float64Array;
  sd: Float64Array;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `AnomalyVerdicts` in TypeScript.
    #[wasm_bindgen(typescript_type = "AnomalyVerdicts")]
    pub type AnomalyVerdicts;
}

/// The core's anomaly detector (`weir_core::sim::AnomalyDetector`): a
/// per-sensor EWMA baseline behind a delay line, and a z-score test, over
/// a sliding engine's results.
#[wasm_bindgen]
pub struct AnomalyDetector {
    inner: Detector,
}

/// `v` as a whole number in `0..=u32::MAX`, or an error naming `field`.
fn whole(field: &'static str, v: f64) -> JsResult<u32> {
    if v.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&v) {
        Ok(v as u32)
    } else {
        Err(invalid(
            field,
            &JsValue::from_f64(v),
            "must be a whole number in 0..=4294967295",
        ))
    }
}

#[wasm_bindgen]
impl AnomalyDetector {
    /// A detector for keys `0..sensors`: a window is anomalous when its mean
    /// is more than `k` baseline standard deviations off; a window enters
    /// the baseline (EWMA weight `alpha`) `delay` windows later unless it
    /// was anomalous; a sensor is judged once `warmup` windows are in.
    #[wasm_bindgen(constructor)]
    pub fn new(
        sensors: f64,
        k: f64,
        alpha: f64,
        warmup: f64,
        delay: f64,
    ) -> JsResult<AnomalyDetector> {
        let cfg = DetectorConfig {
            sensors: whole("sensors", sensors)?,
            k,
            alpha,
            warmup: whole("warmup", warmup)?,
            delay: whole("delay", delay)?,
        };
        Ok(AnomalyDetector {
            inner: Detector::new(cfg).map_err(engine_error)?,
        })
    }

    /// The threshold, in baseline standard deviations.
    #[wasm_bindgen(getter)]
    pub fn k(&self) -> f64 {
        self.inner.config().k
    }

    /// Changes the threshold from the next window on.
    #[wasm_bindgen(setter)]
    pub fn set_k(&mut self, k: f64) -> JsResult<()> {
        self.inner.set_k(k).map_err(engine_error)
    }

    /// Judges one batch of window results (columns of equal length, in
    /// firing order: the `key`, `mean` and `variance` of `drainColumns()`).
    /// Every key is checked before any row changes a baseline.
    pub fn judge(
        &mut self,
        keys: &[u32],
        means: &[f64],
        variances: &[f64],
    ) -> JsResult<AnomalyVerdicts> {
        if means.len() != keys.len() || variances.len() != keys.len() {
            return Err(invalid(
                "means",
                &JsValue::from_f64(means.len() as f64),
                "keys, means and variances must have the same length",
            ));
        }
        for (i, &key) in keys.iter().enumerate() {
            self.inner.check_key(key).map_err(|_| {
                invalid(
                    &format!("keys[{i}]"),
                    &JsValue::from_f64(key as f64),
                    "must be below the detector's sensors; no row was judged",
                )
            })?;
        }
        let (mut rows, mut opens, mut z, mut baseline, mut sd) =
            (vec![], vec![], vec![], vec![], vec![]);
        for (i, &key) in keys.iter().enumerate() {
            if let Verdict::Anomalous {
                opens: o,
                z: zz,
                baseline: b,
                sd: s,
            } = self
                .inner
                .observe(key, means[i], variances[i])
                .map_err(engine_error)?
            {
                rows.push(i as u32);
                opens.push(o as u8);
                z.push(zz);
                baseline.push(b);
                sd.push(s);
            }
        }
        let out = Object::new();
        let set =
            |name: &str, v: &JsValue| Reflect::set(&out, &JsValue::from_str(name), v).map(|_| ());
        set("rows", &Uint32Array::from(&rows[..]))?;
        set("opens", &Uint8Array::from(&opens[..]))?;
        set("z", &Float64Array::from(&z[..]))?;
        set("baseline", &Float64Array::from(&baseline[..]))?;
        set("sd", &Float64Array::from(&sd[..]))?;
        Ok(out.unchecked_into())
    }
}
