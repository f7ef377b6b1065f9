// <weir-window-types> in Chromium: the Flink fixture slice through the
// tumbling engine gives Flink's totals; keyboard and attribute inputs;
// hover/focus links events and windows; axe-core; screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { ARTIFACTS, WWW, guardedPage, launchBrowser } from "./helpers.mjs";
import { afterChange, axeViolations, pageWith, screenshots, serve, widgetsReady } from "./widget-helpers.mjs";
import { HOP_L0, SESSION_L0, TUMBLE_L0, assertRows, resultRows } from "./flink-slice.mjs";

const FLINK = `src="/data/flink-events-620.csv" window="10s" slide="2s" gap="3s" out-of-orderness="1999ms"`;
const pages = {
  "/t/flink.html": pageWith(`<weir-window-types id="wt" ${FLINK}></weir-window-types>`),
  "/t/sim.html": pageWith(`<weir-window-types id="wt" seed="11" sensors="3" rate="1" duration="30s" burst-active="0"></weir-window-types>`),
};

let server, browser;
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve(WWW, { pages });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, options = { viewport: { width: 1280, height: 900 } }) {
  const g = await guardedPage(browser, options);
  await g.page.goto(server.url + path.replace(/^\//, ""));
  await widgetsReady(g.page);
  return g;
}

test("Flink slice by attribute: tumbling, sliding and session show Flink's window totals; the cost cards show real engine numbers", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const wt = page.locator("#wt");
  assertRows(assert, await resultRows(wt.locator('table.results[data-type="tumbling"]')), TUMBLE_L0);
  // The sliding and session engines beside it agree with Flink's HOP and SESSION runs too.
  assertRows(assert, await resultRows(wt.locator('table.results[data-type="sliding"]')), HOP_L0);
  assertRows(assert, await resultRows(wt.locator('table.results[data-type="session"]')), SESSION_L0);
  const card = (t, f) => wt.locator(`.card[data-type="${t}"] output[data-out="${f}"]`).textContent();
  // 620 events, 5 keys: tumbling emits 5 x 4 windows = 20 results after the final flush.
  assert.equal(await card("tumbling", "firings"), "20");
  // Sliding 10 s / 2 s: each event in 5 windows; more results, more state.
  const firings = { t: Number(await card("tumbling", "firings")), s: Number(await card("sliding", "firings")) };
  assert.ok(firings.s >= 4 * firings.t, `sliding emits ${firings.s} vs tumbling ${firings.t}`);
  const peak = async (t) => Number((await card(t, "peak-state")).replace(/ B$/, ""));
  assert.ok(await peak("tumbling") > 0);
  assert.ok(await peak("sliding") > await peak("tumbling"), "sliding keeps more state than tumbling (measured)");
  const r = await page.evaluate(() => document.getElementById("wt").result);
  assert.equal(r.events, 620);
  assert.equal(r.tumbling.stats.sideOutput, 12); // the 12 late rows of L0_tumble_late.csv with id < 620
  assert.equal(r.tumbling.firings, 20);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: window size typed, events and windows focused with the arrow keys light each other up", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const wt = page.locator("#wt");
  // Focus the first event (one tab stop for all events), then move along.
  await wt.getByRole("button", { name: "Rewind" }).focus();
  await wt.locator("g.event").first().focus();
  await page.keyboard.press("ArrowRight");
  const focused = wt.locator("g.event:focus");
  assert.equal(await focused.getAttribute("data-index"), "1");
  // Event 1 is sensor 1 at 889 ms: one tumbling window, 5 sliding windows (10 s / 2 s), one session.
  assert.equal(await wt.locator(".windows.tumbling .window.lit").count(), 1);
  assert.equal(await wt.locator(".windows.sliding .window.lit").count(), 5);
  assert.equal(await wt.locator(".windows.session .window.lit").count(), 1);
  assert.match(await wt.locator(".details").textContent(), /Sensor 1 at 889 ms.*tumbling: 1 window \[0 s, 10 s\)/);
  // Focus the first tumbling window: its events light up and its per-sensor results show.
  await wt.locator(".windows.tumbling .window").first().focus();
  const lit = await wt.locator("g.event.lit").count();
  // 207 on time plus the 6 late rows of [0, 10 s) (ids 244, 291, 292, 293, 378, 436)
  assert.equal(lit, 63 + 55 + 39 + 23 + 27 + 6, "the [0, 10 s) events, late ones included");
  const rows = await wt.locator("table.window-result tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent)));
  assert.deepEqual(rows[0], ["sensor 0", "63", "37.33", "-48.46", "144.56", "on-time"]); // 2351.68 / 63

  // Type a 5 s window: every tumbling result is 5 s long.
  const size = wt.getByLabel("Window size", { exact: true });
  await size.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("5");
  await afterChange(page, "#wt", () => page.keyboard.press("Enter"));
  assert.equal(await wt.getAttribute("window"), "5s");
  const spans = await wt.locator('table.results[data-type="tumbling"] tbody tr').evaluateAll((trs) =>
    [...new Set(trs.map((tr) => tr.dataset.end - tr.dataset.start))]);
  assert.deepEqual(spans, [5000]);
  assert.match(await wt.locator("[aria-live=polite]").textContent(), /620 of 620 events pushed/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("simulated stream: step, play/pause and reseed use the engines; attributes change the stream", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const wt = page.locator("#wt");
  const result = () => page.evaluate(() => document.getElementById("wt").result);
  const first = await result();
  assert.equal(first.events, 90); // 3 steady sensors (burst-active="0") x 1 Hz x 30 s
  assert.equal(first.pushed, 90);
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "Rewind" }).click());
  assert.equal((await result()).pushed, 0);
  await wt.getByRole("button", { name: "Step" }).focus();
  await afterChange(page, "#wt", () => page.keyboard.press("Enter"));
  assert.equal((await result()).pushed, 2); // steps of ceil(90 / 60)
  await wt.getByRole("button", { name: "Play" }).click();
  await page.waitForFunction(() => document.getElementById("wt").result.pushed >= 20);
  await wt.getByRole("button", { name: "Pause" }).click();
  const paused = (await result()).pushed;
  await page.waitForTimeout(400);
  assert.equal((await result()).pushed, paused);
  const before = await page.evaluate(() => document.getElementById("wt").events.map((e) => e.time).join());
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "Reseed" }).click());
  assert.equal(await wt.getAttribute("seed"), "12");
  const after = await page.evaluate(() => document.getElementById("wt").events.map((e) => e.time).join());
  assert.notEqual(after, before);
  await afterChange(page, "#wt", () => wt.evaluate((el) => el.setAttribute("rate", "2")));
  assert.equal((await result()).events, 180);
  // The events property replaces the stream.
  await afterChange(page, "#wt", () => wt.evaluate((el) => {
    el.events = [{ key: 1, time: 500, value: 1 }, { key: 1, time: 1500, value: 3 }, { key: 2, time: 12000, value: 5 }];
  }));
  const r = await result();
  assert.deepEqual(r.tumbling.results.map((x) => [x.key, x.start, x.count, x.mean]), [[1, 0, 2, 2], [2, 10000, 1, 5]]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("accessible (axe-core), light and dark; fits 360 px; freed on removal", { timeout: 90_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/t/flink.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    await page.locator("#wt").locator("details summary").click();
    assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}`);
    await page.locator("#wt").locator("details summary").click();
    await screenshots(page, colorScheme === "light" ? "window-types" : "window-types-dark");
    // Removing the element frees its engines; putting it back rebuilds them.
    await page.evaluate(() => { const el = document.getElementById("wt"); el.remove(); document.querySelector("main").append(el); });
    await widgetsReady(page);
    assert.equal(await page.evaluate(() => document.getElementById("wt").result.events), 620);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
