// Fuzz: thousands of random configs, events, batches and arguments thrown at
// every entry point. Each call must either work or throw an `Error` whose
// message names a field: never a wasm trap (a Rust panic aborts and kills
// the instance) and never a bare non-Error value. Afterwards every engine's
// output must equal that of a fresh engine fed only the calls it accepted.
//
// Seeded: WEIR_FUZZ_SEED=<n> reproduces a run (the seed is printed),
// WEIR_FUZZ_ENGINES=<n> changes its size.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import weir, { seededRandom } from "./weir.mjs";

const { StreamEngine, SensorSimulator, simulateSensors, simulatedStreamHash, estimateMemory, formatBytes } = weir;

const SEED = Number(process.env.WEIR_FUZZ_SEED ?? 20_251_124) >>> 0;
const ENGINES = Number(process.env.WEIR_FUZZ_ENGINES ?? 300);
console.log(`# fuzz seed ${SEED} (WEIR_FUZZ_SEED=${SEED} reproduces), ${ENGINES} engines`);

const { rnd, int, chance, pick } = seededRandom(SEED);

// Values no field accepts, or only some do.
const WEIRD = [
  NaN, Infinity, -Infinity, -0, 2 ** 53, 2 ** 53 + 1, 2 ** 53 + 2, -(2 ** 53) - 2, 1.5, -1, 0.1, 1e308, -1e308,
  5e-324, 2 ** 32, 2 ** 32 - 1, 2 ** 64, "1", "", "tumbling", null, undefined, true, false, 1n, -(2n ** 64n),
  [], [1], [1, 2, 3], {}, { valueOf: () => 1 }, () => 1, Symbol("s"), new Date(0), Object.create(null),
  new Float64Array(2), new Uint8Array(3),
];
const weird = () => pick(WEIRD);
/** A plausible value most of the time, something strange otherwise. */
const maybe = (good, p = 0.08) => (chance(p) ? weird() : good());
const time = () => maybe(() => (chance(0.9) ? int(60_000) - 5_000 : pick([-(2 ** 53), 2 ** 53, 2 ** 40])), 0.05);
const value = () => maybe(() => (chance(0.9) ? Math.round((rnd() * 100 - 20) * 100) / 100 : pick([-0, 1e300, -1e300, 5e-324])), 0.05);
const key = () => maybe(() => (chance(0.9) ? int(12) : pick([0, 2 ** 32 - 1, 65_536])), 0.05);

/** Adds, drops or corrupts a field now and then. */
function mangle(obj, fields) {
  if (chance(0.03)) obj[pick(["extra", "Window", "size", "0", "__proto__x", "slide"])] = weird();
  if (chance(0.03)) delete obj[pick(fields)];
  if (chance(0.02)) return pick([null, undefined, [], "config", 5, weird()]);
  return obj;
}

const millis = (pool) => maybe(() => pick(pool), 0.06);
function windowConfig() {
  const type = chance(0.97) ? pick(["tumbling", "sliding", "session"]) : weird();
  const w = { type };
  if (type === "tumbling" || (type !== "session" && chance(0.05))) {
    w.size = millis([1, 7, 100, 1_000, 10_000, 2 ** 53]);
    if (chance(0.3)) w.offset = millis([0, 3, -2_500, 2 ** 53, -(2 ** 53)]);
  } else if (type === "sliding") {
    w.slide = millis([1, 3, 500, 1_000, 7_000, 20_000]);
    // Small slides get small sizes: 10 s / 1 ms is valid but fires 10,000
    // windows per key and ms of stream, which only makes the fuzz slow.
    w.size = millis(typeof w.slide === "number" && w.slide < 100 ? [10, 100, 1_000, 2 ** 40] : [10, 1_000, 5_000, 10_000, 2 ** 40]);
    if (chance(0.3)) w.offset = millis([0, 250, -1]);
  } else {
    w.gap = millis([1, 100, 1_000, 2 ** 53]);
  }
  return mangle(w, ["type", "size", "slide", "gap"]);
}
function config() {
  const c = { window: windowConfig() };
  if (chance(0.7)) c.watermark = mangle({ maxOutOfOrderness: millis([0, 1, 500, 3_000, 2 ** 53]) }, ["maxOutOfOrderness"]);
  if (chance(0.5)) c.allowedLateness = millis([0, 1, 2_000, 10_000, 2 ** 33]);
  if (chance(0.25)) c.timeDomain = chance(0.9) ? pick(["event", "processing"]) : weird();
  if (chance(0.3)) {
    c.limits = mangle({}, ["maxKeys"]) ?? {};
    if (c.limits && typeof c.limits === "object") {
      if (chance(0.7)) c.limits.maxKeys = millis([1, 5, 10, 1_000]);
      // the deprecated name now and then (both at once is an error)
      if (chance(0.5)) c.limits[chance(0.8) ? "maxStateEntries" : "maxOpenWindows"] = millis([1, 20, 200, 100_000]);
      if (chance(0.1)) c.limits.maxOpenWindows = millis([1, 20, 200, 100_000]);
      if (chance(0.2)) c.limits.maxPendingResults = millis([1, 50, 10_000]);
      if (chance(0.2)) c.limits.maxPendingLate = millis([1, 50, 10_000]);
      if (chance(0.2)) c.limits.maxQueryResults = millis([1, 100, 10_000]);
    }
  }
  return mangle(c, ["window", "watermark"]);
}
function event(processing) {
  const e = { key: key(), time: time(), value: value() };
  if (processing ? chance(0.95) : chance(0.2)) e.arrival = time();
  return mangle(e, ["key", "time", "value"]);
}

