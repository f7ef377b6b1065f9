// simulateSensors, SensorSimulator and simulatedStreamHash through the page's package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SensorSimulator, simulateSensors, simulatedStreamHash, throwsError } from "./weir.mjs";

test("simulateSensors with defaults: column types, lengths, arrival order, delays, anomalies", () => {
  const s = simulateSensors();
  // Defaults: 100 sensors x 10 Hz x 60 s = 60,000 rows, 600 per sensor.
  const n = 100 * 10 * 60;
  assert.deepEqual(Object.keys(s).sort(), ["anomalies", "anomaly", "arrivals", "keys", "sources", "times", "values"]);
  assert.ok(s.sources instanceof Uint32Array && s.sources.every((g) => g === 0), "one gateway by default");
  assert.ok(s.keys instanceof Uint32Array);
  assert.ok(s.times instanceof Float64Array);
  assert.ok(s.arrivals instanceof Float64Array);
  assert.ok(s.values instanceof Float64Array);
  assert.ok(s.anomaly instanceof Uint8Array);
  for (const c of [s.keys, s.times, s.arrivals, s.values, s.anomaly]) assert.equal(c.length, n);
  const perKey = new Map();
  let late = 0;
  for (let i = 0; i < n; i++) {
    perKey.set(s.keys[i], (perKey.get(s.keys[i]) ?? 0) + 1);
    assert.ok(Number.isInteger(s.times[i]) && s.times[i] >= 0 && s.times[i] < 60_000, `times[${i}]`);
    assert.ok(Number.isFinite(s.values[i]));
    const delay = s.arrivals[i] - s.times[i];
    // on time: 50 + 0..=200 ms; very late: 2 s..10 s more than any on-time delay
    if (delay >= 50 && delay <= 250) continue;
    assert.ok(delay >= 250 + 2_000 && delay <= 250 + 10_000, `row ${i}: delay ${delay}`);
    late++;
  }
  for (let i = 1; i < n; i++) {
    const order = s.arrivals[i - 1] - s.arrivals[i] || s.times[i - 1] - s.times[i] || s.keys[i - 1] - s.keys[i];
    assert.ok(order <= 0, `row ${i} is out of (arrival, time, key) order`);
  }
  assert.equal(perKey.size, 100);
  assert.ok([...perKey.values()].every((c) => c === 600), "600 readings per sensor");
  assert.ok(late > 0.005 * n && late < 0.015 * n, `${late} very late rows, expected about 1 %`);
  assert.equal(s.anomalies.length, 3);
  for (const a of s.anomalies) assert.equal(a.end - a.start, 5_000);
  for (let i = 0; i < n; i++) {
    const inside = s.anomalies.some((a) => a.key === s.keys[i] && a.start <= s.times[i] && s.times[i] < a.end);
    assert.equal(s.anomaly[i], inside ? 1 : 0, `anomaly[${i}]`);
  }
});

test("simulateSensors is seeded: same options, same stream; another seed, another stream", () => {
  const o = { seed: 5, sensors: 7, rateHz: 4, durationMs: 5_000, anomalies: 0 };
  assert.deepEqual(simulateSensors(o), simulateSensors(o));
  assert.notDeepEqual(simulateSensors({ ...o, seed: 6 }).values, simulateSensors(o).values);
  assert.equal(simulateSensors(o).keys.length, 7 * 4 * 5);
});

test("SensorSimulator chunks concatenated equal simulateSensors", () => {
  const o = { seed: 11, sensors: 30, rateHz: 20, durationMs: 20_000, startMs: -3_000, lateFraction: 0.05 };
  const whole = simulateSensors(o);
  const sim = new SensorSimulator(o);
  const parts = [];
  let until = -3_000, sawInFlight = false;
  while (!sim.done) {
    until += 700;
    parts.push(sim.nextChunk(until));
    sawInFlight ||= sim.inFlight > 0;
    assert.ok(until < 60_000, "the simulator ends");
  }
  assert.ok(sawInFlight, "rows wait in flight between chunks");
  assert.equal(sim.inFlight, 0);
  for (const p of parts.filter((p) => p.keys.length)) {
    assert.ok(p.arrivals.every((a) => a < until), "a chunk holds arrivals before its bound");
  }
  for (const f of ["keys", "times", "arrivals", "values", "anomaly"]) {
    const cat = parts.flatMap((p) => Array.from(p[f]));
    assert.deepEqual(cat, Array.from(whole[f]), f);
  }
  assert.deepEqual(parts.flatMap((p) => p.anomalies), whole.anomalies);
  assert.equal(sim.nextChunk(until + 1_000).keys.length, 0);
  throwsError(() => sim.nextChunk(NaN), "untilMs = NaN");
  throwsError(() => new SensorSimulator({ sensors: 0 }), "sensors = 0");
  // A chunk that would generate 50 x 1000 Hz x 2^32 ms of readings is refused;
  // the simulator stays usable.
  const huge = new SensorSimulator({ sensors: 50, rateHz: 1_000, durationMs: 2 ** 40, anomalies: 0 });
  throwsError(() => huge.nextChunk(2 ** 32), "untilMs = 4294967296", "rows");
  assert.equal(huge.nextChunk(100).keys.length > 0, true);
});

