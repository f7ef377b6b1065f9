// StreamEngine method by method, in event time and in processing time.
// Every expected value is computed by hand from SEMANTICS.md (the comments
// show the arithmetic); nothing is read back from the module to compare with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamEngine, brief, throwsError, tumbling } from "./weir.mjs";

const ev = (key, time, value, arrival) =>
  arrival === undefined ? { key, time, value } : { key, time, value, arrival };

test("tumbling: push outcomes, watermark, on-time firing, side output, drainLate, stats", () => {
  const e = tumbling(10_000, 2_000);
  assert.equal(e.watermark, -Infinity, "W = -inf before the first event");
  assert.equal(e.push(ev(1, 1_000, 20)), "assigned");
  assert.equal(e.watermark, -1_000, "W = 1000 - 2000");
  assert.equal(e.push(ev(1, 9_000, 22)), "assigned");
  assert.equal(e.push(ev(2, 11_000, 5)), "assigned");
  assert.equal(e.watermark, 9_000);
  assert.deepEqual(e.drain(), [], "W = 9000 < end 10000: nothing fired");
  // W = 12000 - 2000 = 10000 >= end of [0, 10000): key 1 fires on time.
  assert.equal(e.push(ev(2, 12_000, 7)), "assigned");
  assert.deepEqual(e.drain(), [{
    key: 1, start: 0, end: 10_000, count: 2, sum: 42, min: 20, max: 22, mean: 21,
    variance: 1, stddev: 1, firing: "on-time", watermark: 10_000,
  }], "mean 42/2 = 21; population variance ((20-21)^2 + (22-21)^2)/2 = 1");
  assert.deepEqual(e.drain(), [], "drain takes the results");
  let s = e.stats();
  assert.equal(s.eventTimeLag, 2_000, "max event time 12000 - W 10000");
  // 5000 + L(0) < W = 10000 and its only window ended: side output.
  assert.equal(e.push(ev(1, 5_000, 1.5)), "side-output");
  assert.deepEqual(e.drainLate(), [{ key: 1, time: 5_000, value: 1.5, watermark: 10_000 }]);
  assert.deepEqual(e.drainLate(), []);
  s = e.stats();
  assert.deepEqual(
    [s.eventsIn, s.assigned, s.lateAccepted, s.sideOutput, s.unassigned, s.droppedFromWindows],
    [5, 4, 0, 1, 0, 0],
    "droppedFromWindows counts only events that joined other windows",
  );
  assert.deepEqual([s.firedOnTime, s.firedLate, s.keys, s.openWindows, s.stateEntries], [1, 0, 1, 1, 1],
    "key 1's state was purged at W >= 10000 + 0; key 2 holds one slice, [10000, 20000)");
  assert.deepEqual([s.watermark, s.maxEventTime], [10_000, 12_000]);
  assert.ok(Number.isInteger(s.stateBytes) && s.stateBytes > 0, `stateBytes ${s.stateBytes}`);
  assert.deepEqual(Object.keys(s).sort(), [
    "assigned", "droppedFromWindows", "eventTimeLag", "eventsIn", "firedEarly", "firedFinal", "firedLate",
    "firedOnTime", "keys",
    "lateAccepted", "maxEventTime", "openWindows", "retractions", "sideOutput", "stateBytes", "stateEntries",
    "unassigned", "watermark",
  ]);

  e.advanceWatermark(15_000);
  assert.equal(e.watermark, 15_000);
  e.advanceWatermark(14_000);
  assert.equal(e.watermark, 15_000, "the watermark never moves back");
  assert.equal(e.stats().eventTimeLag, -3_000, "12000 - 15000: an advanced watermark is ahead of the data");
  assert.deepEqual(e.drain(), [], "[10000, 20000) ends after 15000");
  e.flush();
  assert.equal(e.watermark, Infinity);
  assert.deepEqual(e.drain(), [{
    key: 2, start: 10_000, end: 20_000, count: 2, sum: 12, min: 5, max: 7, mean: 6,
    variance: 1, stddev: 1, firing: "on-time", watermark: Infinity,
  }]);
  s = e.stats();
  assert.deepEqual([s.firedOnTime, s.keys, s.openWindows, s.eventTimeLag], [2, 0, 0, 0]);
  e.free();
});