// Typed arrays of the right type mostly; the wrong ones sometimes.
function column(kind, n, fill) {
  if (chance(0.04)) {
    const ctor = pick([Int32Array, Float32Array, Uint8Array, BigUint64Array, Array, Uint32Array, Float64Array]);
    if (ctor === BigUint64Array) return new BigUint64Array(n);
    if (ctor === Array) return Array.from({ length: n }, fill);
    return ctor.from({ length: n }, () => {
      const v = fill();
      return typeof v === "number" ? v : NaN;
    });
  }
  if (chance(0.01)) return weird();
  const a = kind === "u32" ? new Uint32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = fill();
    a[i] = typeof v === "number" ? v : NaN;
  }
  return a;
}
function batch(processing, hugeOk) {
  if (hugeOk && chance(0.003)) {
    // Now and then a huge batch, valid and in time order, on engines with
    // few windows per event: late rows into many sliding windows each cost
    // the core a scan of its drop list (see "known core slowness" below).
    const n = 100_000 + int(100_000), t0 = int(60_000);
    const times = Float64Array.from({ length: n }, (_, i) => t0 + Math.floor(i / 12));
    return [Uint32Array.from({ length: n }, (_, i) => i % 12), times, new Float64Array(n).fill(1),
      processing ? times : undefined];
  }
  const n = int(40);
  const off = () => (chance(0.05) ? int(3) - 1 : 0); // a length that differs now and then
  const clean = chance(0.6); // most batches have no bad row at all
  const t = clean ? () => int(60_000) - 5_000 : time;
  const v = clean ? () => Math.round(rnd() * 10_000) / 100 : value;
  const keys = column("u32", Math.max(0, n), () => (clean ? int(12) : key()));
  const times = column("f64", Math.max(0, n + off()), t);
  const values = column("f64", Math.max(0, n + off()), v);
  const arrivals = processing || chance(0.3) ? column("f64", Math.max(0, n + off()), t) : pick([undefined, null]);
  return [keys, times, values, arrivals];
}

// Every thrown value must be an Error (not a wasm trap) of one of the four
// Weir kinds, with the field it is about.
const KINDS = ["WeirConfigError", "WeirEventError", "WeirLimitError", "WeirSnapshotError"];
const named = (e) => KINDS.includes(e.name) && typeof e.field === "string" && e.field !== "" && typeof e.value === "string";
const consoleErrors = [];
const realConsoleError = console.error;
console.error = (...args) => consoleErrors.push(args.join(" "));
after(() => {
  console.error = realConsoleError;
});

const tally = { ok: 0, threw: 0 };
function attempt(what, fn) {
  try {
    const r = fn();
    tally.ok++;
    return { ok: true, r };
  } catch (e) {
    tally.threw++;
    if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError || !named(e)) {
      const shown = e instanceof Error ? `${e.name} (${e.constructor.name}, field ${e.field}): ${e.message}` : `non-Error ${String(e)}`;
      assert.fail(`seed ${SEED}: ${what} threw ${shown}`);
    }
    return { ok: false, e };
  }
}

