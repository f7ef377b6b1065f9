// The one JavaScript client of Weir's wasm module: every widget imports from
// here. The module is fetched and instantiated once per page (ES modules are
// evaluated once, so the top-level await runs once), and importers get a
// ready-to-use API.
import init, { StreamEngine } from "./pkg/weir_wasm.js";

await init();

export { StreamEngine };

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
