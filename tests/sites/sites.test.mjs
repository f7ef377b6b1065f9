// The ways into a course site (issue 19), each built here from scratch and
// loaded in Chromium from localhost: the npm package (pack/weir-widgets.tgz,
// made by `./weir pack`), a Vite build that imports it, a MkDocs site with
// the package's files copied by docs/course-sites.md's recipe, and www/frame.html in
// an iframe of a host page on a second port. Every page must show the
// chapter's figures, react to an attribute change, log no console error and
// make no request off localhost (helpers.mjs's guardedPage aborts and
// reports any). Build times are printed as test diagnostics.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { guardedPage, launchBrowser } from "../e2e/helpers.mjs";
import { serve, widgetsReady } from "../e2e/widget-helpers.mjs";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PACK = `${ROOT}pack/weir-widgets.tgz`;
const VITE = fileURLToPath(new URL("./vite/", import.meta.url));
const MKDOCS = fileURLToPath(new URL("./mkdocs/", import.meta.url));

// The chapter's worked example with its teaching state figure
// (docs/widgets/memory-calculator.md): 10,000 x 100 msg/s x 100 B x 10 s = 1 GB per
// window; a 1 s slide holds 10 windows: 10 GB, 62.5 % of 16 GB. A 2 s slide
// holds 5: 5 GB.
const WORKED = { sensors: "10000", rate: "100", "message-bytes": "100", window: "10s", slide: "1s",
  memory: "16GB", overhead: "20%", target: "50%", "state-bytes": "20000" };

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Runs `cmd` in `cwd`, printing how long it took as a diagnostic of `t`. */
async function timed(t, label, cmd, args, cwd) {
  const t0 = performance.now();
  await run(cmd, args, { cwd, maxBuffer: 16 << 20 });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  t.diagnostic(`${label}: ${secs} s`);
}

const calcOut = (scope, name) => scope.evaluate((n) => document.querySelector("weir-memory-calculator")
  .shadowRoot.querySelector(`output[data-out="${n}"]`)?.textContent.trim(), name);

/** The worked example's figures, then slide="2s" halves the sliding buffer. */
async function chapterFiguresAndChange(scope) {
  assert.equal(await calcOut(scope, "bytes-per-window"), "1 GB");
  assert.equal(await calcOut(scope, "sliding-raw"), "10 GB");
  assert.equal(await calcOut(scope, "sliding-util-raw"), "62.5 %");
  await scope.evaluate(() => document.querySelector("weir-memory-calculator").setAttribute("slide", "2s"));
  await scope.waitForFunction(() => document.querySelector("weir-memory-calculator").shadowRoot
    .querySelector('output[data-out="sliding-raw"]')?.textContent.trim() === "5 GB");
  assert.equal(await calcOut(scope, "sliding-util-raw"), "31.3 %");
}

/** Every request the page made, by URL. */
function recordRequests(page) {
  const urls = [];
  page.on("request", (r) => urls.push(r.url()));
  return urls;
}

/** Asserts that every request went to one of `origins` (blob: and data: URLs stay in the page). */
function onlyTo(urls, ...origins) {
  const away = urls.filter((u) => !/^(blob|data):/.test(u) && !origins.some((o) => u.startsWith(o)));
  assert.deepEqual(away, [], `requests beyond ${origins.join(", ")}`);
  assert.ok(urls.length > 3, "requests were recorded");
}