/** Results as comparable rows, from drain() or drainColumns(). */
const rowsOf = (rs) => rs.map((r) => [r.key, r.start, r.end, r.count, r.sum, r.min, r.max, r.mean, r.variance, r.watermark, r.firing === "late" ? 1 : 0]);
function rowsOfColumns(c) {
  const out = [];
  for (let i = 0; i < c.key.length; i++) {
    out.push([c.key[i], c.start[i], c.end[i], c.count[i], c.sum[i], c.min[i], c.max[i], c.mean[i], c.variance[i], c.watermark[i], c.late[i]]);
  }
  return out;
}
const append = (to, xs) => {
  for (const x of xs) to.push(x);
};
const counters = ({ stateBytes, ...rest }) => rest; // stateBytes is allocated capacity

/** Whether `err` is the pending-results limit, which may have fired
 * windows a paused firing owed before it refused (so the call is logged). */
const pendingLimit = (err) => err?.name === "WeirLimitError" && err.field === "limits.maxPendingResults";

/** Runs `call`, which may throw the pending-results limit and nothing else. */
function orPendingLimit(call) {
  try {
    call();
  } catch (err) {
    if (!pendingLimit(err)) throw err;
  }
}

/** Flushes, draining into `sink` each time firing stops at the limit. */
function flushAll(e, sink) {
  for (;;) {
    try {
      e.flush();
      return;
    } catch (err) {
      if (!pendingLimit(err)) throw err;
      sink(e.drain());
    }
  }
}

/** Plays the accepted calls of `log` on a fresh engine. */
function replay(cfg, log) {
  const e = new StreamEngine(cfg);
  const outcomes = [], results = [], late = [];
  for (const [op, ...args] of log) {
    if (op === "push") outcomes.push(e.push(...args));
    else if (op === "batch") e.pushBatch(...args);
    // Refused at the pending-results limit, after resuming a paused firing.
    else if (op === "refusedPush") orPendingLimit(() => e.push(...args));
    else if (op === "refusedBatch") orPendingLimit(() => e.pushBatch(...args));
    else if (op === "advanceWatermark") orPendingLimit(() => e.advanceWatermark(...args));
    else if (op === "advanceProcessingTime") orPendingLimit(() => e.advanceProcessingTime(...args));
    // Drains are replayed where they happened: the pending limits count
    // what was not drained yet.
    else if (op === "drain") append(results, e.drain());
    else if (op === "drainLate") append(late, e.drainLate());
  }
  flushAll(e, (rs) => append(results, rs));
  append(results, e.drain());
  append(late, e.drainLate());
  return { e, outcomes, results, late };
}

