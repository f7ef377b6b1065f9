// Every widget's attributes and inputs checked (www/widgets/attrs.js and
// field() in base.js), in Chromium: an invalid attribute gives the error
// state (data-state="error", the message naming the attribute and its
// value), dims the stale figures, and nothing starts; number fields clamp
// to their sliders' ends; the units are in the accessible names and every
// slider says its value in words (aria-valuetext). No console or page error
// in any of it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, guardedPage } from "./helpers.mjs";
import { axeViolations, pageWith, widgetSuite } from "./widget-helpers.mjs";

const pages = {
  "/v/factory-bad.html": pageWith('<weir-factory id="w" sensors="-5" rate="fast"></weir-factory>'),
  "/v/factory-duration.html": pageWith('<weir-factory id="w" duration="abc"></weir-factory>'),
  "/v/factory.html": pageWith('<weir-factory id="w" sensors="100" rate="10" duration="600s"></weir-factory>'),
  "/v/bvs-abc.html": pageWith('<weir-batch-vs-stream id="w" threshold="abc"></weir-batch-vs-stream>'),
  "/v/bvs-50.html": pageWith('<weir-batch-vs-stream id="w" threshold="50"></weir-batch-vs-stream>'),
  "/v/calc.html": pageWith('<weir-memory-calculator id="w"></weir-memory-calculator>'),
  "/v/calc-bad.html": pageWith('<weir-memory-calculator id="w" sensors="lots" memory="16 GQ"></weir-memory-calculator>'),
  "/v/advisor-bad.html": pageWith('<weir-window-advisor id="w" goal="trend" need="1h" rate="-1"></weir-window-advisor>'),
  "/v/wt.html": pageWith('<weir-window-types id="w" duration="20s"></weir-window-types>'),
  "/v/wt-bad.html": pageWith('<weir-window-types id="w" window="ten" sensors="0"></weir-window-types>'),
  "/v/et.html": pageWith('<weir-event-time id="w" duration="10s"></weir-event-time>'),
  "/v/four.html": pageWith(`<weir-memory-calculator id="w" sync-url></weir-memory-calculator>
    <weir-window-advisor goal="trend" need="10s" budget="16GB" late="seconds"></weir-window-advisor>
    <weir-factory sensors="1000" rate="10"></weir-factory>
    <weir-batch-vs-stream></weir-batch-vs-stream>`),
  "/v/theme-bad.html": pageWith('<weir-memory-calculator id="w" theme="blue"></weir-memory-calculator>'),
  "/v/factory-theme.html": pageWith('<weir-factory id="w" theme="sepia"></weir-factory>'),
  "/v/bvs-dark.html": pageWith('<weir-batch-vs-stream id="w" theme="dark"></weir-batch-vs-stream>'),
  "/v/et-bad.html": pageWith('<weir-event-time id="w" late-share="fast" out-of-orderness="-1s"></weir-event-time>'),
};

const suite = widgetSuite({ pages, id: "w" });
const { open } = suite;

const state = (page) => page.evaluate(() => document.getElementById("w").dataset.state);
const errorText = (page) => page.locator("#w").locator("p.error").textContent();
const opacity = (page, sel) => page.locator("#w").locator(sel).first().evaluate((e) => getComputedStyle(e).opacity);

