// pushBatch (all-or-nothing validation, limits midway), drainColumns against
// drain, and snapshot/restore.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamEngine, brief, simulateSensors, throwsError, tumbling } from "./weir.mjs";

const cols = (rows) => [
  Uint32Array.from(rows, (r) => r[0]),
  Float64Array.from(rows, (r) => r[1]),
  Float64Array.from(rows, (r) => r[2]),
];

test("pushBatch pushes rows in order, like push", () => {
  const e = tumbling(10_000, 2_000);
  const rows = [[1, 1_000, 20], [1, 9_000, 22], [2, 11_000, 5], [2, 12_000, 7], [1, 5_000, 1.5]];
  assert.equal(e.pushBatch(...cols(rows)), 5);
  assert.equal(e.pushBatch(new Uint32Array(0), new Float64Array(0), new Float64Array(0)), 0);
  assert.deepEqual(brief(e.drain()), [[1, 0, 10_000, 2, 42, 20, 22, "on-time"]]);
  assert.deepEqual(e.drainLate(), [{ key: 1, time: 5_000, value: 1.5, watermark: 10_000 }]);
  const s = e.stats();
  assert.deepEqual([s.eventsIn, s.assigned, s.sideOutput, s.watermark], [5, 4, 1, 10_000]);
});

test("pushBatch with lengths that differ names the lengths and accepts no row", () => {
  const e = tumbling();
  const [k, t, v] = cols([[1, 1, 1], [1, 2, 2], [1, 3, 3]]);
  throwsError(() => e.pushBatch(k, t.subarray(0, 2), v), "times.length = 2", "keys.length = 3", "no row was accepted");
  throwsError(() => e.pushBatch(k, t, v.subarray(1)), "values.length = 2", "no row was accepted");
  throwsError(() => e.pushBatch(k, t, v, new Float64Array(4)), "arrivals.length = 4", "no row was accepted");
  assert.equal(e.stats().eventsIn, 0);
});

test("pushBatch with one invalid row names it and accepts none of the batch", () => {
  const e = tumbling(10_000, 0);
  e.push({ key: 9, time: 0, value: 0 });
  const before = e.stats();
  const bad = [
    [[[1, 1, 1], [1, NaN, 2], [1, 3, 3]], "times[1] = NaN"],
    [[[1, 1, 1], [1, 2, 2], [1, 3.5, 3]], "times[2] = 3.5"],
    [[[1, 2 ** 53 + 2, 1]], "times[0] = 9007199254740994"],
    [[[1, 1, 1], [1, 2, Infinity]], "values[1] = Infinity"],
    [[[1, 1, NaN]], "values[0] = NaN"],
  ];
  for (const [rows, needle] of bad) {
    throwsError(() => e.pushBatch(...cols(rows)), needle, "no row was accepted");
  }
  throwsError(() => e.pushBatch(...cols([[1, 1, 1], [1, 2, 2]]), Float64Array.of(5, -Infinity)),
    "arrivals[1] = -Infinity", "no row was accepted");
  assert.deepEqual(e.stats(), before, "nothing changed");
  assert.deepEqual(e.drain(), []);
});

test("pushBatch checks the column types", () => {
  const e = tumbling();
  const k = Uint32Array.of(1), t = Float64Array.of(1), v = Float64Array.of(1);
  throwsError(() => e.pushBatch([1], t, v), "keys = an array", "Uint32Array");
  throwsError(() => e.pushBatch(Int32Array.of(1), t, v), "keys = Int32Array(1)", "Uint32Array");
  throwsError(() => e.pushBatch(k, Float32Array.of(1), v), "times = Float32Array(1)", "Float64Array");
  throwsError(() => e.pushBatch(k, t, [1]), "values = an array", "Float64Array");
  throwsError(() => e.pushBatch(k, t, v, "x"), 'arrivals = "x"', "Float64Array");
  throwsError(() => e.pushBatch(k, t, undefined), "values = undefined");
  assert.equal(e.pushBatch(k, t, v, null), 1, "null arrivals = none");
  assert.equal(e.pushBatch(k, t, v, undefined), 1);
  assert.equal(e.stats().eventsIn, 2);
});

test("pushBatch hitting a limit midway keeps the rows before it, and says which", () => {
  const e = tumbling(10_000, 0, { limits: { maxKeys: 2 } });
  // keys 1, 2, 1 fit; key 3 at row 3 would be a third key.
  const rows = [[1, 100, 1], [2, 200, 2], [1, 300, 3], [3, 400, 4], [2, 500, 5]];
  throwsError(() => e.pushBatch(...cols(rows)), "row 3", "maxKeys = 2", "rows 0..3 were accepted", "the rest were not");
  assert.equal(e.stats().eventsIn, 3);
  assert.equal(e.watermark, 300, "W = max of rows 0..2");
  e.flush();
  assert.deepEqual(brief(e.drain()), [[1, 0, 10_000, 2, 4, 1, 3, "on-time"], [2, 0, 10_000, 1, 2, 2, 2, "on-time"]]);

  const first = tumbling(10_000, 0, { limits: { maxKeys: 1 } });
  first.push({ key: 1, time: 0, value: 0 });
  throwsError(() => first.pushBatch(...cols([[2, 1, 1]])), "row 0", "maxKeys = 1", "no row was accepted");
});