test(`fuzz: ${ENGINES} random engines, their calls, and the free functions`, () => {
  const t0 = performance.now();
  let engines = 0;
  const seen = { configs: 0, pushes: 0, batches: 0, rows: 0 };
  for (let round = 0; round < ENGINES * 20 && engines < ENGINES; round++) {
    const cfg = config();
    seen.configs++;
    const made = attempt(`new StreamEngine(${show(cfg)})`, () => new StreamEngine(cfg));
    if (!made.ok) continue;
    const e = made.r;
    const w = cfg.window;
    engines++;
    const processing = cfg.timeDomain === "processing";
    const hugeOk = w.type !== "sliding" || w.size / w.slide <= 10;
    const log = [], outcomes = [], results = [], late = [];
    const ops = 10 + int(60);
    for (let k = 0; k < ops; k++) {
      const r = rnd();
      if (r < 0.5) {
        const ev = event(processing);
        seen.pushes++;
        const res = attempt(`push(${show(ev)}) on ${show(cfg)}`, () => e.push(ev));
        if (res.ok) {
          log.push(["push", ev]);
          outcomes.push(res.r);
          assert.ok(["assigned", "late-accepted", "side-output", "unassigned"].includes(res.r));
        } else if (pendingLimit(res.e)) {
          log.push(["refusedPush", ev]);
        }
      } else if (r < 0.7) {
        const b = batch(processing, hugeOk);
        seen.batches++;
        const before = e.stats().eventsIn;
        const res = attempt(`pushBatch(${b.map(show).join(", ")}) on ${show(cfg)}`, () => e.pushBatch(...b));
        const accepted = e.stats().eventsIn - before;
        if (res.ok) {
          assert.equal(accepted, res.r, "pushBatch returns the rows accepted");
          log.push(["batch", ...b.map((c) => (ArrayBuffer.isView(c) ? c.slice() : c))]);
        } else {
          // All-or-nothing, except a limit hit midway, which says how many
          // (in words and as err.accepted).
          const m = /rows 0\.\.(\d+) were accepted/.exec(res.e.message);
          assert.equal(accepted, m ? Number(m[1]) : 0, res.e.message);
          if (!m) assert.match(res.e.message, /no row was accepted/);
          if (res.e.accepted !== undefined) assert.equal(res.e.accepted, accepted);
          if (accepted > 0) log.push(["batch", ...b.map((c) => (c ? c.slice(0, accepted) : c))]);
          if (pendingLimit(res.e)) log.push(["refusedBatch", ...b.map((c) => (c ? c.slice(accepted, accepted + 1) : c))]);
        }
        seen.rows += accepted;
      } else if (r < 0.77) {
        const t = time();
        const op = processing === chance(0.9) ? "advanceProcessingTime" : "advanceWatermark";
        const res = attempt(`${op}(${show(t)})`, () => e[op](t));
        // Stopped at the pending-results limit, it keeps what it did.
        if (res.ok || pendingLimit(res.e)) log.push([op, t]);
      } else if (r < 0.82) {
        attempt("windowsFor", () => e.windowsFor(time()));
      } else if (r < 0.86) {
        const ws = attempt("openWindows", () => e.openWindows());
        if (ws.ok) assert.ok(ws.r.every((o) => ["open", "fired", "closed"].includes(o.state)));
        else assert.equal(ws.e.field, "limits.maxQueryResults");
      } else if (r < 0.93) {
        if (chance(0.5)) append(results, rowsOf(e.drain()));
        else append(results, rowsOfColumns(e.drainColumns()));
        log.push(["drain"]);
      } else if (r < 0.96) {
        append(late, e.drainLate());
        log.push(["drainLate"]);
      } else if (r < 0.98) {
        const s = e.stats();
        assert.ok(Object.values(s).every((v) => typeof v === "number" && !Number.isNaN(v)), show(s));
      } else {
        // Round-trip through a snapshot mid-stream: the engine carries on.
        const bytes = e.snapshot();
        const copy = StreamEngine.restore(bytes);
        assert.deepEqual(counters(copy.stats()), counters(e.stats()));
        copy.free();
      }
    }
    flushAll(e, (rs) => append(results, rowsOf(rs)));
    append(results, rowsOf(e.drain()));
    append(late, e.drainLate());
    const fresh = replay(cfg, log);
    assert.deepEqual(results, rowsOf(fresh.results), `seed ${SEED}: results differ from a replay of ${show(cfg)}`);
    assert.deepEqual(late, fresh.late, `seed ${SEED}: side output differs for ${show(cfg)}`);
    assert.deepEqual(counters(e.stats()), counters(fresh.e.stats()));
    assert.deepEqual(fresh.outcomes, outcomes, "the same outcome for every accepted push");
    e.free();
    fresh.e.free();
  }
  assert.ok(engines >= ENGINES * 0.9, `only ${engines} valid configs in ${seen.configs}`);
  console.log(`# fuzz engines: ${engines} engines from ${seen.configs} configs, ${seen.pushes} pushes, ` +
    `${seen.batches} batches (${seen.rows} rows accepted), ` +
    `${tally.ok} calls worked, ${tally.threw} threw an Error, ${Math.round(performance.now() - t0)} ms`);
});

