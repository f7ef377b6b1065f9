// The factory benchmark: <weir-factory> in headless Chromium (playwright-core,
// /usr/bin/chromium, the e2e tests' flags) for a fixed stretch of wall time,
// at the chapter's 10,000 sensors x 100 Hz unless told otherwise. Reports,
// never asserts on wall time:
//   sustained events/s  events pushed through both engines per wall second,
//                       after a warm-up, against the offered rate;
//   emission latency    watermark passing a window's end (the pushBatch that
//                       fired it returns in its worker) -> the result's
//                       message handled on the main thread, p50 / p99;
//   alert latency       same start -> the alert in the DOM (next frame), and
//                       anomaly start -> end of the window that flagged it
//                       (event time);
//   long tasks          main-thread PerformanceObserver('longtask');
//   worker busy         each worker's (tumbling + source, sliding) share of
//                       wall time spent working; the busier one limits;
//   memory              peak wasm memory of each worker, engines' state bytes.
//
//   node bench/factory/run.mjs [--sensors 10000] [--rate 100] [--seconds 30]
//        [--warmup 5] [--anomalies 6] [--speed 1] [--json out.json]
// --speed above 1 offers more than the machine can take, so the sustained
// rate measures capacity (the headroom) rather than the offered rate.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { WWW, guardedPage, launchBrowser } from "../../tests/e2e/helpers.mjs";
import { pageWith, serve } from "../../tests/e2e/widget-helpers.mjs";

const { values: o } = parseArgs({
  options: {
    sensors: { type: "string", default: "10000" }, rate: { type: "string", default: "100" },
    seconds: { type: "string", default: "30" }, warmup: { type: "string", default: "5" },
    anomalies: { type: "string", default: "6" }, speed: { type: "string", default: "1" }, json: { type: "string" },
  },
});
const sensors = Number(o.sensors), rateHz = Number(o.rate), seconds = Number(o.seconds), warmup = Number(o.warmup);
const speed = Number(o.speed);
const durationS = Math.max((seconds + 30) * speed, 120);

const site = await serve(WWW, {
  pages: {
    "/bench-factory.html": pageWith(`<script>
      window.__longtasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration }); })
        .observe({ type: "longtask", buffered: true });
    </script>
    <weir-factory id="f" sensors="${sensors}" rate="${rateHz}" duration="${durationS}s" speed="${speed}" anomalies="${o.anomalies}" seed="7"></weir-factory>`),
  },
});
const browser = await launchBrowser();
const { page, problems } = await guardedPage(browser, { viewport: { width: 1280, height: 900 } });
await page.goto(`${site.url}bench-factory.html`);
await page.waitForFunction(() => document.getElementById("f")?.dataset.state === "ready");
const snap = () => page.evaluate(() => {
  const f = document.getElementById("f");
  const m = f.metrics();
  return { maxRenderMs: m.maxRenderMs, t: performance.now(), status: m.status, alerts: m.alerts, emission: m.emission, alertWall: m.alertWall, longtasks: window.__longtasks.slice(), error: m.error };
});
await page.evaluate(() => document.getElementById("f").start());
await page.waitForTimeout(warmup * 1000);
const a = await snap();
await page.waitForTimeout(seconds * 1000);
const b = await snap();
await page.evaluate(() => document.getElementById("f").stop());
await browser.close();
await site.close();

const pct = (xs, p) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : null;
};
const wall = (b.status.elapsedMs - a.status.elapsedMs) / 1000;
const pushed = b.status.totals.pushed - a.status.totals.pushed;
const lt = b.longtasks.filter((x) => x.start >= a.t); // during the measured stretch
const ltLoad = b.longtasks.filter((x) => x.start < a.t);
const anomalyAlerts = b.alerts.filter((x) => x.kind === "anomaly");
const report = {
  offered: sensors * rateHz * speed,
  sensors, rateHz, speed, seconds: wall,
  sustainedEventsPerSecond: Math.round(pushed / wall),
  // The busier worker's share of wall time (what limits throughput), then each worker's.
  workerBusyShare: (b.status.totals.busyMs - a.status.totals.busyMs) / (wall * 1000),
  workerBusy: Object.fromEntries(Object.entries(b.status.workers).map(([k, w]) =>
    [k, (w.busyMs - a.status.workers[k].busyMs) / (wall * 1000)])),
  // Worker time per stage per million events, over the measured stretch: the bottleneck.
  workerMsPerMillionEvents: Object.fromEntries(Object.entries(b.status.workers).map(([k, w]) =>
    [k, Object.fromEntries(Object.keys(w.stageMs).map((s) =>
      [s, Math.round(((w.stageMs[s] - a.status.workers[k].stageMs[s]) / pushed) * 1e6)]))])),
  lagAtEnd: { events: b.status.lag.events, seconds: b.status.lag.seconds },
  dropped: b.status.totals.dropped,
  lagAlerts: b.status.lag.alerts,
  emissionMs: {
    tumbling: { p50: pct(b.emission.tumbling, 50), p99: pct(b.emission.tumbling, 99), n: b.emission.tumbling.length },
    sliding: { p50: pct(b.emission.sliding, 50), p99: pct(b.emission.sliding, 99), n: b.emission.sliding.length },
  },
  alertWallMs: { p50: pct(b.alertWall, 50), p99: pct(b.alertWall, 99), n: b.alertWall.length },
  detectionEventTimeMs: anomalyAlerts.map((x) => x.eventLatencyMs),
  anomalies: { injected: b.status.anomalies.length, detected: b.status.anomalies.filter((x) => x.alert >= 0).length, falseAlerts: anomalyAlerts.filter((x) => x.anomaly < 0).length },
  longTasksBeforeMeasuring: { count: ltLoad.length, ms: ltLoad.map((x) => Math.round(x.ms)) },
  maxRenderMs: b.maxRenderMs,
  longTasks: { list: lt.map((x) => [Math.round(x.start - a.t), Math.round(x.ms)]), count: lt.length, maxMs: lt.reduce((m, x) => Math.max(m, x.ms), 0), totalMs: lt.reduce((m, x) => m + x.ms, 0) },
  memory: {
    peakWasmBytes: b.status.memory.peakWasm, // summed over the workers
    peakWasmBytesPerWorker: Object.fromEntries(Object.entries(b.status.workers).map(([k, w]) => [k, w.memory.peakWasm])),
    tumblingStateBytes: b.status.tumbling.stateBytes,
    slidingStateBytes: b.status.sliding.stateBytes,
  },
  error: b.error,
  problems,
};
console.log(JSON.stringify(report, null, 2));
if (o.json) await writeFile(o.json, JSON.stringify(report, null, 2));
