// <weir-factory>: the smart-factory pipeline in a module worker. Small
// rates, played faster than real time (speed), so each run takes seconds.
// Checks: every injected anomaly (outside the baseline's warm-up) raises an
// alert naming its sensor and window, an anomaly-free stream raises none;
// lag and its alert appear when the offered rate exceeds what the worker
// processes (forced with the max-per-tick test hook), and drops are counted;
// checkpoint + restore loses nothing (same results as an uninterrupted run);
// stop really stops both workers; gateways (sources): a silenced gateway
// stalls the watermark and the stall alert and lag panel name it, and with
// an idle timeout it goes idle and the reports go on; the widget works
// embedded from another origin (dist/ with CORS). No console errors, no
// off-machine requests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WWW, guardedPage, launchBrowser } from "./helpers.mjs";
import { pageWith, serve } from "./widget-helpers.mjs";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
let site, cdn, host, browser;

const factory = (attrs) => `<weir-factory id="f" ${attrs}></weir-factory>`;

before(async () => {
  site = await serve(WWW, {
    pages: {
      "/anomalies.html": pageWith(factory('sensors="200" rate="10" duration="90s" speed="30" anomalies="4" seed="11"')),
      "/clean.html": pageWith(factory('sensors="200" rate="10" duration="60s" speed="30" anomalies="0" seed="11"')),
      "/lag.html": pageWith(factory('sensors="1000" rate="10" duration="600s" speed="10" anomalies="0" max-per-tick="500" lag-events="10000" lag-seconds="60" lag-cap="30s"')),
      "/restore.html": pageWith(factory('sensors="300" rate="10" duration="60s" speed="20" anomalies="2" seed="5"')),
      "/stop.html": pageWith(factory('sensors="100" rate="10" duration="600s" speed="1"')),
      // Four gateways, gateway 2 silent from 10 s to 70 s of arrival time: without an idle timeout W stalls
      // (the stall alert names gateway 2); with one of 5 s, gateway 2 goes idle and windows go on firing.
      "/quiet.html": pageWith(factory('sensors="200" rate="10" duration="90s" speed="20" anomalies="0" seed="11" sources="4" silence="2" silence-from="10s" silence-to="70s"')),
      "/idle.html": pageWith(factory('sensors="200" rate="10" duration="90s" speed="20" anomalies="0" seed="11" sources="4" silence="2" silence-from="10s" silence-to="70s" idle-timeout="5s" stall-seconds="8"')),
      "/bad-gw.html": pageWith(factory('sources="4" silence="4"')),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all([site?.close(), cdn?.close(), host?.close()]);
});

async function open(path, origin = site.url) {
  const g = await guardedPage(browser, { viewport: { width: 1280, height: 900 } });
  await g.page.goto(`${origin}${path}`);
  await g.page.waitForFunction(() => document.getElementById("f")?.dataset.state === "ready");
  return g;
}

const start = (page) => page.evaluate(() => document.getElementById("f").start());
async function metrics(page) {
  const m = await page.evaluate(() => document.getElementById("f").metrics());
  assert.equal(m.error, null, "the worker reported no error");
  return m;
}
const untilDone = (page, timeout = 30_000) =>
  page.waitForFunction(() => ["done", "error"].includes(document.getElementById("f").dataset.run) || document.getElementById("f").metrics().error, null, { timeout, polling: 100 });

test("every injected anomaly is detected, naming its sensor and window; no false alarms", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("anomalies.html");
  await start(page);
  await untilDone(page);
  const m = await metrics(page);
  const judged = m.status.anomalies.filter((a) => !a.warmup);
  assert.ok(judged.length >= 3, `at least three anomalies to find (got ${judged.length})`);
  for (const a of judged) assert.ok(a.alert >= 0, `anomaly on sensor ${a.key} at ${a.start} ms detected`);
  const anomalyAlerts = m.alerts.filter((a) => a.kind === "anomaly");
  assert.equal(anomalyAlerts.filter((a) => a.anomaly < 0).length, 0, "no alert without an injected anomaly");
  for (const a of anomalyAlerts) {
    assert.ok(a.eventLatencyMs > 0 && a.eventLatencyMs <= 10_000, `event-time latency ${a.eventLatencyMs} ms`);
    assert.ok(a.wallLatencyMs >= 0, "wall latency measured");
  }
  // On screen: one list item per alert naming the sensor and the window.
  const items = await page.locator("#f").locator("ol.alerts li[data-kind=anomaly]").allTextContents();
  assert.equal(items.length, anomalyAlerts.length);
  for (const a of anomalyAlerts) {
    assert.ok(items.some((t) => t.includes(`Sensor ${a.key}:`) && t.includes(`[${a.start / 1000} s, ${a.end / 1000} s)`)), `alert text for sensor ${a.key}`);
  }
  assert.equal(await page.locator("#f").locator("tbody tr[data-status=detected]").count(), judged.length);
  assert.equal(m.status.totals.dropped, 0);
  assert.equal(m.lagAlerts, 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an anomaly-free stream raises no alert", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("clean.html");
  await start(page);
  await untilDone(page);
  const m = await metrics(page);
  assert.equal(m.status.anomalies.length, 0);
  assert.deepEqual(m.alerts, []);
  assert.equal(await page.locator("#f").locator("ol.alerts li[data-kind]").count(), 0);
  assert.equal(await page.locator("#f").locator("ol.alerts li").textContent(), "None yet.");
  assert.ok(m.status.totals.pushed > 100_000);
  assert.deepEqual(problems, []);
  await context.close();
});

test("over capacity: lag grows, its alert fires, the oldest readings are dropped and counted, the page stays responsive", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("lag.html");
  // 100,000 events/s offered (10,000/s x speed 10); the hook caps the
  // worker at 500 events per 50 ms tick: 10,000/s.
  await start(page);
  await page.waitForFunction(() => document.getElementById("f").dataset.lagAlerts === "1", null, { timeout: 20_000, polling: 100 });
  const alert = page.locator("#f").locator("ol.alerts li[data-kind=lag]");
  assert.match(await alert.first().textContent(), /Consumer lag alert: [\d,]+ events/);
  assert.equal(await page.locator("#f").locator("p.banner[role=alert]").isVisible(), true);
  // Beyond the 30 s lag cap, drop-oldest: counted, never silent.
  await page.waitForFunction(() => document.getElementById("f").metrics().status?.totals.dropped > 0, null, { timeout: 20_000, polling: 100 });
  const t0 = Date.now();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
  assert.ok(Date.now() - t0 < 1000, "the main thread answers");
  const m = await metrics(page);
  assert.ok(m.status.lag.events >= 10_000);
  assert.ok(m.status.lag.seconds <= 30 + 5, `lag capped near 30 s (${m.status.lag.seconds})`);
  assert.equal(m.status.lag.due, m.status.totals.pushed + m.status.totals.dropped + m.status.lag.events);
  assert.ok(Number(await page.locator("#f").locator("dl[data-dropped]").getAttribute("data-dropped")) > 0);
  await page.evaluate(() => document.getElementById("f").stop());
  assert.deepEqual(problems, []);
  await context.close();
});

async function runToEnd(checkpointAt) {
  const { page, context, problems } = await open("restore.html");
  await start(page);
  if (checkpointAt) {
    await page.waitForFunction((at) => (document.getElementById("f").metrics().status?.cursor ?? 0) > at, checkpointAt, { polling: 50 });
    await page.locator("#f").getByRole("button", { name: "Checkpoint + restore" }).click();
    await page.waitForFunction(() => document.getElementById("f").metrics().checkpoints.length === 1, null, { polling: 50 });
  }
  await untilDone(page);
  const m = await metrics(page);
  const ckpt = await page.locator("#f").locator("p.ckpt").textContent();
  assert.deepEqual(problems, []);
  await context.close();
  return { m, ckpt };
}

test("checkpoint + restore mid-run loses nothing: the same results as an uninterrupted run", { timeout: 60_000 }, async () => {
  const plain = await runToEnd(0);
  const restored = await runToEnd(25_000);
  const c = restored.m.checkpoints[0];
  assert.equal(c.ok, true);
  assert.equal(c.aligned, true, "both engines checkpointed at the same source offset (the barrier)");
  assert.equal(c.before.tumbling.eventsIn, c.after.tumbling.eventsIn);
  assert.equal(c.before.sliding.openWindows, c.after.sliding.openWindows);
  assert.match(restored.ckpt, /nothing lost/);
  assert.deepEqual(restored.m.status.digest, plain.m.status.digest);
  assert.equal(restored.m.status.tumbling.eventsIn, plain.m.status.tumbling.eventsIn);
  assert.equal(restored.m.status.totals.pushed, 300 * 10 * 60);
  assert.deepEqual(restored.m.alerts.map((a) => [a.key, a.start]), plain.m.alerts.map((a) => [a.key, a.start]));
});

test("stop really stops the workers: no message after they say stopped, no worker left", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("stop.html");
  await page.locator("#f").getByRole("button", { name: "Start" }).click();
  await page.waitForFunction(() => document.getElementById("f").metrics().status?.totals.pushed > 0, null, { polling: 50 });
  assert.equal(page.workers().length, 2, "one worker per engine");
  await page.locator("#f").getByRole("button", { name: "Stop" }).click();
  await page.waitForFunction(() => document.getElementById("f").dataset.run === "stopped");
  await page.waitForFunction(() => document.getElementById("f").stopping.length === 0, null, { polling: 50 });
  const before = await metrics(page);
  await page.waitForTimeout(1500);
  const later = await metrics(page);
  assert.equal(later.messagesAfterStop, before.messagesAfterStop, "no message from the stopped worker");
  assert.equal(later.messageCount, before.messageCount);
  assert.equal(later.status.totals.pushed, before.status.totals.pushed);
  assert.equal(page.workers().length, 0, "both workers are gone");
  assert.equal(await page.locator("#f").getByRole("button", { name: "Start" }).getAttribute("aria-pressed"), "false");
  assert.deepEqual(problems, []);
  await context.close();
});

test("gateways, no idle timeout: a silenced gateway stalls W; the stall alert and the lag panel name it; the reports wait", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await open("quiet.html");
  await start(page);
  // Well into the silence (arrival 10 s to 70 s): W is held back by gateway 2.
  await page.waitForFunction(() => document.getElementById("f").dataset.stallAlerts === "1", null, { timeout: 40_000, polling: 100 });
  await page.waitForFunction(() => (document.getElementById("f").metrics().status?.cursor ?? 0) > 40_000, null, { timeout: 40_000, polling: 100 });
  let m = await metrics(page);
  const gw = m.status.gateways;
  assert.equal(gw.count, 4);
  assert.equal(gw.holdsBack, 2);
  assert.deepEqual(gw.idle, []);
  assert.ok(gw.watermark < 10_000, `W stays below the silence's start (${gw.watermark})`);
  assert.ok(gw.behindMs > 25_000, `W is far behind the newest reading (${gw.behindMs} ms)`);
  assert.equal(m.stallAlerts[0].gateways.holdsBack, 2);
  const alert = page.locator("#f").locator("ol.alerts li[data-kind=stall]");
  assert.equal(await alert.getAttribute("data-source"), "2");
  assert.match(await alert.textContent(), /^Watermark stalled: W is [\d.]+ s behind the newest reading \(threshold 5 s\); it is held back by gateway 2 \(its last reading arrived [\d.]+ s ago\): windows wait for it\.$/);
  const lag = page.locator("#f").locator("dl[data-holds-back]");
  assert.equal(await lag.getAttribute("data-holds-back"), "2");
  assert.match(await lag.textContent(), /held back bygateway 2, silent [\d.]+ s/);
  // The dashboard's newest report is for a window that ended before the silence's W.
  const ends = m.status.reports.map((r) => r.end);
  assert.ok(ends.every((e) => e <= 10_000), `no tumbling report past 10 s while gateway 2 is quiet (${ends})`);
  // It returns at 70 s: W moves, the waiting windows fire, the run ends with every reading counted.
  await untilDone(page, 60_000);
  m = await metrics(page);
  assert.ok(m.status.reports.at(-1).end >= 90_000);
  assert.equal(m.status.gateways.holdsBack, null, "after the end of the stream nothing holds W");
  assert.deepEqual(problems, []);
  await context.close();
});