test("fuzz: restore, simulateSensors, SensorSimulator, estimateMemory, formatBytes", () => {
  const t0 = performance.now();
  const before = { ...tally };
  // restore: random bytes, mutated and cut snapshots, wrong types
  const e = new StreamEngine({ window: { type: "sliding", size: 1_000, slide: 250 }, allowedLateness: 500 });
  for (let i = 0; i < 300; i++) e.push({ key: int(5), time: int(20_000), value: int(100) });
  const good = e.snapshot();
  for (let i = 0; i < 1_500; i++) {
    let bytes;
    const r = rnd();
    if (r < 0.3) bytes = Uint8Array.from({ length: int(200) }, () => int(256));
    else if (r < 0.6) {
      bytes = good.slice();
      for (let k = 1 + int(4); k > 0; k--) bytes[int(bytes.length)] = int(256);
    } else if (r < 0.8) bytes = good.slice(0, int(good.length));
    else if (r < 0.9) bytes = Uint8Array.of(...good, ...Array.from({ length: 1 + int(8) }, () => int(256)));
    else bytes = weird();
    const res = attempt(`restore(${show(bytes)})`, () => StreamEngine.restore(bytes));
    if (res.ok) {
      // bytes that happen to decode must give a working engine
      res.r.push({ key: 1, time: 1, value: 1 });
      res.r.flush();
      res.r.drain();
      res.r.free();
    }
  }
  // Huge arrays: a bad last row of a million rejects them all; a million
  // good rows are all accepted; a plain array of a million is refused.
  const big = 1_000_000;
  const h = new StreamEngine({ window: { type: "tumbling", size: 1_000 }, watermark: { maxOutOfOrderness: 100 } });
  const hk = Uint32Array.from({ length: big }, (_, i) => i % 1_000);
  const ht = Float64Array.from({ length: big }, (_, i) => i);
  const hv = new Float64Array(big).fill(1);
  hv[big - 1] = NaN;
  const bad = attempt("pushBatch(1e6 rows, NaN in the last)", () => h.pushBatch(hk, ht, hv));
  assert.match(bad.e.message, /^values\[999999\] = NaN: .*no row was accepted/);
  assert.deepEqual([bad.e.name, bad.e.field, bad.e.value, bad.e.row, bad.e.accepted], ["WeirEventError", "values[999999]", "NaN", 999_999, 0]);
  assert.equal(h.stats().eventsIn, 0);
  attempt("pushBatch(plain arrays of 1e6)", () => h.pushBatch(Array.from(hk), ht, hv));
  hv[big - 1] = 1;
  assert.equal(h.pushBatch(hk, ht, hv), big);
  h.flush();
  const hc = h.drainColumns();
  assert.equal(hc.key.length, big / 1_000 * 1_000, "key i % 1000 at time i: one event per key and 1 s window");
  assert.ok(hc.count.every((c) => c === 1));
  h.free();

  // simulateSensors / SensorSimulator / simulatedStreamHash: small streams,
  // and sizes that must be refused
  const simOptions = () => {
    const o = {};
    const fields = {
      seed: () => pick([0, 1, 42, 2 ** 53, 2 ** 64]), sensors: () => pick([1, 3, 50, 5e6, 2 ** 32]),
      rateHz: () => pick([0.5, 10, 1_000, 1e-9, 1_001]), durationMs: () => pick([1, 100, 10_000, 2 ** 53]),
      startMs: () => pick([0, -5_000, 2 ** 53]), delayBaseMs: () => pick([0, 50, 2 ** 53]),
      delaySpreadMs: () => pick([0, 200, -1]), lateFraction: () => pick([0, 0.1, 1, 1.5]),
      lateMinMs: () => pick([0, 1, 2_000]), lateMaxMs: () => pick([0, 10, 10_000]),
      anomalies: () => pick([0, 1, 3, 1e9]), anomalyDurationMs: () => pick([0, 10, 5_000, 2 ** 53]),
      anomalyMagnitude: () => pick([0, 6, -3]), baseline: () => pick([20, -1e308]), baselineSpread: () => pick([0, 5]),
      noiseStd: () => pick([0, 0.5, -1]), driftAmplitude: () => pick([0, 1]), driftPeriodMs: () => pick([0, 1, 600_000]),
      burstActiveMs: () => pick([0, 3_000]), burstIdleMs: () => pick([0, 1_500, -1]),
    };
    for (const [f, g] of Object.entries(fields)) if (chance(0.35)) o[f] = maybe(g, 0.1);
    return mangle(o, Object.keys(fields));
  };
  for (let i = 0; i < 600; i++) {
    const o = simOptions();
    const r = rnd();
    if (r < 0.5) {
      const res = attempt(`simulateSensors(${show(o)})`, () => simulateSensors(o));
      if (res.ok) {
        const n = res.r.keys.length;
        for (const c of [res.r.times, res.r.arrivals, res.r.values, res.r.anomaly]) assert.equal(c.length, n);
      }
    } else if (r < 0.7) {
      attempt(`simulatedStreamHash(${show(o)})`, () => simulatedStreamHash(o));
    } else {
      const res = attempt(`new SensorSimulator(${show(o)})`, () => new SensorSimulator(o));
      if (!res.ok) continue;
      const start = typeof o?.startMs === "number" && Number.isFinite(o.startMs) ? o.startMs : 0;
      for (let k = 0; k < 5 && !res.r.done; k++) {
        const until = chance(0.8) ? start + 1_000 * (k + 1) : weird();
        attempt(`nextChunk(${show(until)})`, () => res.r.nextChunk(until));
      }
      res.r.free();
    }
  }
  // estimateMemory
  for (let i = 0; i < 2_000; i++) {
    const p = {
      sensors: maybe(() => pick([1, 1_000, 10_000, 2 ** 32, 2 ** 33, 0.5])),
      messagesPerSecond: maybe(() => pick([1e-9, 1, 100, 2 ** 53, 2 ** 54])),
      messageBytes: maybe(() => pick([1e-6, 1, 100, 2 ** 53])),
      instanceBytes: maybe(() => pick([1, 16e9, 2 ** 53, 2 ** 60])),
      window: windowConfig(),
    };
    if (chance(0.4)) p.sessionLengthMs = millis([1, 120_000, 2 ** 53, 0]);
    if (chance(0.3)) p.stateBytesPerKey = maybe(() => pick([1, 20_000, 2 ** 53]));
    if (chance(0.3)) p.stateOverhead = maybe(() => pick([0, 0.2, 100, 101]));
    if (chance(0.3)) p.targetUtilization = maybe(() => pick([0.01, 0.5, 1, 2]));
    if (chance(0.3)) p.tumblingWindowsHeld = maybe(() => pick([1, 2, 1_024, 1_025]));
    const q = mangle(p, ["sensors", "window", "instanceBytes"]);
    const res = attempt(`estimateMemory(${show(q)})`, () => estimateMemory(q));
    if (res.ok) assert.equal(typeof res.r.rawFit.fits, "boolean");
  }
  // formatBytes
  for (let i = 0; i < 2_000; i++) {
    const b = maybe(() => rnd() * 10 ** int(20), 0.2);
    const o = chance(0.5) ? undefined : chance(0.8) ? { base: maybe(() => pick([10, 2]), 0.2) } : weird();
    const res = attempt(`formatBytes(${show(b)}, ${show(o)})`, () => formatBytes(b, o));
    if (res.ok) assert.match(res.r, /^\d+(\.\d+)? (B|[KMGTP]i?B)$/);
  }
  console.log(`# fuzz functions: ${tally.ok - before.ok} calls worked, ${tally.threw - before.threw} threw an Error, ` +
    `${Math.round(performance.now() - t0)} ms`);
});