test("simulatedStreamHash gives the core's golden hash", () => {
  const golden = {
    seed: 2024, sensors: 4, rateHz: 10, durationMs: 10000, startMs: 1000, delayBaseMs: 20, delaySpreadMs: 150,
    lateFraction: 0.05, lateMinMs: 500, lateMaxMs: 3000, anomalies: 2, anomalyDurationMs: 1000,
    anomalyMagnitude: 6, baseline: 20, baselineSpread: 5, noiseStd: 0.5, driftAmplitude: 1,
    driftPeriodMs: 8000, burstActiveMs: 3000, burstIdleMs: 1500,
  };
  assert.equal(simulatedStreamHash(golden), "ab6643bc5fcb1707");
  throwsError(() => simulatedStreamHash({ sensors: 1e6, rateHz: 1000, durationMs: 2 ** 40 }), "durationMs");
});

test("simulateSensors rejects bad options naming the field", () => {
  const cases = [
    [{ sensors: 0 }, "sensors = 0"],
    [{ sensors: 1.5 }, "sensors = 1.5"],
    [{ rateHz: 0 }, "rateHz = 0"],
    [{ rateHz: NaN }, "rateHz = NaN"],
    [{ durationMs: -1 }, "durationMs = -1"],
    [{ lateFraction: 2 }, "lateFraction = 2"],
    [{ seed: -1 }, "seed = -1"],
    [{ seed: 2 ** 64 }, "seed = "],
    [{ sensor: 5 }, "sensor = 5", "unknown field"],
    [{ sensors: 1_000_000, rateHz: 1_000, durationMs: 60_000 }, "durationMs = 60000", "SensorSimulator"],
    [[], "options = an array"],
    [5, "options = 5"],
  ];
  for (const [bad, ...needles] of cases) throwsError(() => simulateSensors(bad), ...needles);
  const defaults = simulateSensors().values;
  assert.deepEqual(simulateSensors(null).values, defaults, "null options = the defaults");
  assert.deepEqual(simulateSensors({}).values, defaults);
});

test("simulateSensors gateways: sources, silence and skew", () => {
  const o = { seed: 3, sensors: 12, rateHz: 10, durationMs: 20_000, anomalies: 0 };
  const one = simulateSensors(o);
  const gw = simulateSensors({ ...o, sources: 4 });
  assert.deepEqual(gw.values, one.values, "gateways change no reading");
  assert.ok(gw.sources.every((g, i) => g === gw.keys[i] % 4));
  const quiet = simulateSensors({ ...o, sources: 4, silence: [{ source: 2, from: 5_000, to: 9_000 }] });
  const lost = Array.from(gw.keys).filter((k, i) => k % 4 === 2 && gw.arrivals[i] >= 5_000 && gw.arrivals[i] < 9_000).length;
  assert.ok(lost > 100);
  assert.equal(quiet.keys.length, gw.keys.length - lost);
  const ahead = simulateSensors({ ...o, sources: 4, skew: [{ source: 1, ms: 2_000 }] });
  assert.deepEqual(ahead.arrivals, gw.arrivals);
  assert.ok(ahead.times.every((t, i) => t === gw.times[i] + (gw.sources[i] === 1 ? 2_000 : 0)));
  const cases = [
    [{ sources: 0 }, "sources = 0"],
    [{ sources: 2, silence: [{ source: 2, from: 0, to: 5 }] }, "silence.source = 2"],
    [{ sources: 2, silence: [{ source: 1, from: 5, to: 5 }] }, "silence.to = 5"],
    [{ sources: 2, silence: [{ source: 1, from: 0 }] }, "silence.to = undefined"],
    [{ sources: 2, silence: [{ source: 1, from: 0, to: 5, end: 6 }] }, "silence.end", "unknown field"],
    [{ sources: 2, silence: { source: 1 } }, "silence = ", "array"],
    [{ sources: 2, skew: [{ ms: 5 }] }, "skew.source = undefined"],
    [{ sources: 2, skew: [{ source: 0, ms: 1.5 }] }, "skew.ms = 1.5"],
  ];
  for (const [bad, ...needles] of cases) throwsError(() => simulateSensors({ ...o, ...bad }), ...needles);
});

