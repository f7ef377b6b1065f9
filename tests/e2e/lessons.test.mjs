// <weir-batch-vs-stream> and <weir-window-advisor> in Chromium: numbers
// against values written here, every branch of the advisor's decision tree,
// keyboard use, axe-core, no console errors, no request off this machine,
// light and dark, 1280 and 360 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, guardedPage } from "./helpers.mjs";
import { axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";

const BVS = "weir-batch-vs-stream";
const ADV = "weir-window-advisor";
const suite = widgetSuite({
  pages: {
    "/lessons-alone.html": pageWith(`<weir-batch-vs-stream schedule="1h"></weir-batch-vs-stream>
        <weir-window-advisor goal="trend" need="10s" budget="16GB" late="seconds"></weir-window-advisor>`),
    "/course/unit3/advisor.html": pageWith(`<weir-window-advisor calculator-href="../tools/calc.html" goal="bursts" need="seconds" budget="16GB" late="minutes"></weir-window-advisor>`, "/weir-widgets.js"),
  },
});

async function ready(page, sel) {
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.state === "ready", sel, { timeout: 20_000 });
}

/** Runs `action` and waits for `sel`'s next change event. */
async function changed(page, sel, action) {
  const before = await page.evaluate((s) => {
    const el = document.querySelector(s);
    if (el._n === undefined) { el._n = 0; el.addEventListener("change", (e) => { if (e.target === el) el._n++; }); }
    return el._n;
  }, sel);
  await action();
  await page.waitForFunction(([s, n]) => document.querySelector(s)._n > n && document.querySelector(s).dataset.state === "ready", [sel, before], { timeout: 20_000 });
}

/** Checks radio `value` of the group named `...-group` in `host` (by name, as the user does), waiting for the update. */
async function choose(page, host, group, value) {
  const input = page.locator(host).locator(`fieldset[data-group*="-${group}"] input[value="${value}"]`);
  if (await input.isChecked()) return;
  await changed(page, host, () => input.check());
}

const out = (page, host, name) => page.locator(host).locator(`output[data-out="${name}"]`).first().textContent();
const result = (page, host) => page.evaluate((s) => {
  const r = document.querySelector(s).result;
  return r && JSON.parse(JSON.stringify({ ...r, series: undefined, estimate: r.estimate ? { rawFit: r.estimate.rawFit, slicedAggregateBytes: r.estimate.slicedAggregateBytes, slicedFit: r.estimate.slicedFit } : undefined, firstEstimate: undefined }));
}, host);

// The simulated day (seed 7371): sensor 2's anomaly starts at 14:15:20.150;
// its first reading (all are over 30 °C) has event time 51,323,504 ms = 14:15:23.504.
const SPIKE = 51_323_504;
// [schedule, window, job time (ms), jobs run] -> batch time to insight = job time - SPIKE.
const BATCH = [
  ["24h", 86_400_000, 1], // midnight: 9 h 44 min later
  ["1h", 54_000_000, 15], // 15:00
  ["15min", 52_200_000, 58], // 14:30
  ["6h", 64_800_000, 3], // 18:00
];
// [window, alert window start, end, alert (arrival ms)]: the window holding the first
// spike reading fires once a reading with time >= end + 2 s arrives.
const STREAM = [
  ["1min", 51_300_000, 51_360_000, 51_365_143], // 14:16:05.143, 41.6 s after
  ["10s", 51_320_000, 51_330_000, 51_334_105], // 10.6 s after
  ["5min", 51_300_000, 51_600_000, 51_604_074], // 4 min 40 s after: the batch class
];
// [allowed lateness, side output, late accepted, windows re-fired, windows differing] for 1 min windows.
// 347 readings of the day are 1-20 min late; 20 min of lateness accepts them all.
const LAMBDA = [["0", 347, 0, 0, 342], ["1min", 336, 11, 11, 331], ["5min", 275, 72, 72, 273], ["20min", 0, 347, 342, 0]];

