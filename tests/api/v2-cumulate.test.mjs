// Cumulating windows from JavaScript: `window: { type: "cumulate", step,
// size, offset? }`. Every expected value is worked by hand from
// SEMANTICS.md ("Windows": Cumulate); the comments show the working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamEngine, brief, throwsError } from "./weir.mjs";

const ev = (key, time, value) => ({ key, time, value });
const cumulate = (extra = {}) =>
  new StreamEngine({ window: { type: "cumulate", step: 1_000, size: 3_000, ...extra }, watermark: { maxOutOfOrderness: 500 } });

// Period [0, 3000), windows [0,1000), [0,2000), [0,3000); d = 500.
const STREAM = [ev(1, 200, 2), ev(1, 1_500, 4), ev(2, 1_700, 10), ev(1, 2_600, 1), ev(2, 400, 5)];

test("cumulate: running totals of a period, by end then key, late only for the windows that closed", () => {
  const e = cumulate();
  assert.deepEqual(e.windowsFor(200), [{ start: 0, end: 1_000 }, { start: 0, end: 2_000 }, { start: 0, end: 3_000 }]);
  assert.deepEqual(e.windowsFor(2_500), [{ start: 0, end: 3_000 }], "only the windows ending after 2500");
  assert.deepEqual(e.windowsFor(-1), [{ start: -3_000, end: 0 }], "floor: -1 is in the period [-3000, 0)");
  assert.equal(e.push(STREAM[0]), "assigned"); // W = -300
  assert.equal(e.push(STREAM[1]), "assigned"); // W = 1000: [0,1000) fires
  assert.deepEqual(brief(e.drain()), [[1, 0, 1_000, 1, 2, 2, 2, "on-time"]]);
  assert.equal(e.push(STREAM[2]), "assigned"); // W = 1200
  assert.equal(e.push(STREAM[3]), "assigned"); // W = 2100: the end 2000 for both keys
  assert.deepEqual(brief(e.drain()), [
    [1, 0, 2_000, 2, 6, 2, 4, "on-time"],
    [2, 0, 2_000, 1, 10, 10, 10, "on-time"],
  ]);
  // 400 < W = 2100: dropped for [0,1000) and [0,2000) (L = 0), taken by
  // [0,3000), which is still open: assigned, nothing late.
  assert.equal(e.push(STREAM[4]), "assigned");
  assert.deepEqual(e.drain(), []);
  assert.equal(e.stats().droppedFromWindows, 2);
  e.flush();
  assert.deepEqual(brief(e.drain()), [
    [1, 0, 3_000, 3, 7, 1, 4, "on-time"],
    [2, 0, 3_000, 2, 15, 5, 10, "on-time"],
  ]);
  assert.deepEqual(e.drainLate(), []);
  const s = e.stats();
  assert.deepEqual([s.eventsIn, s.assigned, s.firedOnTime, s.firedLate], [5, 5, 5, 0]);
});

test("cumulate: an offset moves the periods; a late event refires every fired window it joins", () => {
  const e = new StreamEngine({ window: { type: "cumulate", step: 10, size: 30, offset: 5 }, allowedLateness: 20 });
  // Periods [-25, 5), [5, 35).
  assert.deepEqual(e.windowsFor(4), [{ start: -25, end: 5 }]);
  e.push(ev(1, 6, 1));
  e.push(ev(1, 30, 2)); // W = 30: [5,15), [5,25) fire with the 6
  assert.deepEqual(brief(e.drain()), [[1, 5, 15, 1, 1, 1, 1, "on-time"], [1, 5, 25, 1, 1, 1, 1, "on-time"]]);
  // 7 joins [5,15), [5,25) (15 + 20 > 30) and [5,35): two late firings.
  assert.equal(e.push(ev(1, 7, 4)), "late-accepted");
  assert.deepEqual(brief(e.drain()), [[1, 5, 15, 2, 5, 1, 4, "late"], [1, 5, 25, 2, 5, 1, 4, "late"]]);
});