test("gateways with an idle timeout: the silenced gateway goes idle, leaves the min, and the reports go on", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await open("idle.html");
  await start(page);
  await page.waitForFunction(() => {
    const s = document.getElementById("f").metrics().status;
    return s && s.cursor > 40_000 && s.gateways.idle.includes(2);
  }, null, { timeout: 40_000, polling: 100 });
  const m = await metrics(page);
  assert.notEqual(m.status.gateways.holdsBack, 2);
  assert.ok(m.status.gateways.watermark > 30_000, `W goes on without gateway 2 (${m.status.gateways.watermark})`);
  assert.ok(m.status.reports.some((r) => r.end > 20_000), "tumbling reports during the silence");
  assert.equal(await page.locator("#f").locator("dl[data-idle]").getAttribute("data-idle"), "2");
  assert.match(await page.locator("#f").locator("dl[data-idle]").textContent(), /idle gateways2/);
  await untilDone(page, 60_000);
  assert.deepEqual((await metrics(page)).stallAlerts, [], "no stall: W never waited 8 s");
  assert.deepEqual(problems, []);
  await context.close();
});

test("gateway attributes are checked: a silenced gateway must exist", { timeout: 30_000 }, async () => {
  const g = await guardedPage(browser, { viewport: { width: 1280, height: 900 } });
  await g.page.goto(`${site.url}bad-gw.html`);
  await g.page.waitForFunction(() => document.getElementById("f")?.dataset.state === "error");
  assert.equal(await g.page.locator("#f").locator(".error").textContent(), 'silence="4": there are 4 gateways (0 to 3)');
  assert.equal(await g.page.locator("#f").getByRole("button", { name: "Start" }).isDisabled(), true);
  assert.deepEqual(g.problems, []);
  await g.context.close();
});