test("batch vs stream: the stream alerts seconds after the 14:15 spike, the batch job when it runs", async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}index.html`);
  await ready(page, BVS);
  let r = await result(page, BVS);
  assert.equal(r.spike.key, 2);
  assert.equal(r.spike.start, 51_320_150);
  assert.equal(r.spike.firstReading, SPIKE);
  assert.equal(await out(page, BVS, "spike"), "14:15:23");
  assert.equal(await out(page, BVS, "stream-alert"), "14:16:05");
  assert.equal(await out(page, BVS, "batch-found"), "00:00:00 (+1 d)");
  assert.equal(await out(page, BVS, "stream-tti"), "41.6 s");
  assert.equal(await out(page, BVS, "batch-tti"), "9 h 44 min");
  assert.equal(await out(page, BVS, "stream-class"), "Seconds (between near real-time and batch) (1 s – 1 min)");
  assert.equal(await out(page, BVS, "batch-class"), "Batch (minutes – hours)");
  // The engine's own cost is measured, mean and slowest batch; no latency class is claimed for it
  // (hard real-time is a guaranteed maximum, which a measurement is not).
  assert.equal(r.stream.perEventClass, undefined);
  assert.ok(r.stream.perEventMs < 0.5, `per event ${r.stream.perEventMs} ms`);
  assert.equal(r.stream.worstBatchEvents, 1000);
  assert.ok(r.stream.worstBatchMs >= r.stream.perEventMs * 1000 * 0.5 && r.stream.worstBatchMs <= r.stream.elapsedMs, `worst batch ${r.stream.worstBatchMs} ms`);

  for (const [schedule, at, jobs] of BATCH) {
    await choose(page, BVS, "schedule", schedule);
    r = await result(page, BVS);
    assert.equal(r.batch.jobAt, at, schedule);
    assert.equal(r.batch.timeToInsightMs, at - SPIKE, schedule);
    assert.equal(r.batch.jobsRun, jobs, schedule);
    assert.equal(r.batch.class, "batch", schedule);
  }
  assert.equal(await out(page, BVS, "batch-tti"), "3 h 44 min"); // 18:00 - 14:15:23.504
  for (const [win, start, end, alertAt] of STREAM) {
    await choose(page, BVS, "window", win);
    r = await result(page, BVS);
    assert.deepEqual([r.stream.alertWindow.key, r.stream.alertWindow.start, r.stream.alertWindow.end], [2, start, end], win);
    assert.equal(r.stream.alertAt, alertAt, win);
    assert.equal(r.stream.timeToInsightMs, alertAt - SPIKE, win);
    assert.equal(r.stream.class, win === "5min" ? "batch" : "seconds", win);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("batch vs stream, Lambda view: allowed lateness against the batch recompute", async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}index.html`);
  await ready(page, BVS);
  for (const [lateness, side, accepted, corrected, differing] of LAMBDA) {
    await choose(page, BVS, "lateness", lateness);
    const r = await result(page, BVS);
    assert.deepEqual([r.lambda.sideOutput, r.lambda.lateAccepted, r.lambda.corrected, r.lambda.differing, r.lambda.windows],
      [side, accepted, corrected, differing, 5760], `lateness ${lateness}`);
    assert.equal(await out(page, BVS, "differing"), String(differing));
    const marks = await page.locator(BVS).locator("svg.strip rect.diff-mark").count();
    assert.equal(marks, differing);
    const rows = await page.locator(BVS).locator("table.diff tbody tr.highlight").count();
    assert.equal(rows, Math.min(12, differing));
  }
  // With no lateness, the first differing window: sensor 2, 00:25-00:26, 5 readings against 6.
  await choose(page, BVS, "lateness", "0");
  assert.deepEqual(await page.locator(BVS).locator("table.diff tbody tr").first().locator("th, td").allTextContents(),
    ["sensor 2", "00:25:00–00:26:00", "5", "6", "20.54", "20.4"]);
  assert.deepEqual(problems, []);
  await context.close();
});