test("cumulate config errors name window.step or window.size with the value", () => {
  const make = (window) => () => new StreamEngine({ window });
  throwsError(make({ type: "cumulate", step: 400, size: 1_000 }), "window.step = 400", "must divide window.size");
  throwsError(make({ type: "cumulate", size: 1_000 }), "window.step");
  throwsError(make({ type: "cumulate", step: 0, size: 1_000 }), "window.step = 0");
  throwsError(make({ type: "cumulate", step: 100, size: -1_000 }), "window.size = -1000");
  throwsError(make({ type: "cumulate", step: 100, size: 1.5 }), "window.size = 1.5");
  throwsError(make({ type: "cumulate", step: 100, size: 1_000, slide: 100 }), "window.slide");
  throwsError(make({ type: "hopping", size: 1_000 }), "window.type", "\"cumulate\"");
});

test("cumulate: pushBatch equals push, row for row", () => {
  const one = cumulate();
  const outcomes = STREAM.map((x) => one.push(x));
  one.flush();
  const batch = cumulate();
  const n = batch.pushBatch(
    Uint32Array.from(STREAM, (x) => x.key),
    Float64Array.from(STREAM, (x) => x.time),
    Float64Array.from(STREAM, (x) => x.value),
  );
  assert.equal(n, STREAM.length);
  batch.flush();
  assert.deepEqual(outcomes, ["assigned", "assigned", "assigned", "assigned", "assigned"]);
  const a = one.drain(), b = batch.drain();
  assert.equal(a.length, 5, "[0,1000) of key 1, [0,2000) and [0,3000) of both keys");
  assert.deepEqual(b, a);
  assert.deepEqual(batch.stats(), one.stats());
});

test("cumulate near 2^53: a time whose period ends past 2^53 is refused with the period", () => {
  const e = cumulate();
  // floor((2^53 - 1) / 3000) * 3000 = 9007199254740000; + 3000 is past 2^53.
  throwsError(() => e.push(ev(1, 2 ** 53 - 1, 1)), "time = 9007199254740991",
    "falls in window [9007199254740000, 9007199254743000)");
  // The period before, [9007199254737000, 9007199254740000), fits.
  assert.equal(e.push(ev(1, 9_007_199_254_739_999, 1)), "assigned");
  assert.equal(e.stats().eventsIn, 1, "the refused event was not taken");
});

test("cumulate: openWindows lists each window of the period with its running totals; restore keeps them", () => {
  const e = new StreamEngine({ window: { type: "cumulate", step: 1_000, size: 3_000 }, allowedLateness: 1_000 });
  e.push(ev(1, 200, 2));
  e.push(ev(1, 1_500, 4)); // W = 1500: [0,1000) fired, kept until 1000 + 1000
  const want = [
    { key: 1, start: 0, end: 1_000, state: "fired", until: 2_000, count: 1, sum: 2, min: 2, max: 2, mean: 2, dropped: 0 },
    { key: 1, start: 0, end: 2_000, state: "open", count: 2, sum: 6, min: 2, max: 4, mean: 3, dropped: 0 },
    { key: 1, start: 0, end: 3_000, state: "open", count: 2, sum: 6, min: 2, max: 4, mean: 3, dropped: 0 },
  ];
  assert.deepEqual(e.openWindows(), want);
  const r = StreamEngine.restore(e.snapshot());
  assert.deepEqual(r.openWindows(), want);
  // 700 after the restore: late for the fired [0,1000) (1000 + 1000 > 1500).
  assert.equal(r.push(ev(1, 700, 8)), "late-accepted");
  // The snapshot holds the undrained on-time result too.
  assert.deepEqual(brief(r.drain()), [[1, 0, 1_000, 1, 2, 2, 2, "on-time"], [1, 0, 1_000, 2, 10, 2, 8, "late"]]);
});
