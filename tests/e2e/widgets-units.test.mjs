// The widgets' attribute parsing (www/widgets/units.js, plain JS, no wasm):
// durations in ms/s/min/h, sizes in decimal and binary units, shares, CSV.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fateWords, formatDuration, parseBytes, parseDuration, parseEventsCsv, parseShare } from "../../www/widgets/units.js";

test("durations: ms, s, min, h; a bare number is ms", () => {
  assert.equal(parseDuration("10s"), 10_000);
  assert.equal(parseDuration("1.5 s"), 1_500);
  assert.equal(parseDuration("1min"), 60_000);
  assert.equal(parseDuration("2h"), 7_200_000);
  assert.equal(parseDuration("1999ms"), 1_999);
  assert.equal(parseDuration("250"), 250);
  assert.throws(() => parseDuration("10 parsecs"), /duration "10 parsecs"/);
  assert.equal(formatDuration(1_500), "1.5 s");
  assert.equal(formatDuration(60_000), "1 min");
  assert.equal(formatDuration(889), "889 ms");
});

test("sizes: KB/MB/GB are 10^3/10^6/10^9, KiB/MiB/GiB 2^10/2^20/2^30", () => {
  assert.equal(parseBytes("16GB"), 16e9);
  assert.equal(parseBytes("100 MB"), 1e8);
  assert.equal(parseBytes("1KB"), 1000);
  assert.equal(parseBytes("1KiB"), 1024);
  assert.equal(parseBytes("1.5GiB"), 1.5 * 2 ** 30);
  assert.equal(parseBytes("100"), 100);
  assert.throws(() => parseBytes("16 GQ"));
});

test("shares: 20% and 0.2 are the same", () => {
  assert.equal(parseShare("20%"), 0.2);
  assert.equal(parseShare("0.2"), 0.2);
  assert.equal(parseShare("50"), 0.5);
});

test("CSV: header skipped, optional arrival column", () => {
  assert.deepEqual(parseEventsCsv("key,time_ms,value\n1,500,2.5\n2,700,3,900\n"), [
    { key: 1, time: 500, value: 2.5 }, { key: 2, time: 700, value: 3, arrival: 900 },
  ]);
  assert.throws(() => parseEventsCsv("key,time_ms,value\n1,x,2\n"), /line 2/);
});

test("fates: the engine's outcome names in the words the widgets show", () => {
  assert.equal(fateWords("assigned"), "on time");
  assert.equal(fateWords("late-accepted"), "late, accepted");
  assert.equal(fateWords("side-output"), "too late: side output");
  assert.equal(fateWords("unassigned"), "in no window");
  // A name without words (a future outcome) is shown rather than hidden.
  assert.equal(fateWords("retracted"), "retracted");
});

// www/widgets/attrs.js: every widget reads its attributes through these.
const el = (attrs) => ({ getAttribute: (n) => (n in attrs ? attrs[n] : null) });

test("attributes: each kind parsed with its range; absent or empty gives the default", async () => {
  const { bytes, count, duration, number, oneOf, readAttrs, share } = await import("../../www/widgets/attrs.js");
  const specs = {
    window: duration(10_000, { min: 1000, max: 60_000 }), sensors: count(3, { min: 1, max: 10_000 }),
    rate: number(2, { min: 0.2, max: 10, unit: "Hz" }), memory: bytes(16e9, { min: 1e8, max: 1.024e12 }),
    overhead: share(0.2), units: oneOf(["decimal", "binary"], "decimal"),
  };
  assert.deepEqual(readAttrs(el({ window: "2s", sensors: "500", rate: "0.5", memory: "4GiB", overhead: "30%", units: "binary" }), specs),
    { window: 2000, sensors: 500, rate: 0.5, memory: 4 * 2 ** 30, overhead: 0.3, units: "binary" });
  assert.deepEqual(readAttrs(el({ window: "", sensors: " " }), specs),
    { window: 10_000, sensors: 3, rate: 2, memory: 16e9, overhead: 0.2, units: "decimal" });
  assert.equal(readAttrs(el({ window: "500ms" }), { window: duration(0, { max: 1000 }) }).window, 500);
});

test("attributes: a bad value throws one error naming every bad attribute, its value and what is expected", async () => {
  const { count, duration, number, oneOf, readAttrs } = await import("../../www/widgets/attrs.js");
  const specs = {
    sensors: count(1000, { min: 1, max: 10_000 }), rate: number(10, { min: 1, max: 100, unit: "Hz" }),
    duration: duration(300_000, { min: 1000, max: 86_400_000 }), goal: oneOf(["report", "trend", "bursts"], null),
  };
  assert.throws(() => readAttrs(el({ sensors: "-5", rate: "fast" }), specs), (err) => {
    assert.equal(err.message, 'sensors="-5": expected a whole number from 1 to 10,000; rate="fast": expected a number from 1 Hz to 100 Hz');
    assert.deepEqual(err.attributes, ["sensors", "rate"]);
    return true;
  });
  assert.throws(() => readAttrs(el({ duration: "abc" }), specs), /^Error: duration="abc": expected a duration such as "2s" or "500ms" from 1 s to 24 h$/);
  assert.throws(() => readAttrs(el({ sensors: "2.5" }), specs), /sensors="2.5": expected a whole number/);
  assert.throws(() => readAttrs(el({ rate: "50x" }), specs), /rate="50x"/);
  assert.throws(() => readAttrs(el({ rate: "Infinity" }), specs), /rate="Infinity"/);
  assert.throws(() => readAttrs(el({ goal: "fast" }), specs), /goal="fast": expected one of report, trend, bursts/);
});