// The advisor's tree. Workload: the chapter's factory, 10,000 sensors x 100 msg/s x 100 B
// = 100 MB/s. Raw buffering fits a budget M when raw x 1.2 (overhead) <= M x 50 %,
// i.e. raw <= M / 2.4: 1 GB -> 0.417 GB, 16 GB -> 6.67 GB, 64 GB -> 26.7 GB.
// [goal, answer 2, window, raw bytes at the wanted design, longest watermark bound (a tenth of window or gap)]
const LEAVES = [
  ["report", "10s", { type: "tumbling", size: 10_000 }, 2e9, 1_000], // 2 windows x 1 GB
  ["report", "1min", { type: "tumbling", size: 60_000 }, 12e9, 6_000],
  ["report", "1h", { type: "tumbling", size: 3_600_000 }, 720e9, 360_000],
  ["trend", "10s", { type: "sliding", size: 10_000, slide: 1_000 }, 10e9, 1_000], // 10 overlapping windows
  ["trend", "1min", { type: "sliding", size: 600_000, slide: 60_000 }, 600e9, 60_000],
  ["bursts", "seconds", { type: "session", gap: 30_000 }, 30e9, 3_000], // sessions of 5 min
  ["bursts", "minutes", { type: "session", gap: 300_000 }, 360e9, 30_000], // sessions of 1 h
];
// [goal, answer 2, budget] -> memory branch (default "aggregates": raw does not fit, and
// there is no coarser slide that does, so keep incremental aggregates).
const MEMORY = {
  "report 10s 16GB": "raw", "report 10s 64GB": "raw", "report 1min 64GB": "raw",
  "trend 10s 64GB": "raw",
  // 16 GB: slides dividing 10 s are 1.25 s (8 GB, over 6.67) and 2 s (5 GB): the 2 s slide.
  "trend 10s 16GB": { branch: "coarser-slide", slide: 2_000, raw: 5e9 },
};
// Latest arrival (ms) per answer to question 4. Bound = min(that, the leaf's longest bound);
// allowed lateness = the rest.
const LATE = { subsecond: 1_000, seconds: 10_000, minutes: 600_000 };

async function answer(page, host, goal, need, budget, late) {
  for (const [group, v] of [["goal", goal], ["need", need], ["budget", budget], ["late", late]]) await choose(page, host, group, v);
}

test("window advisor: every branch of the decision tree gives the recommendation written here", async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}index.html`);
  await ready(page, ADV);
  assert.equal(await result(page, ADV), null);
  let paths = 0;
  for (const [goal, need, win, raw, maxBound] of LEAVES) {
    for (const budget of ["1GB", "16GB", "64GB"]) {
      for (const [late, lateMs] of Object.entries(LATE)) {
        await answer(page, ADV, goal, need, budget, late);
        const r = await result(page, ADV);
        const name = `${goal} ${need} ${budget} ${late}`;
        const mem = MEMORY[`${goal} ${need} ${budget}`] ?? "aggregates";
        const branch = typeof mem === "string" ? mem : mem.branch;
        assert.equal(r.memory, branch, name);
        assert.deepEqual(r.window, branch === "coarser-slide" ? { ...win, slide: mem.slide } : win, name);
        assert.equal(r.estimate.rawFit.stateBytes, branch === "coarser-slide" ? mem.raw : raw, name);
        assert.equal(r.estimate.rawFit.fits, branch !== "aggregates", name);
        if (branch === "aggregates") assert.equal(r.estimate.slicedFit.fits, true, name);
        const bound = Math.min(lateMs, maxBound);
        assert.equal(r.watermarkMs, bound, name);
        assert.equal(r.allowedLatenessMs, lateMs - bound, name);
        assert.equal(await out(page, ADV, "type"), win.type, name);
        paths++;
      }
    }
  }
  assert.equal(paths, 63);
  assert.deepEqual(problems, []);
  await context.close();
});

test("window advisor: scale-out when even aggregates do not fit; shown values and the attributes", async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}index.html`);
  await ready(page, ADV);
  // 1,000,000 sensors x 1 msg/s, sliding 10 min / 1 min: 10 slices x 56 B x 10^6 keys = 560 MB
  // of aggregates, over 1 GB x 50 % / 1.2.
  await page.evaluate((s) => { const a = document.querySelector(s); a.setAttribute("sensors", "1000000"); a.setAttribute("rate", "1"); }, ADV);
  await answer(page, ADV, "trend", "1min", "1GB", "minutes");
  const r = await result(page, ADV);
  assert.equal(r.memory, "scale-out");
  assert.equal(r.estimate.slicedAggregateBytes, 560e6);
  assert.equal(r.estimate.slicedFit.instancesNeeded, 2);
  assert.equal(await out(page, ADV, "watermark"), "1 min");
  assert.equal(await out(page, ADV, "lateness"), "9 min");
  assert.equal(await out(page, ADV, "size"), "10 min");
  assert.equal(await out(page, ADV, "slide"), "1 min");
  assert.equal(await page.locator(ADV).locator("pre.attrs").textContent(), 'out-of-orderness="60s" lateness="540s" window="600s" slide="60s"');
  assert.deepEqual(problems, []);
  await context.close();
});

