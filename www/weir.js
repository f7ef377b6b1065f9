// The one JavaScript client of Weir's wasm module: every widget imports from
// here. The module is fetched and instantiated once per page (ES modules are
// evaluated once, so the top-level await runs once), and importers get a
// ready-to-use API. The .wasm is found next to the JS glue through
// import.meta.url, so a copy of this folder works from any origin that
// sends CORS headers.
import init, * as wasm from "./pkg/weir_wasm.js";

await init();

export const { StreamEngine } = wasm;

/** `simulateSensors(config)`: a seeded sensor stream in arrival order. */
export const simulateSensors = (config) => wasm.simulateSensors(config);

/** `estimateMemory(params)`: the chapter's memory model (see SEMANTICS.md). */
export const estimateMemory = (params) => wasm.estimateMemory(params);

/** `formatBytes(bytes, { base: 10 | 2 })`: "1 GB", "1.5 GiB". */
export const formatBytes = (bytes, options = { base: 10 }) => wasm.formatBytes(bytes, options);

let flinkExport;
/**
 * `toFlinkSql(config, options?)` from the second wasm package (`pkg-flink/`,
 * built with the crate's `flink` feature). The default module leaves it out
 * to stay small, so this fetches and initialises that package on first use
 * (once per page; its .wasm is found next to its glue through
 * import.meta.url) and resolves to its `toFlinkSql`.
 * @returns {Promise<(config: object, options?: object) =>
 *   { language: "sql" | "java", text: string, notes: string[] }>}
 */
export async function loadFlinkExport() {
  flinkExport ??= import(new URL("./pkg-flink/weir_wasm.js", import.meta.url).href).then(async (mod) => {
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
 * @param {object} config  as for `new StreamEngine(config)`
 * @param {{key:number,time:number,value:number}[]} events  in arrival order
 * @returns {{ outcomes: string[], results: object[], watermark: number }}
 *   one outcome per event, every firing (including those at the final
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