// CRC-32 (IEEE, reflected), the snapshot's checksum.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** `bytes` with its total length and CRC recomputed, as a forger would. */
function reseal(bytes) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (bytes.length >= 18) {
    v.setBigUint64(6, BigInt(bytes.length), true);
    v.setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  }
  return bytes;
}

/** Every output of an engine is well formed: finite counters, sane aggregates, ordered windows. */
function wellFormed(e, what) {
  const fail = (msg) => assert.fail(`seed ${SEED}: ${what}: ${msg}`);
  const s = e.stats();
  for (const [k, v] of Object.entries(s)) {
    if (typeof v !== "number" || Number.isNaN(v)) fail(`stats.${k} = ${v}`);
  }
  for (const k of ["eventsIn", "assigned", "lateAccepted", "sideOutput", "unassigned", "firedOnTime", "firedLate", "keys", "stateEntries"]) {
    if (!Number.isSafeInteger(s[k]) || s[k] < 0) fail(`stats.${k} = ${s[k]}`);
  }
  if (s.assigned + s.lateAccepted + s.sideOutput + s.unassigned !== s.eventsIn) fail(`outcomes do not add up to eventsIn: ${show(s)}`);
  const agg = (r, where) => {
    if (!Number.isSafeInteger(r.count) || r.count < 1) fail(`${where} count ${r.count}`);
    if (![r.sum, r.min, r.max, r.mean].every(Number.isFinite)) fail(`${where} not finite: ${show(r)}`);
    if (!(r.min <= r.max) || (r.count === 1 && r.min !== r.max)) fail(`${where} min/max: ${show(r)}`);
    if (!(r.mean >= r.min - 1e-9 * Math.abs(r.min) && r.mean <= r.max + 1e-9 * Math.abs(r.max))) fail(`${where} mean outside [min, max]: ${show(r)}`);
    if (r.variance !== undefined && !(r.variance >= 0)) fail(`${where} variance ${r.variance}`);
  };
  try {
    for (const o of e.openWindows()) {
      if (!(o.start < o.end)) fail(`open window ${show(o)}`);
      if (o.count !== undefined) agg(o, "open window");
    }
  } catch (err) {
    if (err.name !== "WeirLimitError") throw err;
  }
  e.push({ key: 1, time: 1, value: 1 });
  e.flush();
  for (const r of e.drain()) {
    if (!(r.start < r.end) || !Number.isSafeInteger(r.key)) fail(`result window ${show(r)}`);
    agg(r, "result");
  }
  for (const l of e.drainLate()) if (!Number.isFinite(l.value)) fail(`late ${show(l)}`);
}

