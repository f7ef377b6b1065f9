//! `estimateMemory` and `formatBytes`: the core's memory model for the
//! calculator widget and any course page.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_core::{
    format_bytes as core_format, ByteUnits, Fit, MemoryEstimate as Core, Note, SlideAdvice,
};

use crate::convert;
use crate::engine::to_js;
use crate::error::{engine_error, invalid, JsResult};
use crate::types::{Bytes, FormatBytesOptions, MemoryEstimate, MemoryParams};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsFit {
    state_bytes: f64,
    required_bytes: f64,
    utilization_raw: f64,
    utilization_with_overhead: f64,
    fits: bool,
    instances_needed: f64,
}

impl From<&Fit> for JsFit {
    fn from(f: &Fit) -> Self {
        JsFit {
            state_bytes: f.state_bytes,
            required_bytes: f.required_bytes,
            utilization_raw: f.utilization_raw,
            utilization_with_overhead: f.utilization_with_overhead,
            fits: f.fits,
            instances_needed: f.instances_needed as f64,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsSlide {
    slide_ms: f64,
    overlap_factor: f64,
    fit: JsFit,
}

impl From<&SlideAdvice> for JsSlide {
    fn from(s: &SlideAdvice) -> Self {
        JsSlide {
            slide_ms: s.slide_ms as f64,
            overlap_factor: s.overlap_factor,
            fit: (&s.fit).into(),
        }
    }
}

/// The estimate's note as data (`MemoryNote` in TypeScript): the widget
/// words it, so the module carries no sentences.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum JsNote {
    #[serde(rename_all = "camelCase")]
    Tumbling {
        windows_held: u32,
        raw_bytes: f64,
        state_bytes_per_key: f64,
        per_window_bytes: f64,
    },
    #[serde(rename_all = "camelCase")]
    Sliding {
        slices_per_key: f64,
        sliced_bytes: f64,
        open_windows_per_key: f64,
        per_window_bytes: f64,
        overlap_factor: f64,
        raw_bytes: f64,
        sampling: bool,
    },
    #[serde(rename_all = "camelCase")]
    Cumulate {
        steps_per_period: f64,
        raw_bytes: f64,
        sliced_bytes: f64,
        per_window_bytes: f64,
    },
    #[serde(rename_all = "camelCase")]
    Session { raw_bytes: f64, sliced_bytes: f64 },
}

impl From<&Note> for JsNote {
    fn from(n: &Note) -> Self {
        match *n {
            Note::Tumbling {
                windows_held,
                raw_bytes,
                state_bytes_per_key,
                per_window_bytes,
            } => JsNote::Tumbling {
                windows_held,
                raw_bytes,
                state_bytes_per_key,
                per_window_bytes,
            },
            Note::Sliding {
                slices_per_key,
                sliced_bytes,
                open_windows_per_key,
                per_window_bytes,
                overlap_factor,
                raw_bytes,
                sampling,
            } => JsNote::Sliding {
                slices_per_key: slices_per_key as f64,
                sliced_bytes,
                open_windows_per_key: open_windows_per_key as f64,
                per_window_bytes,
                overlap_factor,
                raw_bytes,
                sampling,
            },
            Note::Cumulate {
                steps_per_period,
                raw_bytes,
                sliced_bytes,
                per_window_bytes,
            } => JsNote::Cumulate {
                steps_per_period: steps_per_period as f64,
                raw_bytes,
                sliced_bytes,
                per_window_bytes,
            },
            Note::Session {
                raw_bytes,
                sliced_bytes,
            } => JsNote::Session {
                raw_bytes,
                sliced_bytes,
            },
        }
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
  | { kind: "cumulate"; /** size / step: windows per period, slices per key. */ stepsPerPeriod: number;
      rawBytes: number; slicedBytes: number; perWindowBytes: number }
  | { kind: "session"; rawBytes: number; slicedBytes: number };
"#;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsEstimate {
    messages_per_second: f64,
    bytes_per_second: f64,
    window_length_ms: f64,
    bytes_per_window: f64,
    overlap_factor: f64,
    raw_windows_held: f64,
    raw_buffer_bytes: f64,
    open_windows_per_key: f64,
    per_window_aggregate_bytes: f64,
    slices_per_key: f64,
    sliced_aggregate_bytes: f64,
    raw_fit: JsFit,
    per_window_fit: JsFit,
    sliced_fit: JsFit,
    smallest_fitting_slide: Option<JsSlide>,
    smallest_fitting_dividing_slide: Option<JsSlide>,
    largest_fitting_window_ms: Option<f64>,
    note: JsNote,
}

impl From<&Core> for JsEstimate {
    fn from(e: &Core) -> Self {
        JsEstimate {
            messages_per_second: e.messages_per_second,
            bytes_per_second: e.bytes_per_second,
            window_length_ms: e.window_length_ms as f64,
            bytes_per_window: e.bytes_per_window,
            overlap_factor: e.overlap_factor,
            raw_windows_held: e.raw_windows_held,
            raw_buffer_bytes: e.raw_buffer_bytes,
            open_windows_per_key: e.open_windows_per_key as f64,
            per_window_aggregate_bytes: e.per_window_aggregate_bytes,
            slices_per_key: e.slices_per_key as f64,
            sliced_aggregate_bytes: e.sliced_aggregate_bytes,
            raw_fit: (&e.raw_fit).into(),
            per_window_fit: (&e.per_window_fit).into(),
            sliced_fit: (&e.sliced_fit).into(),
            smallest_fitting_slide: e.smallest_fitting_slide.as_ref().map(Into::into),
            smallest_fitting_dividing_slide: e
                .smallest_fitting_dividing_slide
                .as_ref()
                .map(Into::into),
            largest_fitting_window_ms: e.largest_fitting_window_ms.map(|w| w as f64),
            note: (&e.note).into(),
        }
    }
}

/// The memory model for one design: data rate, bytes per window, raw
/// buffering, per-window and sliced aggregate state, fit and advice.
/// Throws an `Error` naming the first invalid parameter.
#[wasm_bindgen(js_name = estimateMemory)]
pub fn estimate_memory(params: MemoryParams) -> JsResult<MemoryEstimate> {
    let p = convert::memory_params(&params)?;
    let e = p.estimate().map_err(engine_error)?;
    Ok(to_js(&JsEstimate::from(&e))?.unchecked_into())
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
  /** Bytes the engine keeps per key per slice of a tumbling, sliding or cumulating window. */
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsMemoryDefaults {
    slice_bytes: f64,
    session_bytes: f64,
    chapter_state_bytes_per_key: f64,
    state_overhead: f64,
    target_utilization: f64,
    tumbling_windows_held: f64,
}

/// The engine's per-slice and per-session state bytes and the memory
/// model's defaults, read from the core's constants, so that a widget's
/// default aggregate state is the engine's own figure and not a copy.
#[wasm_bindgen(js_name = memoryDefaults, unchecked_return_type = "MemoryDefaults")]
pub fn memory_defaults() -> JsResult<JsValue> {
    use weir_core::memory as m;
    to_js(&JsMemoryDefaults {
        slice_bytes: m::ENGINE_SLICE_BYTES as f64,
        session_bytes: m::ENGINE_SESSION_BYTES as f64,
        chapter_state_bytes_per_key: m::CHAPTER_STATE_BYTES_PER_KEY,
        state_overhead: m::DEFAULT_STATE_OVERHEAD,
        target_utilization: m::DEFAULT_TARGET_UTILIZATION,
        tumbling_windows_held: m::DEFAULT_TUMBLING_WINDOWS_HELD as f64,
    })
}
