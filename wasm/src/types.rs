//! TypeScript types for every config, event, result and stats object, and
//! the opaque JS types that let the generated `.d.ts` name them precisely
//! instead of `any`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A window assigner. All times are milliseconds. */
export type WindowConfig =
  | { type: "tumbling"; size: number; offset?: number }
  | { type: "sliding"; size: number; slide: number; offset?: number }
  | { type: "session"; gap: number }
  /** Flink SQL's CUMULATE: in each period of `size` (aligned on `offset`), the windows
   * [start, start + k * step) for k = 1 .. size / step; `step` must divide `size`. */
  | { type: "cumulate"; step: number; size: number; offset?: number };

/** `new StreamEngine(config)`. Unknown fields are errors. */
export interface EngineConfig {
  window: WindowConfig;
  /** Bounded out-of-orderness (each source's W_s = its max event time - maxOutOfOrderness;
   * W = the min over active sources) and the idle timeout: a source silent this long on the
   * processing clock (arrival times, `advanceProcessingTime`) leaves the min. */
  watermark?: { maxOutOfOrderness?: number; idleTimeout?: number };
  /** Late events are accepted (and re-fire their window) until W >= end + allowedLateness. */
  allowedLateness?: number;
  /** "event" (default): windows by event time; "processing": by arrival. */
  timeDomain?: "event" | "processing";
  /** Caps on state and output; reaching one throws a `WeirLimitError` and loses nothing already accepted. */
  limits?: EngineLimits;
  /** When windows report (event time only; default `{ mode: "watermark" }`). */
  trigger?: TriggerConfig;
  /** How a refinement relates to the last (event time only; default "accumulating"). */
  accumulation?: "accumulating" | "discarding" | "retracting";
  /** Sources declared up front (0..sources-1, at most 65,536): each holds the watermark at
   * -Infinity until it sends or goes idle. Default 0 (none declared). */
  sources?: number;
  /** Another engine's rules as defaults; every field given explicitly wins over them. */
  preset?: PresetName;
}

/** The presets (see `docs/SEMANTICS.md`, "Presets (v2)"). */
export type PresetName =
  | "flink"
  | "flink-sql"
  | "beam"
  | "kafka-streams"
  | "kafka-streams-final"
  | "spark-append";

/** One source's state, as `sourceStats()` lists it. */
export interface SourceStats {
  source: number;
  /** Its watermark W_s (-Infinity before it sent). */
  watermark: number;
  maxEventTime: number;
  /** The processing clock at its last event (-Infinity before it sent or before any arrival). */
  lastArrival: number;
  /** Silent for `watermark.idleTimeout`: out of the watermark's min. */
  idle: boolean;
  /** The active source with the smallest W_s: W cannot rise until it moves. */
  holdsBack: boolean;
}

/**
 * `config.trigger`. `watermark`: on time at W >= end, late firings after, plus
 * optional early firings while W < end; `every-event`: every accepted event
 * fires each window it entered; `final`: one firing per window at W >= end +
 * allowedLateness. `early` is valid in watermark mode only. `processingTime`
 * early firings follow the processing clock (arrival times or
 * `advanceProcessingTime`): without either they never fire.
 */
export interface TriggerConfig {
  mode?: "watermark" | "every-event" | "final";
  early?: { count: number } | { eventTime: number } | { processingTime: number };
}

/** Why a window fired. */
export type FiringKind = "early" | "on-time" | "late" | "final" | "retract";

/** `config.limits`: every field optional, whole numbers >= 1. */
export interface EngineLimits {
  /** Keys with live state at once (default 1,000,000). */
  maxKeys?: number;
  /** State entries (slices or sessions) over all keys (default 10,000,000). */
  maxStateEntries?: number;
  /** @deprecated The old name of `maxStateEntries` (it counted slices, not windows); give only one. */
  maxOpenWindows?: number;
  /** Results fired and not drained; a push is refused at this many, and `flush()`/`advance*()`
   * stop firing here and throw (drain and call again; nothing is lost) (default 1,000,000). */
  maxPendingResults?: number;
  /** Side-output events not drained; a late event is refused at this many (default 1,000,000). */
  maxPendingLate?: number;
  /** Rows one query (`openWindows()`, `windowsFor()`) may return (default 100,000). */
  maxQueryResults?: number;
}

/** The kinds of error every Weir call throws (as `err.name`). */
export type WeirErrorName = "WeirConfigError" | "WeirEventError" | "WeirLimitError" | "WeirSnapshotError";

/**
 * What every Weir call throws: a real `Error` (with a stack) whose `name`
 * says the kind, `field` names what was wrong (`window.size`, `times[3]`,
 * `limits.maxKeys`, `bytes`) and `value` shows the rejected value as text
 * (empty when it cannot be shown, e.g. a getter that threw).
 */
