// The widgets' layout across the page's widths, in Chromium: no select
// clips one of its choices, each row of controls is level (a wrapped
// label no longer pushes its control below its neighbours') and no unit runs
// into its slider, on
// www/index.html (the Flink export panels open) and with each widget that
// has controls alone on a page, at widths from 1280 px down to 360 px (a
// column of the controls is narrowest just before another column fits, so
// checking only 1280 and 360 misses most layouts). The time charts of
// <weir-event-time>, <weir-window-types> and <weir-sources>: the watermark
// and clock lines pass under the ticks, titles and tags (drawn over them on
// a halo), and the sensor names stay on a backing when the chart scrolls.
// <weir-watermark-price>: a target's and a budget's words sit on the side of
// their line that the curves leave free. <weir-batch-vs-stream>: the markers'
// and marks' lines pass under the words (theirs and the bands' names). On
// every page and width: no chart's words run off its edge.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clippedSelects, gutterCover, limitLabelsOnCurves, textsCrossed, textsOffChart, unevenControls, unitsUnderSliders } from "./chart-checks.mjs";
import { guardedPage } from "./helpers.mjs";
import { afterChange, pageWith, widgetSuite } from "./widget-helpers.mjs";

const WITH_CONTROLS = `<weir-event-time id="et"></weir-event-time>
  <weir-event-time id="et-predict" scenario="chapter" mode="predict"></weir-event-time>
  <weir-window-types id="wt"></weir-window-types>
  <weir-sources id="src" silence="2"></weir-sources>
  <weir-memory-calculator id="calc"></weir-memory-calculator>
  <weir-label-diagram id="ld" diagram="pipeline"></weir-label-diagram>
  <weir-semantics id="sem"></weir-semantics>
  <weir-watermark-price id="wp"></weir-watermark-price>`;
const suite = widgetSuite({ pages: {
  "/t/controls.html": pageWith(WITH_CONTROLS),
  "/t/bvs.html": pageWith(`<weir-batch-vs-stream id="bvs"></weir-batch-vs-stream>`),
} });

/** Widths from `from` down to 360 px, every `step` px. */
const widths = (from, step) => Array.from({ length: Math.floor((from - 360) / step) + 1 }, (_, i) => from - i * step);

async function checkWidths(page, list) {
  for (const width of list) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(100);
    assert.deepEqual(await clippedSelects(page), [], `${width} px: a select clips a choice`);
    assert.deepEqual(await unevenControls(page), [], `${width} px: a row of controls is not level`);
    assert.deepEqual(await unitsUnderSliders(page), [], `${width} px: a unit runs into its slider`);
    assert.deepEqual(await textsOffChart(page), [], `${width} px: a chart's words run off its edge`);
  }
}

/** Waits until every Weir element on the page (not only the three widgetsReady knows) is ready. */
const allReady = (page) => page.waitForFunction(() => [...document.querySelectorAll("*")]
  .filter((e) => e.localName.startsWith("weir-") && e.shadowRoot)
  .every((e) => e.dataset.state === undefined || e.dataset.state === "ready"), null, { timeout: 30_000 });

test("www/index.html, the Flink export panels open: no select clips a choice, rows of controls level, units clear of sliders, no words off a chart, 1280 to 360 px", { timeout: 120_000 }, async () => {
  const { page, context, problems } = await suite.open("/index.html");
  await allReady(page);
  const counted = await page.evaluate(() => [...document.querySelectorAll("*")]
    .filter((e) => e.localName.startsWith("weir-") && e.shadowRoot?.querySelector("select")).map((e) => e.localName));
  // The widgets with a select: three event-time, two window-types, the sources, the calculator, the diagram.
  assert.deepEqual([...new Set(counted)].sort(), ["weir-event-time", "weir-label-diagram", "weir-memory-calculator", "weir-sources", "weir-window-types"]);
  for (const button of await page.locator("button.flink-export-button").all()) {
    await button.click();
  }
  await page.waitForFunction(() => [...document.querySelectorAll("*")].filter((e) => e.shadowRoot?.querySelector(".flink-export"))
    .every((e) => [...e.shadowRoot.querySelectorAll(".flink-export select")].every((s) => s.offsetParent)), null, { timeout: 30_000 });
  await checkWidths(page, widths(1280, 40));
  assert.deepEqual(problems, []);
  await context.close();
});