test("factory: sensors=-5 rate=fast is an error naming both; Start does not start", async () => {
  const { page, context, problems } = await open("/v/factory-bad.html");
  assert.equal(await state(page), "error");
  assert.equal(await errorText(page),
    'sensors="-5": expected a whole number from 1 to 10,000; rate="fast": expected a number from 1 Hz to 100 Hz');
  const start = page.locator("#w").getByRole("button", { name: "Start" });
  assert.equal(await start.isDisabled(), true);
  // Even called directly, start() refuses: no worker, no Stop button.
  await page.evaluate(() => document.getElementById("w").start());
  assert.equal(page.workers().length, 0);
  assert.equal(await start.textContent(), "Start");
  assert.equal(await page.evaluate(() => document.getElementById("w").dataset.run), undefined);
  // Stale panels are dimmed.
  assert.equal(await opacity(page, ".pipeline"), "0.4");
  // Fixing the attributes clears the error.
  await page.evaluate(() => { const w = document.getElementById("w"); w.setAttribute("sensors", "5"); w.setAttribute("rate", "10"); });
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "ready");
  assert.equal(await start.isDisabled(), false);
  assert.equal(await page.locator("#w").locator("p.error").isHidden(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test("factory: duration=abc builds the widget, shows the error, and stop() is harmless", async () => {
  const { page, context, problems } = await open("/v/factory-duration.html");
  assert.equal(await state(page), "error");
  assert.equal(await errorText(page), 'duration="abc": expected a duration such as "2s" or "500ms" from 1 s to 24 h');
  assert.equal(await page.locator("#w").getByRole("spinbutton").count(), 10); // with the gateways and the idle timeout
  await page.evaluate(() => document.getElementById("w").stop());
  for (const [name, value] of [["speed", "0"], ["slide", "1min"], ["threshold", "x"], ["anomalies", "1.5"], ["late-share", "80%"], ["lag-cap", "soon"], ["seed", "-1"]]) {
    await page.evaluate(([n, v]) => { const w = document.getElementById("w"); w.setAttribute("duration", "60s"); w.setAttribute(n, v); }, [name, value]);
    await page.waitForFunction((n) => document.getElementById("w").shadowRoot.querySelector("p.error").textContent.startsWith(`${n}=`), name);
    assert.equal(await state(page), "error", name);
    await page.evaluate((n) => document.getElementById("w").removeAttribute(n), name);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("factory: Start is the first tab stop, panels say none yet, and it fires change", async () => {
  const { page, context, problems } = await open("/v/factory.html");
  await page.locator("h1").click();
  await page.keyboard.press("Tab");
  assert.equal(await page.locator("#w").locator(":focus").textContent(), "Start");
  assert.equal(await page.locator("#w").locator("ol.alerts li").textContent(), "None yet.");
  assert.match(await page.locator("#w").locator("tbody tr.none").first().textContent(), /None/);
  assert.equal(await page.locator("#w").locator("section").first().locator("p.none").textContent(), "None yet.");
  // Windows counted in words match the calculator's: raw readings of size / slide windows.
  assert.match(await page.locator("#w").locator("section").nth(3).textContent(), /chapter's raw buffering \(readings of 10 windows\)/);
  await page.evaluate(() => {
    const w = document.getElementById("w");
    w._changes = [];
    w.addEventListener("change", (e) => w._changes.push(e.detail.running));
  });
  await page.evaluate(() => document.getElementById("w").setAttribute("threshold", "3"));
  await page.waitForFunction(() => document.getElementById("w")._changes.length === 1);
  await page.locator("#w").getByRole("button", { name: "Start" }).click();
  await page.waitForFunction(() => document.getElementById("w")._changes.includes(true), null, { timeout: 20_000 });
  await page.evaluate(() => document.getElementById("w").stop());
  assert.deepEqual(problems, []);
  await context.close();
});

test("batch vs stream: threshold=abc is an error; threshold=50 is drawn at 50 and says no alert, not in green", async () => {
  const bad = await open("/v/bvs-abc.html");
  assert.equal(await state(bad.page), "error");
  assert.equal(await errorText(bad.page), 'threshold="abc": expected a number from 25 °C to 60 °C');
  assert.deepEqual(bad.problems, []);
  await bad.context.close();

  const { page, context, problems } = await open("/v/bvs-50.html");
  assert.equal(await state(page), "ready");
  const host = page.locator("#w");
  assert.equal(await host.locator('output[data-out="stream-alert"]').textContent(), "never alerts");
  assert.equal(await host.locator('output[data-out="batch-found"]').textContent(), "no batch job");
  assert.match(await host.locator("p.story").textContent(), /No reading of the spike passes 50 °C \(it peaks at 3\d\.\d °C\)/);
  // The "not found" figure is muted, not the stream's green.
  const colors = await host.locator(".card.stream .big").evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e.closest(".card").querySelector(".muted")).color]);
  assert.equal(colors[0], colors[1]);
  // The axis reaches 60 °C and the threshold line is at the 50 ° tick.
  const ticks = await host.locator("svg.day text.tick").allTextContents();
  assert.ok(ticks.includes("50°") && ticks.includes("60°"), ticks.join(" "));
  const [lineY, tickY] = await host.locator("svg.day").evaluate((svg) => [
    Number(svg.querySelector("line.threshold").getAttribute("y1")),
    Number([...svg.querySelectorAll("text.tick")].find((t) => t.textContent === "50°").getAttribute("y")) - 4]);
  assert.ok(Math.abs(lineY - tickY) < 0.01, `threshold line at ${lineY}, 50° tick at ${tickY}`);
  // An invalid value later dims the figures of the last valid one.
  await page.evaluate(() => document.getElementById("w").setAttribute("threshold", "100"));
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "error");
  assert.equal(await errorText(page), 'threshold="100": expected a number from 25 °C to 60 °C');
  assert.equal(await opacity(page, ".results"), "0.4");
  assert.deepEqual(problems, []);
  await context.close();
});

test("calculator: invalid attributes name themselves and dim the old figures; typed values clamp", async () => {
  const bad = await open("/v/calc-bad.html");
  assert.equal(await state(bad.page), "error");
  assert.equal(await errorText(bad.page),
    'sensors="lots": expected a whole number from 1 to 1,000,000; memory="16 GQ": expected a size such as "100B", "16GB" or "4GiB" from 100 MB to 1,024 GB');
  assert.deepEqual(bad.problems, []);
  await bad.context.close();

  const { page, context, problems } = await open("/v/calc.html");
  const calc = page.locator("#w");
  assert.equal(await opacity(page, ".results"), "1");
  // An estimate the model rejects: the figures stay, dimmed, under the error.
  await page.evaluate(() => document.getElementById("w").setAttribute("window", "0.01s"));
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "error");
  assert.equal(await errorText(page), 'window="0.01s": expected a duration such as "2s" or "500ms" from 100 ms to 1 h');
  assert.equal(await opacity(page, ".results"), "0.4");
  await page.evaluate(() => document.getElementById("w").removeAttribute("window"));
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "ready");
  assert.equal(await opacity(page, ".results"), "1");
  // Valid inputs the model cannot compute (10^6 x 1,000 msg/s x 100 KB x 1 h is over 2^53 bytes):
  // the core's error, and the old figures dimmed.
  await page.evaluate(() => {
    const w = document.getElementById("w");
    for (const [k, v] of [["sensors", "1000000"], ["rate", "1000"], ["message-bytes", "100KB"], ["window", "1h"]]) w.setAttribute(k, v);
  });
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "error");
  assert.match(await errorText(page), /sensors|messagesPerSecond|messageBytes|window/);
  assert.equal(await opacity(page, ".results"), "0.4");
  await page.evaluate(() => { const w = document.getElementById("w"); for (const k of ["sensors", "rate", "message-bytes", "window"]) w.removeAttribute(k); });
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "ready");
  // A typed value beyond the slider's end is clamped to it: 5,000,000 sensors -> 1,000,000.
  const sensors = calc.getByRole("spinbutton", { name: "Sensors", exact: true });
  await sensors.fill("5000000");
  await sensors.press("Enter");
  await page.waitForFunction(() => document.getElementById("w").getAttribute("sensors") === "1000000");
  assert.equal(await sensors.inputValue(), "1000000");
  // Text that is not a number puts the last value back and changes nothing.
  await sensors.fill("");
  await sensors.press("Enter");
  assert.equal(await sensors.inputValue(), "1000000");
  assert.equal(await page.evaluate(() => document.getElementById("w").getAttribute("sensors")), "1000000");
  assert.deepEqual(problems, []);
  await context.close();
});

