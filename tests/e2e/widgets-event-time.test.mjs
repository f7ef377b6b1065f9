// <weir-event-time> in Chromium: the Flink fixture slice with Weir's
// maxOutOfOrderness 1999 shows Flink's window totals and late rows (side
// output), with allowed lateness 0 and 5 s; processing time differs and is
// highlighted; keyboard inputs; axe-core; screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { ARTIFACTS, WWW, guardedPage, launchBrowser } from "./helpers.mjs";
import { afterChange, axeViolations, pageWith, screenshots, serve, widgetsReady } from "./widget-helpers.mjs";
import { LATE_L0, LATE_L5000, TUMBLE_L0, TUMBLE_L5000_CHANGED, assertRows, resultRows } from "./flink-slice.mjs";

const pages = {
  "/t/flink.html": pageWith(`<weir-event-time id="et" src="/data/flink-events-620.csv" window="10s" out-of-orderness="1999ms"></weir-event-time>`),
  "/t/sim.html": pageWith(`<weir-event-time id="et" seed="5" sensors="3" rate="1" duration="40s" delay-spread="2s" late-share="10%"></weir-event-time>`),
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

const tray = (et) => et.locator("ul.tray li.chip").evaluateAll((lis) =>
  lis.map((li) => [Number(li.dataset.key), Number(li.dataset.time), Number(li.dataset.value), Number(li.dataset.watermark)]));

test("Flink slice, lateness 0: Flink's totals, and its 12 late rows in the side-output tray", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const et = page.locator("#et");
  assertRows(assert, await resultRows(et.locator("table.results")), TUMBLE_L0);
  // Weir's watermark (max - 1999) is Flink's W_f (max - 2000) plus 1.
  assert.deepEqual(await tray(et), LATE_L0.map(([k, t, v, wf]) => [k, t, v, wf + 1]));
  assert.match(await et.locator("ul.tray").textContent(), /sensor 2 @ 9.94 s \(124.41; W was 10.301 s\)/);
  // Not flushed: the watermark line stands at 32381 - 1999 (last max event time in the slice).
  assert.equal(await et.locator("line.watermark").getAttribute("data-watermark"), String(33541 - 1999));
  // Windows of [30 s, 40 s) are still open, the earlier ones fired or closed.
  assert.ok(await et.locator('g.window[data-start="30000"][data-state="open"]').count() === 5);
  assert.equal(await et.locator('g.window[data-start="0"][data-state="open"]').count(), 0);
  // Processing time (no arrival column: the latest event time is the clock) gives other totals.
  assert.ok(await et.locator("table.compare tr.differs").count() > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: allowed lateness 5 s re-fires windows late with Flink's updated totals; fewer rows in the tray", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const et = page.locator("#et");
  const lateness = et.getByLabel("Allowed lateness", { exact: true });
  await lateness.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("5000");
  await afterChange(page, "#et", () => page.keyboard.press("Tab"));
  assert.equal(await et.getAttribute("lateness"), "5000ms");
  const expected = TUMBLE_L0.map((r) => TUMBLE_L5000_CHANGED.find((c) => c[0] === r[0] && c[1] === r[1]) ?? r);
  assertRows(assert, await resultRows(et.locator("table.results")), expected);
  assert.deepEqual((await tray(et)).map(([k, t, v]) => [k, t, v]), LATE_L5000);
  const r = await page.evaluate(() => document.getElementById("et").result);
  assert.equal(r.firings.filter((f) => f.firing === "late" && f.end <= 30000).length, 4);
  assert.equal(await et.locator("g.window.updated").count(), 2); // the two [0, 10 s) windows that re-fired
  // W = 31542 < 30000 + 5000: the [20 s, 30 s) windows have fired and still accept late events,
  // drawn in their sensor's colour (not the default black of an unset custom property).
  const fills = await et.locator('g.window.fired[data-start="20000"] rect').evaluateAll((rs) => rs.map((r) => getComputedStyle(r).fill));
  assert.equal(fills.length, 5);
  assert.ok(fills.every((f) => f !== "rgb(0, 0, 0)" && f !== "none"), fills.join());
  assert.match(await et.locator("[aria-live=polite]").textContent(), /4 late firings; 8 events in the side output/);

  // Out-of-orderness by keyboard on the slider: End jumps to its maximum (20 s): nothing is late any more.
  const slider = et.getByLabel("Max out-of-orderness (slider)");
  await slider.focus();
  await afterChange(page, "#et", () => page.keyboard.press("End"));
  assert.equal(await et.getAttribute("out-of-orderness"), "20000ms");
  assert.deepEqual(await tray(et), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("simulated stream: very late events reach the side output; the watermark moves as events arrive", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const et = page.locator("#et");
  const result = () => page.evaluate(() => document.getElementById("et").result);
  const full = await result();
  assert.equal(full.events, 120);
  assert.ok(full.late.length > 0, "10 % very late (2..12 s past the spread) with out-of-orderness 2 s: some side output");
  await afterChange(page, "#et", () => et.getByRole("button", { name: "Rewind" }).click());
  assert.equal((await result()).pushed, 0);
  assert.equal(await et.locator("line.watermark").getAttribute("data-watermark"), "-Infinity");
  await et.getByRole("button", { name: "Step" }).focus();
  await afterChange(page, "#et", () => page.keyboard.press("Enter"));
  await afterChange(page, "#et", () => page.keyboard.press("Enter"));
  const w1 = Number(await et.locator("line.watermark").getAttribute("data-watermark"));
  assert.ok(Number.isFinite(w1));
  await afterChange(page, "#et", () => et.getByRole("button", { name: "End of stream (flush)" }).click());
  assert.equal(await et.locator("line.watermark").getAttribute("data-watermark"), "Infinity");
  // Focus an event: its delay and fate are told.
  await et.locator("g.event").first().focus();
  assert.match(await et.locator(".details").textContent(), /measured at .* arrived at .*\(delay .*: (assigned|late-accepted|side-output)/);
  // Share of very late events by attribute: none -> empty tray.
  await afterChange(page, "#et", () => et.evaluate((el) => el.setAttribute("late-share", "0")));
  assert.equal((await result()).late.length, 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("accessible (axe-core), light and dark; fits 360 px", { timeout: 90_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/t/sim.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    await page.locator("#et").locator("details summary").click();
    assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}`);
    await page.locator("#et").locator("details summary").click();
    await screenshots(page, colorScheme === "light" ? "event-time" : "event-time-dark");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
