// The pass bench/wasm-icount.sh counts: bench.js's stream (10,000 sensors
// x 10 Hz, no anomalies) through pushBatch + drainColumns, REPS times for
// one window. node wasm-icount.mjs PKG_DIR WINDOW REPS
import { readFileSync } from "node:fs";
const [dir, window, reps] = process.argv.slice(2);
const m = await import(dir + "/weir_wasm.js");
m.initSync({ module: readFileSync(dir + "/weir_wasm_bg.wasm") });
const WINDOWS = {
  tumbling: { type: "tumbling", size: 10_000 },
  sliding: { type: "sliding", size: 10_000, slide: 1_000 },
  session: { type: "session", gap: 5_000 },
};
const s = m.simulateSensors({ seed: 42, sensors: 10_000, rateHz: 10, durationMs: Number(process.env.DUR || 3000), anomalies: 0 });
const n = s.keys.length;
let results = 0;
for (let r = 0; r < Number(reps); r++) {
  const e = new m.StreamEngine({ window: WINDOWS[window], watermark: { maxOutOfOrderness: 300 } });
  for (let i = 0; i < n; i += 65536) {
    const j = Math.min(n, i + 65536);
    e.pushBatch(s.keys.subarray(i, j), s.times.subarray(i, j), s.values.subarray(i, j));
    results += e.drainColumns().sum.length;
  }
  e.flush();
  results += e.drainColumns().sum.length;
  e.free();
}
console.log(`events ${n} results ${results}`);
