// Shared by the widget tests: a static server that can also serve pages
// written in the test and send CORS headers (as a CDN-like shared copy of
// dist/ would), axe-core injected from node_modules, screenshots at desktop
// and phone width with a check that nothing overflows sideways, and the
// before/after set-up most widget suites share (widgetSuite).
import { before, after } from "node:test";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join, normalize, sep } from "node:path";
import assert from "node:assert/strict";
import { ARTIFACTS, WWW, guardedPage, launchBrowser } from "./helpers.mjs";

const MIME = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".csv": "text/csv; charset=utf-8",
  ".png": "image/png", ".wasm": "application/wasm", ".json": "application/json",
};

/**
 * Serves `root` on a free localhost port, plus `pages` ({ "/x.html": html })
 * written by the test. With `cors`, every response says
 * `Access-Control-Allow-Origin: *`. Resolves to { url, port, close() }.
 */
export async function serve(root, { pages = {}, cors = false } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const headers = cors ? { "access-control-allow-origin": "*" } : {};
    if (path in pages) {
      res.writeHead(200, { ...headers, "content-type": MIME[".html"] }).end(pages[path]);
      return;
    }
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(normalize(root + sep))) {
      res.writeHead(403, headers).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, "content-type": MIME[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, headers).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, port, close: () => new Promise((ok) => server.close(ok)) };
}

/**
 * Registers the suite's before/after hooks: www/ served with `pages` (see
 * `serve`) and Chromium launched once for the file, both closed at the end;
 * tests/artifacts/ exists for screenshots. Returns `{ server, browser, open }`
 * (`server` and `browser` are set once the before hook has run).
 * `open(path, options)` opens `path` on a guarded page (see guardedPage; a
 * 1280 x 900 viewport unless `options` says otherwise) and waits until the
 * element with id `id` has `data-state` "ready" or "error" (within
 * `timeout` ms), or, without `id`, until every Weir widget is ready
 * (widgetsReady, which also fails on an error state).
 */
export function widgetSuite({ pages = {}, id = null, timeout = 20_000 } = {}) {
  const suite = { server: null, browser: null };
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    suite.server = await serve(WWW, { pages });
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  suite.open = async (path, options = { viewport: { width: 1280, height: 900 } }) => {
    const g = await guardedPage(suite.browser, options);
    await g.page.goto(suite.server.url + path.replace(/^\//, ""));
    if (id === null) await widgetsReady(g.page);
    else {
      await g.page.waitForFunction((i) => ["ready", "error"].includes(document.getElementById(i)?.dataset.state),
        id, { timeout });
    }
    return g;
  };
  return suite;
}

/** A page holding `body`, loading the widgets from `script`. */
export const pageWith = (body, script = "/weir-widgets.js") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Widget test</title><link rel="icon" href="data:,"></head>
<body style="margin:0;padding:8px"><main><h1>Widget test</h1>${body}</main>
<script type="module" src="${script}"></script></body></html>`;

/** Waits until every Weir element on the page is ready (or one failed). */
export async function widgetsReady(page, timeout = 15_000) {
  await page.waitForFunction(() => {
    const els = [...document.querySelectorAll("weir-window-types, weir-event-time, weir-memory-calculator")];
    return els.length > 0 && els.every((e) => e.dataset.state === "ready" || e.dataset.state === "error");
  }, null, { timeout });
  const errors = await page.evaluate(() => [...document.querySelectorAll("[data-state=error]")]
    .map((e) => `${e.localName}: ${e.shadowRoot.querySelector(".error")?.textContent}`));
  assert.deepEqual(errors, [], "a widget shows an error");
}

/** Runs `action`, then waits for the element's next `change` event and for it to be ready. */
export async function afterChange(page, selector, action) {
  // The listener is in place before the action starts (no race with input events).
  const before = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el._changes) {
      el._changes = 0;
      el.addEventListener("change", (e) => { if (e.target === el) el._changes++; });
    }
    return el._changes;
  }, selector);
  await action();
  await page.waitForFunction(([sel, n]) => {
    const el = document.querySelector(sel);
    return el._changes > n && el.dataset.state === "ready";
  }, [selector, before], { timeout: 10_000 });
}

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

/** axe-core's serious and critical violations on the page (shadow DOM included). */
export async function axeViolations(page) {
  await page.addScriptTag({ content: await readFile(AXE, "utf8") });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * Screenshots at 1280 px and 360 px wide into tests/artifacts/NAME-*.png;
 * at each width the page must not scroll sideways and no widget may be
 * wider than the viewport.
 */
export async function screenshots(page, name) {
  const shots = {};
  for (const [label, width] of [["desktop", 1280], ["phone", 360]]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300); // the widgets redraw on resize
    const over = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll("weir-window-types, weir-event-time, weir-memory-calculator")]
        .filter((e) => e.getBoundingClientRect().right > vw + 1).map((e) => e.localName);
      return { scroll: document.documentElement.scrollWidth - vw, wide };
    });
    assert.ok(over.scroll <= 0, `${name} at ${width} px: the page scrolls sideways by ${over.scroll} px`);
    assert.deepEqual(over.wide, [], `${name} at ${width} px: wider than the viewport`);
    shots[label] = join(ARTIFACTS, `${name}-${label}.png`);
    await page.screenshot({ path: shots[label], fullPage: true });
  }
  return shots;
}

/** Text of the element matching `sel` inside `host`'s shadow root. */
export const shadowText = (page, host, sel) =>
  page.locator(host).locator(sel).first().textContent().then((t) => t.replace(/\s+/g, " ").trim());
