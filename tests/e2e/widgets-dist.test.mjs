// dist/ (built by ./weir dist, run by ./weir test before this suite) served
// from one origin with CORS headers, as a shared CDN-like copy would be,
// and the widgets embedded in pages served from another origin. Also:
// www/embed.html as a course page, and a host page that already defined one
// of the names.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WWW, guardedPage, launchBrowser } from "./helpers.mjs";
import { pageWith, screenshots, serve, widgetsReady } from "./widget-helpers.mjs";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
let cdn, host, site, browser;

before(async () => {
  assert.ok(existsSync(`${DIST}weir-widgets.js`), "dist/ is missing: build it with ./weir dist (./weir test does)");
  cdn = await serve(DIST, { cors: true });
  const script = `${cdn.url}weir-widgets.js`;
  host = await serve(fileURLToPath(new URL("./", import.meta.url)), {
    pages: {
      "/course.html": pageWith(`<p>Prose before the widget.</p>
        <weir-memory-calculator id="calc" sensors="10000" rate="100" message-bytes="100" window="10s" slide="1s" memory="16GB"></weir-memory-calculator>
        <weir-event-time id="et" seed="2" duration="20s"></weir-event-time>
        <weir-window-types id="wt" duration="20s"></weir-window-types>`, script),
      "/clash.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>clash</title><link rel="icon" href="data:,"></head>
        <body><main><weir-memory-calculator id="calc">host's own</weir-memory-calculator><weir-event-time id="et" duration="10s"></weir-event-time></main>
        <script>customElements.define("weir-memory-calculator", class extends HTMLElement { connectedCallback() { this.dataset.host = "yes"; } });</script>
        <script type="module" src="${script}"></script></body></html>`,
    },
  });
  site = await serve(WWW);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all([cdn?.close(), host?.close(), site?.close()]);
});

test("dist/ served from another origin (CORS): the widgets load their modules and wasm from there and work", { timeout: 60_000 }, async () => {
  assert.notEqual(new URL(cdn.url).port, new URL(host.url).port);
  const { page, context, problems } = await guardedPage(browser);
  const fromCdn = [];
  page.on("requestfinished", (r) => { if (r.url().startsWith(cdn.url)) fromCdn.push(new URL(r.url()).pathname); });
  await page.goto(`${host.url}course.html`);
  await widgetsReady(page);
  const calc = page.locator("#calc");
  assert.equal(await calc.locator('output[data-out="bytes-per-window"]').textContent(), "1 GB");
  assert.equal(await calc.locator('output[data-out="sliding-raw"]').textContent(), "10 GB");
  assert.ok(await page.evaluate(() => document.getElementById("et").result.events) > 0);
  // The window-types widget opens rewound (its engines built, nothing pushed yet: "Press Play").
  assert.deepEqual(await page.evaluate(() => { const r = document.getElementById("wt").result; return [r.events > 0, r.pushed]; }), [true, 0]);
  for (const f of ["/weir-widgets.js", "/weir.js", "/widgets/base.js", "/pkg/weir_wasm.js", "/pkg/weir_wasm_bg.wasm"]) {
    assert.ok(fromCdn.includes(f), `${f} loaded from the dist origin`);
  }
  // Export to Flink fetches dist/pkg-flink/ from the same origin, and only when asked.
  assert.ok(!fromCdn.some((f) => f.startsWith("/pkg-flink/")), "pkg-flink loaded before the export was asked for");
  await calc.getByRole("button", { name: "Export to Flink" }).click();
  await page.waitForFunction(() => document.getElementById("calc").dataset.flinkExport);
  assert.equal(await calc.evaluate((el) => el.dataset.flinkExport), "ready");
  assert.match(await calc.locator('details.flink-script[data-design="tumbling"] pre').textContent(), /TUMBLE\(/);
  for (const f of ["/pkg-flink/weir_wasm.js", "/pkg-flink/weir_wasm_bg.wasm"]) {
    assert.ok(fromCdn.includes(f), `${f} loaded from the dist origin`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("a host page's own element of the same name wins; the others still register", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await guardedPage(browser);
  await page.goto(`${host.url}clash.html`);
  await page.waitForFunction(() => document.getElementById("et").dataset.state === "ready");
  assert.equal(await page.locator("#calc").getAttribute("data-host"), "yes");
  assert.equal(await page.evaluate(() => document.getElementById("calc").shadowRoot), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test("www/embed.html: one widget inside prose, one script tag", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await guardedPage(browser);
  await page.goto(`${site.url}embed.html`);
  await widgetsReady(page);
  assert.equal(await page.locator("script[type=module]").count(), 1);
  assert.match(await page.locator("script[type=module]").getAttribute("src"), /weir-widgets\.js$/);
  assert.equal(await page.locator("weir-memory-calculator, weir-event-time, weir-window-types").count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("www/index.html presents the widgets (and the chapter scenarios) and the tumbling demo, with no errors", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await guardedPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await widgetsReady(page);
  // Window types twice (the simulated stream, Try It), event time three times (the pipeline
  // reading, the simulated stream, the watermark example in predict mode).
  for (const [name, n] of [["weir-window-types", 2], ["weir-event-time", 3], ["weir-memory-calculator", 1]]) {
    assert.equal(await page.locator(name).count(), n, name);
  }
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll("weir-event-time")].map((e) => [e.getAttribute("scenario"), e.getAttribute("mode")])),
    [["pipeline", null], [null, null], ["chapter", "predict"]]);
  assert.equal(await page.locator('weir-window-types[scenario="try-it"]').count(), 1);
  assert.equal(await page.locator("#tumbling-demo").getAttribute("data-state"), "ready");
  await screenshots(page, "index");
  assert.deepEqual(problems, []);
  await context.close();
});
