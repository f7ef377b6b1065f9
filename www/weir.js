// The one JavaScript client of Weir's wasm module: every widget imports from
// here. The module is fetched and instantiated once per page (ES modules are
// evaluated once, so the top-level await runs once), and importers get a
// ready-to-use API. The .wasm is found next to the JS glue through
// import.meta.url, so a copy of this folder works from any origin that
// sends CORS headers.
//
// Typed with JSDoc against the wasm packages' .d.ts files; tsc checks both
// this file and its use (tests/types, `checkJs`).
import init, * as wasm from "./pkg/weir_wasm.js";

/** @typedef {import("./pkg/weir_wasm.js").EngineConfig} EngineConfig */
/** @typedef {import("./pkg/weir_wasm.js").StreamEvent} StreamEvent */
/** @typedef {import("./pkg/weir_wasm.js").Outcome} Outcome */
/** @typedef {import("./pkg/weir_wasm.js").WindowResult} WindowResult */
/** @typedef {import("./pkg/weir_wasm.js").SimulateOptions} SimulateOptions */
/** @typedef {import("./pkg/weir_wasm.js").SensorStream} SensorStream */
/** @typedef {import("./pkg/weir_wasm.js").MemoryParams} MemoryParams */
/** @typedef {import("./pkg/weir_wasm.js").MemoryEstimate} MemoryEstimate */
/** @typedef {import("./pkg/weir_wasm.js").FormatBytesOptions} FormatBytesOptions */
/** @typedef {import("./pkg/weir_wasm.js").EngineDesign} EngineDesign */
/** @typedef {import("./pkg/weir_wasm.js").EngineStatePrediction} EngineStatePrediction */
/** @typedef {import("./pkg/weir_wasm.js").PresetRule} PresetRule */
/** @typedef {import("./pkg-flink/weir_wasm.js").FlinkExportOptions} FlinkExportOptions */
/** @typedef {import("./pkg-flink/weir_wasm.js").FlinkExport} FlinkExport */
/** @typedef {typeof import("./pkg-flink/weir_wasm.js").toFlinkSql} ToFlinkSql */
/** @typedef {import("./pkg/weir_wasm.js").StreamEngine} StreamEngine */
/** @typedef {{ outcomes: Outcome[], results: WindowResult[], watermark: number }} ReplayResult */

await init();

export const { StreamEngine } = wasm;

// A call on a freed engine reaches Rust with a null handle, and the error
// wasm-bindgen raises there unwinds through a wasm frame without restoring
// its stack pointer: some thousands of such calls corrupt the module's
// memory. Each method of the class therefore checks the handle first, in
// JavaScript, and throws a plain Error naming the method instead.
/** @param {string} name the method, for the message */
const freedError = (name) => new Error(`StreamEngine.${name}: the engine was freed (free() was called); make a new one`);
const proto = StreamEngine.prototype;
for (const name of Object.getOwnPropertyNames(proto)) {
  const d = Object.getOwnPropertyDescriptor(proto, name);
  if (!d || name === "constructor" || name === "free" || name.startsWith("__")) continue;
  /** @param {Function} f the generated method or getter */
  const guard = (f) => /** @this {any} */ function (/** @type {any[]} */ ...args) {
    if (!this?.__wbg_ptr) throw freedError(name);
    return f.apply(this, args);
  };
  if (typeof d.value === "function") d.value = guard(d.value);
  if (d.get) d.get = guard(d.get);
  Object.defineProperty(proto, name, d);
}
// free() twice would pass the null handle too: the second is a no-op.
const free = proto.free;
proto.free = /** @this {any} */ function () {
  if (this?.__wbg_ptr) free.call(this);
};
if (Symbol.dispose) Object.defineProperty(proto, Symbol.dispose, { value: proto.free, configurable: true, writable: true });

/**
 * `simulateSensors(config)`: a seeded sensor stream in arrival order.
 * @type {(config?: SimulateOptions | null) => SensorStream}
 */
export const simulateSensors = (config) => wasm.simulateSensors(config);

/**
 * `estimateMemory(params)`: the chapter's memory model (see SEMANTICS.md).
 * @type {(params: MemoryParams) => MemoryEstimate}
 */
export const estimateMemory = (params) => wasm.estimateMemory(params);

/**
 * `predictEngineState(design)`: what Weir's own engine holds for a design
 * (its measured-state model, within 10 % of `stats().stateBytes`), not the
 * chapter's teaching figure.
 * @type {(design: EngineDesign) => EngineStatePrediction}
 */
export const predictEngineState = (design) => wasm.predictEngineState(design);

/**
 * `formatBytes(bytes, { base: 10 | 2 })`: "1 GB", "1.5 GiB".
 * @type {(bytes: number, options?: FormatBytesOptions | null) => string}
 */
export const formatBytes = (bytes, options = { base: 10 }) => wasm.formatBytes(bytes, options);

/** @type {Promise<ToFlinkSql> | undefined} */
let flinkExport;
/**
 * `toFlinkSql(config, options?)` from the second wasm package (`pkg-flink/`,
 * built with the crate's `flink` feature). The default module leaves it out
 * to stay small, so this fetches and initialises that package on first use
 * (once per page; its .wasm is found next to its glue through
 * import.meta.url) and resolves to its `toFlinkSql`.
 * @returns {Promise<ToFlinkSql>} `(config, options?) => FlinkExport`
 */
export async function loadFlinkExport() {
  // A literal specifier: browsers resolve it against this module's URL, and
  // a bundler makes the package a lazy chunk with its own .wasm.
  flinkExport ??= import("./pkg-flink/weir_wasm.js").then(async (
    /** @type {typeof import("./pkg-flink/weir_wasm.js")} the module at that URL */ mod) => {
    await mod.default();
    return mod.toFlinkSql;
  });
  try {
    return await flinkExport;
  } catch (err) {
    flinkExport = undefined; // a failed fetch may be retried
    throw err;
  }
}

/**
 * Runs a whole stream through a fresh engine and frees it.
 * @param {EngineConfig} config  as for `new StreamEngine(config)`
 * @param {readonly StreamEvent[]} events  in arrival order
 * @returns {ReplayResult} one outcome per event, every firing (including those at the final
 *   flush), and the watermark just before the flush.
 */
export function replay(config, events) {
  const engine = new StreamEngine(config);
  try {
    const outcomes = events.map((e) => engine.push(e));
    const watermark = engine.watermark;
    engine.flush();
    return { outcomes, results: engine.drain(), watermark };
  } finally {
    // A free that fails must not replace the caller's error (the one that
    // says which event was bad) with its own.
    try {
      engine.free();
    } catch {
      // nothing more to release
    }
  }
}

/**
 * Weir's own state bytes per slice and per session and the memory model's
 * defaults (`memoryDefaults` in the wasm module, from the core's constants).
 * @returns {import("./pkg/weir_wasm.js").MemoryDefaults}
 */
export const memoryDefaults = () => wasm.memoryDefaults();

/**
 * Each preset's rule line, what Weir does not emulate of that engine and the
 * settings it sets (`presetRules` in the wasm module, from the core's own
 * definitions), in the order the widgets show them.
 * @returns {PresetRule[]}
 */
export const presetRules = () => wasm.presetRules();