test("advanceWatermark validates its argument and fires what is due", () => {
  const e = tumbling(1_000, 0);
  e.push(ev(7, 100, 1));
  for (const bad of [NaN, Infinity, -Infinity, 1.5, 2 ** 53 + 2]) {
    throwsError(() => e.advanceWatermark(bad), "watermark = ");
  }
  for (const [bad, shown] of [["5", '"5"'], [null, "null"], [undefined, "undefined"], [[], "an array"], [5n, "bigint"]]) {
    throwsError(() => e.advanceWatermark(bad), `watermark = ${shown}`, "whole number of ms");
  }
  e.advanceWatermark(-5);
  assert.equal(e.watermark, 100, "W = 100 already");
  e.advanceWatermark(1_000);
  assert.deepEqual(brief(e.drain()), [[7, 0, 1_000, 1, 1, 1, 1, "on-time"]]);
  // v2: the processing clock moves in event time too (it judges idle
  // sources); without an idle timeout the watermark stays.
  e.advanceProcessingTime(5_000);
  assert.equal(e.watermark, 1_000);
});

test("sliding with lateness: an event dropped from one window joins the next; open/fired/closed", () => {
  // size 10 s, slide 5 s, d = 0, L = 2 s. An event at t is in [s, s + 10000)
  // for s = 5000k with s <= t < s + 10000: two windows each.
  const e = new StreamEngine({
    window: { type: "sliding", size: 10_000, slide: 5_000 },
    allowedLateness: 2_000,
  });
  assert.deepEqual(e.windowsFor(3_000), [{ start: -5_000, end: 5_000 }, { start: 0, end: 10_000 }]);
  assert.equal(e.push(ev(1, 1_000, 1)), "assigned");
  assert.equal(e.push(ev(1, 6_000, 2)), "assigned"); // W = 6000 >= 5000
  assert.deepEqual(brief(e.drain()), [[1, -5_000, 5_000, 1, 1, 1, 1, "on-time"]]);
  assert.equal(e.push(ev(1, 8_000, 4)), "assigned"); // W = 8000 >= 5000 + 2000: [-5000, 5000) closes
  // t = 3000: [-5000, 5000) is past its lateness (7000 <= 8000): dropped
  // from it; [0, 10000) is open: assigned.
  assert.equal(e.push(ev(1, 3_000, 8)), "assigned");
  assert.equal(e.stats().droppedFromWindows, 1);
  assert.deepEqual(e.drainLate(), [], "it joined a window: not side output");
  e.advanceWatermark(10_500); // [0, 10000) fires: 1 + 2 + 4 + 8
  assert.deepEqual(brief(e.drain()), [[1, 0, 10_000, 4, 15, 1, 8, "on-time"]]);
  assert.deepEqual(e.openWindows(), [
    { key: 1, start: -5_000, end: 5_000, state: "closed", dropped: 1 },
    { key: 1, start: 0, end: 10_000, state: "fired", until: 12_000, count: 4, sum: 15, min: 1, max: 8, mean: 3.75, dropped: 0 },
    { key: 1, start: 5_000, end: 15_000, state: "open", count: 2, sum: 6, min: 2, max: 4, mean: 3, dropped: 0 },
  ]);
  // 9000: [0, 10000) ended (<= W 10500) but within lateness (< 12000):
  // accepted and fired again at once as late, totals accumulated.
  assert.equal(e.push(ev(1, 9_000, 16)), "late-accepted");
  assert.deepEqual(brief(e.drain()), [[1, 0, 10_000, 5, 31, 1, 16, "late"]]);
  const s = e.stats();
  assert.deepEqual([s.lateAccepted, s.firedLate, s.firedOnTime, s.assigned], [1, 1, 2, 4]);
  e.flush();
  // [5000, 15000) holds 6000, 8000, 9000; no event lies in [10000, 20000)
  assert.deepEqual(brief(e.drain()), [[1, 5_000, 15_000, 3, 22, 2, 16, "on-time"]]);
});