test("advisor: an answer that does not belong to the question, and a bad workload, are errors", async () => {
  const { page, context, problems } = await open("/v/advisor-bad.html");
  assert.equal(await state(page), "error");
  assert.equal(await errorText(page), 'rate="-1": expected a number from 0.001 msg/s to 1,000,000 msg/s');
  await page.evaluate(() => document.getElementById("w").setAttribute("rate", "100"));
  await page.waitForFunction(() => document.getElementById("w").shadowRoot.querySelector("p.error").textContent.startsWith("need="));
  assert.equal(await errorText(page), 'need="1h": expected one of 10s, 1min for goal="trend"');
  assert.deepEqual(problems, []);
  await context.close();
});

test("window types and event time: invalid attributes are errors naming them; the rate field clamps at 10 Hz", async () => {
  for (const [path, message] of [
    ["/v/wt-bad.html", 'window="ten": expected a duration such as "2s" or "500ms" from 1 s to 1 min; sensors="0": expected a whole number from 1 to 20'],
    ["/v/et-bad.html", 'out-of-orderness="-1s": expected a duration such as "2s" or "500ms" from 0 s to 20 s; late-share="fast": expected a share such as "20%" or 0.2 from 0% to 50%'],
  ]) {
    const { page, context, problems } = await open(path);
    assert.equal(await state(page), "error", path);
    assert.equal(await errorText(page), message, path);
    assert.deepEqual(problems, [], path);
    await context.close();
  }
  const { page, context, problems } = await open("/v/wt.html");
  const rate = page.locator("#w").getByRole("spinbutton", { name: "Event rate per sensor in hertz", exact: true });
  await rate.fill("50");
  await rate.press("Enter");
  await page.waitForFunction(() => document.getElementById("w").getAttribute("rate") === "10");
  assert.equal(await rate.inputValue(), "10");
  assert.equal(await page.locator("#w").getByRole("slider", { name: "Event rate per sensor (slider)" }).getAttribute("aria-valuetext"), "10 hertz");
  assert.deepEqual(problems, []);
  await context.close();
});

