// estimateMemory: the chapter's figures (SEMANTICS.md, "The memory model"),
// and formatBytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { estimateMemory, formatBytes, throwsError } from "./weir.mjs";

const GB = 1e9;
// The worked example: 10,000 sensors x 100 msg/s x 100 B, 16 GB instances.
const factory = (window, extra = {}) =>
  estimateMemory({ sensors: 10_000, messagesPerSecond: 100, messageBytes: 100, instanceBytes: 16 * GB, window, ...extra });
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test("the chapter's data rate: 1 M messages/s, 100 MB/s, 1 GB per 10 s window", () => {
  const e = factory({ type: "tumbling", size: 10_000 });
  assert.equal(e.messagesPerSecond, 10_000 * 100);
  assert.equal(e.bytesPerSecond, 10_000 * 100 * 100);
  assert.equal(e.windowLengthMs, 10_000);
  assert.equal(e.bytesPerWindow, 1e9, "N x r x b x S = 1e4 x 100 x 100 x 10");
  assert.equal(formatBytes(e.bytesPerWindow), "1 GB");
});

test("tumbling raw buffering holds 2 windows (2 GB); the quick estimate counts one (10 MB)", () => {
  const e = factory({ type: "tumbling", size: 10_000 });
  assert.deepEqual([e.rawWindowsHeld, e.rawBufferBytes, e.overlapFactor], [2, 2e9, 1]);
  assert.equal(e.smallestFittingSlide, null);
  // 2 x 1e5 B/ms x S x 1.2 <= 0.5 x 16e9 -> S <= 33,333.3 ms
  assert.equal(e.largestFittingWindowMs, 33_333);
  const quick = estimateMemory({
    sensors: 1_000, messagesPerSecond: 10, messageBytes: 100, instanceBytes: 16 * GB,
    window: { type: "tumbling", size: 10_000 }, tumblingWindowsHeld: 1,
  });
  assert.equal(quick.rawBufferBytes, 1_000 * 10 * 100 * 10, "10 MB");
  assert.equal(formatBytes(quick.rawBufferBytes), "10 MB");
});

test("sliding 10 s / 1 s: 10 GB raw, 62.5 % of 16 GB, 75 % with 20 % overhead, 2 instances", () => {
  const e = factory({ type: "sliding", size: 10_000, slide: 1_000 });
  assert.equal(e.overlapFactor, 10);
  assert.equal(e.rawBufferBytes, 10 * GB);
  const f = e.rawFit;
  assert.equal(f.stateBytes, 10 * GB);
  assert.equal(f.utilizationRaw, 10 / 16);
  assert.ok(close(f.requiredBytes, 12 * GB));
  assert.ok(close(f.utilizationWithOverhead, 0.75));
  assert.equal(f.fits, false, "75 % is over the 50 % target");
  assert.equal(f.instancesNeeded, 2, "ceil(12 GB / (0.5 x 16 GB))");
  // smallest slide that fits one instance: 10/s x 1 GB x 1.2 <= 8 GB -> s >= 1.5 s
  assert.equal(e.smallestFittingSlide.slideMs, 1_500);
  assert.ok(close(e.smallestFittingSlide.fit.utilizationWithOverhead, 0.5));
  assert.equal(e.smallestFittingSlide.fit.fits, true);
  // among slides dividing 10 s: 2 s, 5 GB raw, 6 GB with overhead, 37.5 %
  const d = e.smallestFittingDividingSlide;
  assert.deepEqual([d.slideMs, d.overlapFactor, d.fit.stateBytes], [2_000, 5, 5 * GB]);
  assert.ok(close(d.fit.requiredBytes, 6 * GB));
  assert.ok(close(d.fit.utilizationWithOverhead, 0.375));
  // quick estimate with 10,000 sensors: 1 GB sliding
  const quick = factory({ type: "sliding", size: 10_000, slide: 1_000 }, { messagesPerSecond: 10 });
  assert.equal(quick.rawBufferBytes, 10_000 * 10 * 100 * 10 * 10);
  assert.equal(formatBytes(quick.rawBufferBytes), "1 GB");
  // The note is data (the widget words it): 10 slices of 1 s, as many as the 10 windows.
  assert.deepEqual([e.note.kind, e.note.slicesPerKey, e.note.openWindowsPerKey, e.note.overlapFactor, e.note.rawBytes, e.note.sampling],
    ["sliding", 10, 10, 10, 10 * GB, false]);
});

