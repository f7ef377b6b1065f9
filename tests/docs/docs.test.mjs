// The docs suite (`./weir test docs`): every fenced example marked runnable
// in README.md and docs/**/*.md runs, and every relative link and #anchor
// resolves, so that a renamed method, attribute or heading breaks this
// test and not the reader. The marker and what each kind runs in are in
// docs/CONTRIBUTING.md ("Runnable examples").
//   js run    Node, against the built package: `./weir.js` is www/weir.js
//             (www/pkg inside), loaded unchanged; must `assert`.
//   html run  headless Chromium, the snippet as a page served from www/:
//             every top-level Weir element is defined, reaches
//             data-state="ready", has only attributes it observes, and the
//             page logs no error.
//   sh run    bash -euo pipefail in a scratch `git clone` of this worktree
//             (HEAD), sharing its cargo target dir; must check something.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, anchors, docFiles, fences, links, runnable, slug } from "./extract.mjs";
import { WWW, guardedPage, launchBrowser } from "../e2e/helpers.mjs";
import { pageWith, serve } from "../e2e/widget-helpers.mjs";

const examples = runnable();
const ofKind = (lang) => examples.filter((e) => e.lang === lang);
const where = (e) => `${e.file}:${e.line}`;

test("the slug and fence readers agree with GitHub on hand-worked cases", () => {
  assert.equal(slug("`<weir-window-types>`"), "weir-window-types");
  assert.equal(slug("Correct against Apache Flink"), "correct-against-apache-flink");
  assert.equal(slug("Speed and size (2026-12-01)"), "speed-and-size-2026-12-01");
  assert.equal(slug("`StreamEngine.pushBatch(keys, times, values)`"), "streamenginepushbatchkeys-times-values");
  assert.equal(slug("Replay a CSV: `replay`"), "replay-a-csv-replay");
  assert.deepEqual([...anchors("# A\n## A\n```md\n# not a heading\n```\n## B c\n")], ["a", "a-1", "b-c"]);
  assert.deepEqual(fences("x\n```js run\nconst a = 1;\n```\n```sh\nls\n```\n").map((f) => [f.lang, f.run, f.code]),
    [["js", true, "const a = 1;"], ["sh", false, "ls"]]);
  assert.deepEqual(links("[a](b.md#c) `[no](x.md)` ![i](p.png)\n```\n[no](y.md)\n```\n").map((l) => l.target),
    ["b.md#c", "p.png"]);
});

test("every relative link and #anchor in README.md and docs/ resolves", () => {
  const bad = [];
  const anchorCache = new Map();
  const anchorsOf = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchors(readFileSync(file, "utf8")));
    return anchorCache.get(file);
  };
  let checked = 0;
  for (const file of docFiles()) {
    for (const { target, line } of links(readFileSync(join(ROOT, file), "utf8"))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: are not checked (no network)
      checked++;
      const [path, frag] = target.split("#");
      const dest = path ? normalize(join(ROOT, dirname(file), decodeURIComponent(path))) : join(ROOT, file);
      if (!dest.startsWith(ROOT) || !existsSync(dest)) {
        bad.push(`${file}:${line}: ${target}: no such file`);
        continue;
      }
      if (frag !== undefined && dest.endsWith(".md") && statSync(dest).isFile() && !anchorsOf(dest).has(frag)) {
        bad.push(`${file}:${line}: ${target}: no heading with anchor #${frag}`);
      }
    }
  }
  assert.deepEqual(bad, []);
  assert.ok(checked > 50, `only ${checked} relative links found: is the reader broken?`);
});

test("there are runnable examples of each kind", () => {
  for (const lang of ["js", "html", "sh"]) assert.ok(ofKind(lang).length > 0, `no \`\`\`${lang} run example`);
  const unknown = examples.filter((e) => !["js", "html", "sh"].includes(e.lang)).map(where);
  assert.deepEqual(unknown, [], "a `run` example in a language the suite does not run");
});