test("windowsFor: tumbling with offset, negative times, sliding with gaps, sessions", () => {
  const t = new StreamEngine({ window: { type: "tumbling", size: 10_000, offset: 2_500 } });
  // floor((-1 - 2500) / 10000) * 10000 + 2500 = -10000 + 2500
  assert.deepEqual(t.windowsFor(-1), [{ start: -7_500, end: 2_500 }]);
  assert.deepEqual(t.windowsFor(2_500), [{ start: 2_500, end: 12_500 }]);
  const gaps = new StreamEngine({ window: { type: "sliding", size: 1_000, slide: 5_000 } });
  assert.deepEqual(gaps.windowsFor(2_000), [], "between sampled windows");
  assert.deepEqual(gaps.windowsFor(5_500), [{ start: 5_000, end: 6_000 }]);
  // 10 s / 3 s: floor(10/3) = 3 or ceil = 4 windows
  const odd = new StreamEngine({ window: { type: "sliding", size: 10_000, slide: 3_000 } });
  assert.deepEqual(odd.windowsFor(0), [
    { start: -9_000, end: 1_000 }, { start: -6_000, end: 4_000 }, { start: -3_000, end: 7_000 }, { start: 0, end: 10_000 },
  ]);
  assert.equal(odd.windowsFor(1_000).length, 3, "s in {-6000, -3000, 0}");
  const g = new StreamEngine({ window: { type: "session", gap: 1_000 } });
  assert.deepEqual(g.windowsFor(5), [{ start: 5, end: 1_005 }]);
  throwsError(() => g.windowsFor(NaN), "time = NaN");
  throwsError(() => g.windowsFor(0.5), "time = 0.5");
});

test("sliding with slide > size: events between windows are unassigned, or side output when late", () => {
  const e = new StreamEngine({ window: { type: "sliding", size: 1_000, slide: 5_000 } });
  assert.equal(e.push(ev(1, 10_500, 1)), "assigned");
  assert.equal(e.push(ev(1, 12_000, 1)), "unassigned", "not late by its own time (12000 >= W)");
  assert.equal(e.push(ev(1, 3_000, 1)), "side-output", "3000 < W = 12000");
  assert.deepEqual(e.drainLate(), [{ key: 1, time: 3_000, value: 1, watermark: 12_000 }]);
  assert.deepEqual([e.stats().unassigned, e.stats().sideOutput], [1, 1]);
});

test("sessions: merge, late session, late merge of fired sessions", () => {
  const e = new StreamEngine({ window: { type: "session", gap: 1_000 }, allowedLateness: 10_000 });
  e.push(ev(1, 0, 1));
  e.push(ev(1, 2_500, 2)); // W = 2500 >= 1000: [0, 1000) fires
  assert.deepEqual(brief(e.drain()), [[1, 0, 1_000, 1, 1, 1, 1, "on-time"]]);
  // [1200, 2200) touches neither [0, 1000) nor [2500, 3500); it ended
  // (2200 <= W) within lateness: a late firing of a session that never fired.
  assert.equal(e.push(ev(1, 1_200, 4)), "late-accepted");
  assert.deepEqual(brief(e.drain()), [[1, 1_200, 2_200, 1, 4, 4, 4, "late"]]);
  // [1900, 2900) bridges [1200, 2200) and [2500, 3500): [1200, 3500), open
  assert.equal(e.push(ev(1, 1_900, 8)), "assigned");
  // [900, 1900) touches [0, 1000) and [1200, 3500): one session [0, 3500)
  assert.equal(e.push(ev(1, 900, 16)), "assigned");
  assert.deepEqual(e.openWindows(), [
    { key: 1, start: 0, end: 3_500, state: "open", count: 5, sum: 31, min: 1, max: 16, mean: 6.2, dropped: 0 },
  ]);
  e.flush();
  assert.deepEqual(brief(e.drain()), [[1, 0, 3_500, 5, 31, 1, 16, "on-time"]]);
  assert.deepEqual([e.stats().firedOnTime, e.stats().firedLate], [2, 1]);
});