test("incremental aggregates: 10,000 sensors x one 5-min window x 20 KB = 200 MB; 10 s / 3 s keeps 10 slices vs 4 windows", () => {
  const e = factory({ type: "tumbling", size: 300_000 }, { stateBytesPerKey: 20_000, tumblingWindowsHeld: 1 });
  assert.equal(e.openWindowsPerKey, 1);
  assert.equal(e.perWindowAggregateBytes, 10_000 * 20_000);
  assert.equal(formatBytes(e.perWindowAggregateBytes), "200 MB");
  assert.equal(e.perWindowFit.fits, true);
  const odd = factory({ type: "sliding", size: 10_000, slide: 3_000 }, { stateBytesPerKey: 100 });
  assert.equal(odd.openWindowsPerKey, 4, "ceil(10 / 3)");
  assert.equal(odd.slicesPerKey, 10, "10 s / gcd(10 s, 3 s)");
  assert.equal(odd.perWindowAggregateBytes, 4 * 10_000 * 100);
  assert.equal(odd.slicedAggregateBytes, 10 * 10_000 * 100);
});

test("sessions: raw = N x r x b x expected length", () => {
  const e = factory({ type: "session", gap: 30_000 }, { sessionLengthMs: 120_000 });
  assert.equal(e.rawBufferBytes, 1e8 * 120, "12 GB");
  assert.equal(e.largestFittingWindowMs, 66_666, "0.5 x 16 GB / 1.2 / 1e5 B/ms");
  throwsError(() => factory({ type: "session", gap: 30_000 }), "sessionLengthMs");
});

test("estimateMemory errors name the field", () => {
  const ok = { sensors: 1, messagesPerSecond: 1, messageBytes: 1, instanceBytes: 1, window: { type: "tumbling", size: 1 } };
  const cases = [
    [{ ...ok, sensors: -1 }, "sensors = -1"],
    [{ ...ok, sensors: 0.5 }, "sensors = 0.5"],
    [{ ...ok, messagesPerSecond: NaN }, "messagesPerSecond = NaN"],
    [{ ...ok, messageBytes: "100" }, 'messageBytes = "100"'],
    [{ ...ok, instanceBytes: Infinity }, "instanceBytes = Infinity"],
    [{ ...ok, stateOverhead: -0.1 }, "stateOverhead = -0.1"],
    [{ ...ok, targetUtilization: 0 }, "targetUtilization = 0"],
    [{ ...ok, tumblingWindowsHeld: 0 }, "tumblingWindowsHeld = 0"],
    [{ ...ok, window: { type: "sliding", size: 10, slide: 0 } }, "window.slide = 0"],
    [{ ...ok, colour: 1 }, "colour = 1", "unknown field"],
    [{ ...ok, sensors: undefined }, "sensors = undefined"],
    [undefined, "params = undefined"],
  ];
  for (const [bad, ...needles] of cases) throwsError(() => estimateMemory(bad), ...needles);
});

test("formatBytes: base 10 by default, base 2 on request, 3 significant digits", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(999), "999 B");
  assert.equal(formatBytes(1_000), "1 KB");
  assert.equal(formatBytes(1e9), "1 GB");
  assert.equal(formatBytes(1e9, { base: 10 }), "1 GB");
  assert.equal(formatBytes(1_234_567), "1.23 MB");
  assert.equal(formatBytes(999_960), "1 MB", "rounds up into the next unit");
  assert.equal(formatBytes(2 ** 30, { base: 2 }), "1 GiB");
  assert.equal(formatBytes(1e9, { base: 2 }), "954 MiB", "1e9 / 2^20 = 953.67");
  assert.equal(formatBytes(1_536, { base: 2 }), "1.5 KiB");
  assert.equal(formatBytes(1e18), "1000 PB");
  for (const bad of [NaN, Infinity, -1]) throwsError(() => formatBytes(bad), "bytes = ");
  throwsError(() => formatBytes(1, { base: 16 }), "options.base = 16", "10 or 2");
  throwsError(() => formatBytes(1, { base: "2" }), 'options.base = "2"');
});

test("the quick estimate: 10 MB tumbling vs 100 MB sliding for 1,000 sensors at 10 Hz; 100 MB vs 1 GB for 10,000; 10 s by 2 s costs 5x", () => {
  const quick = (sensors, window) =>
    estimateMemory({ sensors, messagesPerSecond: 10, messageBytes: 100, instanceBytes: 16 * GB, window, tumblingWindowsHeld: 1 });
  const tumbling = { type: "tumbling", size: 10_000 };
  const sliding = { type: "sliding", size: 10_000, slide: 1_000 };
  assert.equal(quick(1_000, tumbling).rawBufferBytes, 10e6);
  assert.equal(quick(1_000, sliding).rawBufferBytes, 100e6);
  assert.equal(quick(10_000, tumbling).rawBufferBytes, 100e6);
  assert.equal(quick(10_000, sliding).rawBufferBytes, 1e9);
  assert.deepEqual(
    [formatBytes(quick(1_000, tumbling).rawBufferBytes), formatBytes(quick(1_000, sliding).rawBufferBytes)],
    ["10 MB", "100 MB"],
  );
  const by2 = quick(10_000, { type: "sliding", size: 10_000, slide: 2_000 });
  assert.equal(by2.overlapFactor, 5);
  assert.equal(by2.rawBufferBytes / quick(10_000, tumbling).rawBufferBytes, 5);
});
