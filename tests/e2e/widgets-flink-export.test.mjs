// "Export to Flink" in each widget, in Chromium: the page loads without the
// Flink package (pkg-flink/ is fetched only when the button is used), the
// button works from the keyboard, and the shown program has the lines the
// design calls for; Copy puts it on the clipboard; no console errors, no
// request off this machine; axe-core and both widths with the scripts shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { guardedPage } from "./helpers.mjs";
import { axeViolations, pageWith, screenshots, widgetsReady, widgetSuite } from "./widget-helpers.mjs";

const pages = {
  "/t/wt.html": pageWith(`<weir-window-types id="w" window="10s" slide="2s" gap="3s" out-of-orderness="1999ms"></weir-window-types>`),
  "/t/et.html": pageWith(`<weir-event-time id="w" src="/data/flink-events-620.csv" window="10s" out-of-orderness="1999ms" lateness="5000ms"></weir-event-time>`),
  "/t/mc.html": pageWith(`<weir-memory-calculator id="w" window="10s" slide="2s" out-of-orderness="1999ms"></weir-memory-calculator>`),
};

const suite = widgetSuite({ pages });

/** Opens `path`, checks pkg-flink was not fetched, exports by keyboard; returns the page and the requests. */
async function exportFrom(path) {
  const g = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
  const requests = [];
  g.page.on("request", (r) => requests.push(r.url()));
  await g.page.goto(suite.server.url + path.replace(/^\//, ""));
  await widgetsReady(g.page);
  assert.ok(requests.some((u) => u.includes("/pkg/weir_wasm_bg.wasm")), "the default module loads");
  assert.deepEqual(requests.filter((u) => u.includes("pkg-flink")), [], "pkg-flink fetched before the export was asked for");
  const w = g.page.locator("#w");
  const button = w.getByRole("button", { name: "Export to Flink" });
  assert.equal(await button.getAttribute("aria-expanded"), "false");
  await button.focus();
  await g.page.keyboard.press("Enter");
  await g.page.waitForFunction(() => document.querySelector("#w").dataset.flinkExport, null, { timeout: 20_000 });
  assert.equal(await w.evaluate((el) => el.dataset.flinkExport), "ready", await w.locator(".flink-status").textContent());
  assert.ok(requests.some((u) => u.includes("/pkg-flink/weir_wasm_bg.wasm")), "pkg-flink fetched on export");
  assert.ok(requests.every((u) => new URL(u).hostname === "127.0.0.1"), "a request off this machine");
  return { ...g, w, requests };
}

const script = (w, design) => w.locator(`details.flink-script[data-design="${design}"] pre`).textContent();

test("window types: tumbling, sliding and session as Flink SQL; Copy copies the script", { timeout: 60_000 }, async () => {
  const { page, context, problems, w } = await exportFrom("/t/wt.html");
  assert.equal(await w.locator("details.flink-script").count(), 3);
  const tumbling = await script(w, "tumbling");
  assert.ok(tumbling.includes("WATERMARK FOR ts AS ts - INTERVAL '2' SECOND"), tumbling);
  assert.ok(tumbling.includes("TUMBLE(TABLE `events`, DESCRIPTOR(ts), INTERVAL '10' SECOND)"), tumbling);
  assert.ok((await script(w, "sliding")).includes("HOP(TABLE `events`, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)"));
  assert.ok((await script(w, "session")).includes("SESSION(TABLE `events` PARTITION BY `key`, DESCRIPTOR(ts), INTERVAL '3' SECOND)"));
  assert.equal(await w.locator('details.flink-script[data-design="tumbling"]').getAttribute("data-language"), "sql");
  assert.ok(await w.locator('details.flink-script[data-design="tumbling"] .flink-notes li').count() > 0, "the notes are shown");
  // Copy, by keyboard.
  await w.getByRole("button", { name: "Copy the Flink SQL for Tumbling windows" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /Cop/.test(document.querySelector("#w").shadowRoot
    .querySelector('details.flink-script[data-design="tumbling"] .buttons span').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), tumbling);
  // A new config re-exports the open region: a 20 s window.
  await w.evaluate((el) => el.setAttribute("window", "20s"));
  await page.waitForFunction(() => document.querySelector("#w").shadowRoot
    .querySelector('details.flink-script[data-design="tumbling"] pre')?.textContent.includes("INTERVAL '20' SECOND)"));
  // Language "DataStream Java": every design as a Java program, then back.
  const select = w.getByLabel("Language");
  await select.selectOption("java");
  await page.waitForFunction(() => [...document.querySelector("#w").shadowRoot
    .querySelectorAll("details.flink-script")].every((d) => d.dataset.language === "java"));
  const java = await script(w, "session");
  assert.ok(java.includes(".window(EventTimeSessionWindows.withGap(Duration.ofMillis(3000)))"), java);
  assert.ok(java.includes("as asked (export language java)"), java);
  assert.ok((await script(w, "tumbling")).includes("TumblingEventTimeWindows.of(Duration.ofMillis(20000))"));
  await select.selectOption("");
  await page.waitForFunction(() => [...document.querySelector("#w").shadowRoot
    .querySelectorAll("details.flink-script")].every((d) => d.dataset.language === "sql"));
  assert.deepEqual(await axeViolations(page), []);
  await screenshots(page, "flink-export-window-types");
  assert.deepEqual(problems, []);
  await context.close();
});

test("event time: allowed lateness 5 s exports DataStream Java with allowedLateness", { timeout: 60_000 }, async () => {
  const { context, problems, w } = await exportFrom("/t/et.html");
  assert.equal(await w.locator("details.flink-script").count(), 1);
  assert.equal(await w.locator("details.flink-script").getAttribute("data-language"), "java");
  const text = await script(w, "tumbling");
  assert.ok(text.includes(".allowedLateness(Duration.ofMillis(L))"), text);
  assert.match(text, /allowed lateness 5000 ms/);
  assert.ok(await w.getByRole("button", { name: "Copy the Flink DataStream Java for Tumbling 10 s windows" }).count() === 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("memory calculator: each script has the predicted state above it", { timeout: 60_000 }, async () => {
  const { page, context, problems, w } = await exportFrom("/t/mc.html");
  assert.equal(await w.locator("details.flink-script").count(), 3);
  const text = await script(w, "tumbling");
  assert.ok(text.includes("ts - INTERVAL '2' SECOND") && text.includes("TUMBLE("), text);
  for (const k of ["tumbling", "sliding", "session"]) {
    const sliced = (await w.locator(`output[data-out="${k}-sliced"]`).textContent()).trim();
    const preface = await w.locator(`details.flink-script[data-design="${k}"] .flink-preface`).textContent();
    assert.ok(preface.startsWith(`Predicted state for this design: ${sliced} (sliced aggregates`), `${k}: ${preface} (table: ${sliced})`);
    // The line is above the script.
    assert.equal(await w.locator(`details.flink-script[data-design="${k}"] .flink-preface + .buttons + pre`).count(), 1);
  }
  assert.ok((await script(w, "sliding")).includes("HOP("));
  assert.deepEqual(await axeViolations(page), []);
  await screenshots(page, "flink-export-memory");
  assert.deepEqual(problems, []);
  await context.close();
});
