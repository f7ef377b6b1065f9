// Loads the package exactly as the page does: www/pkg/weir_wasm.js, the
// `--target web` build that ./weir makes (release + wasm-opt), initialised
// in Node with the wasm bytes instead of a fetch.
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import init, * as weir from "../../www/pkg/weir_wasm.js";

await init({
  module_or_path: readFileSync(new URL("../../www/pkg/weir_wasm_bg.wasm", import.meta.url)),
});

export default weir;
export const {
  StreamEngine, SensorSimulator, simulateSensors, simulatedStreamHash, estimateMemory, formatBytes,
} = weir;

/** Asserts that `fn` throws a real `Error` whose message contains every needle. */
export function throwsError(fn, ...needles) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `expected a throw (needles: ${needles.join(", ")})`);
  assert.ok(thrown instanceof Error, `thrown value is not an Error: ${String(thrown)}`);
  assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `a wasm trap: ${thrown.message}`);
  for (const n of needles) {
    assert.ok(thrown.message.includes(n), `message ${JSON.stringify(thrown.message)} lacks ${JSON.stringify(n)}`);
  }
  return thrown;
}

/** `[key, start, end, count, sum, min, max, firing]` of each result, for compact expectations. */
export const brief = (rs) => rs.map((r) => [r.key, r.start, r.end, r.count, r.sum, r.min, r.max, r.firing]);

/** A tumbling event-time engine (the most used config in the tests). */
export const tumbling = (size = 10_000, d = 2_000, extra = {}) =>
  new StreamEngine({ window: { type: "tumbling", size }, watermark: { maxOutOfOrderness: d }, ...extra });

/**
 * Seeded random helpers for the fuzz suites, so a printed seed reproduces a
 * run: `rnd()` in [0, 1) (mulberry32: small, fast, good enough to pick test
 * inputs), `int(n)` in 0..n-1, `chance(p)` true with probability p, and
 * `pick(xs)` one element.
 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(rnd() * n);
  return { rnd, int, chance: (p) => rnd() < p, pick: (xs) => xs[int(xs.length)] };
}
