// Many sources, idle sources and presets through the JavaScript API
// (SEMANTICS.md, "Many sources, idle sources (v2)" and "Presets (v2)"):
// the config's `sources`, `watermark.idleTimeout` and `preset`, the
// event's `source` in push and as pushBatch's fifth column, sourceStats().
// Expected values are worked by hand in the comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamEngine, throwsError } from "./weir.mjs";

const tumbling = (size, d, more = {}) =>
  new StreamEngine({ window: { type: "tumbling", size }, watermark: { maxOutOfOrderness: d }, ...more });

const fired = (e) => e.drain().map((r) => [r.key, r.start, r.end, r.count, r.firing, r.watermark]);

test("the watermark is the min over sources; sourceStats says who holds it back", () => {
  // Tumbling 10 s, d = 1 s.
  const e = tumbling(10_000, 1_000);
  e.push({ key: 1, time: 1_000, value: 1 }); // W_0 = 0
  assert.equal(e.watermark, 0);
  e.push({ key: 1, time: 500, value: 2, source: 1 }); // W_1 = -500: W stays 0
  e.push({ key: 1, time: 12_000, value: 3 }); // W_0 = 11000, min -500
  assert.equal(e.watermark, 0);
  assert.deepEqual(fired(e), []);
  e.push({ key: 1, time: 11_500, value: 4, source: 1 }); // min(11000, 10500)
  assert.equal(e.watermark, 10_500);
  assert.deepEqual(fired(e), [[1, 0, 10_000, 2, "on-time", 10_500]]);
  assert.deepEqual(e.sourceStats(), [
    { source: 0, watermark: 11_000, maxEventTime: 12_000, lastArrival: -Infinity, idle: false, holdsBack: false },
    { source: 1, watermark: 10_500, maxEventTime: 11_500, lastArrival: -Infinity, idle: false, holdsBack: true },
  ]);
  e.free();
});

test("declared sources stall the watermark until the idle timeout releases it", () => {
  const e = tumbling(10_000, 1_000, { sources: 2, watermark: { maxOutOfOrderness: 1_000, idleTimeout: 5_000 } });
  e.push({ key: 7, time: 1_000, value: 1, arrival: 100 }); // first arrival: 100
  e.push({ key: 7, time: 15_000, value: 1, arrival: 3_000 });
  assert.equal(e.watermark, -Infinity, "source 1 never sent");
  assert.deepEqual(e.sourceStats().map((s) => [s.source, s.holdsBack]), [[0, false], [1, true]]);
  e.advanceProcessingTime(5_099);
  assert.equal(e.watermark, -Infinity, "source 1 is idle at 100 + 5000 = 5100");
  // Source 1 idle; source 0 (last at 3000) not: W = 15000 - 1000.
  e.advanceProcessingTime(5_100);
  assert.equal(e.watermark, 14_000);
  assert.deepEqual(fired(e), [[7, 0, 10_000, 1, "on-time", 14_000]]);
  assert.deepEqual(e.sourceStats()[1], {
    source: 1, watermark: -Infinity, maxEventTime: -Infinity, lastArrival: -Infinity, idle: true, holdsBack: false,
  });
  // Source 1 comes back behind W: its event is late for [0, 10000)
  // (10000 + 0 <= 14000): the side output; W never decreases.
  assert.equal(e.push({ key: 7, time: 2_000, value: 5, arrival: 5_200, source: 1 }), "side-output");
  assert.equal(e.watermark, 14_000);
  assert.deepEqual(e.drainLate(), [{ key: 7, time: 2_000, value: 5, watermark: 14_000 }]);
  e.free();
});

test("pushBatch takes a source column (Uint32Array) after the arrivals", () => {
  const e = tumbling(10_000, 1_000);
  const n = e.pushBatch(
    new Uint32Array([1, 1, 1, 1]),
    new Float64Array([1_000, 500, 12_000, 11_500]),
    new Float64Array([1, 2, 3, 4]),
    undefined,
    new Uint32Array([0, 1, 0, 1]),
  );
  assert.equal(n, 4);
  // The same stream as the first test: W = min(11000, 10500).
  assert.equal(e.watermark, 10_500);
  assert.deepEqual(fired(e), [[1, 0, 10_000, 2, "on-time", 10_500]]);
  // A source column of the wrong length or type rejects the whole batch.
  throwsError(
    () => e.pushBatch(new Uint32Array([1]), new Float64Array([1]), new Float64Array([1]), undefined, new Uint32Array(2)),
    "sources.length = 2", "no row was accepted",
  );
  throwsError(
    () => e.pushBatch(new Uint32Array([1]), new Float64Array([1]), new Float64Array([1]), undefined, [0]),
    "sources", "Uint32Array",
  );
  assert.equal(e.stats().eventsIn, 4);
  e.free();
});

