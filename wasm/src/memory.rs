//! `estimateMemory` and `formatBytes`: the core's memory model for the
//! calculator widget and any course page; `predictEngineState`: what Weir's
//! own engine holds for a design.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_core::{
    format_bytes as core_format, ByteUnits, Fit, MemoryEstimate as Core, Note, SlideAdvice,
};

use crate::convert;
use crate::error::{engine_error, invalid, JsResult};
use crate::types::{Bytes, FormatBytesOptions, MemoryEstimate, MemoryParams};

/// A plain object with these fields, in this order: what
/// serde-wasm-bindgen made from the derived structs this replaces (same
/// keys, same order, numbers as numbers, `None` as `null`), in less wasm
/// than a derive per struct.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        // setting a data property on a fresh plain object cannot throw
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn num(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

fn fit(f: &Fit) -> JsValue {
    object(&[
        ("stateBytes", num(f.state_bytes)),
        ("requiredBytes", num(f.required_bytes)),
        ("utilizationRaw", num(f.utilization_raw)),
        ("utilizationWithOverhead", num(f.utilization_with_overhead)),
        ("fits", JsValue::from_bool(f.fits)),
        ("instancesNeeded", num(f.instances_needed as f64)),
    ])
}

fn slide(s: Option<&SlideAdvice>) -> JsValue {
    s.map_or(JsValue::NULL, |s| {
        object(&[
            ("slideMs", num(s.slide_ms as f64)),
            ("overlapFactor", num(s.overlap_factor)),
            ("fit", fit(&s.fit)),
        ])
    })
}

/// The estimate's note as data (`MemoryNote` in TypeScript): the widget
/// words it, so the module carries no sentences.
fn note(n: &Note) -> JsValue {
    match *n {
        Note::Tumbling {
            windows_held,
            raw_bytes,
            state_bytes_per_key,
            per_window_bytes,
        } => object(&[
            ("kind", "tumbling".into()),
            ("windowsHeld", num(windows_held.into())),
            ("rawBytes", num(raw_bytes)),
            ("stateBytesPerKey", num(state_bytes_per_key)),
            ("perWindowBytes", num(per_window_bytes)),
        ]),
        Note::Sliding {
            slices_per_key,
            sliced_bytes,
            open_windows_per_key,
            per_window_bytes,
            overlap_factor,
            raw_bytes,
            sampling,
        } => object(&[
            ("kind", "sliding".into()),
            ("slicesPerKey", num(slices_per_key as f64)),
            ("slicedBytes", num(sliced_bytes)),
            ("openWindowsPerKey", num(open_windows_per_key as f64)),
            ("perWindowBytes", num(per_window_bytes)),
            ("overlapFactor", num(overlap_factor)),
            ("rawBytes", num(raw_bytes)),
            ("sampling", JsValue::from_bool(sampling)),
        ]),
        Note::Cumulate {
            steps_per_period,
            raw_bytes,
            sliced_bytes,
            per_window_bytes,
        } => object(&[
            ("kind", "cumulate".into()),
            ("stepsPerPeriod", num(steps_per_period as f64)),
            ("rawBytes", num(raw_bytes)),
            ("slicedBytes", num(sliced_bytes)),
            ("perWindowBytes", num(per_window_bytes)),
        ]),
        Note::Session {
            raw_bytes,
            sliced_bytes,
        } => object(&[
            ("kind", "session".into()),
            ("rawBytes", num(raw_bytes)),
            ("slicedBytes", num(sliced_bytes)),
        ]),
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_MEMORY_NOTE: &'static str = r#"
/** What an estimate says about itself, as data (the calculator widget words it): which
 * model the fit uses (raw buffering, always) and what slicing does and does not save. */
export type MemoryNote =
  | { kind: "tumbling"; windowsHeld: number; rawBytes: number; stateBytesPerKey: number; perWindowBytes: number }
  | { kind: "sliding"; slicesPerKey: number; slicedBytes: number; openWindowsPerKey: number;
      perWindowBytes: number; overlapFactor: number; rawBytes: number;
      /** The slide exceeds the size: events between windows belong to no window. */
      sampling: boolean }
  | { kind: "session"; rawBytes: number; slicedBytes: number };
"#;

fn estimate(e: &Core) -> JsValue {
    object(&[
        ("messagesPerSecond", num(e.messages_per_second)),
        ("bytesPerSecond", num(e.bytes_per_second)),
        ("windowLengthMs", num(e.window_length_ms as f64)),
        ("bytesPerWindow", num(e.bytes_per_window)),
        ("overlapFactor", num(e.overlap_factor)),
        ("rawWindowsHeld", num(e.raw_windows_held)),
        ("rawBufferBytes", num(e.raw_buffer_bytes)),
        ("openWindowsPerKey", num(e.open_windows_per_key as f64)),
        ("perWindowAggregateBytes", num(e.per_window_aggregate_bytes)),
        ("slicesPerKey", num(e.slices_per_key as f64)),
        ("slicedAggregateBytes", num(e.sliced_aggregate_bytes)),
        ("rawFit", fit(&e.raw_fit)),
        ("perWindowFit", fit(&e.per_window_fit)),
        ("slicedFit", fit(&e.sliced_fit)),
        (
            "smallestFittingSlide",
            slide(e.smallest_fitting_slide.as_ref()),
        ),
        (
            "smallestFittingDividingSlide",
            slide(e.smallest_fitting_dividing_slide.as_ref()),
        ),
        (
            "largestFittingWindowMs",
            e.largest_fitting_window_ms
                .map_or(JsValue::NULL, |w| num(w as f64)),
        ),
        ("note", note(&e.note)),
    ])
}

/// The memory model for one design: data rate, bytes per window, raw
/// buffering, per-window and sliced aggregate state, fit and advice.
/// Throws an `Error` naming the first invalid parameter.
#[wasm_bindgen(js_name = estimateMemory)]
pub fn estimate_memory(params: MemoryParams) -> JsResult<MemoryEstimate> {
    let p = convert::memory_params(&params)?;
    let e = p.estimate().map_err(engine_error)?;
    Ok(estimate(&e).unchecked_into())
}

/// `1000000000` -> `"1 GB"` (base 10, the chapter's units) or `"953.67 MiB"`-style (base 2).
#[wasm_bindgen(js_name = formatBytes)]
pub fn format_bytes(bytes: Bytes, options: Option<FormatBytesOptions>) -> JsResult<String> {
    let bytes_js: &JsValue = &bytes;
    let options = options.map_or(JsValue::UNDEFINED, JsValue::from);
    let units = if convert::byte_base(&options)? == 2 {
        ByteUnits::Base2
    } else {
        ByteUnits::Base10
    };
    let bytes = match bytes_js.as_f64() {
        Some(b) if b.is_finite() && b >= 0.0 => b,
        _ => return Err(invalid("bytes", bytes_js, "must be a finite number >= 0")),
    };
    Ok(core_format(bytes, units))
}

#[wasm_bindgen(typescript_custom_section)]
const MEMORY_DEFAULTS_TS: &str = r#"
/** Weir's own state sizes and the memory model's defaults, from the core's constants. */
export interface MemoryDefaults {
  /** Bytes the engine keeps per key per slice of a tumbling or sliding window. */
  sliceBytes: number;
  /** Bytes the engine keeps per key per open session. */
  sessionBytes: number;
  /** The chapter's teaching figure: aggregate state per key and window (about 20 KB). */
  chapterStateBytesPerKey: number;
  /** Default state-store overhead, as a fraction. */
  stateOverhead: number;
  /** Default target utilisation, as a fraction. */
  targetUtilization: number;
  /** Default tumbling windows held by raw buffering. */
  tumblingWindowsHeld: number;
}
"#;

/// The engine's per-slice and per-session state bytes and the memory
/// model's defaults, read from the core's constants, so that a widget's
/// default aggregate state is the engine's own figure and not a copy.
#[wasm_bindgen(js_name = memoryDefaults, unchecked_return_type = "MemoryDefaults")]
pub fn memory_defaults() -> JsResult<JsValue> {
    use weir_core::memory as m;
    Ok(object(&[
        ("sliceBytes", num(m::ENGINE_SLICE_BYTES as f64)),
        ("sessionBytes", num(m::ENGINE_SESSION_BYTES as f64)),
        (
            "chapterStateBytesPerKey",
            num(m::CHAPTER_STATE_BYTES_PER_KEY),
        ),
        ("stateOverhead", num(m::DEFAULT_STATE_OVERHEAD)),
        ("targetUtilization", num(m::DEFAULT_TARGET_UTILIZATION)),
        (
            "tumblingWindowsHeld",
            num(m::DEFAULT_TUMBLING_WINDOWS_HELD as f64),
        ),
    ]))
}

#[wasm_bindgen(typescript_custom_section)]
const ENGINE_DESIGN_TS: &str = r#"
/** `predictEngineState(design)`: one engine design and its load. Unknown fields are errors. */
export interface EngineDesign {
  window: WindowConfig;
  /** Keys (sensors) with state, a whole number. */
  keys: number;
  /** Events per second per key. */
  ratePerSecond: number;
  watermark?: { maxOutOfOrderness: number };
  allowedLateness?: number;
  /** Mean activity burst of a key (ms); required for session windows. */
  sessionLengthMs?: number;
  /** Mean silence between a key's bursts (ms); required for session windows. */
  idleMs?: number;
  trigger?: TriggerConfig;
  accumulation?: "accumulating" | "discarding" | "retracting";
  /** Sources declared up front (as in the engine's config). */
  sources?: number;
}

/** What Weir's engine is predicted to hold for a design (the `stateBytes` of its stats, in bytes). */
export interface EngineStatePrediction {
  /** Slices (or sessions) over all keys. */
  windowStateBytes: number;
  /** The per-key hash map. */
  indexBytes: number;
  /** The window-end and cleanup timer heaps. */
  timerBytes: number;
  /** The trigger layer (early firings, discarding, retracting, every-event, final); 0 for the default. */
  triggerStateBytes: number;
  /** The per-source table: declared sources (and an idle timeout) keep one from the start. */
  sourceStateBytes: number;
  /** The sum: the predicted `stateBytes`. */
  totalBytes: number;
  /** Slices (or sessions) one key holds. */
  entriesPerKey: number;
}
"#;

/// What Weir's own engine holds at steady state for `design`: the core's
/// `predict_state` (within 10 % of the measured `stateBytes`). Throws a
/// `WeirConfigError` naming the first invalid field.
#[wasm_bindgen(
    js_name = predictEngineState,
    unchecked_return_type = "EngineStatePrediction"
)]
pub fn predict_engine_state(
    #[wasm_bindgen(unchecked_param_type = "EngineDesign")] design: JsValue,
) -> JsResult<JsValue> {
    let d = convert::design(&design)?;
    let p = weir_core::memory::predict_state(
        &d.config,
        d.keys,
        d.rate_hz,
        d.session_length_ms,
        d.idle_ms,
    );
    Ok(object(&[
        ("windowStateBytes", num(p.engine.window_state_bytes)),
        ("indexBytes", num(p.engine.index_bytes)),
        ("timerBytes", num(p.engine.timer_bytes)),
        ("triggerStateBytes", num(p.trigger_state_bytes)),
        ("sourceStateBytes", num(p.source_state_bytes)),
        ("totalBytes", num(p.total_bytes)),
        ("entriesPerKey", num(p.engine.entries_per_key)),
    ]))
}
