// predictEngineState(design) (issue 17, the memory model): the prediction
// for a design equals the `stateBytes` a real engine measures on a seeded
// stream within 10 %, for a default tumbling window, a sliding window with
// discarding and early count firings, and retracting sessions; bad input is
// an error naming the field.
import { test } from "node:test";
import assert from "node:assert/strict";
import weir, { StreamEngine, simulateSensors, throwsError } from "./weir.mjs";

const { predictEngineState } = weir;

const SENSORS = 100;
const RATE = 10;
const D = 200;

/** The largest `stateBytes` sampled once a second of event time after `warmMs`. */
function measuredPeak(config, sim, warmMs) {
  const s = simulateSensors({
    seed: 17, sensors: SENSORS, rateHz: RATE, delayBaseMs: 0, delaySpreadMs: D,
    lateFraction: 0, anomalies: 0, ...sim,
  });
  const e = new StreamEngine(config);
  let peak = 0;
  let next = warmMs;
  try {
    for (let i = 0; i < s.times.length; i++) {
      e.push({ key: s.keys[i], time: s.times[i], value: s.values[i] });
      if (s.times[i] >= next) {
        peak = Math.max(peak, e.stats().stateBytes);
        next += 1000;
      }
      e.drain();
    }
  } finally {
    e.free();
  }
  return peak;
}

function check(what, config, load, sim, warmMs) {
  const measured = measuredPeak(config, sim, warmMs);
  const p = predictEngineState({ ...config, keys: SENSORS, ratePerSecond: RATE, ...load });
  const sum = p.windowStateBytes + p.indexBytes + p.timerBytes + p.triggerStateBytes;
  assert.ok(Math.abs(p.totalBytes - sum) < 1e-6, `${what}: total ${p.totalBytes} is not the sum of its parts ${sum}`);
  const ratio = measured / p.totalBytes;
  assert.ok(ratio >= 0.9 && ratio <= 1.1,
    `${what}: measured ${measured} B, predicted ${p.totalBytes} B (ratio ${ratio.toFixed(3)})`);
  return p;
}

const wm = { watermark: { maxOutOfOrderness: D } };

test("tumbling 10 s, default trigger: within 10 % of the engine, no trigger state", () => {
  const p = check("tumbling", { window: { type: "tumbling", size: 10_000 }, ...wm }, {}, { durationMs: 30_000 }, 12_000);
  assert.equal(p.triggerStateBytes, 0);
  // 10 events/s fill every 10 s slice; the watermark (200 ms behind) keeps
  // the previous one for 200 ms, so a key holds at most 2.
  assert.equal(p.entriesPerKey, 2);
});

test("sliding 10 s / 1 s, discarding, early every 10 events: within 10 % of the engine", () => {
  const config = {
    window: { type: "sliding", size: 10_000, slide: 1_000 }, ...wm,
    trigger: { mode: "watermark", early: { count: 10 } }, accumulation: "discarding",
  };
  const p = check("sliding discarding", config, {}, { durationMs: 40_000 }, 15_000);
  assert.ok(p.triggerStateBytes > 0, "discarding keeps per-window trigger state");
  // The same design with the default trigger and accumulation holds less.
  const plain = predictEngineState({ window: config.window, ...wm, keys: SENSORS, ratePerSecond: RATE });
  assert.equal(plain.triggerStateBytes, 0);
  assert.ok(p.totalBytes > plain.totalBytes);
  assert.equal(p.windowStateBytes, plain.windowStateBytes);
});

test("sessions 500 ms, retracting: within 10 % of the engine", () => {
  const config = { window: { type: "session", gap: 500 }, ...wm, accumulation: "retracting" };
  check("session retracting", config, { sessionLengthMs: 2_000, idleMs: 3_000 },
    { durationMs: 60_000, burstActiveMs: 2_000, burstIdleMs: 2_000 }, 10_000);
});

test("bad input names the field", () => {
  const ok = { window: { type: "tumbling", size: 10_000 }, keys: 10, ratePerSecond: 1 };
  assert.equal(typeof predictEngineState(ok).totalBytes, "number");
  let e = throwsError(() => predictEngineState({ ...ok, keys: -1 }), "keys", "-1");
  assert.equal(e.name, "WeirConfigError");
  assert.equal(e.field, "keys");
  e = throwsError(() => predictEngineState({ ...ok, ratePerSecond: "10" }), "ratePerSecond");
  assert.equal(e.field, "ratePerSecond");
  // The engine's own reading of the window, trigger and accumulation.
  e = throwsError(() => predictEngineState({ ...ok, window: { type: "tumbling", size: 0 } }), "window.size");
  assert.equal(e.field, "window.size");
  e = throwsError(() => predictEngineState({ ...ok, trigger: { mode: "final", early: { count: 3 } } }), "trigger.early");
  assert.equal(e.field, "trigger.early");
  e = throwsError(() => predictEngineState({ ...ok, accumulation: "purging" }), "accumulation", "purging");
  assert.equal(e.field, "accumulation");
  e = throwsError(() => predictEngineState({ ...ok, watermark: { maxOutOfOrderness: 1.5 } }), "watermark.maxOutOfOrderness");
  assert.equal(e.field, "watermark.maxOutOfOrderness");
  e = throwsError(() => predictEngineState({ ...ok, sensors: 10 }), "sensors", "unknown field");
  // Sessions need the load's bursts.
  e = throwsError(() => predictEngineState({ ...ok, window: { type: "session", gap: 500 }, sessionLengthMs: 2000 }), "idleMs", "session");
  assert.equal(e.field, "idleMs");
  throwsError(() => predictEngineState(null), "design");
});

test("declared sources: the per-source table is predicted as an engine measures it", () => {
  const window = { type: "tumbling", size: 10_000 };
  const base = { window, keys: 3, ratePerSecond: 1, watermark: { maxOutOfOrderness: 200 } };
  assert.equal(predictEngineState(base).sourceStateBytes, 0);
  const declared = predictEngineState({ ...base, sources: 4, watermark: { maxOutOfOrderness: 200, idleTimeout: 5_000 } });
  // Four entries of at least an id, two times and a flag each, plus the table.
  assert.ok(declared.sourceStateBytes >= 4 * (4 + 8 + 8 + 1), String(declared.sourceStateBytes));
  assert.equal(declared.totalBytes - predictEngineState(base).totalBytes, declared.sourceStateBytes);
  // Measured: the same events into an engine with and without the declared sources.
  const a = new StreamEngine({ window, watermark: { maxOutOfOrderness: 200 } });
  const b = new StreamEngine({ window, sources: 4, watermark: { maxOutOfOrderness: 200, idleTimeout: 5_000 } });
  try {
    [0, 1, 2, 0, 1, 2].forEach((key, i) => {
      a.push({ key, time: 1_000 * i, value: 1 });
      b.push({ key, time: 1_000 * i, value: 1, source: key % 4 });
    });
    assert.equal(b.stats().stateBytes - a.stats().stateBytes, declared.sourceStateBytes);
  } finally {
    a.free();
    b.free();
  }
  throwsError(() => predictEngineState({ ...base, sources: -1 }), "sources", "-1");
});
