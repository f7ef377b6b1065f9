// The widgets' attribute parsing (www/widgets/units.js, plain JS, no wasm):
// durations in ms/s/min/h, sizes in decimal and binary units, shares, CSV.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDuration, parseBytes, parseDuration, parseEventsCsv, parseShare } from "../../www/widgets/units.js";

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