test("simulateSensors columns: only those asked for, the same rows", () => {
  const o = { seed: 4, sensors: 9, rateHz: 10, durationMs: 10_000, lateFraction: 0.05 };
  const all = simulateSensors(o);
  const few = simulateSensors({ ...o, columns: ["keys", "times", "values"] });
  assert.deepEqual(Object.keys(few).sort(), ["anomalies", "keys", "times", "values"]);
  for (const c of ["keys", "times", "values"]) assert.deepEqual(few[c], all[c], c);
  assert.deepEqual(few.anomalies, all.anomalies);
  const sim = new SensorSimulator({ ...o, columns: ["values"] });
  const parts = [];
  for (let until = 500; !sim.done; until += 500) parts.push(...sim.nextChunk(until).values);
  assert.deepEqual(parts, Array.from(all.values), "chunked, values only");
  throwsError(() => simulateSensors({ ...o, columns: ["keys", "time"] }), "columns = ", "some of keys");
  throwsError(() => simulateSensors({ ...o, columns: [] }), "columns", "at least one");
  throwsError(() => simulateSensors({ ...o, columns: "keys" }), "columns = ");
});

test("simulateSensors silence mode backlog: the gateway stores and forwards, its readings arrive at the silence's end", () => {
  const o = { seed: 3, sensors: 12, rateHz: 10, durationMs: 20_000, anomalies: 0, sources: 4, lateFraction: 0.02 };
  const gw = simulateSensors(o);
  const silence = { source: 2, from: 5_000, to: 9_000 };
  const drop = simulateSensors({ ...o, silence: [{ ...silence, mode: "drop" }] });
  assert.deepEqual(drop, simulateSensors({ ...o, silence: [silence] }), "drop is the default");
  const b = simulateSensors({ ...o, silence: [{ ...silence, mode: "backlog" }] });
  assert.equal(b.keys.length, gw.keys.length, "nothing is lost");
  // Each reading is the loud stream's; those gateway 2 would have delivered in [5 s, 9 s) now arrive at 9 s.
  const row = (s, i) => `${s.keys[i]}@${s.times[i]}`;
  const want = new Map();
  let held = 0;
  for (let i = 0; i < gw.keys.length; i++) {
    const h = gw.sources[i] === 2 && gw.arrivals[i] >= 5_000 && gw.arrivals[i] < 9_000;
    held += h;
    want.set(row(gw, i), [h ? 9_000 : gw.arrivals[i], gw.values[i]]);
  }
  assert.ok(held > 100, `${held} held`);
  for (let i = 0; i < b.keys.length; i++) assert.deepEqual([b.arrivals[i], b.values[i]], want.get(row(b, i)), row(b, i));
  for (let i = 1; i < b.keys.length; i++) {
    const order = b.arrivals[i - 1] - b.arrivals[i] || b.times[i - 1] - b.times[i] || b.keys[i - 1] - b.keys[i];
    assert.ok(order < 0, `row ${i} is out of (arrival, time, key) order`);
  }
  const at9 = Array.from(b.arrivals.keys()).filter((i) => b.sources[i] === 2 && b.arrivals[i] === 9_000);
  assert.equal(at9.length, held);
  assert.ok(b.times[at9[0]] < 5_000 && b.times[at9.at(-1)] > 8_000, "the backlog spans the silence in event time");
  // The same stream chunk by chunk, and a backlog past the stream's end moves arrivalEndMs.
  const sim = new SensorSimulator({ ...o, silence: [{ ...silence, mode: "backlog" }] });
  const arrivals = [];
  for (let until = 1_000; !sim.done; until += 1_000) arrivals.push(...sim.nextChunk(until).arrivals);
  assert.deepEqual(arrivals, Array.from(b.arrivals));
  assert.equal(SensorSimulator.arrivalEndMs({ ...o, silence: [{ source: 1, from: 15_000, to: 60_000, mode: "backlog" }] }), 60_001);
  assert.equal(simulatedStreamHash({ ...o, silence: [{ ...silence, mode: "backlog" }] }), simulatedStreamHash({ ...o, silence: [{ ...silence, mode: "backlog" }] }));
  assert.notEqual(simulatedStreamHash({ ...o, silence: [{ ...silence, mode: "backlog" }] }), simulatedStreamHash({ ...o, silence: [silence] }));
  throwsError(() => simulateSensors({ ...o, silence: [{ ...silence, mode: "later" }] }), "silence.mode", "later", '"drop" or "backlog"');
  throwsError(() => simulateSensors({ ...o, silence: [{ ...silence, mode: true }] }), "silence.mode = true");
  throwsError(() => simulateSensors({ ...o, skew: [{ source: 1, ms: 5, mode: "backlog" }] }), "skew.mode", "unknown field");
});
