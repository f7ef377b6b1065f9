// www/weir.js, the page's client of the module, and the engine runs of the
// widgets (www/widgets/stream.js), loaded in Node: fetch is given the wasm
// file, as a page's server would give it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

globalThis.fetch = async (url) =>
  new Response(readFileSync(new URL(url)), { headers: { "Content-Type": "application/wasm" } });
const { StreamEngine, replay } = await import("../../www/weir.js");
const { EngineRun } = await import("../../www/widgets/stream.js");

test("a freed engine refuses every call in JavaScript, many times over, and the module lives on", () => {
  const e = new StreamEngine({ window: { type: "tumbling", size: 10 } });
  e.push({ key: 1, time: 1, value: 1 });
  e.free();
  for (let i = 0; i < 30_000; i++) {
    assert.throws(() => e.push({ key: 1, time: 1, value: 1 }), { message: /StreamEngine\.push: the engine was freed/ });
  }
  assert.throws(() => e.watermark, { message: /watermark: the engine was freed/ });
  assert.throws(() => e.stateBytes, { message: /stateBytes: the engine was freed/ });
  assert.throws(() => e.snapshot(), { message: /snapshot: the engine was freed/ });
  e.free(); // a second free is harmless
  const fresh = new StreamEngine({ window: { type: "tumbling", size: 10 } });
  assert.equal(fresh.push({ key: 1, time: 1, value: 2 }), "assigned");
  fresh.flush();
  assert.deepEqual(fresh.drain().map((r) => [r.start, r.end, r.sum]), [[0, 10, 2]]);
  const restored = StreamEngine.restore(fresh.snapshot());
  assert.equal(restored.watermark, Infinity, "restored engines are guarded and work too");
  restored.free();
  assert.throws(() => restored.flush(), { message: /flush: the engine was freed/ });
});

test("replay() throws the caller's error, not a free error", () => {
  const events = [{ key: 1, time: 1, value: 1 }, { key: 1, time: 2, get value() { throw new Error("boom"); } }];
  assert.throws(() => replay({ window: { type: "tumbling", size: 10 } }, events),
    (e) => e.name === "WeirEventError" && e.field === "value" && /boom/.test(e.message));
  assert.throws(() => replay({ window: { type: "tumbling", size: 10 } }, [{ key: 1, time: NaN, value: 1 }]),
    (e) => e.name === "WeirEventError" && e.field === "time");
  const ok = replay({ window: { type: "tumbling", size: 10 } }, [{ key: 1, time: 1, value: 3 }]);
  assert.deepEqual(ok.results.map((r) => r.sum), [3]);
});

test("an engine run collects hundreds of thousands of results without spreading them", () => {
  // Sliding 1 s / 2 ms: each event is in 500 windows; 600 events on
  // separate keys fire 300,000 results at the flush, which
  // `results.push(...drain())` turned into a stack overflow.
  const events = Array.from({ length: 600 }, (_, i) => ({ key: i, time: i, value: 1 }));
  const run = new EngineRun({ window: { type: "sliding", size: 1_000, slide: 2 } }, events);
  run.runTo(events.length);
  assert.equal(run.results.length, 300_000);
  assert.ok(run.peakStateBytes > 0);
  run.free();
});
