// The page as `./weir serve` builds it (release + wasm-opt, in www/pkg):
// it loads with no error and no off-machine request, and the tumbling demo
// draws the results SEMANTICS.md gives for its fixed stream.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, WWW, guardedPage, launchBrowser, startServer } from "./helpers.mjs";

// Hand-computed from the stream in www/tumbling-demo.js: tumbling 10 s,
// W = max event time - 2000, a window fires when W >= end, results ordered
// by end, then key. k3 @ 9500 arrives at W = 10600 and k2 @ 19800 at
// W = 23300: both late for their window, so side output, not counted.
// [key, start, end, count, sum, min, max, mean]
const EXPECTED = [
  [1, 0, 10000, 3, 61.5, 20, 21, 20.5],
  [2, 0, 10000, 3, 55.5, 18, 19, 18.5],
  [3, 0, 10000, 3, 67.5, 22, 23, 22.5],
  [1, 10000, 20000, 3, 66, 21.5, 22.5, 22],
  [2, 10000, 20000, 3, 60, 19.5, 20.5, 20],
  [3, 10000, 20000, 2, 47.5, 23.5, 24, 23.75],
  [1, 20000, 30000, 3, 70.5, 23, 24, 23.5],
  [2, 20000, 30000, 2, 42.5, 21, 21.5, 21.25],
  [3, 20000, 30000, 2, 49.5, 24.5, 25, 24.75],
  [1, 30000, 40000, 1, 24.5, 24.5, 24.5, 24.5],
  [2, 30000, 40000, 2, 44.5, 22, 22.5, 22.25],
  [3, 30000, 40000, 1, 25.5, 25.5, 25.5, 25.5],
];
const LATE = [[3, 9500], [2, 19800]]; // [key, time]
const LAST_WATERMARK = 36600 - 2000; // before the final flush

let server, browser;

before(async () => {
  assert.ok(
    existsSync(join(WWW, "pkg", "weir_wasm_bg.wasm")),
    "www/pkg is missing: build it with ./weir serve or ./weir test",
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function loadDemo(options) {
  const guarded = await guardedPage(browser, options);
  const { page, problems } = guarded;
  await page.goto(server.url);
  const demo = page.locator("#tumbling-demo");
  await page.waitForFunction(
    () => document.getElementById("tumbling-demo").dataset.state !== "loading",
    null,
    { timeout: 10_000 },
  );
  assert.deepEqual(problems, [], "console errors, page errors or failed requests");
  assert.equal(await demo.getAttribute("data-state"), "ready");
  return { ...guarded, demo };
}

test("the tumbling demo draws the hand-computed window results", async () => {
  const { page, context, problems, demo } = await loadDemo({ viewport: { width: 900, height: 800 } });

  const rows = await demo.locator("tbody tr.result").evaluateAll((trs) =>
    trs.map((tr) => ["key", "start", "end", "count", "sum", "min", "max", "mean"]
      .map((f) => Number(tr.dataset[f])).concat(tr.dataset.firing)),
  );
  assert.deepEqual(rows, EXPECTED.map((r) => [...r, "on-time"]));
  // What a reader sees in the table, not only the data attributes.
  assert.deepEqual(
    await demo.locator("tbody tr").nth(5).locator("th, td").allTextContents(),
    ["sensor 3", "[10 s, 20 s)", "2", "47.5", "23.5", "24", "23.75", "on-time"],
  );

  assert.equal(await demo.getAttribute("data-events"), "30");
  assert.equal(await demo.getAttribute("data-side-output"), String(LATE.length));
  assert.equal(await demo.getAttribute("data-watermark"), String(LAST_WATERMARK));
  assert.match(await demo.locator(".summary").textContent(), /30 readings: 28 assigned .* 2 late .* 12 window results, 12 of them on time/);

  const svg = demo.locator("svg");
  assert.equal(await svg.locator("g.event").count(), 30);
  assert.equal(await svg.locator("g.window").count(), EXPECTED.length);
  const late = await svg.locator("g.event.late").evaluateAll((gs) =>
    gs.map((g) => [Number(g.dataset.key), Number(g.dataset.time), g.dataset.outcome]));
  assert.deepEqual(late, LATE.map(([k, t]) => [k, t, "side-output"]));
  assert.equal(await svg.locator("line.watermark").getAttribute("data-watermark"), String(LAST_WATERMARK));

  // Accessible: a labelled image and a table with header cells.
  assert.equal(await svg.getAttribute("role"), "img");
  assert.match(await svg.locator("title").first().textContent(), /Tumbling windows of 10 s/);
  assert.equal(await demo.locator("thead th[scope=col]").count(), 8);
  assert.equal(await demo.locator("tbody th[scope=row]").count(), EXPECTED.length);

  await page.screenshot({ path: join(ARTIFACTS, "tumbling-light.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the page renders in dark mode without errors", async () => {
  const { page, context, problems } = await loadDemo({
    colorScheme: "dark",
    viewport: { width: 900, height: 800 },
  });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(17, 20, 24)");
  await page.screenshot({ path: join(ARTIFACTS, "tumbling-dark.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