// Resealed snapshots: bytes mutated and then given a correct length and
// CRC, as a forger (not an accident) would. Each must be refused with a
// WeirSnapshotError, or restore to an engine whose later outputs are well
// formed. The invariant checks this needs are the core's restore checks.
test("fuzz: resealed snapshots are refused or restore to a well-formed engine", () => {
  const t0 = performance.now();
  // Its own stream of the seed, so a failing snapshot's number does not
  // depend on which other tests ran.
  const { rnd, int, pick } = seededRandom(SEED + 1);
  const sources = [
    { window: { type: "sliding", size: 1_000, slide: 250 }, allowedLateness: 500 },
    { window: { type: "session", gap: 300 }, allowedLateness: 200 },
    { window: { type: "tumbling", size: 1_000 }, timeDomain: "processing" },
  ].map((cfg) => {
    const e = new StreamEngine(cfg);
    for (let i = 0; i < 200; i++) e.push({ key: int(5), time: int(20_000), value: int(100) - 20, arrival: i * 50 });
    return e.snapshot();
  });
  const count = { snapshots: 0, refused: 0, restored: 0 };
  const bad = [];
  const only = process.env.WEIR_FUZZ_RESEALED_ONLY; // one snapshot's number, to look at it alone
  for (let i = 0; i < 3_000; i++) {
    const good = pick(sources);
    let bytes = good.slice();
    const r = rnd();
    if (r < 0.5) {
      for (let k = 1 + int(4); k > 0; k--) bytes[14 + int(bytes.length - 18)] = int(256);
    } else if (r < 0.8) {
      // a whole u64 (a count, a length, an aggregate) set to an extreme
      const at = 14 + int(bytes.length - 26);
      new DataView(bytes.buffer).setBigUint64(at, pick([2n ** 64n - 1n, 2n ** 63n, 0n, 1n, 0x7ff8000000000001n]), true);
    } else if (r < 0.9) {
      bytes = bytes.slice(0, 18 + int(bytes.length - 18));
    } else {
      bytes = Uint8Array.of(...bytes.subarray(0, bytes.length - 4), ...Array.from({ length: 1 + int(16) }, () => int(256)), 0, 0, 0, 0);
    }
    reseal(bytes);
    if (only !== undefined && String(i) !== only) continue;
    count.snapshots++;
    let restored;
    try {
      restored = StreamEngine.restore(bytes);
    } catch (err) {
      if (!(err instanceof Error) || err.name !== "WeirSnapshotError") {
        assert.fail(`seed ${SEED}: resealed snapshot ${i} threw ${err?.name}: ${err?.message}`);
      }
      count.refused++;
      continue;
    }
    count.restored++;
    try {
      wellFormed(restored, `resealed snapshot ${i}`);
    } catch (err) {
      if (err instanceof assert.AssertionError) bad.push(err.message);
      // a later call may refuse with a Weir error, never trap
      else if (!KINDS.includes(err?.name)) assert.fail(`seed ${SEED}: resealed snapshot ${i}: ${err?.name}: ${err?.message}`);
    }
    restored.free();
  }
  console.log(`# fuzz resealed: ${count.snapshots} snapshots, ${count.refused} refused, ${count.restored} restored, ` +
    `${bad.length} of them not well formed, ${Math.round(performance.now() - t0)} ms`);
  assert.deepEqual(bad.slice(0, 3), [], `${bad.length} restored engines were not well formed ` +
    "(WEIR_FUZZ_RESEALED_ONLY=<n> runs snapshot n alone)");
});