/** A small simulated stream through a fresh engine for `config`. */
function run(config, stream, read) {
  const e = new StreamEngine(config);
  const out = [];
  const n = stream.keys.length;
  for (let i = 0; i < n; i += 997) {
    const j = Math.min(n, i + 997);
    e.pushBatch(stream.keys.subarray(i, j), stream.times.subarray(i, j), stream.values.subarray(i, j),
      stream.arrivals.subarray(i, j));
    out.push(read(e));
  }
  e.flush();
  out.push(read(e));
  return out;
}

// 5 % of the rows arrive 0.3 s to 2.3 s late: with 1 s of allowed lateness
// some are accepted late (late firings) and some go to the side output.
const STREAM = simulateSensors({
  seed: 7, sensors: 20, rateHz: 20, durationMs: 30_000, lateFraction: 0.05, lateMinMs: 100, lateMaxMs: 2_000,
});
const CONFIGS = [
  { window: { type: "tumbling", size: 1_000 }, watermark: { maxOutOfOrderness: 200 }, allowedLateness: 1_000 },
  { window: { type: "sliding", size: 2_000, slide: 500 }, watermark: { maxOutOfOrderness: 100 }, allowedLateness: 1_000 },
  { window: { type: "session", gap: 40 }, watermark: { maxOutOfOrderness: 100 }, allowedLateness: 1_000 },
  { window: { type: "tumbling", size: 1_000 }, timeDomain: "processing" },
];

test("drainColumns gives what drain gives, as typed arrays", () => {
  for (const config of CONFIGS) {
    const rows = run(config, STREAM, (e) => e.drain()).flat();
    const chunks = run(config, STREAM, (e) => e.drainColumns());
    assert.ok(rows.length > 100, `${rows.length} results`);
    if (!config.timeDomain) assert.ok(rows.some((r) => r.firing === "late"), "the stream has late firings");
    const c = chunks[0];
    assert.ok(c.key instanceof Uint32Array && c.late instanceof Uint8Array);
    for (const f of ["start", "end", "count", "sum", "min", "max", "mean", "variance", "watermark"]) {
      assert.ok(c[f] instanceof Float64Array, f);
    }
    const cat = (f) => chunks.flatMap((x) => Array.from(x[f]));
    for (const f of ["key", "start", "end", "count", "sum", "min", "max", "mean", "variance", "watermark"]) {
      assert.deepEqual(cat(f), rows.map((r) => r[f]), `${JSON.stringify(config.window)} column ${f}`);
    }
    assert.deepEqual(cat("late"), rows.map((r) => (r.firing === "late" ? 1 : 0)));
  }
});

test("pushBatch without arrivals or sources gives what the same rows with sources of 0 give", () => {
  // In wasm, a batch with neither column has a push loop of its own
  // (core/src/engine/columns.rs, `PLAIN`); one with sources takes the
  // shared loop. Both must give the same results, late events and stats.
  const n = STREAM.keys.length;
  for (const config of CONFIGS.filter((c) => !c.timeDomain)) {
    const outs = [false, true].map((withSources) => {
      const e = new StreamEngine(config);
      const got = [];
      for (let i = 0; i < n; i += 777) {
        const j = Math.min(n, i + 777);
        const b = [STREAM.keys.subarray(i, j), STREAM.times.subarray(i, j), STREAM.values.subarray(i, j)];
        assert.equal(withSources ? e.pushBatch(...b, undefined, new Uint32Array(j - i)) : e.pushBatch(...b), j - i);
        got.push(e.drain(), e.drainLate());
      }
      e.flush();
      got.push(e.drain(), e.stats());
      return got;
    });
    assert.ok(outs[0].flat().length > 100, "the stream fires windows");
    assert.deepEqual(outs[0], outs[1], JSON.stringify(config.window));
  }
});

test("snapshot/restore: the restored engine continues identically", () => {
  for (const config of CONFIGS) {
    const n = STREAM.keys.length, half = n >> 1;
    const slice = (a, b) => [STREAM.keys.subarray(a, b), STREAM.times.subarray(a, b),
      STREAM.values.subarray(a, b), STREAM.arrivals.subarray(a, b)];
    const a = new StreamEngine(config);
    a.pushBatch(...slice(0, half));
    a.drain(); // some drained, the rest pending in the snapshot
    a.pushBatch(...slice(half, half + 50));
    const bytes = a.snapshot();
    assert.ok(bytes instanceof Uint8Array && bytes.length > 16);
    const b = StreamEngine.restore(bytes);
    // stateBytes measures allocated capacity, which a restore trims.
    const counters = ({ stateBytes, ...rest }) => rest;
    assert.deepEqual(counters(b.stats()), counters(a.stats()));
    assert.ok(b.stats().stateBytes > 0);
    assert.deepEqual(b.openWindows(), a.openWindows());
    assert.equal(b.watermark, a.watermark);
    for (const e of [a, b]) {
      e.pushBatch(...slice(half + 50, n));
      e.flush();
    }
    const ra = a.drain(), rb = b.drain();
    assert.ok(ra.length > 0);
    assert.deepEqual(rb, ra);
    assert.deepEqual(b.drainLate(), a.drainLate());
    assert.deepEqual(counters(b.stats()), counters(a.stats()));
    assert.deepEqual(counters(StreamEngine.restore(b.snapshot()).stats()), counters(b.stats()));
  }
});

