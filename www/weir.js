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
/** @typedef {import("./pkg-flink/weir_wasm.js").FlinkExportOptions} FlinkExportOptions */
/** @typedef {import("./pkg-flink/weir_wasm.js").FlinkExport} FlinkExport */
/** @typedef {typeof import("./pkg-flink/weir_wasm.js").toFlinkSql} ToFlinkSql */
/** @typedef {import("./pkg/weir_wasm.js").StreamEngine} StreamEngine */
/** @typedef {{ outcomes: Outcome[], results: WindowResult[], watermark: number }} ReplayResult */

await init();

export const { StreamEngine } = wasm;

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
    engine.free();
  }
}

/**
 * Weir's own state bytes per slice and per session and the memory model's
 * defaults (`memoryDefaults` in the wasm module, from the core's constants).
 * @returns {import("./pkg/weir_wasm.js").MemoryDefaults}
 */
export const memoryDefaults = () => wasm.memoryDefaults();