test("window advisor by keyboard; its link opens the calculator preset to the design", async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}index.html`);
  await ready(page, ADV);
  await ready(page, "weir-memory-calculator");
  // Tab into the first question, arrows choose within a radio group, Tab to the next group.
  await page.locator(ADV).locator('input[value="report"]').focus();
  await changed(page, ADV, () => page.keyboard.press("ArrowDown")); // trend
  await page.keyboard.press("Tab");
  await changed(page, ADV, () => page.keyboard.press("Space")); // 10 s
  await page.keyboard.press("Tab");
  await changed(page, ADV, () => page.keyboard.press("Space")); // 1 GB
  await changed(page, ADV, () => page.keyboard.press("ArrowDown")); // 16 GB
  await page.keyboard.press("Tab");
  await changed(page, ADV, () => page.keyboard.press("ArrowDown")); // focus lands on "subsecond", Down selects "seconds"
  const r = await result(page, ADV);
  assert.deepEqual(r.answers, { goal: "trend", need: "10s", budget: "16GB", late: "seconds" });
  assert.equal(r.memory, "coarser-slide");
  assert.equal(await out(page, ADV, "slide"), "2 s");
  assert.equal(await out(page, ADV, "watermark"), "1 s");
  assert.equal(await out(page, ADV, "lateness"), "9 s");
  // Every input of the advisor's estimate is in the link (the calculator then shows the same
  // figures), the link is absolute, and it targets the page's own sync-url calculator.
  assert.equal(r.link, `${suite.server.url}index.html#sensors=10000&rate=100&message-bytes=100B&window=10s&slide=2s&memory=16GB` +
    "&overhead=20%25&target=50%25&windows-held=2&state-bytes=engine");
  // The wording matches the numbers: the slide said is the slide shown; the over-budget part is not green.
  assert.equal(await page.locator(ADV).locator(".answer p").first().textContent(),
    "A moving average over 10 s that moves every 2 s (every 1 s would not fit 16 GB): a sliding window.");
  const [over, fits] = await page.locator(ADV).locator(".memory span").evaluateAll((xs) => xs.map((x) => [x.textContent, getComputedStyle(x).color]));
  assert.deepEqual([over[0], fits[0]], ["A 1 s slide needs 10 GB raw: over the budget. ", "A 2 s slide needs 5 GB (37.5 % of 16 GB with overhead): fits."]);
  const [late, ok] = await page.locator(ADV).evaluate((e) => {
    const cs = getComputedStyle(e.shadowRoot.querySelector(".answer"));
    return [cs.getPropertyValue("--_late").trim(), cs.getPropertyValue("--_ok").trim()];
  });
  const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
  assert.deepEqual([over[1], fits[1]], [rgb(late), rgb(ok)]);
  assert.equal(await out(page, ADV, "sliced-bytes"), "2.8 MB");
  // The result is announced politely.
  assert.equal(await page.locator(ADV).locator(".answer").getAttribute("aria-live"), "polite");
  await page.locator(ADV).locator("a.calc-link").click();
  await page.waitForFunction(() => document.querySelector("weir-memory-calculator").getAttribute("slide") === "2s", null, { timeout: 10_000 });
  const calc = await page.evaluate(() => ["sensors", "rate", "window", "slide", "memory"].map((a) => document.querySelector("weir-memory-calculator").getAttribute(a)));
  assert.deepEqual(calc, ["10000", "100", "10s", "2s", "16GB"]);
  await page.waitForFunction(() => document.querySelector("weir-memory-calculator").dataset.state === "ready");
  // The calculator agrees: 10 s / 2 s of the factory fits one 16 GB instance.
  const fit = await page.evaluate(() => document.querySelector("weir-memory-calculator").result.sliding.rawFit);
  assert.equal(fit.stateBytes, 5e9);
  assert.equal(fit.fits, true);
  // And its sliced aggregates are the advisor's 2.8 MB: 10,000 keys x 5 slices x 56 B, the engine's own.
  const calcOut = (name) => page.locator("weir-memory-calculator").locator(`output[data-out="${name}"]`).textContent();
  assert.equal(await calcOut("sliding-sliced"), "2.8 MB");
  assert.match(await calcOut("state-source"), /^Aggregate state: Weir's own, 56 B per key and slice/);
  // The page's own anchors still work after the calculator loaded the link.
  await page.evaluate(() => { location.hash = "batch-vs-stream"; });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => location.hash), "#batch-vs-stream");
  assert.deepEqual(problems, []);
  await context.close();
});