test("the package: the workspace's version, licences, README, changelog, types, both wasm modules, exports that resolve", async () => {
  const { stdout } = await run("tar", ["-tzf", PACK]);
  const files = new Set(stdout.trim().split("\n").map((f) => f.replace(/^package\//, "")));
  for (const f of ["package.json", "README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE", "weir-widgets.js",
    "weir-widgets.d.ts", "weir.js", "weir.d.ts", "frame.html", "widgets/memory-calculator.js",
    "pkg/weir_wasm.js", "pkg/weir_wasm_bg.wasm", "pkg-flink/weir_wasm_bg.wasm"]) {
    assert.ok(files.has(f), `the package has ${f}`);
  }
  assert.ok(![...files].some((f) => f.endsWith(".tgz") || f.startsWith("node_modules")), "no stray files");
  const pkg = JSON.parse((await run("tar", ["-xzOf", PACK, "package/package.json"])).stdout);
  const cargo = readFileSync(`${ROOT}Cargo.toml`, "utf8");
  const version = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(cargo)[1];
  assert.equal(pkg.name, "weir-widgets");
  assert.equal(pkg.version, version);
  assert.equal(pkg.type, "module");
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  for (const target of Object.values(pkg.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e)))) {
    assert.ok(files.has(target.replace(/^\.\//, "")), `export ${target} is in the package`);
  }
  const dts = (await run("tar", ["-xzOf", PACK, "package/weir.d.ts"])).stdout;
  assert.match(dts, /export function estimateMemory|export const estimateMemory/);
  const changelog = (await run("tar", ["-xzOf", PACK, "package/CHANGELOG.md"])).stdout;
  assert.match(changelog, new RegExp(`## ${version.replace(/\./g, "\\.")}`));
});

test("the package's types: the elements, the client, and wrong uses rejected (tsc over package-use.ts)", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "weir-pack-types-"));
  try {
    mkdirSync(`${dir}/node_modules/weir-widgets`, { recursive: true });
    await run("tar", ["-xzf", PACK, "-C", `${dir}/node_modules/weir-widgets`, "--strip-components=1"]);
    copyFileSync(fileURLToPath(new URL("./package-use.ts", import.meta.url)), `${dir}/use.ts`);
    await run(`${ROOT}tests/node_modules/.bin/tsc`, ["--noEmit", "--strict", "--target", "ES2022", "--module", "ESNext",
      "--moduleResolution", "Bundler", "--lib", "ES2022,DOM,ESNext.Disposable", "use.ts"], { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Vite: a page importing the packed weir-widgets builds, emits the .wasm and runs the calculator", { timeout: 180_000 }, async (t) => {
  rmSync(`${VITE}dist`, { recursive: true, force: true });
  await timed(t, "vite build", `${VITE}node_modules/.bin/vite`, ["build", "--logLevel", "warn"], VITE);
  const assets = readdirSync(`${VITE}dist/assets`);
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `a .wasm among the assets: ${assets.join(", ")}`);
  const server = await serve(`${VITE}dist`);
  try {
    const { page, problems } = await guardedPage(browser, { viewport: { width: 1280, height: 900 } });
    const urls = recordRequests(page);
    await page.goto(server.url);
    await widgetsReady(page);
    assert.ok(urls.some((u) => u.startsWith(`${server.url}assets/`) && u.endsWith(".wasm")), "the bundle fetched its .wasm");
    assert.equal(await page.textContent("#client"), "From the client: one window is 1 GB.");
    await chapterFiguresAndChange(page);
    // The lazily loaded Flink package: its own chunk and .wasm in the bundle.
    const calc = page.locator("weir-memory-calculator");
    await calc.getByRole("button", { name: "Export to Flink" }).click();
    await page.waitForFunction(() => document.querySelector("weir-memory-calculator").dataset.flinkExport, null, { timeout: 30_000 });
    assert.equal(await calc.evaluate((el) => el.dataset.flinkExport), "ready", await calc.locator(".flink-status").textContent());
    assert.ok(await calc.locator("details.flink-script pre").count() > 0);
    // The factory's workers: bundled with the glue they import.
    await page.locator("#factory").getByRole("button", { name: "Start" }).click();
    await page.waitForFunction(() => Number(document.querySelector("#factory").result?.status?.totals?.ingested ?? 0) > 0
      || document.querySelector("#factory").dataset.state === "error", null, { timeout: 60_000 });
    assert.notEqual(await page.locator("#factory").getAttribute("data-state"), "error",
      await page.locator("#factory").evaluate((el) => el.shadowRoot.querySelector(".error")?.textContent));
    onlyTo(urls, server.url);
    assert.deepEqual(problems, []);
  } finally {
    await server.close();
  }
});

test("MkDocs: two widgets in Markdown, the package's files copied by the README's recipe", { timeout: 180_000 }, async (t) => {
  const weirDir = `${MKDOCS}docs/weir`;
  rmSync(weirDir, { recursive: true, force: true });
  rmSync(`${MKDOCS}site`, { recursive: true, force: true });
  mkdirSync(weirDir, { recursive: true });
  // The recipe (docs/course-sites.md, "MkDocs"): the files a page loads, not the README
  // (MkDocs would make it a page).
  await run("tar", ["-xzf", PACK, "-C", weirDir, "--strip-components=1",
    "package/weir-widgets.js", "package/weir.js", "package/widgets", "package/pkg", "package/pkg-flink"]);
  await timed(t, "mkdocs build", `${MKDOCS}.venv/bin/mkdocs`, ["build", "--strict", "--quiet"], MKDOCS);
  assert.ok(existsSync(`${MKDOCS}site/weir/pkg/weir_wasm_bg.wasm`));
  const server = await serve(`${MKDOCS}site`);
  try {
    const { page, problems } = await guardedPage(browser, { viewport: { width: 1280, height: 900 } });
    const urls = recordRequests(page);
    await page.goto(`${server.url}memory/`);
    await widgetsReady(page);
    assert.equal(await page.locator("weir-memory-calculator, weir-window-types").count(), 2);
    await page.waitForFunction(() => document.querySelector("weir-window-types").result !== null);
    await chapterFiguresAndChange(page);
    onlyTo(urls, server.url);
    assert.deepEqual(problems, []);
  } finally {
    await server.close();
  }
});

// The host page: docs/course-sites.md's snippet ("An LMS iframe"), plus a record of what it received.
const hostPage = (frames) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<link rel="icon" href="data:,"></head><body><h1>A course in an LMS</h1>
${frames.map(([id, src]) => `<iframe id="${id}" title="${id}" style="width:100%;border:0" src="${src}"></iframe>`).join("\n")}
<script>
  window.received = [];
  addEventListener("message", (e) => {
    const m = e.data, f = [...document.querySelectorAll("iframe")].find((x) => x.contentWindow === e.source);
    if (!f || m?.source !== "weir-frame") return;
    window.received.push({ origin: e.origin, ...m });
    if (m.type === "height") f.style.height = m.height + "px";
  });
</script></body></html>`;

const WIDGETS = ["window-types", "event-time", "memory-calculator", "batch-vs-stream",
  "window-advisor", "factory", "quiz", "label-diagram"];

test("LMS iframe from a second origin: height, change and weir-score messages, every widget, clear errors", { timeout: 180_000 }, async () => {
  const widgets = await serve(`${ROOT}dist`);
  const frameUrl = (q) => `${widgets.url}frame.html?${new URLSearchParams(q)}`;
  const frames = [
    ["calc", frameUrl({ widget: "memory-calculator", ...WORKED, frame: "calc" })],
    ...WIDGETS.filter((w) => w !== "memory-calculator").map((w) => [w, frameUrl({ widget: w, frame: w })]),
    ["bad-widget", frameUrl({ widget: "weir-nope", frame: "bad-widget" })],
    ["bad-attr", frameUrl({ widget: "quiz", colour: "red", frame: "bad-attr" })],
    ["bad-value", frameUrl({ widget: "memory-calculator", sensors: "-5", frame: "bad-value" })],
  ];
  const host = await serve(`${ROOT}tests/sites`, { pages: { "/lms.html": hostPage(frames) } });
  assert.notEqual(host.port, widgets.port);
  try {
    const { page, problems } = await guardedPage(browser, { viewport: { width: 1000, height: 900 } });
    const urls = recordRequests(page);
    await page.goto(`${host.url}lms.html`);
    const got = (frame, type) => page.evaluate(([f, ty]) => window.received.filter((m) => m.frame === f && m.type === ty), [frame, type]);
    // Waits for a message from `frame` of `type` for which `test` (source text over `m`) holds.
    const waitFor = async (frame, type, test = "true") => {
      try {
        await page.waitForFunction(([f, ty, src]) =>
          window.received.some((m) => m.frame === f && m.type === ty && new Function("m", `return ${src}`)(m)), [frame, type, test], { timeout: 60_000 });
      } catch (err) {
        const seen = await page.evaluate(() => window.received.map((m) => `${m.frame} ${m.type} ${m.height ?? m.message ?? ""}`));
        throw new Error(`no "${type}" message from ${frame} with ${test}; received: ${seen.join(" | ")}`, { cause: err });
      }
    };

    // Every widget loads in its frame, ready, and sizes its iframe.
    for (const w of WIDGETS) {
      const id = w === "memory-calculator" ? "calc" : w;
      await waitFor(id, "height", "m.height > 150");
      const f = page.frame({ url: (u) => u.href.includes(`frame=${id}`) });
      await f.waitForFunction((name) => document.querySelector(name)?.dataset.state === "ready", `weir-${w}`);
    }
    const [first] = await got("calc", "height");
    assert.equal(first.origin, widgets.url.replace(/\/$/, ""), "posted from the widgets' origin");
    assert.equal(first.widget, "memory-calculator");
    await page.waitForFunction(() => {
      const f = document.getElementById("calc");
      const last = window.received.filter((m) => m.frame === "calc" && m.type === "height").at(-1);
      return f.getBoundingClientRect().height === last.height;
    });

    // The calculator: the chapter's figures, its change message, an attribute change.
    const calc = page.frame({ url: (u) => u.href.includes("frame=calc") });
    await waitFor("calc", "change", "m.detail?.sliding?.rawBufferBytes === 1e10");
    await chapterFiguresAndChange(calc);
    await waitFor("calc", "change", "m.detail?.sliding?.rawBufferBytes === 5e9");

    // weir-score from a real answer in the quiz.
    const quiz = page.frameLocator("#quiz").locator('form[data-question="rule"]');
    await quiz.getByLabel("Stream processing", { exact: true }).check();
    await quiz.getByRole("button", { name: "Check" }).click();
    await waitFor("quiz", "weir-score", "m.detail.score.raw === 1 && m.detail.score.min === 0");

    // Errors: shown in the frame and posted.
    await waitFor("bad-widget", "error");
    assert.match((await got("bad-widget", "error"))[0].message, /^widget="weir-nope": expected one of window-types, event-time, memory-calculator/);
    assert.match(await page.frameLocator("#bad-widget").getByRole("alert").textContent(), /widget="weir-nope"/);
    await waitFor("bad-attr", "error");
    assert.match((await got("bad-attr", "error"))[0].message, /^weir-quiz has no attribute "colour": its attributes are bank, engine, seed, heading, theme$/);
    await waitFor("bad-value", "error");
    assert.match((await got("bad-value", "error"))[0].message, /sensors="-5": expected a whole number from 1 to/);
    assert.equal(await page.frameLocator("#bad-value").locator("weir-memory-calculator").getAttribute("data-state"), "error");

    onlyTo(urls, host.url, widgets.url);
    assert.ok(urls.some((u) => u.startsWith(`${widgets.url}pkg/`) && u.endsWith(".wasm")), "the frames fetched the .wasm from the widgets' origin");
    assert.deepEqual(problems, []);
  } finally {
    await host.close();
    await widgets.close();
  }
});