test("after the fuzz the module still works and never printed a panic", () => {
  assert.deepEqual(consoleErrors, [], "console.error was called (a Rust panic prints there)");
  const e = new StreamEngine({ window: { type: "tumbling", size: 10 } });
  assert.equal(e.push({ key: 1, time: 1, value: 2 }), "assigned");
  e.flush();
  assert.deepEqual(e.drain().map((r) => [r.key, r.start, r.end, r.count, r.sum]), [[1, 0, 10, 1, 2]]);
  assert.equal(formatBytes(1e9), "1 GB");
});

// A late event dropped from 1000 sliding windows once scanned the engine's
// memory of dropped windows once per window (0.8 ms per event); it is now
// kept sorted and searched. Its speed is the benchmarks' business (no timed
// tests: this one failed on a loaded machine with or without the fix);
// here, what the memory of drops keeps: the 1,024 windows that end last.
test("late events into sliding 1 s / 1 ms windows: side output, and the newest 1,024 drops remembered", () => {
  const e = new StreamEngine({ window: { type: "sliding", size: 1_000, slide: 1 } });
  e.push({ key: 0, time: 1_000_000, value: 1 });
  for (let i = 0; i < 1_000; i++) assert.equal(e.push({ key: i % 12, time: i * 7, value: 1 }), "side-output");
  assert.equal(e.drainLate().length, 1_000);
  const closed = e.openWindows().filter((o) => o.state === "closed");
  assert.equal(closed.length, 1_024);
  // The last event, at 6993 (key 3), fell in windows ending 6994..7993;
  // those that end last are kept, so the latest end kept is 7993 and none
  // kept ends before the last event's first window's end minus 1000.
  const ends = closed.map((o) => o.end);
  assert.equal(Math.max(...ends), 7_993);
  assert.ok(Math.min(...ends) >= 6_994 - 1_000, `earliest end kept ${Math.min(...ends)}`);
  assert.ok(closed.some((o) => o.key === 3 && o.end === 7_993 && o.start === 6_993 && o.dropped === 1));
});

// A late event into 1 ms tumbling windows with 2^40 ms of lateness once
// stepped through allowedLateness / slide windows (hours); the first open
// window is now computed.
test("a late event with a huge allowed lateness returns at once", () => {
  const e = new StreamEngine({ window: { type: "tumbling", size: 1 }, allowedLateness: 2 ** 40 });
  e.push({ key: 1, time: 2 ** 41, value: 1 });
  assert.equal(e.push({ key: 1, time: 2 ** 41 - 2 ** 39, value: 1 }), "late-accepted");
  const r = e.drain();
  assert.deepEqual(r.map((x) => [x.start, x.count, x.firing]), [[2 ** 41 - 2 ** 39, 1, "late"]]);
});

/** A short, printable rendering of any argument (for failure messages). */
function show(v, depth = 0) {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol" || typeof v === "function") return String(v);
  if (v === undefined || v === null || typeof v !== "object") {
    return Object.is(v, -0) ? "-0" : typeof v === "string" ? JSON.stringify(v) : String(v);
  }
  if (ArrayBuffer.isView(v)) {
    return `${v.constructor.name}(${v.length})[${Array.from(v.slice(0, 6), (x) => show(x)).join(",")}${v.length > 6 ? ",..." : ""}]`;
  }
  if (depth > 2) return "{...}";
  if (Array.isArray(v)) return `[${v.slice(0, 6).map((x) => show(x, depth + 1)).join(",")}]`;
  return `{${Object.keys(v).map((k) => `${k}:${show(v[k], depth + 1)}`).join(",")}}`;
}