export interface WeirError extends Error {
  name: WeirErrorName;
  field: string;
  value: string;
  /** pushBatch only: the row that failed. */
  row?: number;
  /** pushBatch only: rows accepted before it (they stay accepted). */
  accepted?: number;
}

/** One reading. `arrival` (ms) is required in processing time. */
export interface StreamEvent {
  key: number;
  time: number;
  value: number;
  arrival?: number;
  /** The source (gateway, partition) it came through, an integer in 0..=4294967295; default 0. */
  source?: number;
}

/** What happened to a pushed event. */
export type Outcome = "assigned" | "late-accepted" | "side-output" | "unassigned";

/** One window firing. */
export interface WindowResult {
  key: number;
  start: number;
  end: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  variance: number;
  stddev: number;
  firing: FiringKind;
  /** The watermark when it fired (Infinity at flush). */
  watermark: number;
}

/** `drainColumns()`: results as typed arrays, one entry per firing. */
export interface ResultColumns {
  key: Uint32Array;
  start: Float64Array;
  end: Float64Array;
  count: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
  variance: Float64Array;
  watermark: Float64Array;
  /** 1 for a late firing, 0 for any other kind (kept as it was before `firing`). */
  late: Uint8Array;
  /** The firing kind: 0 on-time, 1 late, 2 early, 3 final, 4 retract. */
  firing: Uint8Array;
}

/** An event in the late side output. */
export interface LateEvent {
  key: number;
  time: number;
  value: number;
  /** The watermark when it arrived. */
  watermark: number;
}

/** Counters and gauges at one moment. */
export interface EngineStats {
  eventsIn: number;
  assigned: number;
  lateAccepted: number;
  sideOutput: number;
  unassigned: number;
  droppedFromWindows: number;
  firedOnTime: number;
  firedLate: number;
  /** Early firings (trigger early, every-event). */
  firedEarly: number;
  /** Final firings (trigger mode "final"). */
  firedFinal: number;
  /** Retraction rows (accumulation "retracting"). */
  retractions: number;
  openWindows: number;
  stateEntries: number;
  keys: number;
  watermark: number;
  maxEventTime: number;
  eventTimeLag: number;
  /** Bytes of window state, measured from the engine's data structures. */
  stateBytes: number;
}

/** A window `[start, end)`. */
export interface WindowSpan {
  start: number;
  end: number;
}

/** A window with state, as `openWindows()` lists it. */
export interface OpenWindow {
  key: number;
  start: number;
  end: number;
  state: "open" | "fired" | "closed";
  /** For "fired": late events are accepted until the watermark reaches this. */
  until?: number;
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  mean?: number;
  /** Events dropped as too late for this window. */
  dropped: number;
}

/** `simulateSensors(options)` / `new SensorSimulator(options)`; every field optional. */
export interface SimulateOptions {
  seed?: number;
  sensors?: number;
  rateHz?: number;
  durationMs?: number;
  startMs?: number;
  delayBaseMs?: number;
  delaySpreadMs?: number;
  lateFraction?: number;
  lateMinMs?: number;
  lateMaxMs?: number;
  anomalies?: number;
  anomalyDurationMs?: number;
  anomalyMagnitude?: number;
  baseline?: number;
  baselineSpread?: number;
  noiseStd?: number;
  driftAmplitude?: number;
  driftPeriodMs?: number;
  burstActiveMs?: number;
  burstIdleMs?: number;
  /** Gateways (default 1): sensor k goes through source k % sources. */
  sources?: number;
  /**
   * A gateway sends nothing for arrival times in [from, to). Its events that would arrive then are
   * lost (mode "drop", the default) or kept and all sent at `to`, in event-time order ("backlog":
   * a store-and-forward gateway reconnecting).
   */
  silence?: { source: number; from: number; to: number; mode?: "drop" | "backlog" }[];
  /** A gateway's clock runs `ms` ahead (behind if negative): its event times are shifted. */
  skew?: { source: number; ms: number }[];
  /** The columns to build (default all); the others are absent from the stream. */
  columns?: ("keys" | "times" | "arrivals" | "values" | "anomaly" | "sources")[];
}

/** A simulated stream, rows in arrival order (only the `columns` asked for, when given). */
export interface SensorStream {
  keys: Uint32Array;
  times: Float64Array;
  arrivals: Float64Array;
  values: Float64Array;
  /** 1 where the reading is inside an injected anomaly. */
  anomaly: Uint8Array;
  /** The gateway (source) each reading came through. */
  sources: Uint32Array;
  anomalies: { key: number; start: number; end: number }[];
}

/** `estimateMemory(params)`. */
export interface MemoryParams {
  sensors: number;
  /** Per sensor. */
  messagesPerSecond: number;
  messageBytes: number;
  window: WindowConfig;
  /** Expected session length (ms), for session windows. */
  sessionLengthMs?: number;
  /** Aggregate state per key per window; default: what Weir's engine uses. */
  stateBytesPerKey?: number;
  instanceBytes: number;
  /** Default 0.2. */
  stateOverhead?: number;
  /** Default 0.5. */
  targetUtilization?: number;
  /** Tumbling raw buffering: 1 (quick estimate) or 2 (open + emitting, default). */
  tumblingWindowsHeld?: number;
}