test("results are ordered by end, then start, then key", () => {
  const e = new StreamEngine({ window: { type: "sliding", size: 2_000, slide: 1_000 } });
  for (const [k, t] of [[3, 500], [1, 500], [2, 1_500]]) e.push(ev(k, t, k));
  e.flush();
  assert.deepEqual(e.drain().map((r) => [r.end, r.start, r.key]), [
    [1_000, -1_000, 1], [1_000, -1_000, 3],
    [2_000, 0, 1], [2_000, 0, 2], [2_000, 0, 3],
    [3_000, 1_000, 2],
  ]);
});

test("processing time: windows by arrival, fired by the arrival clock, nothing late", () => {
  const e = new StreamEngine({ window: { type: "tumbling", size: 10_000 }, timeDomain: "processing" });
  assert.equal(e.push(ev(1, 50_000, 1, 1_000)), "assigned", "arrival 1000: window [0, 10000)");
  assert.equal(e.watermark, 1_000, "the processing clock is the latest arrival");
  assert.equal(e.push(ev(1, 0, 2, 9_000)), "assigned");
  throwsError(() => e.push(ev(1, 0, 2)), "arrival", "processing");
  assert.equal(e.stats().eventsIn, 2, "the event without arrival was not accepted");
  assert.equal(e.push(ev(2, 1, 4, 12_000)), "assigned"); // clock 12000 >= 10000
  assert.deepEqual(brief(e.drain()), [[1, 0, 10_000, 2, 3, 1, 2, "on-time"]]);
  // arrival 5000 is behind the clock: it is seen at 12000, so [10000, 20000)
  assert.equal(e.push(ev(2, 1, 8, 5_000)), "assigned");
  assert.equal(e.watermark, 12_000);
  throwsError(() => e.advanceWatermark(20_000), "timeDomain", "advanceProcessingTime");
  throwsError(() => e.advanceProcessingTime(NaN), "processingTime = NaN");
  e.advanceProcessingTime(20_000);
  assert.deepEqual(brief(e.drain()), [[2, 10_000, 20_000, 2, 12, 4, 8, "on-time"]]);
  assert.deepEqual(e.drainLate(), []);
  const s = e.stats();
  assert.deepEqual([s.eventsIn, s.sideOutput, s.lateAccepted, s.watermark], [4, 0, 0, 20_000]);
  e.flush();
  throwsError(() => e.push(ev(1, 0, 1, 30_000)), "arrival", "flush");
});

test("processing time in pushBatch: a missing arrivals column accepts no row", () => {
  const e = new StreamEngine({ window: { type: "tumbling", size: 10_000 }, timeDomain: "processing" });
  const keys = Uint32Array.of(1, 1), times = Float64Array.of(0, 1), values = Float64Array.of(1, 2);
  throwsError(() => e.pushBatch(keys, times, values), "row 0", "arrival", "no row was accepted");
  assert.equal(e.stats().eventsIn, 0);
  assert.equal(e.pushBatch(keys, times, values, Float64Array.of(100, 200)), 2);
  e.flush();
  assert.deepEqual(brief(e.drain()), [[1, 0, 10_000, 2, 3, 1, 2, "on-time"]]);
});