test("bad source, sources, idleTimeout and preset are errors naming the field and value", () => {
  const e = tumbling(1_000, 0);
  throwsError(() => e.push({ key: 1, time: 1, value: 1, source: -1 }), "source = -1");
  throwsError(() => e.push({ key: 1, time: 1, value: 1, source: 1.5 }), "source = 1.5");
  throwsError(() => e.push({ key: 1, time: 1, value: 1, source: "2" }), 'source = "2"');
  assert.equal(e.stats().eventsIn, 0, "nothing was accepted");
  const window = { type: "tumbling", size: 1_000 };
  throwsError(() => new StreamEngine({ window, sources: 70_000 }), "sources = 70000", "65536");
  throwsError(() => new StreamEngine({ window, sources: -2 }), "sources = -2");
  throwsError(() => new StreamEngine({ window, watermark: { idleTimeout: 0 } }), "watermark.idleTimeout = 0");
  throwsError(() => new StreamEngine({ window, watermark: { idleTimeout: "5" } }), 'watermark.idleTimeout = "5"');
  throwsError(() => new StreamEngine({ window, preset: "spark" }), 'preset = "spark"', '"spark-append"');
  throwsError(
    () => new StreamEngine({ window, timeDomain: "processing", sources: 2 }),
    "sources", "event time only",
  );
  // flink-sql: the bound given is Flink SQL's INTERVAL, run as d - 1: 0 is refused.
  throwsError(
    () => new StreamEngine({ window, preset: "flink-sql", watermark: { maxOutOfOrderness: 0 } }),
    "watermark.maxOutOfOrderness = 0", "INTERVAL",
  );
  e.free();
});

test("presets set defaults; what is given explicitly wins", () => {
  const window = { type: "tumbling", size: 10_000 };
  // flink-sql with INTERVAL 1000 runs as d = 999: an event at 10999 makes
  // W = 10000 and fires [0, 10000); Weir's d = 1000 would give W = 9999.
  const sql = new StreamEngine({ window, preset: "flink-sql", watermark: { maxOutOfOrderness: 1_000 } });
  sql.push({ key: 1, time: 5_000, value: 1 });
  sql.push({ key: 1, time: 10_999, value: 1 });
  assert.equal(sql.watermark, 10_000);
  assert.deepEqual(fired(sql), [[1, 0, 10_000, 1, "on-time", 10_000]]);
  const flink = new StreamEngine({ window, preset: "flink", watermark: { maxOutOfOrderness: 1_000 } });
  flink.push({ key: 1, time: 10_999, value: 1 });
  assert.equal(flink.watermark, 9_999);
  // flink-sql sets L = 0; allowedLateness given wins: with L = 5000 an
  // event for [0, 10000) at W = 10000 is accepted late, not side output.
  const late = new StreamEngine({ window, preset: "flink-sql", watermark: { maxOutOfOrderness: 1 }, allowedLateness: 5_000 });
  late.push({ key: 1, time: 10_000, value: 1 }); // W = 10000 - 0
  assert.equal(late.push({ key: 1, time: 3_000, value: 1 }), "late-accepted");
  const strict = new StreamEngine({ window, preset: "flink-sql", watermark: { maxOutOfOrderness: 1 } });
  strict.push({ key: 1, time: 10_000, value: 1 });
  assert.equal(strict.push({ key: 1, time: 3_000, value: 1 }), "side-output");
  // kafka-streams sets d = 0 (stream time); a d given wins.
  const kafka = new StreamEngine({ window, preset: "kafka-streams", watermark: { maxOutOfOrderness: 400 } });
  kafka.push({ key: 1, time: 1_000, value: 1 });
  assert.equal(kafka.watermark, 600);
  for (const e of [sql, flink, late, strict, kafka]) e.free();
});

test("a snapshot keeps the sources: restore continues the same", () => {
  const config = { window: { type: "tumbling", size: 1_000 }, sources: 2, watermark: { maxOutOfOrderness: 0, idleTimeout: 50 } };
  const a = new StreamEngine(config);
  a.push({ key: 3, time: 2_500, value: 1, arrival: 10, source: 1 });
  const b = StreamEngine.restore(a.snapshot());
  for (const e of [a, b]) {
    assert.equal(e.watermark, -Infinity, "source 0 was declared and never sent");
    // Clock 60: source 0 (silent since 10) and source 1 (last at 10) are
    // idle: every source idle, W = the largest W_s = 2500.
    e.advanceProcessingTime(60);
    assert.equal(e.watermark, 2_500);
    assert.deepEqual(fired(e), [], "[2000, 3000) ends after 2500");
    assert.deepEqual(e.sourceStats().map((s) => [s.source, s.idle, s.watermark]), [[0, true, -Infinity], [1, true, 2_500]]);
  }
  a.free();
  b.free();
});