/** Whether one state model fits the instance. */
export interface MemoryFit {
  stateBytes: number;
  requiredBytes: number;
  utilizationRaw: number;
  utilizationWithOverhead: number;
  fits: boolean;
  instancesNeeded: number;
}

/** A slide and what it costs. */
export interface SlideAdvice {
  slideMs: number;
  overlapFactor: number;
  fit: MemoryFit;
}

/** The memory model's answer. */
export interface MemoryEstimate {
  messagesPerSecond: number;
  bytesPerSecond: number;
  windowLengthMs: number;
  bytesPerWindow: number;
  overlapFactor: number;
  rawWindowsHeld: number;
  rawBufferBytes: number;
  openWindowsPerKey: number;
  perWindowAggregateBytes: number;
  slicesPerKey: number;
  slicedAggregateBytes: number;
  rawFit: MemoryFit;
  perWindowFit: MemoryFit;
  slicedFit: MemoryFit;
  smallestFittingSlide: SlideAdvice | null;
  smallestFittingDividingSlide: SlideAdvice | null;
  largestFittingWindowMs: number | null;
  /** Which model the fit uses and what slicing saves, as data (see `MemoryNote`). */
  note: MemoryNote;
}

/** `formatBytes(bytes, options)`: base 10 (KB, MB, GB) or 2 (KiB, MiB, GiB). */
export interface FormatBytesOptions {
  base?: 10 | 2;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `EngineConfig` in TypeScript.
    #[wasm_bindgen(typescript_type = "EngineConfig")]
    pub type EngineConfig;
    /// `StreamEvent` in TypeScript.
    #[wasm_bindgen(typescript_type = "StreamEvent")]
    pub type StreamEvent;
    /// `Outcome` in TypeScript.
    #[wasm_bindgen(typescript_type = "Outcome")]
    pub type OutcomeString;
    /// `WindowResult[]` in TypeScript.
    #[wasm_bindgen(typescript_type = "WindowResult[]")]
    pub type WindowResultArray;
    /// `ResultColumns` in TypeScript.
    #[wasm_bindgen(typescript_type = "ResultColumns")]
    pub type ResultColumns;
    /// `LateEvent[]` in TypeScript.
    #[wasm_bindgen(typescript_type = "LateEvent[]")]
    pub type LateEventArray;
    /// `EngineStats` in TypeScript.
    #[wasm_bindgen(typescript_type = "EngineStats")]
    pub type EngineStats;
    /// `SourceStats[]` in TypeScript.
    #[wasm_bindgen(typescript_type = "SourceStats[]")]
    pub type SourceStatsArray;
    /// `WindowSpan[]` in TypeScript.
    #[wasm_bindgen(typescript_type = "WindowSpan[]")]
    pub type WindowArray;
    /// `OpenWindow[]` in TypeScript.
    #[wasm_bindgen(typescript_type = "OpenWindow[]")]
    pub type OpenWindowArray;
    /// `SimulateOptions` in TypeScript (taken as `Option`: the argument is
    /// optional, `undefined` or `null` meaning the defaults).
    #[wasm_bindgen(typescript_type = "SimulateOptions")]
    pub type SimulateOptions;
    /// `SensorStream` in TypeScript.
    #[wasm_bindgen(typescript_type = "SensorStream")]
    pub type SensorStream;
    /// `MemoryParams` in TypeScript.
    #[wasm_bindgen(typescript_type = "MemoryParams")]
    pub type MemoryParams;
    /// `MemoryEstimate` in TypeScript.
    #[wasm_bindgen(typescript_type = "MemoryEstimate")]
    pub type MemoryEstimate;
    /// `FormatBytesOptions` in TypeScript (an optional argument).
    #[wasm_bindgen(typescript_type = "FormatBytesOptions")]
    pub type FormatBytesOptions;
    /// `Uint32Array` in TypeScript (checked at run time).
    #[wasm_bindgen(typescript_type = "Uint32Array")]
    pub type KeysArg;
    /// `Float64Array` in TypeScript (checked at run time).
    #[wasm_bindgen(typescript_type = "Float64Array")]
    pub type FloatsArg;
    /// `number` in TypeScript, taken as a JS value and checked at run time
    /// (an `f64` parameter would coerce `null`, `"5"` or `[]` silently).
    #[wasm_bindgen(typescript_type = "number")]
    pub type Millis;
    /// `number` in TypeScript (a byte count), checked at run time.
    #[wasm_bindgen(typescript_type = "number")]
    pub type Bytes;
    /// `Uint8Array` in TypeScript (checked at run time).
    #[wasm_bindgen(typescript_type = "Uint8Array")]
    pub type BytesArg;
}