// The API page names every export, type and member of the built packages'
// .d.ts (and of www/weir.js), so that a new or renamed one without its
// documentation fails here.
test("docs/api.md names every export, type and class member of the wasm packages and www/weir.js", () => {
  const api = readFileSync(join(ROOT, "docs/api.md"), "utf8");
  const wanted = new Set();
  for (const pkg of ["www/pkg/weir_wasm.d.ts", "www/pkg-flink/weir_wasm.d.ts"]) {
    const dts = readFileSync(join(ROOT, pkg), "utf8");
    for (const m of dts.matchAll(/^export (?:interface|type|class|function) (\w+)/gm)) wanted.add(m[1]);
    for (const cls of dts.matchAll(/^export class (\w+) \{\n([\s\S]*?)^\}/gm)) {
      for (const m of cls[2].matchAll(/^ {4}(?:static |readonly )*(\w+)[(:]/gm)) wanted.add(m[1]);
    }
  }
  const weirJs = readFileSync(join(ROOT, "www/weir.js"), "utf8");
  for (const m of weirJs.matchAll(/^export (?:const|async function|function) \{?\s*(\w+)/gm)) wanted.add(m[1]);
  // wasm-bindgen's loader and start hook, and the methods every class has.
  for (const n of ["InitInput", "InitOutput", "SyncInitInput", "initSync", "start", "constructor", "free"]) wanted.delete(n);
  const missing = [...wanted].filter((n) => !new RegExp(`\\b${n}\\b`).test(api)).sort();
  assert.deepEqual(missing, [], "exports, types or members that docs/api.md does not name: document each (a section, or a row of its Types table)");
  assert.ok(wanted.size > 40, `only ${wanted.size} names read from the .d.ts files: is the reader broken?`);
});

// --- js: Node, against www/weir.js and www/pkg ---------------------------
const WEIR_JS = pathToFileURL(join(ROOT, "www/weir.js")).href;
const PKG_JS = pathToFileURL(join(ROOT, "www/pkg/weir_wasm.js")).href;
const PRELUDE = pathToFileURL(join(ROOT, "tests/docs/node-file-fetch.mjs")).href;
let scratch;
before(() => { scratch = mkdtempSync(join(tmpdir(), "weir-docs-")); });
after(() => rmSync(scratch, { recursive: true, force: true }));

for (const e of ofKind("js")) {
  test(`js example ${where(e)} runs in Node and asserts`, () => {
    assert.match(e.code, /\bassert\b/, "a runnable js example must assert something");
    const code = e.code
      .replace(/(from\s+|import\s*\(\s*|import\s+)(["'])(?:\.\/|weir-widgets\/)weir\.js\2/g, `$1"${WEIR_JS}"`)
      .replace(/(from\s+|import\s*\(\s*|import\s+)(["'])\.\/pkg\/weir_wasm\.js\2/g, `$1"${PKG_JS}"`);
    const file = join(scratch, `${e.file.replace(/\W/g, "_")}_${e.line}.mjs`);
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, ["--import", PRELUDE, file], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, `${where(e)} failed:\n${r.stdout}\n${r.stderr}`);
  });
}

// --- html: Chromium, the snippet as a page of www/ -----------------------
let site, browser;
const htmlExamples = ofKind("html");
if (htmlExamples.length) {
  before(async () => {
    const pages = Object.fromEntries(htmlExamples.map((e, i) => [`/doc-example-${i}.html`, pageFor(e.code)]));
    site = await serve(WWW, { pages });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
}

/** The snippet in a page that loads www/weir-widgets.js once, wherever the snippet's own tag pointed. */
function pageFor(code) {
  const body = code.replace(/<script\b[^>]*\bsrc="[^"]*weir-widgets\.js"[^>]*>\s*<\/script>\s*/g, "");
  return pageWith(body);
}

// Attributes any element may carry; a Weir element's own are its observedAttributes.
const GLOBAL_ATTRS = /^(id|class|style|title|lang|dir|hidden|tabindex|slot|aria-.*|data-.*)$/;

htmlExamples.forEach((e, i) => {
  test(`html example ${where(e)}: its widgets are ready, with known attributes, and no error`, { timeout: 120_000 }, async () => {
    const { page, context, problems } = await guardedPage(browser, { viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${site.url}doc-example-${i}.html`);
      const tags = await page.evaluate(() => [...document.querySelectorAll("main *")]
        .filter((el) => el.localName.startsWith("weir-") && !el.parentElement.closest("weir-quiz"))
        .map((el) => el.localName));
      assert.ok(tags.length > 0, "the example has no Weir element");
      // weir-widgets.js defines all eight at once; a misspelt element then stays undefined.
      await page.waitForFunction(() => customElements.get("weir-window-types") !== undefined, null, { timeout: 30_000 });
      const undefinedTags = await page.evaluate((names) => names.filter((n) => !customElements.get(n)), tags);
      assert.deepEqual(undefinedTags, [], "elements that weir-widgets.js does not define");
      await page.waitForFunction((names) => names.every((n) => [...document.getElementsByTagName(n)]
        .every((el) => el.dataset.state === "ready" || el.dataset.state === "error")), tags, { timeout: 60_000 });
      const report = await page.evaluate((names) => names.flatMap((n) => [...document.getElementsByTagName(n)].map((el) => ({
        tag: n,
        state: el.dataset.state,
        error: el.shadowRoot?.querySelector(".error")?.textContent ?? "",
        unknown: el.getAttributeNames().filter((a) => !(el.constructor.observedAttributes ?? []).includes(a)),
      }))), tags);
      for (const r of report) {
        assert.equal(r.state, "ready", `${r.tag} is in its error state: ${r.error}`);
        assert.deepEqual(r.unknown.filter((a) => !GLOBAL_ATTRS.test(a)), [], `${r.tag} has attributes it does not observe`);
      }
      assert.deepEqual(problems, [], "console errors, page errors or failed requests");
    } finally {
      await context.close();
    }
  });
});

// --- sh: bash in a scratch clone ------------------------------------------
let clone;
const shExamples = ofKind("sh");
if (shExamples.length) {
  before(() => {
    clone = mkdtempSync(join(tmpdir(), "weir-docs-clone-"));
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, clone]);
  });
  after(() => clone && rmSync(clone, { recursive: true, force: true }));
}

for (const e of shExamples) {
  test(`sh example ${where(e)} runs in a scratch clone and checks its output`, { timeout: 300_000 }, () => {
    assert.match(e.code, /\b(grep|test|cmp|diff)\b|\[ /, "a runnable sh example must check something (grep, test, cmp, diff)");
    const env = { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR ?? join(ROOT, "target") };
    const r = spawnSync("bash", ["-euo", "pipefail", "-c", e.code], { cwd: clone, env, encoding: "utf8", timeout: 290_000 });
    assert.equal(r.status, 0, `${where(e)} failed (exit ${r.status}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  });
}