test("each widget with controls alone on a page: no select clips a choice, rows of controls level, units clear of sliders, no words off a chart, 1280 to 360 px", { timeout: 120_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/controls.html");
  await allReady(page);
  await checkWidths(page, widths(1280, 20));
  assert.deepEqual(problems, []);
  await context.close();
});

test("time charts: the watermark and clock lines pass under ticks, titles and tags; lane names on a backing; 1280 and 360 px, light and dark", { timeout: 120_000 }, async () => {
  for (const scheme of ["light", "dark"]) {
    const { page, context, problems } = await suite.open("/t/controls.html", { viewport: { width: 1280, height: 900 }, colorScheme: scheme });
    await allReady(page);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      // From before the first event (W = −∞, the line at the chart's left edge, over the titles) to the end.
      for (const share of [0, 0.1, 0.3, 0.5, 0.8, 1]) {
        for (const id of ["et", "wt", "src"]) {
          const at = await page.evaluate(([i, f]) => {
            const el = document.getElementById(i);
            const n = Math.round((el.localName === "weir-sources" ? el.result.events.length : el.events.length) * f);
            el.seek(n); // what Step and Play call
            return n;
          }, [id, share]);
          const where = `${scheme}, ${width} px, #${id} after ${at} events`;
          assert.deepEqual(await textsCrossed(page, `#${id}`), [], `${where}: the watermark line over a text`);
          assert.deepEqual(await textsCrossed(page, `#${id}`, "line.now"), [], `${where}: the clock line over a text`);
          assert.deepEqual(await gutterCover(page, `#${id}`), { bare: [], hidden: 0 }, `${where}: the lane names' backing`);
        }
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("watermark price: the target's and the budget's words off the curves, at 1280, 800 and 360 px", { timeout: 120_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/controls.html");
  await allReady(page);
  // [target, budget] pairs; at 360 px a 99 % target with an 8 s budget leaves neither side of the
  // budget's line free (the words then sit over the curves on their halo), so it is checked wider only.
  for (const [width, pairs] of [[1280, [["95%", "5s"], ["90%", "2s"], ["80%", "3s"], ["99%", "8s"]]], [800, [["95%", "5s"], ["90%", "2s"], ["99%", "8s"]]], [360, [["95%", "5s"], ["90%", "2s"], ["80%", "3s"]]]]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    for (const [target, budget] of pairs) {
      await afterChange(page, "#wp", () => page.evaluate(([t, b]) => {
        const el = document.getElementById("wp");
        el.setAttribute("completeness-target", t);
        el.setAttribute("latency-budget", b);
      }, [target, budget]));
      assert.deepEqual(await limitLabelsOnCurves(page, "#wp"), [], `${width} px, target ${target}, budget ${budget}`);
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("batch vs stream: the stream's and the batch's lines pass under every word of the day chart and the latency scale, 1280 to 360 px", { timeout: 120_000 }, async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}t/bvs.html`);
  await page.waitForFunction(() => document.getElementById("bvs")?.dataset.state === "ready", null, { timeout: 30_000 });
  for (const width of [1280, 800, 600, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    for (const schedule of ["24h", "1h", "15min", "6h"]) {
      for (const window of ["10s", "5min"]) {
        await afterChange(page, "#bvs", () => page.evaluate(([a, b]) => {
          const el = document.getElementById("bvs");
          el.setAttribute("schedule", a);
          el.setAttribute("window", b);
        }, [schedule, window]));
        const where = `${width} px, schedule ${schedule}, window ${window}`;
        assert.deepEqual(await textsCrossed(page, "#bvs", "g.marker line"), [], `${where}: the day chart`);
        assert.deepEqual(await textsCrossed(page, "#bvs", "g.mark line"), [], `${where}: the latency scale`);
      }
    }
    assert.deepEqual(await textsOffChart(page), [], `${width} px: words off a chart`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