test("restore rejects corrupt bytes and non-Uint8Array arguments with an Error", () => {
  const e = tumbling();
  e.push({ key: 1, time: 1, value: 1 });
  const good = e.snapshot();
  const flipped = good.slice();
  flipped[flipped.length >> 1] ^= 0x40;
  for (const bytes of [flipped, good.subarray(0, good.length - 1), new Uint8Array(0), new Uint8Array(64),
    Uint8Array.of(...good, 0)]) {
    throwsError(() => StreamEngine.restore(bytes), "invalid snapshot");
  }
  throwsError(() => StreamEngine.restore([...good]), "bytes = an array", "Uint8Array");
  throwsError(() => StreamEngine.restore(good.buffer), "bytes = object", "Uint8Array");
  throwsError(() => StreamEngine.restore(new Int8Array(good.buffer)), `bytes = Int8Array(${good.length})`);
  throwsError(() => StreamEngine.restore(undefined), "bytes = undefined");
  throwsError(() => StreamEngine.restore("snapshot"), 'bytes = "snapshot"');
  assert.equal(StreamEngine.restore(good).stats().eventsIn, 1, "the good bytes still restore");
});

test("pushBatch's whole-batch time check refuses exactly the times push() refuses, naming the row", () => {
  // pushBatch checks a batch's times in one branch-free pass and walks the
  // rows only when that pass fails: it must agree with push() on every
  // edge (not whole, not finite, past +/-2^53, a window leaving +/-2^53).
  const edges = (w) => [NaN, Infinity, -Infinity, -0, 0.5, -1.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 53),
    -(2 ** 53) - 2, 2 ** 52 + 0.5, ...[1, 2, 3, 5, 8, 12, 50, 100, 101].flatMap((d) => [2 ** 53 - d, -(2 ** 53) + d]),
    ...(w.type === "session" ? [2 ** 53 - w.gap, 2 ** 53 - w.gap - 1, 2 ** 53 - w.gap + 1] : [])];
  const windows = [{ type: "tumbling", size: 10 }, { type: "tumbling", size: 7, offset: 3 },
    { type: "sliding", size: 10, slide: 4 }, { type: "session", gap: 100 }];
  let refused = 0, accepted = 0;
  for (const window of windows) {
    for (const t of edges(window)) {
      let pushError = null;
      try {
        new StreamEngine({ window }).push({ key: 1, time: t, value: 1 });
      } catch (err) {
        pushError = err;
      }
      for (const [n, at] of [[1, 0], [5, 4], [9, 3]]) {
        const times = Float64Array.from({ length: n }, (_, i) => (i === at ? t : 1_000 + i));
        const e = new StreamEngine({ window });
        const what = `${JSON.stringify(window)}, times[${at}] = ${t} of ${n}`;
        if (pushError) {
          refused++;
          assert.throws(() => e.pushBatch(new Uint32Array(n), times, new Float64Array(n)), (err) => {
            assert.equal(err.name, pushError.name, what);
            assert.equal(err.field, `times[${at}]`, what);
            // The same reason as push()'s, after "time = <value>: ".
            assert.ok(err.message.includes(pushError.message.split(": ").slice(1).join(": ")), `${what}: ${err.message}`);
            assert.match(err.message, /no row was accepted/);
            return true;
          });
          assert.equal(e.stats().eventsIn, 0, what);
        } else {
          accepted++;
          assert.equal(e.pushBatch(new Uint32Array(n), times, new Float64Array(n)), n, what);
        }
      }
    }
  }
  assert.ok(refused > 0 && accepted > 0, `both kinds covered (${refused} refused, ${accepted} accepted)`);
});

test("a window's min and max of 0 and -0 are the older one, as in native weir-core", () => {
  // wasm's f64::min (a call to fmin) kept the newer -0 where x86-64 keeps the older.
  for (const [a, b] of [[0, -0], [-0, 0]]) {
    const e = tumbling(10_000, 0);
    e.pushBatch(Uint32Array.of(1, 1), Float64Array.of(1, 2), Float64Array.of(a, b));
    e.flush();
    const [r] = e.drain();
    const show = (x) => (Object.is(x, -0) ? "-0" : String(x));
    assert.ok(Object.is(r.min, a) && Object.is(r.max, a), `values ${show(a)}, ${show(b)}: min ${show(r.min)}, max ${show(r.max)}`);
  }
});