test("a rejected push names the field and changes nothing", () => {
  const e = tumbling(10_000, 0);
  e.push(ev(1, 1_000, 1));
  const cases = [
    [{ key: 1, time: NaN, value: 1 }, "time = NaN"],
    [{ key: 1, time: 2 ** 53 + 2, value: 1 }, "time = 9007199254740994"],
    [{ key: 1, time: 1, value: Infinity }, "value = Infinity"],
    [{ key: 1, time: 1, value: -Infinity }, "value = -Infinity"],
    [{ key: 1.5, time: 1, value: 1 }, "key = 1.5"],
    [{ key: "1", time: 1, value: 1 }, 'key = "1"'],
    [{ key: 1, time: 1n, value: 1 }, "time = bigint"],
    [{ key: 1, time: 1, value: null }, "value = null"],
    [{ key: 1, time: 1 }, "value = undefined"],
    [{ key: 1, time: 1, value: 1, extra: true }, "extra = true", "unknown field"],
    [{ key: 1, time: 1, value: 1, arrival: -Infinity }, "arrival = -Infinity"],
    [[1, 1, 1], "event = an array"],
    [null, "event = null"],
    [undefined, "event = undefined"],
    ["{}", "event = "],
  ];
  for (const [bad, ...needles] of cases) throwsError(() => e.push(bad), ...needles);
  assert.equal(e.stats().eventsIn, 1);
  assert.equal(e.watermark, 1_000);
  assert.equal(e.push({ key: 1, time: -0, value: -0 }), "assigned", "-0 is a whole number");
  // Fields read through a prototype still count own keys as the fields.
  class Reading {
    constructor() { this.k = 1; }
    get key() { return this.k; }
    get time() { return 5; }
    get value() { return 1; }
  }
  throwsError(() => e.push(new Reading()), "k = 1", "unknown field");
  assert.equal(e.push(Object.assign(Object.create({ unused: 1 }), { key: 1, time: 6, value: 0, arrival: undefined })),
    "assigned", "an undefined arrival is no arrival");
  e.push({ time: 7, value: 0, key: 2 }); // any key order
  assert.equal(e.stats().eventsIn, 4);
  e.flush();
  // min of 1, -0 and 0 is a zero (its sign is not specified): + 0 folds it
  const out = brief(e.drain()).map((r) => r.map((x) => (typeof x === "number" ? x + 0 : x)));
  assert.deepEqual(out, [[1, 0, 10_000, 3, 1, 0, 1, "on-time"], [2, 0, 10_000, 1, 0, 0, 0, "on-time"]]);
});

test("bad configs name the field", () => {
  const cases = [
    [{ window: { type: "tumbling" } }, "window.size = undefined"],
    [{ window: { type: "tumbling", size: 0 } }, "window.size = 0"],
    [{ window: { type: "sliding", size: 10 } }, "window.slide = undefined"],
    [{ window: { type: "session", gap: -1 } }, "window.gap = -1"],
    [{ window: { type: "tumbling", size: 10 }, timeDomain: "wall" }, 'timeDomain = "wall"'],
    [{ window: { type: "tumbling", size: 10 }, allowedLateness: -1 }, "allowedLateness = -1"],
    [{ window: { type: "tumbling", size: 10 }, limits: { maxKeys: 0 } }, "limits.maxKeys = 0"],
    [{ window: { type: "tumbling", size: 10 }, limits: { maxKeys: 1.5 } }, "limits.maxKeys = 1.5"],
    [{ window: { type: "tumbling", size: 10 }, limits: { keys: 3 } }, "limits.keys = 3", "unknown field"],
    [{ window: { type: "tumbling", size: 10 }, watermark: 5 }, "watermark = 5"],
    [{ window: "tumbling" }, 'window = "tumbling"'],
    [{}, "window = undefined"],
    [undefined, "config = undefined"],
  ];
  for (const [bad, ...needles] of cases) throwsError(() => new StreamEngine(bad), ...needles);
});

test("memory bound: limits.maxKeys 10 and an 11th key throws naming maxKeys, nothing accepted is lost", () => {
  const e = tumbling(10_000, 0, { limits: { maxKeys: 10 } });
  for (let k = 0; k < 10; k++) assert.equal(e.push(ev(k, 1_000 + k, k)), "assigned");
  throwsError(() => e.push(ev(10, 1_010, 10)), "maxKeys = 10", "key 10", "was not accepted");
  assert.equal(e.push(ev(3, 1_020, 100)), "assigned", "a known key is still accepted");
  const s = e.stats();
  assert.deepEqual([s.eventsIn, s.keys], [11, 10]);
  e.flush();
  const out = brief(e.drain());
  assert.equal(out.length, 10);
  assert.deepEqual(out[3], [3, 0, 10_000, 2, 103, 3, 100, "on-time"]);
  assert.deepEqual(out.map((r) => r[0]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  const m = new StreamEngine({
    window: { type: "session", gap: 10 }, watermark: { maxOutOfOrderness: 1_000 }, limits: { maxStateEntries: 2 },
  });
  m.push(ev(1, 0, 1));
  m.push(ev(1, 100, 1));
  throwsError(() => m.push(ev(2, 50, 1)), "maxStateEntries = 2");
  assert.equal(m.push(ev(1, 105, 1)), "assigned", "extends a session: no new state entry");
});