test("theme: an unknown value is an error naming it, like any attribute; a valid one clears it", async () => {
  const { page, context, problems } = await open("/v/theme-bad.html");
  assert.equal(await state(page), "error");
  assert.equal(await errorText(page), 'theme="blue": expected one of light, dark, auto');
  await page.evaluate(() => document.getElementById("w").setAttribute("theme", "dark"));
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "ready");
  assert.equal(await page.evaluate(() => document.getElementById("w").dataset.scheme), "dark");
  await page.evaluate(() => document.getElementById("w").setAttribute("theme", "Dark"));
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "error");
  assert.equal(await errorText(page), 'theme="Dark": expected one of light, dark, auto');
  assert.equal(await opacity(page, ".results"), "0.4");
  assert.deepEqual(problems, []);
  await context.close();
});

test("theme on the factory: an unknown value disables Start and start() refuses, like any bad attribute", async () => {
  const { page, context, problems } = await open("/v/factory-theme.html");
  assert.equal(await state(page), "error");
  assert.equal(await errorText(page), 'theme="sepia": expected one of light, dark, auto');
  const start = page.locator("#w").getByRole("button", { name: "Start" });
  assert.equal(await start.isDisabled(), true);
  await page.evaluate(() => document.getElementById("w").start());
  assert.equal(page.workers().length, 0);
  assert.equal(await page.locator("#w").getByRole("button", { name: "Stop" }).count(), 0);
  await page.evaluate(() => document.getElementById("w").setAttribute("theme", "light"));
  await page.waitForFunction(() => document.getElementById("w").dataset.state === "ready");
  assert.equal(await start.isDisabled(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test("window types and event time: an invalid attribute dims the last good chart and figures", async () => {
  for (const [path, attr, bad] of [["/v/wt.html", "window", "ten"], ["/v/et.html", "out-of-orderness", "-1s"]]) {
    const { page, context, problems } = await open(path);
    await page.waitForFunction(() => document.getElementById("w").dataset.state === "ready");
    for (const sel of [".scroll-x", ".status", ".details"]) assert.equal(await opacity(page, sel), "1", `${path} ${sel}`);
    await page.evaluate(([a, v]) => document.getElementById("w").setAttribute(a, v), [attr, bad]);
    await page.waitForFunction(() => document.getElementById("w").dataset.state === "error");
    for (const sel of [".scroll-x", ".status", ".details"]) assert.equal(await opacity(page, sel), "0.4", `${path} ${sel}`);
    // The chart is still there (stale, dimmed), not blanked.
    assert.ok(await page.locator("#w").locator(".scroll-x g.event").count() > 0, path);
    await page.evaluate((a) => document.getElementById("w").removeAttribute(a), attr);
    await page.waitForFunction(() => document.getElementById("w").dataset.state === "ready");
    assert.equal(await opacity(page, ".scroll-x"), "1", path);
    assert.deepEqual(problems, [], path);
    await context.close();
  }
});

test("batch vs stream, dark: the stream alert and sensor 2 are drawn in different colours", async () => {
  const { page, context, problems } = await open("/v/bvs-dark.html");
  const host = page.locator("#w");
  const alert = await host.locator(".marker.stream line").evaluate((e) => getComputedStyle(e).stroke);
  const sensor2 = await host.locator("svg.day polyline.series.key-2").evaluate((e) => getComputedStyle(e).stroke);
  assert.equal(alert, "rgb(74, 222, 128)");
  assert.equal(sensor2, "rgb(45, 212, 191)");
  assert.notEqual(alert, sensor2);
  // The key shows the same two colours.
  const swatches = await host.locator("ul.legend .sw").evaluateAll((els) => els.map((e) => [e.className, getComputedStyle(e).borderTopColor]));
  const sw = Object.fromEntries(swatches);
  assert.equal(sw["sw stream"], "rgb(74, 222, 128)");
  assert.equal(sw["sw series key-2"], "rgb(45, 212, 191)");
  assert.deepEqual(problems, []);
  await context.close();
});

test("units are in the accessible names; every slider has aria-valuetext, log sliders in plain numbers", async () => {
  const et = await open("/v/et.html");
  assert.equal(await et.page.locator("#w").getByRole("spinbutton", { name: "Max out-of-orderness in milliseconds", exact: true }).inputValue(), "2000");
  assert.equal(await et.page.locator("#w").getByRole("slider", { name: "Max out-of-orderness (slider)" }).getAttribute("aria-valuetext"), "2,000 milliseconds");
  await et.context.close();

  const { page, context, problems } = await open("/v/calc.html");
  const calc = page.locator("#w");
  const texts = await calc.locator("input[type=range]").evaluateAll((xs) => xs.map((x) => x.getAttribute("aria-valuetext")));
  assert.deepEqual(texts, ["10,000", "100 messages per second", "100 bytes", "10 seconds", "1 second",
    "3 seconds", "30 seconds", "56 bytes", "16 gigabytes", "20 percent", "50 percent",
    // The engine-state section: early every N events, the silence between sessions.
    "100 events", "30 seconds"]);
  assert.equal(await calc.getByRole("spinbutton", { name: "Instance memory in gigabytes", exact: true }).inputValue(), "16");
  // units="binary": the memory input, its name and its slider in GiB; memory="4GiB" is 4, not 4.29.
  await page.evaluate(() => { const w = document.getElementById("w"); w.setAttribute("units", "binary"); w.setAttribute("memory", "4GiB"); });
  await page.waitForFunction(() => document.getElementById("w").result?.params.memory === 4 * 2 ** 30);
  assert.equal(await calc.getByRole("spinbutton", { name: "Instance memory in gibibytes", exact: true }).inputValue(), "4");
  assert.equal(await calc.getByRole("slider", { name: "Instance memory (slider)" }).getAttribute("aria-valuetext"), "4 gibibytes");
  // Moving the slider writes GiB back.
  await calc.getByRole("slider", { name: "Instance memory (slider)" }).press("ArrowRight");
  await page.waitForFunction(() => /GiB$/.test(document.getElementById("w").getAttribute("memory")));
  assert.match(await page.evaluate(() => document.getElementById("w").getAttribute("memory")), /^4\.\dGiB$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("calculator, advisor, factory, batch vs stream: axe finds no serious or critical violation at 1280 and 360 px, light and dark", { timeout: 120_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await guardedPage(suite.browser, { colorScheme, viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.server.url}v/four.html`);
    await page.waitForFunction(() => [...document.querySelectorAll("main > *:not(h1)")].every((e) => e.dataset.state === "ready"), null, { timeout: 30_000 });
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // the charts redraw on resize
      assert.deepEqual(await axeViolations(page), [], `${colorScheme}, ${width} px`);
      for (const sel of ["weir-memory-calculator", "weir-window-advisor", "weir-factory", "weir-batch-vs-stream"]) {
        await page.locator(sel).screenshot({ path: `${ARTIFACTS}${sel.replace("weir-", "")}-${colorScheme}-${width}.png` });
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});
