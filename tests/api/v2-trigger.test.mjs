// Triggers and accumulation (SEMANTICS.md v2) through the JS API: config
// fields, the five firing kinds in results and drainColumns, the new stats
// counters, advanceProcessingTime in event time, and errors naming the field.
// Every expected row is worked by hand from the contract (comments show it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamEngine, throwsError } from "./weir.mjs";

const ev = (key, time, value, arrival) =>
  arrival === undefined ? { key, time, value } : { key, time, value, arrival };
/** [key, start, end, count, sum, firing, watermark] */
const rows = (rs) => rs.map((r) => [r.key, r.start, r.end, r.count, r.sum, r.firing, r.watermark]);
const tumbling = (size, extra) =>
  new StreamEngine({ window: { type: "tumbling", size }, watermark: { maxOutOfOrderness: 0 }, ...extra });

test("early count 1 with retracting: retract rows before each refinement, and in drainColumns", () => {
  const e = tumbling(1_000, { trigger: { mode: "watermark", early: { count: 1 } }, accumulation: "retracting" });
  for (const [t, v] of [[100, 1], [200, 2], [1_000, 4]]) e.push(ev(1, t, v));
  const c = e.drainColumns();
  // t=100: early (1, 1); t=200: retract (1, 1), early (2, 3); t=1000 joins
  // [1000,2000) against W=200: early (1, 4); then W=1000: retract (2, 3), on-time (2, 3).
  assert.deepEqual([...c.firing], [2, 4, 2, 2, 4, 0], "0 on-time, 1 late, 2 early, 3 final, 4 retract");
  assert.deepEqual([...c.start], [0, 0, 0, 1_000, 0, 0]);
  assert.deepEqual([...c.count], [1, 1, 2, 1, 2, 2]);
  assert.deepEqual([...c.sum], [1, 1, 3, 4, 3, 3]);
  assert.deepEqual([...c.watermark], [-Infinity, 100, 100, 200, 1_000, 1_000]);
  assert.deepEqual([...c.late], [0, 0, 0, 0, 0, 0], "late keeps its meaning: late firings only");
  e.flush();
  assert.deepEqual(rows(e.drain()), [
    [1, 1_000, 2_000, 1, 4, "retract", Infinity],
    [1, 1_000, 2_000, 1, 4, "on-time", Infinity],
  ]);
  const s = e.stats();
  assert.deepEqual([s.firedEarly, s.firedOnTime, s.firedLate, s.firedFinal, s.retractions], [3, 2, 0, 0, 3]);
});

test("every-event: early while W < end, late after, nothing at the end", () => {
  const e = tumbling(1_000, { allowedLateness: 1_000, trigger: { mode: "every-event" } });
  for (const [t, v] of [[100, 1], [1_500, 2], [200, 4]]) e.push(ev(1, t, v));
  const c = e.drainColumns();
  assert.deepEqual([...c.firing], [2, 2, 1]);
  assert.deepEqual([...c.late], [0, 0, 1]);
  assert.deepEqual([...c.count], [1, 1, 2], "t=200 is late for [0,1000) (W=1500): 2 events");
  e.flush();
  assert.deepEqual(e.drain(), []);
});

test("final mode: one firing at end + allowedLateness; late events only update", () => {
  const e = tumbling(1_000, { allowedLateness: 500, trigger: { mode: "final" } });
  for (const [t, v] of [[100, 1], [1_200, 2], [300, 4]]) e.push(ev(1, t, v));
  assert.deepEqual(e.drain(), [], "W=1200 passed the end 1000, but the window closes at 1500");
  e.push(ev(1, 1_500, 8));
  assert.deepEqual(rows(e.drain()), [[1, 0, 1_000, 2, 5, "final", 1_500]]);
  assert.equal(e.stats().firedFinal, 1);
});

test("discarding: each firing reports only what is new; nothing new, no row", () => {
  const e = tumbling(1_000, { trigger: { early: { count: 2 } }, accumulation: "discarding" });
  for (const [t, v] of [[100, 1], [200, 2], [1_000, 4]]) e.push(ev(1, t, v));
  // Early (2, 3) at W=100; at W=1000 [0,1000) has nothing new: no on-time row.
  assert.deepEqual(rows(e.drain()), [[1, 0, 1_000, 2, 3, "early", 100]]);
});

test("early processing time, with advanceProcessingTime in event time", () => {
  const e = tumbling(10_000, { trigger: { early: { processingTime: 1_000 } } });
  e.push(ev(1, 100, 1, 5_000)); // due at 6000
  e.advanceProcessingTime(5_999);
  assert.deepEqual(e.drain(), []);
  e.advanceProcessingTime(6_000);
  assert.deepEqual(rows(e.drain()), [[1, 0, 10_000, 1, 1, "early", 100]]);
  assert.equal(e.watermark, 100, "the processing clock does not move the watermark");
  e.flush(); // fires nothing by processing time: on time only
  assert.deepEqual(rows(e.drain()), [[1, 0, 10_000, 1, 1, "on-time", Infinity]]);
});

test("snapshot and restore keep the trigger state", () => {
  const e = tumbling(1_000, { trigger: { early: { count: 2 } }, accumulation: "retracting" });
  e.push(ev(1, 100, 1));
  const r = StreamEngine.restore(e.snapshot());
  r.push(ev(1, 200, 2));
  assert.deepEqual(rows(r.drain()), [[1, 0, 1_000, 2, 3, "early", 100]]);
});

test("bad trigger and accumulation settings name the field and the value", () => {
  const w = { type: "tumbling", size: 1_000 };
  const make = (extra) => () => new StreamEngine({ window: w, ...extra });
  let err = throwsError(make({ trigger: { mode: "eager" } }), "trigger.mode", "eager");
  assert.equal(err.field, "trigger.mode");
  err = throwsError(make({ accumulation: "summing" }), "accumulation", "summing");
  assert.equal(err.field, "accumulation");
  err = throwsError(make({ trigger: { early: { count: 0 } } }), "trigger.early.count");
  assert.equal(err.field, "trigger.early.count");
  err = throwsError(make({ trigger: { early: { count: 1.5 } } }), "trigger.early.count", "1.5");
  err = throwsError(make({ trigger: { early: { eventTime: -5 } } }), "trigger.early.eventTime", "-5");
  err = throwsError(make({ trigger: { mode: "final", early: { count: 3 } } }), "trigger.early");
  assert.equal(err.field, "trigger.early");
  err = throwsError(make({ trigger: { early: { count: 1, eventTime: 5 } } }), "trigger.early", "exactly one");
  err = throwsError(make({ trigger: { early: { every: 5 } } }), "trigger.early.every");
  err = throwsError(make({ trigger: { when: "now" } }), "trigger.when");
  err = throwsError(
    make({ timeDomain: "processing", accumulation: "discarding" }),
    "accumulation", "event time only",
  );
});