for (const scheme of ["light", "dark"]) {
  test(`both lessons alone on a page (${scheme}): axe, 1280 and 360 px screenshots, no errors`, async () => {
    const { page, context, problems } = await guardedPage(suite.browser, { colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.server.url}lessons-alone.html`);
    await ready(page, BVS);
    await ready(page, ADV);
    const r = await result(page, BVS);
    assert.equal(r.batch.jobAt, 54_000_000); // schedule="1h" from the attribute
    assert.equal((await result(page, ADV)).window.slide, 2_000);
    // No calculator on this page and no calculator-href: no link (not one relative to this page).
    assert.equal((await result(page, ADV)).link, null);
    assert.equal(await page.locator(ADV).locator("a.calc-link").count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    await page.emulateMedia({ reducedMotion: "reduce" });
    const shots = await screenshots(page, `lessons-${scheme}`);
    // Nothing inside the widgets overflows its box at 360 px except inside scroll containers.
    await page.setViewportSize({ width: 360, height: 900 });
    await page.waitForTimeout(300);
    const wide = await page.evaluate(() => [...document.querySelectorAll("weir-batch-vs-stream, weir-window-advisor")]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.localName));
    assert.deepEqual(wide, []);
    for (const sel of [BVS, ADV]) {
      await page.locator(sel).screenshot({ path: `${ARTIFACTS}${sel.replace("weir-", "")}-${scheme}-360.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(300);
    for (const sel of [BVS, ADV]) {
      await page.locator(sel).screenshot({ path: `${ARTIFACTS}${sel.replace("weir-", "")}-${scheme}-1280.png` });
    }
    assert.ok(shots.desktop && shots.phone);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("advisor: calculator-href is resolved against the page into an absolute link with every input", async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}course/unit3/advisor.html`);
  await ready(page, ADV);
  assert.equal(await page.locator(ADV).locator("a.calc-link").getAttribute("href"),
    `${suite.server.url}course/tools/calc.html#sensors=10000&rate=100&message-bytes=100B&gap=30s&session-length=300s` +
    "&memory=16GB&overhead=20%25&target=50%25&windows-held=2&state-bytes=engine");
  assert.deepEqual(problems, []);
  await context.close();
});

test("batch vs stream: a key to the day chart and the strip; the table's scroll region is focusable", async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 360, height: 900 } });
  await page.goto(`${suite.server.url}lessons-alone.html`);
  await ready(page, BVS);
  assert.deepEqual(await page.locator(BVS).locator('ul.legend[aria-label="Key to the day chart"] li').allTextContents(),
    ["sensor 0: window maxima", "sensor 1: window maxima", "sensor 2: window maxima", "sensor 3: window maxima",
      "alert threshold 30 °C", "stream alert", "batch job that finds it", "batch job runs"]);
  assert.equal(await page.locator(BVS).locator('ul.legend[aria-label="Key to the Lambda strip"] li').count(), 1);
  const region = page.locator(BVS).getByRole("region", { name: "Windows that differ, scrolls sideways if narrow" });
  assert.equal(await region.getAttribute("tabindex"), "0");
  // At 360 px the table is wider than its region: it scrolls, and the keyboard can reach it.
  assert.ok(await region.evaluate((e) => e.scrollWidth > e.clientWidth));
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the index page with both lessons: axe finds no serious or critical violation", async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}index.html`);
  await ready(page, BVS);
  await ready(page, ADV);
  await answer(page, ADV, "bursts", "seconds", "16GB", "minutes");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