test("embedded from another origin (dist/ with CORS): the worker starts from a blob and runs", { timeout: 60_000 }, async (t) => {
  if (!existsSync(`${DIST}widgets/factory-worker.js`)) {
    t.skip("dist/ is missing: ./weir test builds it (./weir dist)");
    return;
  }
  cdn = await serve(DIST, { cors: true });
  host = await serve(fileURLToPath(new URL("./", import.meta.url)), {
    pages: { "/factory.html": pageWith(factory('sensors="100" rate="10" duration="30s" speed="10" anomalies="1" seed="3"'), `${cdn.url}weir-widgets.js`) },
  });
  const { page, context, problems } = await guardedPage(browser);
  const fromCdn = [];
  page.on("requestfinished", (r) => { if (r.url().startsWith(cdn.url)) fromCdn.push(new URL(r.url()).pathname); });
  await page.goto(`${host.url}factory.html`);
  await page.waitForFunction(() => document.getElementById("f")?.dataset.state === "ready");
  await start(page);
  await untilDone(page);
  const m = await metrics(page);
  assert.equal(m.status.totals.pushed, 100 * 10 * 30);
  for (const f of ["/widgets/factory.js", "/widgets/factory-worker.js", "/pkg/weir_wasm.js", "/pkg/weir_wasm_bg.wasm"]) {
    assert.ok(fromCdn.includes(f), `${f} loaded from the dist origin`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
